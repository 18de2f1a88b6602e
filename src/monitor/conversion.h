// Conversion of meter readings to standard coal (tce, 当量值 and 等价值) and CO2 (tCO2), with
// the factors of ONE domain::FactorSet — the same set the accounting engine uses, built by
// accounting::BuildFactorSet and handed in by the app — plus the user-supplied 发电煤耗 per
// year for the 等价值 of electricity.
//
//   CPK_ASSIGN_OR_RETURN(monitor::Converter converter,
//                        monitor::Converter::Create(ref, {.factors = factor_set,
//                                                         .coal_rates = rates}));
//   CPK_RETURN_IF_ERROR(converter.CheckMeter(meter));        // carrier known, unit fits
//   monitor::MeterFactors f = converter.Resolve(meter, 2023);
//   if (f.kgco2) co2_kg = quantity * *f.kgco2;  else show f.missing
//
// Rules (docs/design/monitor-engine.md, "Conversion"):
//   当量值  quantity × kgce_per_unit of the carrier (energy/conversion/<carrier>/kgce_per_unit).
//   等价值  electricity: quantity × 发电煤耗 of the reading's year; other carriers: as 当量值
//          (the accounting engine's rule). Without the year's 发电煤耗 it is missing.
//   CO2    fossil fuels: NCV × CC × OF × 44/12 of the set's fuel (or its co2_ef when the three
//          are not all given); electricity: the grid factor of the reading's year
//          (energy/indirect/electricity/grid_co2_ef@year); heat: energy/indirect/heat/co2_ef;
//          non-fossil carriers (biomass, biogas): 0, biogenic CO2 is not counted.
// A missing factor is never taken as zero: the coefficient is absent and `missing` says which
// factor to supply and how.
//
// Thread safety: immutable after Create; share freely. Failure contract: Create and CheckMeter
// return InvalidArgument naming the carrier, unit or factor; Resolve never fails (it reports).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "domain/energy.h"
#include "domain/monitoring.h"
#include "refdata/refdata.h"

namespace carbonpeak::monitor {

struct ConversionSpec {
  domain::FactorSet factors;  ///< From accounting::BuildFactorSet (app) or built by hand (tests).
  std::vector<domain::GenerationCoalRate> coal_rates;  ///< 发电煤耗 per year, each with a source.
};

/// Which converted quantity.
enum class Measure : uint8_t {
  kTceCalorific,   ///< tce, 当量值
  kTceEquivalent,  ///< tce, 等价值
  kCo2,            ///< tCO2
};
inline constexpr int kMeasureCount = 3;
std::string_view MeasureName(Measure measure);  // "tce_calorific", "tce_equivalent", "co2"

/// A factor the conversion needs but does not have.
struct MissingFactor {
  Measure measure = Measure::kTceCalorific;
  domain::FactorKey key;  ///< What to supply as an override (or the 发电煤耗 of key.year).
  std::string message;    ///< What is missing and how to supply it, in plain words.
};

/// Coefficients per unit of the meter's registered unit, after the meter's multiplier.
struct MeterFactors {
  /// kgce / kgCO2 per meter unit, by Measure; absent when a factor is missing.
  std::optional<double> kg_per_unit[kMeasureCount];
  std::vector<MissingFactor> missing;
  /// Where each present coefficient came from ("energy/conversion/electricity/kgce_per_unit =
  /// 0.1229 kgce/kWh (refdata/conversion_factors.csv:24)").
  std::vector<std::string> provenance;
};

class Converter {
 public:
  Converter() = default;

  /// Indexes `spec`. Fails when a coal rate is not positive or has no source, or a year is given
  /// twice.
  static Result<Converter> Create(const refdata::RefData& ref, ConversionSpec spec);

  /// The carrier is a code of data/energy_carriers.csv and the meter's unit has the dimension of
  /// the carrier's unit (energy for electricity, volume for natural gas, mass for coal, ...).
  Status CheckMeter(const domain::Meter& meter) const;

  /// The coefficients for readings of `meter` in calendar `year` (local time).
  MeterFactors Resolve(const domain::Meter& meter, int year) const;

  const std::string& factor_set_version() const { return factor_set_version_; }

 private:
  struct CarrierInfo {
    std::string unit;       // the carrier's statistical unit (energy_carriers.csv)
    bool fossil = false;    // FossilClass::kFossil
    bool biogenic = false;  // FossilClass::kNonFossil
  };
  const domain::Factor* Find(std::string_view sector, std::string_view item,
                             std::string_view parameter, int year = 0) const;

  std::map<std::string, CarrierInfo, std::less<>> carriers_;
  std::map<std::string, domain::Factor, std::less<>> factors_;  // FactorKeyText -> factor
  std::map<int, domain::GenerationCoalRate> coal_rates_;
  std::string factor_set_version_;
};

}  // namespace carbonpeak::monitor
