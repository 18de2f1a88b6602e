// carbonpeak::indicators — a county's indicator values and the progress of its plan's targets.
//
// Two pure steps, both without I/O or clock:
//   1. values.h: IndicatorInputs of a region-year (energy in tce by caliber, GDP at constant
//      prices, CO2/GHG, capacity, forest …) → IndicatorValue for each computed catalogue key,
//      with its formula and the inputs used; reported indicators take the lead unit's value
//      (PickIndicatorValue). Missing inputs are named, never read as zero.
//   2. progress.h: a domain::Target + the indicator's actual values by year → status (met,
//      on_track, behind, unknown, not_applicable), the time-schedule expectation and the
//      能耗双控 barometer warning level (schedule.h holds the formulas).
//
//   IndicatorInputs y2023{.region_code = "430703", .year = 2023};  // filled by the app
//   CPK_ASSIGN_OR_RETURN(IndicatorValue ei,
//                        ComputeIndicator("energy_intensity_reduction", y2023, &y2020, {}));
//   ActualSeries series{.by_year = {{2023, ei.value}}};
//   CPK_ASSIGN_OR_RETURN(TargetProgress p, TrackTarget(target, def, series, nullptr,
//                                                      {.current_year = 2024}));
//
// Thread safety: every function is pure; share inputs between threads freely.
// Failure contract: values.h returns FailedPrecondition for missing inputs (the message says what
// to supply and how), InvalidArgument for impossible ones; progress.h reports missing data as
// status unknown with an explanation. Formulas and sources: docs/methodology/indicators.md and
// docs/methodology/tracking.md. Nothing throws.
#pragma once

#include "indicators/progress.h"  // IWYU pragma: export
#include "indicators/schedule.h"  // IWYU pragma: export
#include "indicators/values.h"    // IWYU pragma: export
