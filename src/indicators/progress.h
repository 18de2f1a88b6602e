// Target progress: each target of a plan against the indicator's actual values by year — actual,
// target, kind-aware status, the time-schedule expectation and the barometer warning level, with a
// one-line explanation in Chinese and English. Rules and sources: docs/methodology/tracking.md.
//
//   ActualSeries nfs{.by_year = {{2020, 15.0}, {2022, 17.1}, {2023, 19.9}}};
//   TrackingOptions options{.current_year = 2024};
//   Result<TargetProgress> p = TrackTarget(target, catalogue.Find(target.indicator), nfs,
//                                          /*report=*/nullptr, options);
//   // p->status == TargetStatus::kOnTrack, p->warning == WarningLevel::kLevel3, p->explanation_zh
//
// Thread safety: pure functions over values; call them from any thread.
// Failure contract: missing data, unknown indicators, delegated targets without a value and
// units that do not fit are outcomes (status unknown / not_applicable with an explanation and a
// next step), not errors. Only invalid options (no current year, a tolerance outside [0, 1))
// return InvalidArgument. Nothing throws.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "domain/plan.h"
#include "indicators/schedule.h"
#include "refdata/refdata.h"

namespace carbonpeak::indicators {

/// Kind-aware status of a target. Stored as text: append only.
enum class TargetStatus {
  kMet,            ///< Reached in the target year (or, without a target year, reached now).
  kOnTrack,        ///< Before the target year and at least as good as the schedule.
  kBehind,         ///< Behind the schedule, or the target year's value misses the target.
  kUnknown,        ///< Data missing (the explanation says which and how to supply it).
  kNotApplicable,  ///< Delegated target whose number the higher level has not assigned yet.
};
/// "met", "on_track", "behind", "unknown", "not_applicable".
std::string_view TargetStatusName(TargetStatus status);
std::optional<TargetStatus> ParseTargetStatus(std::string_view name);

/// Which time schedule a target follows. Stored as text: append only.
enum class ScheduleKind {
  kNone,                 ///< No schedule: qualitative, neutral, year-valued or no target year.
  kCumulativeReduction,  ///< 1 − (1 − R)^((t − b)/(T − b)), for *_reduction indicators in %.
  kLinear,               ///< Straight line from the base-year value to the target value.
};
/// "none", "cumulative_reduction", "linear".
std::string_view ScheduleKindName(ScheduleKind kind);

/// True for an indicator measured as a cumulative reduction since the base year: a catalogue key
/// ending in "_reduction" with unit "%". Its base-year value is 0 by definition.
bool IsCumulativeReduction(const refdata::IndicatorDef& def);

/// The actual values of one indicator (IndicatorValue::value by year).
struct ActualSeries {
  std::string unit{};               ///< Unit of the values; empty = the catalogue unit.
  std::map<int, double> by_year{};  ///< Year → value; may include the base year.
  /// Base-year value when by_year has none (level targets need it; reductions do not).
  std::optional<double> base_value{};
  /// Why values are missing (e.g. the message of the latest failed computation); shown when the
  /// status is unknown. May be empty.
  std::string missing_note{};
};

/// The lead unit's assessment of a qualitative target (全覆盖, 清零 …) for a year.
struct LeadUnitReport {
  int year = 0;
  TargetStatus status = TargetStatus::kUnknown;  ///< kMet, kOnTrack or kBehind.
  std::string reported_by{};                     ///< e.g. "区住建局".
  std::string note{};                            ///< What the unit says, e.g. "12 of 14 towns".
};

struct TrackingOptions {
  /// The year the assessment is made in; values after it are ignored. Required (> 0).
  int current_year = 0;
  /// Base year of targets that state none (the plan's base year).
  int default_base_year = 2020;
  /// Relative tolerance of "about" (左右) targets: a value within 2 % of the target number, on the
  /// unfavourable side, still meets it (23% 左右 → 22.54% is met). A platform convention, not an
  /// official rule; see docs/methodology/tracking.md.
  double about_tolerance = 0.02;
  /// Rows of warning_levels.csv to cite (refdata::RefData::warning_levels); may be empty, then
  /// the citation names the file and level without a line.
  std::span<const refdata::WarningLevel> warning_levels{};
};

struct TargetProgress {
  int64_t target_id = 0;
  std::string indicator{};
  int target_year = 0;
  domain::TargetKind kind = domain::TargetKind::kPoint;
  std::string qualifier{};
  TargetStatus status = TargetStatus::kUnknown;
  refdata::Direction direction = refdata::Direction::kNeutral;

  std::string unit{};  ///< Unit of target_value, actual, previous, base_value and expected.
  std::optional<double> target_value{};  ///< In `unit` (converted from the target's unit).
  std::optional<double> target_value_high{};

  std::optional<int> actual_year{};  ///< The year assessed: the latest with data, ≤ target year.
  std::optional<double> actual{};
  std::optional<double> previous{};  ///< The year before actual_year (0 for a reduction's base).
  int base_year = 0;
  std::optional<double> base_value{};

  ScheduleKind schedule = ScheduleKind::kNone;
  std::optional<double> expected{};  ///< Schedule value for actual_year.

  WarningLevel warning = WarningLevel::kNone;
  std::string
      warning_basis{};  ///< The warning_levels.csv row followed, e.g. "refdata/...csv:3 ...".

  std::string explanation_zh{};  ///< One line.
  std::string explanation_en{};  ///< One line.
  std::string next_step{};       ///< What to do to resolve unknown / not_applicable; may be empty.
};

/// Tracks one target. `def` is the catalogue entry of target.indicator (nullptr when unknown:
/// status unknown). `report` is the lead unit's latest assessment, used for qualitative targets;
/// may be null.
Result<TargetProgress> TrackTarget(const domain::Target& target, const refdata::IndicatorDef* def,
                                   const ActualSeries& actual, const LeadUnitReport* report,
                                   const TrackingOptions& options);

/// Inputs of TrackTargets.
struct TrackingData {
  std::map<std::string, ActualSeries, std::less<>> series{};  ///< By indicator key.
  std::map<int64_t, LeadUnitReport> reports{};                ///< By target id (qualitative).
};

/// TrackTarget for every target, in order.
Result<std::vector<TargetProgress>> TrackTargets(std::span<const domain::Target> targets,
                                                 const refdata::IndicatorCatalogue& catalogue,
                                                 const TrackingData& data,
                                                 const TrackingOptions& options);

}  // namespace carbonpeak::indicators
