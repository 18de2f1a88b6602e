#include "indicators/values.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>

#include "base/units.h"
#include "indicators/schedule.h"

namespace carbonpeak::indicators {
namespace {

// ------------------------------------------------------------------------------ input fields

constexpr std::string_view kSupplyEnergy =
    "it comes from the energy balance: import the year's energy statistics with `carbonpeak data "
    "import`";
constexpr std::string_view kSupplyEnergyEquivalent =
    "it comes from the energy balance in the 等价值 caliber: import the year's energy statistics "
    "with `carbonpeak data import` and supply the year's 发电煤耗 (power-generation coal rate) "
    "with its source";
constexpr std::string_view kSupplyStatistics =
    "the statistics bureau reports it: enter it in the statistics template and import it with "
    "`carbonpeak data import`";
constexpr std::string_view kSupplyInventory =
    "compute the year's GHG inventory with `carbonpeak inventory compute --region <code> --year "
    "<year>`";
constexpr std::string_view kSupplyGrid =
    "the grid company reports it: import it with `carbonpeak data import` (record 0 when the "
    "county has no such plant)";
constexpr std::string_view kSupplyForest =
    "the forestry bureau reports it from the forest resource inventory: import it with "
    "`carbonpeak data import`";

constexpr std::array kFields = {
    InputField{"energy_total_tce.calorific", "能源消费总量（当量值）",
               "total energy consumption, calorific caliber", "tce", kSupplyEnergy},
    InputField{"energy_total_tce.equivalent", "能源消费总量（等价值）",
               "total energy consumption, equivalent caliber", "tce", kSupplyEnergyEquivalent},
    InputField{"non_fossil_tce.calorific", "非化石能源消费量（当量值）",
               "non-fossil energy consumption, calorific caliber", "tce", kSupplyEnergy},
    InputField{"non_fossil_tce.equivalent", "非化石能源消费量（等价值）",
               "non-fossil energy consumption, equivalent caliber", "tce", kSupplyEnergyEquivalent},
    InputField{"renewable_electricity_above_2020_tce.calorific",
               "可再生能源电力消费量较2020年增量（当量值）",
               "renewable electricity consumed above the 2020 level, calorific caliber", "tce",
               kSupplyEnergy},
    InputField{"renewable_electricity_above_2020_tce.equivalent",
               "可再生能源电力消费量较2020年增量（等价值）",
               "renewable electricity consumed above the 2020 level, equivalent caliber", "tce",
               kSupplyEnergyEquivalent},
    InputField{"coal_tce", "煤炭消费量", "coal consumption (all coal products)", "tce",
               kSupplyEnergy},
    InputField{"gdp_constant_10k_yuan", "地区生产总值（不变价）", "GDP at constant prices", "万元",
               kSupplyStatistics},
    InputField{"population_10k", "年末常住人口", "year-end resident population", "万人",
               kSupplyStatistics},
    InputField{"co2_t", "二氧化碳排放总量", "total CO2 emissions", "tCO2", kSupplyInventory},
    InputField{"ghg_t", "温室气体排放总量", "total greenhouse-gas emissions", "tCO2e",
               kSupplyInventory},
    InputField{"capacity_10k_kw.coal", "煤电装机容量", "installed coal-fired capacity", "万千瓦",
               kSupplyGrid},
    InputField{"capacity_10k_kw.gas", "气电装机容量", "installed gas-fired capacity", "万千瓦",
               kSupplyGrid},
    InputField{"capacity_10k_kw.hydro", "水电装机容量", "installed hydro capacity", "万千瓦",
               kSupplyGrid},
    InputField{"capacity_10k_kw.wind", "风电装机容量", "installed wind capacity", "万千瓦",
               kSupplyGrid},
    InputField{"capacity_10k_kw.solar", "光伏发电装机容量", "installed solar PV capacity", "万千瓦",
               kSupplyGrid},
    InputField{"capacity_10k_kw.biomass", "生物质及垃圾发电装机容量",
               "installed biomass and waste-to-energy capacity", "万千瓦", kSupplyGrid},
    InputField{"capacity_10k_kw.other", "其他发电装机容量", "installed capacity of other plants",
               "万千瓦", kSupplyGrid},
    InputField{"renewable_generation_10k_kwh", "可再生能源发电量", "local renewable generation",
               "万千瓦时", kSupplyGrid},
    InputField{"total_generation_10k_kwh", "本地发电量", "all local generation", "万千瓦时",
               kSupplyGrid},
    InputField{"natural_gas_10k_m3.total", "天然气消费量", "natural gas consumption", "万立方米",
               kSupplyEnergy},
    InputField{"natural_gas_10k_m3.industrial", "工业用气量", "industrial natural gas use",
               "万立方米", kSupplyEnergy},
    InputField{"natural_gas_10k_m3.residential", "居民用气量", "residential natural gas use",
               "万立方米", kSupplyEnergy},
    InputField{"natural_gas_10k_m3.commercial", "商业服务业用气量",
               "commercial and service natural gas use", "万立方米", kSupplyEnergy},
    InputField{"forest_area_hm2", "森林面积", "forest area", "公顷", kSupplyForest},
    InputField{"land_area_hm2", "国土面积", "land area of the region", "公顷",
               "the natural resources bureau reports it: import it with `carbonpeak data import`"},
    InputField{"forest_stock_m3", "森林蓄积量", "standing forest stock", "立方米", kSupplyForest},
};

const InputField& Field(std::string_view id) {
  const InputField* field = FindInputField(id);
  // Every id used below is a literal from kFields.
  CPK_CHECK(field != nullptr);
  return *field;
}

std::string CaliberField(std::string_view prefix, Caliber caliber) {
  return fmt::format("{}.{}", prefix, CaliberName(caliber));
}

std::string_view CaliberZh(Caliber caliber) {
  return caliber == Caliber::kCalorific ? "当量值" : "等价值";
}

// ------------------------------------------------------------------------------ recorder

enum class Sign { kNonNegative, kPositive, kAny };

// Reads inputs for one formula, remembers every input used, and collects every missing or
// impossible input so that one message lists them all.
class Recorder {
 public:
  Recorder(std::string_view key, const IndicatorInputs& inputs)
      : key_(key), region_(inputs.region_code), year_(inputs.year) {}

  // The value of `field` (0 when missing or impossible; check status() before using results).
  double Get(std::string_view field_id, const std::optional<double>& value, int year,
             Sign sign = Sign::kNonNegative) {
    const InputField& field = Field(field_id);
    if (!value.has_value()) {
      missing_.push_back(fmt::format("{} — {} ({}, {}) for {}: {}", field.name_zh, field.name_en,
                                     field.id, field.unit, year, field.supply));
      return 0;
    }
    const double v = *value;
    const bool bad = !std::isfinite(v) || (sign == Sign::kNonNegative && v < 0) ||
                     (sign == Sign::kPositive && v <= 0);
    if (bad) {
      invalid_.push_back(
          fmt::format("{} ({}) for {} is {} {}, but it must be {}; correct the figure "
                      "and import it again",
                      field.name_zh, field.id, year, v, field.unit,
                      sign == Sign::kPositive ? "greater than 0" : "a finite number not below 0"));
      return 0;
    }
    used_.push_back(InputUsed{std::string(field.id), year, v, std::string(field.unit)});
    return v;
  }

  // Adds a problem that is not about one field (e.g. a share above 100 %).
  void Invalid(std::string message) { invalid_.push_back(std::move(message)); }

  Status status() const {
    const std::string where =
        region_.empty() ? fmt::format("{}", year_) : fmt::format("region {}, {}", region_, year_);
    if (!invalid_.empty()) {
      return Status::InvalidArgument(
          fmt::format("cannot compute {} for {}: {}", key_, where, fmt::join(invalid_, "; ")));
    }
    if (!missing_.empty()) {
      return Status::FailedPrecondition(fmt::format("cannot compute {} for {}: missing {}", key_,
                                                    where, fmt::join(missing_, "; missing ")));
    }
    return Status::Ok();
  }

  std::vector<InputUsed> TakeInputs() { return std::move(used_); }

 private:
  std::string key_;
  std::string region_;
  int year_;
  std::vector<std::string> missing_;
  std::vector<std::string> invalid_;
  std::vector<InputUsed> used_;
};

IndicatorValue Make(std::string_view key, const IndicatorInputs& in, double value,
                    std::string_view unit, std::string formula_key, std::string formula,
                    Recorder& recorder, std::string note = "") {
  IndicatorValue v;
  v.key = std::string(key);
  v.year = in.year;
  v.value = value;
  v.unit = std::string(unit);
  v.origin = ValueOrigin::kComputed;
  v.formula_key = std::move(formula_key);
  v.formula = std::move(formula);
  v.inputs = recorder.TakeInputs();
  v.note = std::move(note);
  return v;
}

// ------------------------------------------------------------------------------ energy totals

// The assessment total in tce under `rule`, reading inputs through `r`. `for_intensity` selects
// the intensity variant: 1258号 deducts from the total only, not from intensity.
struct Total {
  double tce = 0;
  std::string note;
};

Total AssessmentTotal(Recorder& r, const IndicatorInputs& in, Caliber caliber, NonFossilRule rule,
                      bool for_intensity) {
  Total t;
  const double total =
      r.Get(CaliberField("energy_total_tce", caliber), in.energy_total_tce.Get(caliber), in.year);
  t.tce = total;
  switch (rule) {
    case NonFossilRule::kNone:
      break;
    case NonFossilRule::kRenewableIncrementExcluded: {
      if (for_intensity) {
        t.note =
            "发改运行〔2022〕1258号: the renewable electricity increment is deducted from the "
            "total-energy assessment only; intensity uses the full total";
        break;
      }
      const double increment =
          r.Get(CaliberField("renewable_electricity_above_2020_tce", caliber),
                in.renewable_electricity_above_2020_tce.Get(caliber), in.year, Sign::kAny);
      const double deducted = std::max(0.0, increment);
      t.tce = total - deducted;
      t.note = increment > 0
                   ? fmt::format(
                         "发改运行〔2022〕1258号: {} tce of renewable electricity above the "
                         "2020 level deducted",
                         deducted)
                   : "发改运行〔2022〕1258号: renewable electricity is not above its 2020 level; "
                     "nothing deducted";
      if (deducted > total) {
        r.Invalid(
            fmt::format("the renewable electricity increment ({} tce) exceeds the total "
                        "energy consumption ({} tce); check both figures",
                        deducted, total));
      }
      break;
    }
    case NonFossilRule::kNonFossilExcluded: {
      const double non_fossil =
          r.Get(CaliberField("non_fossil_tce", caliber), in.non_fossil_tce.Get(caliber), in.year);
      t.tce = total - non_fossil;
      t.note =
          fmt::format("发改环资〔2024〕113号: {} tce of non-fossil energy deducted", non_fossil);
      if (non_fossil > total) {
        r.Invalid(
            fmt::format("non-fossil energy ({} tce) exceeds the total energy consumption ({} "
                        "tce); check both figures",
                        non_fossil, total));
      }
      break;
    }
  }
  return t;
}

std::string TotalFormula(Caliber caliber, NonFossilRule rule, bool for_intensity) {
  const std::string total = fmt::format("energy_total_tce.{}", CaliberName(caliber));
  switch (rule) {
    case NonFossilRule::kNone:
      return total;
    case NonFossilRule::kRenewableIncrementExcluded:
      return for_intensity ? total
                           : fmt::format("({} − max(0, renewable_electricity_above_2020_tce.{}))",
                                         total, CaliberName(caliber));
    case NonFossilRule::kNonFossilExcluded:
      return fmt::format("({} − non_fossil_tce.{})", total, CaliberName(caliber));
  }
  return total;
}

Result<IndicatorValue> TotalEnergyAs(std::string_view key, const IndicatorInputs& in,
                                     Caliber caliber, NonFossilRule rule) {
  Recorder r(key, in);
  Total t = AssessmentTotal(r, in, caliber, rule, /*for_intensity=*/false);
  CPK_RETURN_IF_ERROR(r.status());
  return Make(key, in, t.tce / unit_coefficient::kWan, "万吨标准煤",
              fmt::format("{}/{}", key, NonFossilRuleName(rule)),
              fmt::format("{} ÷ 10^4 ({})", TotalFormula(caliber, rule, false), CaliberZh(caliber)),
              r, t.note);
}

// ------------------------------------------------------------------------------ intensities

enum class Numerator { kEnergy, kCo2 };

// Unrounded intensity (tce or tCO2 per 万元) of one year, reading inputs through `r`.
struct Intensity {
  double raw = 0;
  std::string note;
};

Intensity RawIntensity(Recorder& r, const IndicatorInputs& in, Numerator numerator,
                       const IndicatorOptions& options) {
  Intensity result;
  double amount = 0;
  if (numerator == Numerator::kEnergy) {
    Total t = AssessmentTotal(r, in, options.assessment_caliber, options.non_fossil_rule,
                              /*for_intensity=*/true);
    amount = t.tce;
    result.note = t.note;
  } else {
    amount = r.Get("co2_t", in.co2_t, in.year);
  }
  const double gdp =
      r.Get("gdp_constant_10k_yuan", in.gdp_constant_10k_yuan, in.year, Sign::kPositive);
  result.raw = gdp > 0 ? amount / gdp : 0;
  return result;
}

std::string IntensityFormula(Numerator numerator, const IndicatorOptions& options) {
  const std::string amount =
      numerator == Numerator::kEnergy
          ? TotalFormula(options.assessment_caliber, options.non_fossil_rule, true)
          : std::string("co2_t");
  return fmt::format("round({} ÷ gdp_constant_10k_yuan, 4)", amount);
}

Result<IndicatorValue> IntensityValue(std::string_view key, const IndicatorInputs& in,
                                      Numerator numerator, const IndicatorOptions& options) {
  Recorder r(key, in);
  Intensity i = RawIntensity(r, in, numerator, options);
  CPK_RETURN_IF_ERROR(r.status());
  const std::string_view unit =
      numerator == Numerator::kEnergy ? "吨标准煤/万元" : "吨二氧化碳/万元";
  std::string note = fmt::format("GDP at constant {} prices; rounded to 4 decimals (Hunan rule)",
                                 in.gdp_price_year);
  if (!i.note.empty()) note += "; " + i.note;
  return Make(key, in, RoundToDecimals(i.raw, kIntensityDecimals), unit,
              numerator == Numerator::kEnergy
                  ? fmt::format("energy_intensity/{}", NonFossilRuleName(options.non_fossil_rule))
                  : std::string("co2_intensity"),
              IntensityFormula(numerator, options), r, std::move(note));
}

Result<IndicatorValue> ReductionValue(std::string_view key, const IndicatorInputs& in,
                                      const IndicatorInputs* base, Numerator numerator,
                                      const IndicatorOptions& options) {
  if (base == nullptr) {
    return Status::FailedPrecondition(fmt::format(
        "cannot compute {} for {}: the base year's inputs are missing; the change is measured "
        "against the base year (2020 for the 14th Five-Year Plan), so load that year's energy "
        "(or CO2) total and GDP as well",
        key, in.year));
  }
  if (base->year >= in.year) {
    return Status::InvalidArgument(fmt::format(
        "cannot compute {} for {}: the base year {} is not before it", key, in.year, base->year));
  }
  Recorder r(key, in);
  Intensity at_base = RawIntensity(r, *base, numerator, options);
  Intensity now = RawIntensity(r, in, numerator, options);
  if (base->gdp_price_year != base->year || in.gdp_price_year != base->year) {
    r.Invalid(fmt::format(
        "GDP must be at constant prices of the base year {} in both years (Hunan rule), but the "
        "base year's GDP is at {} prices and {}'s at {} prices; import GDP at constant {} prices",
        base->year, base->gdp_price_year, in.year, in.gdp_price_year, base->year));
  }
  CPK_RETURN_IF_ERROR(r.status());
  CPK_ASSIGN_OR_RETURN(double percent, IntensityReductionPercent(at_base.raw, now.raw));
  std::string note = fmt::format(
      "intensities {} ({}) and {} ({}) rounded to 4 decimals before comparing (Hunan rule); GDP "
      "at constant {} prices",
      RoundToDecimals(at_base.raw, kIntensityDecimals), base->year,
      RoundToDecimals(now.raw, kIntensityDecimals), in.year, base->year);
  if (!now.note.empty()) note += "; " + now.note;
  const std::string intensity_key =
      numerator == Numerator::kEnergy ? "energy_intensity" : "co2_intensity";
  return Make(
      key, in, percent, "%",
      numerator == Numerator::kEnergy
          ? fmt::format("energy_intensity_reduction/{}", NonFossilRuleName(options.non_fossil_rule))
          : std::string("co2_intensity_reduction"),
      fmt::format("(1 − {0}_t ÷ {0}_base) × 100, {0} = {1}", intensity_key,
                  IntensityFormula(numerator, options)),
      r, std::move(note));
}

// ------------------------------------------------------------------------------ simple formulas

struct Context {
  std::string_view key;
  const IndicatorInputs& in;
  const IndicatorInputs* base;
  const IndicatorOptions& options;
};

// numerator ÷ denominator × 100, both read through the recorder.
Result<IndicatorValue> Share(const Context& c, std::string_view num_id,
                             const std::optional<double>& num, std::string_view den_id,
                             const std::optional<double>& den) {
  Recorder r(c.key, c.in);
  const double n = r.Get(num_id, num, c.in.year);
  const double d = r.Get(den_id, den, c.in.year, Sign::kPositive);
  if (d > 0 && n > d * (1 + kRelativeEpsilon)) {
    r.Invalid(
        fmt::format("{} ({}) is larger than {} ({}), so the share would exceed 100%; check "
                    "both figures",
                    num_id, n, den_id, d));
  }
  CPK_RETURN_IF_ERROR(r.status());
  return Make(c.key, c.in, d > 0 ? n / d * 100.0 : 0, "%", std::string(c.key),
              fmt::format("{} ÷ {} × 100", num_id, den_id), r);
}

// Sum of capacity fields, every one required.
struct CapacityPart {
  std::string_view id;
  const std::optional<double>* value;
};

double SumCapacity(Recorder& r, const IndicatorInputs& in, std::span<const CapacityPart> parts) {
  double sum = 0;
  for (const CapacityPart& part : parts) sum += r.Get(part.id, *part.value, in.year);
  return sum;
}

std::string JoinIds(std::span<const CapacityPart> parts) {
  std::vector<std::string_view> ids;
  ids.reserve(parts.size());
  for (const CapacityPart& part : parts) ids.push_back(part.id);
  return fmt::format("{}", fmt::join(ids, " + "));
}

std::array<CapacityPart, 7> AllCapacity(const InstalledCapacity& c) {
  return {{{"capacity_10k_kw.coal", &c.coal},
           {"capacity_10k_kw.gas", &c.gas},
           {"capacity_10k_kw.hydro", &c.hydro},
           {"capacity_10k_kw.wind", &c.wind},
           {"capacity_10k_kw.solar", &c.solar},
           {"capacity_10k_kw.biomass", &c.biomass},
           {"capacity_10k_kw.other", &c.other}}};
}

Result<IndicatorValue> Single(const Context& c, std::string_view id,
                              const std::optional<double>& value, double divisor,
                              std::string_view unit) {
  Recorder r(c.key, c.in);
  const double v = r.Get(id, value, c.in.year);
  CPK_RETURN_IF_ERROR(r.status());
  return Make(c.key, c.in, v / divisor, unit, std::string(c.key),
              divisor == 1 ? std::string(id) : fmt::format("{} ÷ {}", id, divisor), r);
}

Result<IndicatorValue> PerCapita(const Context& c, Numerator numerator) {
  Recorder r(c.key, c.in);
  double amount = 0;
  std::string note;
  std::string amount_formula;
  if (numerator == Numerator::kEnergy) {
    Total t = AssessmentTotal(r, c.in, c.options.assessment_caliber, c.options.non_fossil_rule,
                              /*for_intensity=*/false);
    amount = t.tce;
    note = t.note;
    amount_formula = TotalFormula(c.options.assessment_caliber, c.options.non_fossil_rule, false);
  } else {
    amount = r.Get("co2_t", c.in.co2_t, c.in.year);
    amount_formula = "co2_t";
  }
  const double population =
      r.Get("population_10k", c.in.population_10k, c.in.year, Sign::kPositive);
  CPK_RETURN_IF_ERROR(r.status());
  // (t ÷ 10^4) ÷ 万人 = t per person.
  const double value = amount / unit_coefficient::kWan / population;
  return Make(
      c.key, c.in, value, numerator == Numerator::kEnergy ? "吨标准煤/人" : "吨二氧化碳/人",
      numerator == Numerator::kEnergy
          ? fmt::format("energy_per_capita/{}", NonFossilRuleName(c.options.non_fossil_rule))
          : std::string("co2_per_capita"),
      fmt::format("({} ÷ 10^4) ÷ population_10k", amount_formula), r, std::move(note));
}

// ------------------------------------------------------------------------------ the table

using FormulaFn = Result<IndicatorValue> (*)(const Context&);

struct Formula {
  std::string_view key;
  FormulaFn fn;
};

constexpr size_t kFormulaCount = 27;

const std::array<Formula, kFormulaCount>& Formulas() {
  static const std::array<Formula, kFormulaCount> kFormulas = {{
      {"energy_consumption_total_calorific",
       [](const Context& c) {
         return TotalEnergyAs(c.key, c.in, Caliber::kCalorific, NonFossilRule::kNone);
       }},
      {"energy_consumption_total_equivalent",
       [](const Context& c) {
         return TotalEnergyAs(c.key, c.in, Caliber::kEquivalent, NonFossilRule::kNone);
       }},
      {"energy_consumption_total",
       [](const Context& c) {
         return TotalEnergyAs(c.key, c.in, c.options.assessment_caliber, c.options.non_fossil_rule);
       }},
      {"energy_intensity",
       [](const Context& c) { return IntensityValue(c.key, c.in, Numerator::kEnergy, c.options); }},
      {"energy_intensity_reduction",
       [](const Context& c) {
         return ReductionValue(c.key, c.in, c.base, Numerator::kEnergy, c.options);
       }},
      {"co2_emissions_total",
       [](const Context& c) {
         return Single(c, "co2_t", c.in.co2_t, unit_coefficient::kWan, "万吨二氧化碳");
       }},
      {"ghg_emissions_total",
       [](const Context& c) -> Result<IndicatorValue> {
         CPK_ASSIGN_OR_RETURN(IndicatorValue v, Single(c, "ghg_t", c.in.ghg_t,
                                                       unit_coefficient::kWan, "万吨二氧化碳当量"));
         v.note = c.in.gwp_set.empty() ? "GWP set not recorded"
                                       : fmt::format("GWP100 set {}", c.in.gwp_set);
         return v;
       }},
      {"co2_intensity",
       [](const Context& c) { return IntensityValue(c.key, c.in, Numerator::kCo2, c.options); }},
      {"co2_intensity_reduction",
       [](const Context& c) {
         return ReductionValue(c.key, c.in, c.base, Numerator::kCo2, c.options);
       }},
      {"non_fossil_share",
       [](const Context& c) {
         return Share(c, "non_fossil_tce.equivalent", c.in.non_fossil_tce.equivalent,
                      "energy_total_tce.equivalent", c.in.energy_total_tce.equivalent);
       }},
      {"coal_share",
       [](const Context& c) {
         return Share(c, "coal_tce", c.in.coal_tce, "energy_total_tce.equivalent",
                      c.in.energy_total_tce.equivalent);
       }},
      {"energy_per_capita", [](const Context& c) { return PerCapita(c, Numerator::kEnergy); }},
      {"co2_per_capita", [](const Context& c) { return PerCapita(c, Numerator::kCo2); }},
      {"gdp_constant_2020",
       [](const Context& c) -> Result<IndicatorValue> {
         if (c.in.gdp_constant_10k_yuan && c.in.gdp_price_year != 2020) {
           return Status::InvalidArgument(fmt::format(
               "cannot compute gdp_constant_2020 for {}: the GDP given is at constant {} prices; "
               "import GDP at constant 2020 prices",
               c.in.year, c.in.gdp_price_year));
         }
         return Single(c, "gdp_constant_10k_yuan", c.in.gdp_constant_10k_yuan,
                       unit_coefficient::kWan, "亿元");
       }},
      {"clean_energy_capacity_share",
       [](const Context& c) -> Result<IndicatorValue> {
         const InstalledCapacity& cap = c.in.capacity_10k_kw;
         const std::array<CapacityPart, 5> clean = {{{"capacity_10k_kw.hydro", &cap.hydro},
                                                     {"capacity_10k_kw.wind", &cap.wind},
                                                     {"capacity_10k_kw.solar", &cap.solar},
                                                     {"capacity_10k_kw.biomass", &cap.biomass},
                                                     {"capacity_10k_kw.gas", &cap.gas}}};
         const std::array<CapacityPart, 2> rest = {
             {{"capacity_10k_kw.coal", &cap.coal}, {"capacity_10k_kw.other", &cap.other}}};
         Recorder r(c.key, c.in);
         const double clean_sum = SumCapacity(r, c.in, clean);
         const double total = clean_sum + SumCapacity(r, c.in, rest);
         if (r.status().ok() && total <= 0) {
           r.Invalid(
               "the installed capacity of all plant types adds up to 0, so no share can be "
               "computed");
         }
         CPK_RETURN_IF_ERROR(r.status());
         return Make(c.key, c.in, clean_sum / total * 100.0, "%", std::string(c.key),
                     fmt::format("({}) ÷ (all seven plant types) × 100", JoinIds(clean)), r);
       }},
      {"new_energy_capacity",
       [](const Context& c) -> Result<IndicatorValue> {
         const InstalledCapacity& cap = c.in.capacity_10k_kw;
         const std::array<CapacityPart, 3> parts = {{{"capacity_10k_kw.wind", &cap.wind},
                                                     {"capacity_10k_kw.solar", &cap.solar},
                                                     {"capacity_10k_kw.biomass", &cap.biomass}}};
         Recorder r(c.key, c.in);
         const double sum = SumCapacity(r, c.in, parts);
         CPK_RETURN_IF_ERROR(r.status());
         return Make(c.key, c.in, sum, "万千瓦", std::string(c.key), JoinIds(parts), r);
       }},
      {"total_generation_capacity",
       [](const Context& c) -> Result<IndicatorValue> {
         const std::array<CapacityPart, 7> parts = AllCapacity(c.in.capacity_10k_kw);
         Recorder r(c.key, c.in);
         const double sum = SumCapacity(r, c.in, parts);
         CPK_RETURN_IF_ERROR(r.status());
         return Make(c.key, c.in, sum, "万千瓦", std::string(c.key), JoinIds(parts), r);
       }},
      {"renewable_generation_share",
       [](const Context& c) {
         return Share(c, "renewable_generation_10k_kwh", c.in.renewable_generation_10k_kwh,
                      "total_generation_10k_kwh", c.in.total_generation_10k_kwh);
       }},
      {"natural_gas_consumption",
       [](const Context& c) {
         return Single(c, "natural_gas_10k_m3.total", c.in.natural_gas_10k_m3.total, 1, "万立方米");
       }},
      {"gas_use_share_industrial",
       [](const Context& c) {
         return Share(c, "natural_gas_10k_m3.industrial", c.in.natural_gas_10k_m3.industrial,
                      "natural_gas_10k_m3.total", c.in.natural_gas_10k_m3.total);
       }},
      {"gas_use_share_residential",
       [](const Context& c) {
         return Share(c, "natural_gas_10k_m3.residential", c.in.natural_gas_10k_m3.residential,
                      "natural_gas_10k_m3.total", c.in.natural_gas_10k_m3.total);
       }},
      {"gas_use_share_commercial",
       [](const Context& c) {
         return Share(c, "natural_gas_10k_m3.commercial", c.in.natural_gas_10k_m3.commercial,
                      "natural_gas_10k_m3.total", c.in.natural_gas_10k_m3.total);
       }},
      {"forest_coverage",
       [](const Context& c) {
         return Share(c, "forest_area_hm2", c.in.forest_area_hm2, "land_area_hm2",
                      c.in.land_area_hm2);
       }},
      // Reported indicators that the inputs also carry (used when no report exists).
      {"population",
       [](const Context& c) {
         return Single(c, "population_10k", c.in.population_10k, 1, "万人");
       }},
      {"wind_capacity",
       [](const Context& c) {
         return Single(c, "capacity_10k_kw.wind", c.in.capacity_10k_kw.wind, 1, "万千瓦");
       }},
      {"pv_capacity",
       [](const Context& c) {
         return Single(c, "capacity_10k_kw.solar", c.in.capacity_10k_kw.solar, 1, "万千瓦");
       }},
      {"forest_stock",
       [](const Context& c) {
         return Single(c, "forest_stock_m3", c.in.forest_stock_m3, unit_coefficient::kWan,
                       "万立方米");
       }},
  }};
  return kFormulas;
}

const Formula* FindFormula(std::string_view key) {
  for (const Formula& f : Formulas()) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

std::array<std::string_view, kFormulaCount> MakeKeys() {
  std::array<std::string_view, kFormulaCount> keys{};
  for (size_t idx = 0; idx < keys.size(); ++idx) keys[idx] = Formulas()[idx].key;
  return keys;
}

Result<IndicatorValue> FromReport(const refdata::IndicatorDef& def, const ReportedValue& reported,
                                  int year) {
  double value = reported.value;
  if (!std::isfinite(value)) {
    return Status::InvalidArgument(fmt::format(
        "the reported value of {} ({}) for {} is not a number; ask {} to report it again",
        def.name_zh, def.key, year,
        reported.reported_by.empty() ? "the lead unit" : reported.reported_by));
  }
  std::string note;
  if (!reported.unit.empty() && reported.unit != def.unit && def.unit != "-") {
    Result<double> converted = ConvertValue(value, reported.unit, def.unit);
    if (!converted.ok()) {
      return Status::InvalidArgument(fmt::format(
          "the reported value of {} ({}) for {} is in '{}', which does not convert to the "
          "catalogue unit '{}' ({}); report it in {}",
          def.name_zh, def.key, year, reported.unit, def.unit, converted.status().message(),
          def.unit));
    }
    note = fmt::format("reported as {} {}, converted to {}", value, reported.unit, def.unit);
    value = *converted;
  }
  IndicatorValue v;
  v.key = def.key;
  v.year = year;
  v.value = value;
  v.unit = def.unit;
  v.origin = ValueOrigin::kReported;
  v.formula_key = "reported";
  v.formula = "value reported by the lead unit";
  v.note = std::move(note);
  v.reported_by = reported.reported_by;
  v.source = reported.source;
  return v;
}

}  // namespace

// ------------------------------------------------------------------------------ public API

std::string_view CaliberName(Caliber caliber) {
  return caliber == Caliber::kCalorific ? "calorific" : "equivalent";
}

std::optional<Caliber> ParseCaliber(std::string_view name) {
  if (name == "calorific" || name == "当量值") return Caliber::kCalorific;
  if (name == "equivalent" || name == "等价值") return Caliber::kEquivalent;
  return std::nullopt;
}

std::string_view NonFossilRuleName(NonFossilRule rule) {
  switch (rule) {
    case NonFossilRule::kNone:
      return "none";
    case NonFossilRule::kRenewableIncrementExcluded:
      return "renewable_increment_2022";
    case NonFossilRule::kNonFossilExcluded:
      return "non_fossil_2024";
  }
  return "none";
}

std::optional<NonFossilRule> ParseNonFossilRule(std::string_view name) {
  for (NonFossilRule rule : {NonFossilRule::kNone, NonFossilRule::kRenewableIncrementExcluded,
                             NonFossilRule::kNonFossilExcluded}) {
    if (NonFossilRuleName(rule) == name) return rule;
  }
  return std::nullopt;
}

std::string_view ValueOriginName(ValueOrigin origin) {
  return origin == ValueOrigin::kComputed ? "computed" : "reported";
}

std::span<const InputField> InputFields() { return kFields; }

const InputField* FindInputField(std::string_view id) {
  for (const InputField& field : kFields) {
    if (field.id == id) return &field;
  }
  return nullptr;
}

std::span<const std::string_view> ComputableKeys() {
  static const std::array<std::string_view, kFormulaCount> kKeys = MakeKeys();
  return kKeys;
}

bool IsComputable(std::string_view key) { return FindFormula(key) != nullptr; }

Result<IndicatorValue> TotalEnergy(const IndicatorInputs& inputs, Caliber caliber,
                                   NonFossilRule rule) {
  std::string_view key = "energy_consumption_total";
  if (rule == NonFossilRule::kNone) {
    key = caliber == Caliber::kCalorific ? "energy_consumption_total_calorific"
                                         : "energy_consumption_total_equivalent";
  }
  return TotalEnergyAs(key, inputs, caliber, rule);
}

Result<IndicatorValue> ComputeIndicator(std::string_view key, const IndicatorInputs& current,
                                        const IndicatorInputs* base,
                                        const IndicatorOptions& options) {
  const Formula* formula = FindFormula(key);
  if (formula == nullptr) {
    if (key == "carbon_peak_year") {
      return Status::FailedPrecondition(
          "carbon_peak_year needs the CO2 series of several years: use CarbonPeakYear");
    }
    return Status::NotFound(fmt::format(
        "indicator '{}' is not computed from statistics; its lead unit reports it", key));
  }
  return formula->fn(Context{key, current, base, options});
}

Result<IndicatorValue> CarbonPeakYear(std::span<const IndicatorInputs> series) {
  if (series.empty()) {
    return Status::FailedPrecondition(
        "cannot find the CO2 peak year: no year has CO2 emissions; compute the inventories with "
        "`carbonpeak inventory compute`");
  }
  std::vector<const IndicatorInputs*> years;
  years.reserve(series.size());
  for (const IndicatorInputs& in : series) years.push_back(&in);
  std::sort(years.begin(), years.end(),
            [](const IndicatorInputs* a, const IndicatorInputs* b) { return a->year < b->year; });
  Recorder r("carbon_peak_year", *years.back());
  for (size_t idx = 1; idx < years.size(); ++idx) {
    if (years[idx]->year == years[idx - 1]->year) {
      r.Invalid(fmt::format("year {} appears twice in the series", years[idx]->year));
    }
  }
  double peak = 0;
  int peak_year = 0;
  for (const IndicatorInputs* in : years) {
    const double co2 = r.Get("co2_t", in->co2_t, in->year);
    if (peak_year == 0 || co2 > peak) {
      peak = co2;
      peak_year = in->year;
    }
  }
  CPK_RETURN_IF_ERROR(r.status());
  const int last_year = years.back()->year;
  std::string note =
      peak_year < last_year
          ? fmt::format("confirmed: every year after {} up to {} stays below its {} tCO2",
                        peak_year, last_year, peak)
          : fmt::format("not confirmed: {} is the latest year with data, emissions may still rise",
                        peak_year);
  IndicatorValue v = Make("carbon_peak_year", *years.back(), peak_year, "年", "carbon_peak_year",
                          "argmax_y co2_t_y over the recorded years", r, std::move(note));
  return v;
}

Result<double> ChainConstantGdp(double base_year_gdp, std::span<const double> growth_indices) {
  if (!std::isfinite(base_year_gdp) || base_year_gdp <= 0) {
    return Status::InvalidArgument(
        fmt::format("the base year's GDP is {}, but it must be greater than 0", base_year_gdp));
  }
  double gdp = base_year_gdp;
  for (size_t idx = 0; idx < growth_indices.size(); ++idx) {
    const double index = growth_indices[idx];
    if (!std::isfinite(index) || index <= 0) {
      return Status::InvalidArgument(fmt::format(
          "growth index number {} after the base year is {}; write the published index with the "
          "previous year = 100 (e.g. 107.6 for 7.6% real growth)",
          idx + 1, index));
    }
    gdp *= index / 100.0;
  }
  return gdp;
}

Result<IndicatorValue> PickIndicatorValue(const refdata::IndicatorDef& def,
                                          const IndicatorInputs& current,
                                          const IndicatorInputs* base,
                                          const ReportedValue* reported,
                                          const IndicatorOptions& options) {
  if (reported != nullptr && (reported->year != current.year || reported->key != def.key)) {
    return Status::InvalidArgument(fmt::format(
        "the reported value given for {} {} belongs to {} {}; this is a bug in the caller", def.key,
        current.year, reported->key, reported->year));
  }
  const std::string context = fmt::format("{} ({})", def.name_zh, def.key);
  if (def.source == refdata::IndicatorSource::kComputed) {
    Result<IndicatorValue> computed = ComputeIndicator(def.key, current, base, options);
    if (computed.ok() || reported == nullptr ||
        computed.status().code() != StatusCode::kFailedPrecondition) {
      if (!computed.ok()) return computed.status().WithContext(context);
      return computed;
    }
    CPK_ASSIGN_OR_RETURN(IndicatorValue v, FromReport(def, *reported, current.year));
    v.note =
        fmt::format("computed value unavailable ({}); the lead unit's reported value is used{}",
                    computed.status().message(), v.note.empty() ? "" : "; " + v.note);
    return v;
  }
  if (reported != nullptr) return FromReport(def, *reported, current.year);
  if (IsComputable(def.key)) {
    Result<IndicatorValue> derived = ComputeIndicator(def.key, current, base, options);
    if (derived.ok()) {
      derived->note = "no reported value: derived from the stored statistics";
      return derived;
    }
  }
  return Status::FailedPrecondition(fmt::format(
      "{}: no reported value for {}{}: the lead unit ({}) reports it — import it with "
      "`carbonpeak data import`",
      context, current.year,
      current.region_code.empty() ? "" : fmt::format(" (region {})", current.region_code),
      def.lead_unit_type.empty() ? "see the indicator catalogue" : def.lead_unit_type));
}

std::vector<IndicatorOutcome> ComputeAll(const refdata::IndicatorCatalogue& catalogue,
                                         const IndicatorInputs& current,
                                         const IndicatorInputs* base,
                                         std::span<const ReportedValue> reported,
                                         const IndicatorOptions& options) {
  std::map<std::string_view, const ReportedValue*, std::less<>> by_key;
  for (const ReportedValue& r : reported) {
    if (r.year == current.year) by_key[r.key] = &r;  // the last report of a key wins
  }
  std::vector<IndicatorOutcome> out;
  out.reserve(catalogue.all().size());
  for (const refdata::IndicatorDef& def : catalogue.all()) {
    if (def.key == "carbon_peak_year") continue;
    auto it = by_key.find(def.key);
    const ReportedValue* report = it == by_key.end() ? nullptr : it->second;
    out.push_back(
        IndicatorOutcome{def.key, PickIndicatorValue(def, current, base, report, options)});
  }
  return out;
}

}  // namespace carbonpeak::indicators
