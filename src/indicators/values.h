// Indicator values of one region-year, computed from plain inputs (IndicatorInputs) or taken from
// the lead unit's report, each with its formula and the inputs it used. Formulas and sources:
// docs/methodology/indicators.md ("Computation in the indicators module").
//
//   IndicatorInputs y2023{.region_code = "430703", .year = 2023};
//   y2023.energy_total_tce.equivalent = 1'250'000;  y2023.gdp_constant_10k_yuan = 6'400'000;
//   IndicatorOptions options{.non_fossil_rule = NonFossilRule::kNonFossilExcluded};
//   Result<IndicatorValue> v = ComputeIndicator("energy_intensity", y2023, &y2020, options);
//   if (!v.ok()) show(v.status().message());  // names the missing input and how to supply it
//
// Thread safety: pure functions over values; call them from any thread.
// Failure contract: FailedPrecondition when an input is missing (the message names every missing
// input, its unit and how to supply it; never a silent zero), InvalidArgument when an input is
// impossible (negative energy, GDP ≤ 0, base year after the year, prices of two different
// years), NotFound for a key this module cannot compute. Nothing throws.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "refdata/refdata.h"

namespace carbonpeak::indicators {

/// The two calibers of standard coal (DESIGN.md §4). Stored as text: append only.
enum class Caliber {
  kCalorific,   ///< 当量值: electricity at 0.1229 kgce/kWh.
  kEquivalent,  ///< 等价值: primary electricity at the year's 发电煤耗.
};
std::string_view CaliberName(Caliber caliber);  // "calorific", "equivalent"
std::optional<Caliber> ParseCaliber(std::string_view name);

/// Which non-fossil deduction the energy-control totals follow. Stored as text: append only.
enum class NonFossilRule {
  /// Nothing deducted: the statistical total.
  kNone,
  /// 发改运行〔2022〕1258号: renewable electricity consumed above its 2020 level is deducted from
  /// the total-energy assessment, but still counts in the intensity assessment.
  kRenewableIncrementExcluded,
  /// 发改环资〔2024〕113号: all non-fossil energy (renewables, nuclear) is deducted from the total,
  /// and the intensity is computed from the deducted total.
  kNonFossilExcluded,
};
/// "none", "renewable_increment_2022", "non_fossil_2024".
std::string_view NonFossilRuleName(NonFossilRule rule);
std::optional<NonFossilRule> ParseNonFossilRule(std::string_view name);

/// A standard-coal figure in both calibers, tce.
struct ByCaliber {
  std::optional<double> calorific{};   ///< 当量值, tce.
  std::optional<double> equivalent{};  ///< 等价值, tce.
  std::optional<double> Get(Caliber caliber) const {
    return caliber == Caliber::kCalorific ? calorific : equivalent;
  }
};

/// Installed generating capacity at year end by plant type, 万千瓦 (10^4 kW).
struct InstalledCapacity {
  std::optional<double> coal{};     ///< Coal-fired thermal.
  std::optional<double> gas{};      ///< Gas-fired.
  std::optional<double> hydro{};    ///< Hydro (incl. small hydro).
  std::optional<double> wind{};     ///< Wind.
  std::optional<double> solar{};    ///< Solar PV (centralised and distributed).
  std::optional<double> biomass{};  ///< Biomass and waste-to-energy.
  std::optional<double> other{};    ///< Any other plant type (e.g. oil-fired, nuclear).
};

/// Natural gas consumed in the year, 万立方米 (10^4 m³).
struct NaturalGasUse {
  std::optional<double> total{};
  std::optional<double> industrial{};
  std::optional<double> residential{};
  std::optional<double> commercial{};  ///< Commerce and services.
};

/// Everything the computed indicators of one region-year need. Every field is optional: a
/// missing field makes the indicators that need it report what is missing. The app fills it from
/// the energy balance and inventory and from stored statistics.
struct IndicatorInputs {
  std::string region_code{};  ///< GB/T 2260 code, for messages.
  int year = 0;

  ByCaliber energy_total_tce{};  ///< Total energy consumption, tce.
  ByCaliber non_fossil_tce{};    ///< Non-fossil energy consumed (hydro, wind, solar, biomass,
                                 ///< nuclear, non-fossil imported electricity), tce.
  /// Renewable electricity consumed above its 2020 level, tce (for 发改运行〔2022〕1258号).
  /// A value below zero means consumption fell below 2020: nothing is deducted.
  ByCaliber renewable_electricity_above_2020_tce{};
  std::optional<double> coal_tce{};  ///< All coal products consumed, tce.

  std::optional<double>
      gdp_constant_10k_yuan{};             ///< GDP at constant prices of gdp_price_year, 万元.
  int gdp_price_year = 2020;               ///< Price base of gdp_constant_10k_yuan.
  std::optional<double> population_10k{};  ///< Year-end resident population, 万人.

  std::optional<double> co2_t{};  ///< Total CO2 emissions of the inventory, tCO2.
  std::optional<double> ghg_t{};  ///< Total GHG emissions of the inventory, tCO2e.
  std::string gwp_set{};          ///< GWP set of ghg_t ("AR5"), for provenance; may be empty.

  InstalledCapacity capacity_10k_kw{};                   ///< 万千瓦.
  std::optional<double> renewable_generation_10k_kwh{};  ///< Local renewable generation, 万kWh.
  std::optional<double> total_generation_10k_kwh{};      ///< All local generation, 万kWh.

  NaturalGasUse natural_gas_10k_m3{};  ///< 万立方米.

  std::optional<double> forest_area_hm2{};  ///< Forest area (森林面积), hectares.
  std::optional<double> land_area_hm2{};    ///< Land area of the region (国土面积), hectares.
  std::optional<double> forest_stock_m3{};  ///< Standing forest stock (森林蓄积量), m³.
};

/// One IndicatorInputs field, for labels and "how to supply it" messages.
struct InputField {
  std::string_view id{};       ///< "gdp_constant_10k_yuan", "capacity_10k_kw.wind", ...
  std::string_view name_zh{};  ///< "地区生产总值（不变价）".
  std::string_view name_en{};
  std::string_view unit{};    ///< "万元".
  std::string_view supply{};  ///< How a user supplies it, e.g. "import the statistics with ...".
};
/// Every input field, in declaration order.
std::span<const InputField> InputFields();
/// The field with `id`, or nullptr.
const InputField* FindInputField(std::string_view id);

struct IndicatorOptions {
  /// Deduction rule for energy_consumption_total, energy_intensity and their changes. Explicit on
  /// purpose: the rule in force is a policy choice the office makes; results record it.
  NonFossilRule non_fossil_rule = NonFossilRule::kNone;
  /// Caliber of the assessment total (energy_consumption_total and the intensities); the
  /// catalogue defines it as 等价值.
  Caliber assessment_caliber = Caliber::kEquivalent;
};

/// One input a value was computed from.
struct InputUsed {
  std::string field{};  ///< InputField::id.
  int year = 0;
  double value = 0;
  std::string unit{};
};

/// Where a value came from. Stored as text: append only.
enum class ValueOrigin {
  kComputed,  ///< Computed here from IndicatorInputs.
  kReported,  ///< The lead unit's reported value.
};
std::string_view ValueOriginName(ValueOrigin origin);  // "computed", "reported"

/// The lead unit's reported value of an indicator for a year.
struct ReportedValue {
  std::string key{};  ///< Catalogue key.
  int year = 0;
  double value = 0;
  std::string unit{};         ///< As reported; converted to the catalogue unit when they differ.
  std::string reported_by{};  ///< Unit name, e.g. "区林业局".
  std::string source{};       ///< Document or file the figure comes from.
};

struct IndicatorValue {
  std::string key{};  ///< Catalogue key.
  int year = 0;
  double value = 0;
  std::string unit{};  ///< The catalogue unit, e.g. "吨标准煤/万元".
  ValueOrigin origin = ValueOrigin::kComputed;
  /// Stable id of the formula used, e.g. "energy_intensity/non_fossil_2024", or "reported".
  std::string formula_key{};
  std::string formula{};                ///< The formula in words and symbols, for display.
  std::vector<InputUsed> inputs{};      ///< Inputs, in the order the formula uses them.
  std::string note{};                   ///< Rule applied, fallback taken, ...; may be empty.
  std::string reported_by{}, source{};  ///< For reported values.
};

/// Catalogue keys ComputeIndicator can compute, in catalogue order:
/// energy_consumption_total_calorific, energy_consumption_total_equivalent,
/// energy_consumption_total, energy_intensity, energy_intensity_reduction, co2_emissions_total,
/// ghg_emissions_total, co2_intensity, co2_intensity_reduction, non_fossil_share, coal_share,
/// energy_per_capita, co2_per_capita, gdp_constant_2020, clean_energy_capacity_share,
/// new_energy_capacity, total_generation_capacity, renewable_generation_share,
/// natural_gas_consumption, gas_use_share_industrial, gas_use_share_residential,
/// gas_use_share_commercial, forest_coverage; and from the inputs also the reported
/// population, wind_capacity, pv_capacity and forest_stock (used when no report exists).
/// carbon_peak_year needs a series: see CarbonPeakYear.
std::span<const std::string_view> ComputableKeys();
bool IsComputable(std::string_view key);

/// Total energy consumption of `inputs` in `caliber` with `rule` applied, in 万吨标准煤. The key
/// is energy_consumption_total_calorific / _equivalent with kNone, else energy_consumption_total.
Result<IndicatorValue> TotalEnergy(const IndicatorInputs& inputs, Caliber caliber,
                                   NonFossilRule rule);

/// Computes one indicator for `current`. `base` holds the base year's inputs (2020 for the 14th
/// FYP) and is needed only for the *_reduction keys; it may be null otherwise.
Result<IndicatorValue> ComputeIndicator(std::string_view key, const IndicatorInputs& current,
                                        const IndicatorInputs* base,
                                        const IndicatorOptions& options);

/// The year of maximum CO2 emissions over `series` (one IndicatorInputs per year, any order).
/// The note says whether the peak is confirmed (a later year lies below it) or still the latest
/// year. Fails when a year lacks co2_t or the series is empty.
Result<IndicatorValue> CarbonPeakYear(std::span<const IndicatorInputs> series);

/// GDP at constant base-year prices: `base_year_gdp` (nominal GDP of the base year) chained with
/// the published real growth indices of the following years (previous year = 100):
/// GDP_b × Π (index_y ÷ 100). Same unit as `base_year_gdp`. Fails on an index ≤ 0.
Result<double> ChainConstantGdp(double base_year_gdp, std::span<const double> growth_indices);

/// The value of `def` for `current.year`, chosen per the catalogue:
/// - computed indicators are computed; when an input is missing and the lead unit reported a
///   value, that value is used and the note says why;
/// - reported indicators take `reported`; when there is none and the inputs allow it (population,
///   forest stock, wind and PV capacity), the value derived from the inputs is used, noted.
/// A reported value in another unit is converted to the catalogue unit (base/units.h); one that
/// does not convert is an InvalidArgument naming both units. `reported` may be null.
Result<IndicatorValue> PickIndicatorValue(const refdata::IndicatorDef& def,
                                          const IndicatorInputs& current,
                                          const IndicatorInputs* base,
                                          const ReportedValue* reported,
                                          const IndicatorOptions& options);

/// One indicator's outcome in a batch: a value or the reason there is none.
struct IndicatorOutcome {
  std::string key{};
  Result<IndicatorValue> value;
};

/// PickIndicatorValue for every catalogue indicator (carbon_peak_year excepted: it needs a
/// series), with `reported` searched by key and current.year.
std::vector<IndicatorOutcome> ComputeAll(const refdata::IndicatorCatalogue& catalogue,
                                         const IndicatorInputs& current,
                                         const IndicatorInputs* base,
                                         std::span<const ReportedValue> reported,
                                         const IndicatorOptions& options);

}  // namespace carbonpeak::indicators
