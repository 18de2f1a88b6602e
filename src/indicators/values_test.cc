#include "indicators/values.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "indicators/progress.h"

namespace carbonpeak::indicators {
namespace {

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// A county-year with every input, round numbers so results can be checked by hand.
IndicatorInputs Full2023() {
  IndicatorInputs in;
  in.region_code = "430703";
  in.year = 2023;
  in.energy_total_tce = {.calorific = 1'000'000, .equivalent = 1'200'000};
  in.non_fossil_tce = {.calorific = 90'000, .equivalent = 240'000};
  in.renewable_electricity_above_2020_tce = {.calorific = 20'000, .equivalent = 60'000};
  in.coal_tce = 600'000;
  in.gdp_constant_10k_yuan = 4'000'000;  // 400 亿元 at constant 2020 prices
  in.gdp_price_year = 2020;
  in.population_10k = 80;
  in.co2_t = 3'000'000;
  in.ghg_t = 3'600'000;
  in.gwp_set = "AR5";
  in.capacity_10k_kw = {
      .coal = 60, .gas = 0, .hydro = 10, .wind = 20, .solar = 30, .biomass = 3, .other = 0};
  in.renewable_generation_10k_kwh = 150'000;
  in.total_generation_10k_kwh = 400'000;
  in.natural_gas_10k_m3 = {
      .total = 20'000, .industrial = 12'000, .residential = 5'000, .commercial = 3'000};
  in.forest_area_hm2 = 150'000;
  in.land_area_hm2 = 250'000;
  in.forest_stock_m3 = 12'000'000;
  return in;
}

// ----- total energy: both calibers, three deduction rules -----

TEST(TotalEnergy, BothCalibersWithoutDeduction) {
  IndicatorInputs in = Full2023();
  Result<IndicatorValue> cal = TotalEnergy(in, Caliber::kCalorific, NonFossilRule::kNone);
  ASSERT_TRUE(cal.ok()) << cal.status().ToString();
  EXPECT_EQ(cal->key, "energy_consumption_total_calorific");
  EXPECT_DOUBLE_EQ(cal->value, 100.0);  // 1,000,000 tce = 100 万吨标准煤
  EXPECT_EQ(cal->unit, "万吨标准煤");
  Result<IndicatorValue> eq = TotalEnergy(in, Caliber::kEquivalent, NonFossilRule::kNone);
  ASSERT_TRUE(eq.ok());
  EXPECT_EQ(eq->key, "energy_consumption_total_equivalent");
  EXPECT_DOUBLE_EQ(eq->value, 120.0);
  ASSERT_EQ(eq->inputs.size(), 1u);
  EXPECT_EQ(eq->inputs[0].field, "energy_total_tce.equivalent");
  EXPECT_DOUBLE_EQ(eq->inputs[0].value, 1'200'000);
}

TEST(TotalEnergy, Rule2022DeductsTheRenewableIncrementAbove2020) {
  IndicatorInputs in = Full2023();
  Result<IndicatorValue> v =
      TotalEnergy(in, Caliber::kEquivalent, NonFossilRule::kRenewableIncrementExcluded);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->key, "energy_consumption_total");
  EXPECT_DOUBLE_EQ(v->value, 114.0);  // (1,200,000 − 60,000) ÷ 10^4
  EXPECT_EQ(v->formula_key, "energy_consumption_total/renewable_increment_2022");
  EXPECT_TRUE(Contains(v->note, "1258"));
  // Below the 2020 level nothing is deducted.
  in.renewable_electricity_above_2020_tce.equivalent = -5'000;
  v = TotalEnergy(in, Caliber::kEquivalent, NonFossilRule::kRenewableIncrementExcluded);
  ASSERT_TRUE(v.ok());
  EXPECT_DOUBLE_EQ(v->value, 120.0);
  EXPECT_TRUE(Contains(v->note, "nothing deducted"));
}

TEST(TotalEnergy, Rule2024DeductsAllNonFossilEnergy) {
  IndicatorInputs in = Full2023();
  Result<IndicatorValue> v =
      TotalEnergy(in, Caliber::kEquivalent, NonFossilRule::kNonFossilExcluded);
  ASSERT_TRUE(v.ok());
  EXPECT_DOUBLE_EQ(v->value, 96.0);  // (1,200,000 − 240,000) ÷ 10^4
  EXPECT_TRUE(Contains(v->note, "113"));
  Result<IndicatorValue> cal =
      TotalEnergy(in, Caliber::kCalorific, NonFossilRule::kNonFossilExcluded);
  ASSERT_TRUE(cal.ok());
  EXPECT_DOUBLE_EQ(cal->value, 91.0);  // (1,000,000 − 90,000) ÷ 10^4
}

TEST(TotalEnergy, NonFossilAboveTotalIsRejected) {
  IndicatorInputs in = Full2023();
  in.non_fossil_tce.equivalent = 1'300'000;
  Result<IndicatorValue> v =
      TotalEnergy(in, Caliber::kEquivalent, NonFossilRule::kNonFossilExcluded);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(v.status().message(), "exceeds"));
}

TEST(TotalEnergy, MissingEquivalentCaliberSaysHowToSupplyIt) {
  IndicatorInputs in = Full2023();
  in.energy_total_tce.equivalent.reset();
  Result<IndicatorValue> v = TotalEnergy(in, Caliber::kEquivalent, NonFossilRule::kNone);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(v.status().message(), "energy_total_tce.equivalent"));
  EXPECT_TRUE(Contains(v.status().message(), "发电煤耗"));
}

// ----- intensity and its change -----

TEST(EnergyIntensity, UsesTheRuleForIntensity) {
  IndicatorInputs in = Full2023();
  IndicatorOptions options;
  Result<IndicatorValue> v = ComputeIndicator("energy_intensity", in, nullptr, options);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_DOUBLE_EQ(v->value, 0.3);  // 1,200,000 tce ÷ 4,000,000 万元
  EXPECT_EQ(v->unit, "吨标准煤/万元");
  // 1258号 keeps the renewable increment in the intensity.
  options.non_fossil_rule = NonFossilRule::kRenewableIncrementExcluded;
  v = ComputeIndicator("energy_intensity", in, nullptr, options);
  ASSERT_TRUE(v.ok());
  EXPECT_DOUBLE_EQ(v->value, 0.3);
  EXPECT_TRUE(Contains(v->note, "intensity uses the full total"));
  // 113号 takes the non-fossil energy out of the intensity too: 960,000 ÷ 4,000,000.
  options.non_fossil_rule = NonFossilRule::kNonFossilExcluded;
  v = ComputeIndicator("energy_intensity", in, nullptr, options);
  ASSERT_TRUE(v.ok());
  EXPECT_DOUBLE_EQ(v->value, 0.24);
  EXPECT_EQ(v->formula_key, "energy_intensity/non_fossil_2024");
}

TEST(EnergyIntensity, IsRoundedToFourDecimals) {
  IndicatorInputs in = Full2023();
  in.energy_total_tce.equivalent = 1'234'567;  // ÷ 4,000,000 = 0.30864175
  Result<IndicatorValue> v = ComputeIndicator("energy_intensity", in, nullptr, {});
  ASSERT_TRUE(v.ok());
  EXPECT_DOUBLE_EQ(v->value, 0.3086);
}

TEST(EnergyIntensity, MissingGdpIsAClearMessageNotAZero) {
  IndicatorInputs in = Full2023();
  in.gdp_constant_10k_yuan.reset();
  Result<IndicatorValue> v = ComputeIndicator("energy_intensity", in, nullptr, {});
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kFailedPrecondition);
  const std::string m = v.status().message();
  EXPECT_TRUE(Contains(m, "energy_intensity")) << m;
  EXPECT_TRUE(Contains(m, "430703")) << m;
  EXPECT_TRUE(Contains(m, "2023")) << m;
  EXPECT_TRUE(Contains(m, "地区生产总值（不变价）")) << m;
  EXPECT_TRUE(Contains(m, "gdp_constant_10k_yuan")) << m;
  EXPECT_TRUE(Contains(m, "万元")) << m;
  EXPECT_TRUE(Contains(m, "carbonpeak data import")) << m;
}

TEST(EnergyIntensity, ListsEveryMissingInputAtOnce) {
  IndicatorInputs in;
  in.year = 2023;
  Result<IndicatorValue> v = ComputeIndicator("energy_intensity", in, nullptr, {});
  ASSERT_FALSE(v.ok());
  EXPECT_TRUE(Contains(v.status().message(), "energy_total_tce.equivalent"));
  EXPECT_TRUE(Contains(v.status().message(), "gdp_constant_10k_yuan"));
}

TEST(EnergyIntensity, ZeroGdpIsInvalid) {
  IndicatorInputs in = Full2023();
  in.gdp_constant_10k_yuan = 0;
  Result<IndicatorValue> v = ComputeIndicator("energy_intensity", in, nullptr, {});
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(v.status().message(), "greater than 0"));
}

// Base 2020: 1,046,900 tce ÷ 2,000,000 万元 = 0.52345 → 0.5235.
// 2023:      1,177,850 tce ÷ 2,500,000 万元 = 0.47114 → 0.4711.
// Reduction = (1 − 0.4711 ÷ 0.5235) × 100 = 10.00955…%; unrounded it would be 9.99331…%.
struct RoundingCase {
  IndicatorInputs base;
  IndicatorInputs now;
};

RoundingCase Rounding() {
  RoundingCase c;
  c.base.year = 2020;
  c.base.energy_total_tce.equivalent = 1'046'900;
  c.base.gdp_constant_10k_yuan = 2'000'000;
  c.now.year = 2023;
  c.now.energy_total_tce.equivalent = 1'177'850;
  c.now.gdp_constant_10k_yuan = 2'500'000;
  return c;
}

TEST(EnergyIntensityReduction, AppliesTheHunanRoundingRule) {
  RoundingCase c = Rounding();
  Result<IndicatorValue> v = ComputeIndicator("energy_intensity_reduction", c.now, &c.base, {});
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_NEAR(v->value, 10.009551098376, 1e-9);
  EXPECT_EQ(v->unit, "%");
  EXPECT_TRUE(Contains(v->note, "0.5235 (2020)")) << v->note;
  EXPECT_TRUE(Contains(v->note, "0.4711 (2023)")) << v->note;
  // Both years' inputs are recorded for provenance.
  ASSERT_EQ(v->inputs.size(), 4u);
  EXPECT_EQ(v->inputs[0].year, 2020);
  EXPECT_EQ(v->inputs[3].year, 2023);
}

TEST(EnergyIntensityReduction, RoundingDecidesWhetherATenPercentTargetIsMet) {
  // The same figures tracked against "下降10%" due in 2023: met with the rule (10.0096 %), behind
  // without it (9.9933 %).
  RoundingCase c = Rounding();
  Result<IndicatorValue> v = ComputeIndicator("energy_intensity_reduction", c.now, &c.base, {});
  ASSERT_TRUE(v.ok());
  domain::Target target;
  target.indicator = "energy_intensity_reduction";
  target.year = 2023;
  target.kind = domain::TargetKind::kPoint;
  target.value = 10;
  target.unit = "%";
  target.base_year = 2020;
  refdata::IndicatorDef def;
  def.key = "energy_intensity_reduction";
  def.unit = "%";
  def.direction = refdata::Direction::kHigherIsBetter;
  TrackingOptions options;
  options.current_year = 2024;
  Result<TargetProgress> rounded =
      TrackTarget(target, &def, ActualSeries{.by_year = {{2023, v->value}}}, nullptr, options);
  ASSERT_TRUE(rounded.ok());
  EXPECT_EQ(rounded->status, TargetStatus::kMet);
  const double unrounded = (1 - 0.47114 / 0.52345) * 100;
  Result<TargetProgress> raw =
      TrackTarget(target, &def, ActualSeries{.by_year = {{2023, unrounded}}}, nullptr, options);
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(raw->status, TargetStatus::kBehind);
}

TEST(EnergyIntensityReduction, NeedsTheBaseYear) {
  RoundingCase c = Rounding();
  Result<IndicatorValue> v = ComputeIndicator("energy_intensity_reduction", c.now, nullptr, {});
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(v.status().message(), "base year"));
}

TEST(EnergyIntensityReduction, MissingBaseYearGdpIsNamedWithItsYear) {
  RoundingCase c = Rounding();
  c.base.gdp_constant_10k_yuan.reset();
  Result<IndicatorValue> v = ComputeIndicator("energy_intensity_reduction", c.now, &c.base, {});
  ASSERT_FALSE(v.ok());
  EXPECT_TRUE(Contains(v.status().message(), "gdp_constant_10k_yuan, 万元) for 2020"))
      << v.status().message();
}

TEST(EnergyIntensityReduction, RequiresGdpAtBaseYearPrices) {
  RoundingCase c = Rounding();
  c.now.gdp_price_year = 2015;
  Result<IndicatorValue> v = ComputeIndicator("energy_intensity_reduction", c.now, &c.base, {});
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(v.status().message(), "constant 2020 prices")) << v.status().message();
}

TEST(Co2IntensityReduction, ComparesRoundedIntensities) {
  IndicatorInputs base;
  base.year = 2020;
  base.co2_t = 3'000'000;
  base.gdp_constant_10k_yuan = 2'000'000;  // 1.5 t/万元
  IndicatorInputs now;
  now.year = 2024;
  now.co2_t = 3'150'000;
  now.gdp_constant_10k_yuan = 2'520'000;  // 1.25 t/万元
  Result<IndicatorValue> i = ComputeIndicator("co2_intensity", now, nullptr, {});
  ASSERT_TRUE(i.ok());
  EXPECT_DOUBLE_EQ(i->value, 1.25);
  EXPECT_EQ(i->unit, "吨二氧化碳/万元");
  Result<IndicatorValue> r = ComputeIndicator("co2_intensity_reduction", now, &base, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NEAR(r->value, 16.666666666667, 1e-9);  // (1 − 1.25 / 1.5) × 100
}

// ----- shares, per capita, capacity, forest -----

TEST(Shares, NonFossilAndCoalUseTheEquivalentTotal) {
  IndicatorInputs in = Full2023();
  EXPECT_DOUBLE_EQ(ComputeIndicator("non_fossil_share", in, nullptr, {})->value, 20.0);
  EXPECT_DOUBLE_EQ(ComputeIndicator("coal_share", in, nullptr, {})->value, 50.0);
  EXPECT_DOUBLE_EQ(ComputeIndicator("renewable_generation_share", in, nullptr, {})->value, 37.5);
  EXPECT_DOUBLE_EQ(ComputeIndicator("gas_use_share_industrial", in, nullptr, {})->value, 60.0);
  EXPECT_DOUBLE_EQ(ComputeIndicator("gas_use_share_residential", in, nullptr, {})->value, 25.0);
  EXPECT_DOUBLE_EQ(ComputeIndicator("gas_use_share_commercial", in, nullptr, {})->value, 15.0);
  EXPECT_DOUBLE_EQ(ComputeIndicator("natural_gas_consumption", in, nullptr, {})->value, 20'000);
}

TEST(Shares, APartLargerThanTheWholeIsRejected) {
  IndicatorInputs in = Full2023();
  in.coal_tce = 1'500'000;
  Result<IndicatorValue> v = ComputeIndicator("coal_share", in, nullptr, {});
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kInvalidArgument);
}

TEST(PerCapita, EnergyAndCo2) {
  IndicatorInputs in = Full2023();
  // 120 万吨标准煤 ÷ 80 万人 = 1.5 t per person; 300 万吨 CO2 ÷ 80 万人 = 3.75 t.
  Result<IndicatorValue> e = ComputeIndicator("energy_per_capita", in, nullptr, {});
  ASSERT_TRUE(e.ok());
  EXPECT_DOUBLE_EQ(e->value, 1.5);
  EXPECT_DOUBLE_EQ(ComputeIndicator("co2_per_capita", in, nullptr, {})->value, 3.75);
  // Under 113号 the per-capita figure follows the assessment total: 96 ÷ 80 = 1.2.
  IndicatorOptions options{.non_fossil_rule = NonFossilRule::kNonFossilExcluded};
  EXPECT_DOUBLE_EQ(ComputeIndicator("energy_per_capita", in, nullptr, options)->value, 1.2);
}

TEST(Emissions, TotalsInTenThousandTonnes) {
  IndicatorInputs in = Full2023();
  EXPECT_DOUBLE_EQ(ComputeIndicator("co2_emissions_total", in, nullptr, {})->value, 300.0);
  Result<IndicatorValue> ghg = ComputeIndicator("ghg_emissions_total", in, nullptr, {});
  ASSERT_TRUE(ghg.ok());
  EXPECT_DOUBLE_EQ(ghg->value, 360.0);
  EXPECT_TRUE(Contains(ghg->note, "AR5"));
}

TEST(Capacity, NewEnergyTotalAndCleanShare) {
  IndicatorInputs in = Full2023();
  // wind 20 + solar 30 + biomass 3 = 53 万千瓦; all seven types: 60+0+10+20+30+3+0 = 123.
  EXPECT_DOUBLE_EQ(ComputeIndicator("new_energy_capacity", in, nullptr, {})->value, 53.0);
  EXPECT_DOUBLE_EQ(ComputeIndicator("total_generation_capacity", in, nullptr, {})->value, 123.0);
  // Clean = hydro 10 + wind 20 + solar 30 + biomass 3 + gas 0 = 63; 63 ÷ 123 × 100.
  EXPECT_NEAR(ComputeIndicator("clean_energy_capacity_share", in, nullptr, {})->value,
              51.219512195122, 1e-9);
}

TEST(Capacity, AMissingPlantTypeIsNamedNotTakenAsZero) {
  IndicatorInputs in = Full2023();
  in.capacity_10k_kw.wind.reset();
  Result<IndicatorValue> v = ComputeIndicator("new_energy_capacity", in, nullptr, {});
  ASSERT_FALSE(v.ok());
  EXPECT_TRUE(Contains(v.status().message(), "capacity_10k_kw.wind"));
  EXPECT_TRUE(Contains(v.status().message(), "record 0"));
}

TEST(Forest, CoverageAndStock) {
  IndicatorInputs in = Full2023();
  EXPECT_DOUBLE_EQ(ComputeIndicator("forest_coverage", in, nullptr, {})->value, 60.0);
  EXPECT_DOUBLE_EQ(ComputeIndicator("forest_stock", in, nullptr, {})->value, 1200.0);
  in.forest_area_hm2 = 300'000;  // more forest than land
  EXPECT_EQ(ComputeIndicator("forest_coverage", in, nullptr, {}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(Gdp, ConstantPricesAndChaining) {
  IndicatorInputs in = Full2023();
  EXPECT_DOUBLE_EQ(ComputeIndicator("gdp_constant_2020", in, nullptr, {})->value, 400.0);
  in.gdp_price_year = 2015;
  EXPECT_EQ(ComputeIndicator("gdp_constant_2020", in, nullptr, {}).status().code(),
            StatusCode::kInvalidArgument);
  // 100 × 102.3/100 × 107.0/100 = 109.461.
  const double indices[] = {102.3, 107.0};
  EXPECT_NEAR(*ChainConstantGdp(100, indices), 109.461, 1e-12);
  const double bad[] = {102.3, 0};
  EXPECT_FALSE(ChainConstantGdp(100, bad).ok());
}

TEST(CarbonPeakYear, ConfirmedOnlyWhenLaterYearsStayBelow) {
  std::vector<IndicatorInputs> series(4);
  const double co2[] = {100, 110, 105, 104};
  for (int idx = 0; idx < 4; ++idx) {
    series[idx].year = 2023 - idx;  // given in reverse order on purpose
    series[idx].co2_t = co2[3 - idx];
  }
  Result<IndicatorValue> peak = CarbonPeakYear(series);
  ASSERT_TRUE(peak.ok()) << peak.status().ToString();
  EXPECT_DOUBLE_EQ(peak->value, 2021);
  EXPECT_TRUE(Contains(peak->note, "confirmed"));
  series[0].co2_t = 120;  // 2023 now the highest
  peak = CarbonPeakYear(series);
  ASSERT_TRUE(peak.ok());
  EXPECT_DOUBLE_EQ(peak->value, 2023);
  EXPECT_TRUE(Contains(peak->note, "not confirmed"));
  series[1].co2_t.reset();
  EXPECT_EQ(CarbonPeakYear(series).status().code(), StatusCode::kFailedPrecondition);
}

TEST(ComputeIndicator, UnknownKeyIsNotFound) {
  EXPECT_EQ(ComputeIndicator("straw_utilization_rate", Full2023(), nullptr, {}).status().code(),
            StatusCode::kNotFound);
}

// ----- reported versus computed -----

refdata::IndicatorDef Def(std::string key, std::string unit, refdata::IndicatorSource source) {
  refdata::IndicatorDef def;
  def.key = std::move(key);
  def.name_zh = "测试指标";
  def.unit = std::move(unit);
  def.source = source;
  def.direction = refdata::Direction::kHigherIsBetter;
  def.lead_unit_type = "forestry";
  return def;
}

TEST(PickIndicatorValue, ReportedIndicatorTakesTheLeadUnitsValue) {
  refdata::IndicatorDef def = Def("forest_stock", "万立方米", refdata::IndicatorSource::kReported);
  ReportedValue report{.key = "forest_stock",
                       .year = 2023,
                       .value = 1300,
                       .unit = "万立方米",
                       .reported_by = "区林业局",
                       .source = "2023年森林资源年报"};
  Result<IndicatorValue> v = PickIndicatorValue(def, Full2023(), nullptr, &report, {});
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(v->origin, ValueOrigin::kReported);
  EXPECT_DOUBLE_EQ(v->value, 1300);  // the report, not the 1200 the inputs would give
  EXPECT_EQ(v->reported_by, "区林业局");
  EXPECT_EQ(v->formula_key, "reported");
}

TEST(PickIndicatorValue, ReportedValueIsConvertedToTheCatalogueUnit) {
  refdata::IndicatorDef def = Def("forest_stock", "万立方米", refdata::IndicatorSource::kReported);
  ReportedValue report{.key = "forest_stock", .year = 2023, .value = 13'000'000, .unit = "立方米"};
  Result<IndicatorValue> v = PickIndicatorValue(def, Full2023(), nullptr, &report, {});
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_DOUBLE_EQ(v->value, 1300);
  report.unit = "万千瓦";
  v = PickIndicatorValue(def, Full2023(), nullptr, &report, {});
  ASSERT_FALSE(v.ok());
  EXPECT_TRUE(Contains(v.status().message(), "万千瓦"));
}

TEST(PickIndicatorValue, ReportedIndicatorFallsBackToInputsThenSaysWhoReports) {
  refdata::IndicatorDef def = Def("forest_stock", "万立方米", refdata::IndicatorSource::kReported);
  Result<IndicatorValue> v = PickIndicatorValue(def, Full2023(), nullptr, nullptr, {});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->origin, ValueOrigin::kComputed);
  EXPECT_DOUBLE_EQ(v->value, 1200);
  EXPECT_TRUE(Contains(v->note, "no reported value"));
  refdata::IndicatorDef straw =
      Def("straw_utilization_rate", "%", refdata::IndicatorSource::kReported);
  straw.lead_unit_type = "agriculture_rural";
  v = PickIndicatorValue(straw, Full2023(), nullptr, nullptr, {});
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Contains(v.status().message(), "agriculture_rural"));
}

TEST(PickIndicatorValue, ComputedIndicatorUsesAReportOnlyWhenInputsAreMissing) {
  refdata::IndicatorDef def =
      Def("energy_intensity", "吨标准煤/万元", refdata::IndicatorSource::kComputed);
  ReportedValue report{.key = "energy_intensity", .year = 2023, .value = 0.31, .unit = ""};
  Result<IndicatorValue> v = PickIndicatorValue(def, Full2023(), nullptr, &report, {});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->origin, ValueOrigin::kComputed);
  EXPECT_DOUBLE_EQ(v->value, 0.3);
  IndicatorInputs no_gdp = Full2023();
  no_gdp.gdp_constant_10k_yuan.reset();
  v = PickIndicatorValue(def, no_gdp, nullptr, &report, {});
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->origin, ValueOrigin::kReported);
  EXPECT_DOUBLE_EQ(v->value, 0.31);
  EXPECT_TRUE(Contains(v->note, "gdp_constant_10k_yuan"));
  // Without a report the missing input is the answer, prefixed by the indicator's name.
  v = PickIndicatorValue(def, no_gdp, nullptr, nullptr, {});
  ASSERT_FALSE(v.ok());
  EXPECT_TRUE(Contains(v.status().message(), "测试指标 (energy_intensity)"));
}

// ----- against the shipped catalogue -----

class ShippedCatalogue : public ::testing::Test {
 protected:
  static const refdata::RefData* Ref() {
    static const Result<refdata::RefData> ref = refdata::LoadRefData(CPK_DATA_DIR);
    return ref.ok() ? &*ref : nullptr;
  }
  void SetUp() override {
    if (Ref() == nullptr) GTEST_SKIP() << "data/ did not load; see refdata_tests";
  }
};

TEST_F(ShippedCatalogue, EveryComputedIndicatorIsComputableInItsCatalogueUnit) {
  const refdata::IndicatorCatalogue& catalogue = Ref()->indicators;
  IndicatorInputs base = Full2023();
  base.year = 2020;
  for (const refdata::IndicatorDef& def : catalogue.all()) {
    if (def.source != refdata::IndicatorSource::kComputed || def.key == "carbon_peak_year") {
      continue;
    }
    EXPECT_TRUE(IsComputable(def.key)) << def.key;
  }
  for (std::string_view key : ComputableKeys()) {
    const refdata::IndicatorDef* def = catalogue.Find(key);
    ASSERT_NE(def, nullptr) << key << " is not in data/indicators.csv";
    Result<IndicatorValue> v = ComputeIndicator(key, Full2023(), &base, {});
    ASSERT_TRUE(v.ok()) << key << ": " << v.status().ToString();
    EXPECT_EQ(v->unit, def->unit) << key;
    EXPECT_EQ(v->key, key);
    EXPECT_FALSE(v->formula.empty()) << key;
    EXPECT_FALSE(v->inputs.empty()) << key;
  }
}

TEST_F(ShippedCatalogue, ComputeAllGivesEveryIndicatorAValueOrAReason) {
  const refdata::IndicatorCatalogue& catalogue = Ref()->indicators;
  IndicatorInputs base = Full2023();
  base.year = 2020;
  std::vector<ReportedValue> reported = {
      {.key = "straw_utilization_rate", .year = 2023, .value = 92, .unit = "%"},
      {.key = "straw_utilization_rate", .year = 2022, .value = 90, .unit = "%"}};
  std::vector<IndicatorOutcome> all = ComputeAll(catalogue, Full2023(), &base, reported, {});
  EXPECT_EQ(all.size(), catalogue.all().size() - 1);  // carbon_peak_year needs a series
  std::set<std::string> ok;
  for (const IndicatorOutcome& o : all) {
    if (o.value.ok()) {
      ok.insert(o.key);
    } else {
      EXPECT_FALSE(o.value.status().message().empty()) << o.key;
    }
  }
  EXPECT_TRUE(ok.count("energy_intensity_reduction"));
  EXPECT_TRUE(ok.count("forest_coverage"));
  if (catalogue.Find("straw_utilization_rate") != nullptr) {
    ASSERT_TRUE(ok.count("straw_utilization_rate"));
    for (const IndicatorOutcome& o : all) {
      if (o.key == "straw_utilization_rate") {
        EXPECT_DOUBLE_EQ(o.value->value, 92);
      }
    }
  }
}

TEST(InputFields, EveryFieldHasAUnitAndASupplyHint) {
  std::set<std::string_view> ids;
  for (const InputField& f : InputFields()) {
    EXPECT_TRUE(ids.insert(f.id).second) << f.id;
    EXPECT_FALSE(f.unit.empty()) << f.id;
    EXPECT_FALSE(f.name_zh.empty()) << f.id;
    EXPECT_TRUE(Contains(f.supply, "carbonpeak")) << f.id;
  }
  EXPECT_NE(FindInputField("gdp_constant_10k_yuan"), nullptr);
  EXPECT_EQ(FindInputField("nope"), nullptr);
}

TEST(Names, RoundTrip) {
  for (NonFossilRule r : {NonFossilRule::kNone, NonFossilRule::kRenewableIncrementExcluded,
                          NonFossilRule::kNonFossilExcluded}) {
    EXPECT_EQ(ParseNonFossilRule(NonFossilRuleName(r)), r);
  }
  EXPECT_EQ(ParseCaliber("等价值"), Caliber::kEquivalent);
  EXPECT_EQ(ParseCaliber(CaliberName(Caliber::kCalorific)), Caliber::kCalorific);
}

}  // namespace
}  // namespace carbonpeak::indicators
