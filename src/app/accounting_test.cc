#include "app/accounting.h"

#include <gtest/gtest.h>

#include <string>

#include "app/statistics.h"
#include "tests/testing/fake_clock.h"

namespace carbonpeak::app {
namespace {

// Two hand-made county-years of 鼎城区. 2023: 200,000 万kWh of grid electricity and 30,000 t of
// diesel, all consumed; 2020: 180,000 万kWh and 30,000 t.
std::string Year(int year, double electricity, double gdp) {
  std::string y = std::to_string(year);
  std::string e = std::to_string(static_cast<long long>(electricity));
  std::string g = std::to_string(static_cast<long long>(gdp));
  return y + ",economy,,,,gdp_constant_2020," + g + ",万元,,\n" +  //
         "430703," + y + ",economy,,,,population,72.5,万人,,\n" + "430703," + y +
         ",energy,inflow,,electricity,," + e + ",万kWh,,\n" + "430703," + y +
         ",energy,final_consumption,industry,electricity,," + e + ",万kWh,,\n" + "430703," + y +
         ",energy,inflow,,diesel,,30000,t,,\n" + "430703," + y +
         ",energy,final_consumption,transport,diesel,,30000,t,,\n";
}

std::string Data() {
  return "region_code,year,section,flow,sector,carrier,item,value,unit,name,note\n430703," +
         Year(2020, 180000, 4600000) + "430703," + Year(2023, 200000, 5200000);
}

class AccountingUseCaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Options options;
    options.resource_dir = CPK_DATA_DIR;
    options.database = ":memory:";
    auto p = Platform::Open(options, clock_);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    platform_ = std::move(*p);
    auto imported = ImportStatisticsCsv(*platform_, Data(), "hand.csv", {});
    ASSERT_TRUE(imported.ok()) << imported.status().ToString();
  }

  const indicators::IndicatorOutcome* Find(const IndicatorReport& r, std::string_view key) {
    for (const auto& o : r.outcomes) {
      if (o.key == key) return &o;
    }
    return nullptr;
  }

  FakeClock clock_;
  std::unique_ptr<Platform> platform_;
};

TEST_F(AccountingUseCaseTest, BalanceFromStoredFigures) {
  auto b = ComputeRegionBalance(*platform_, "430703", 2023, {});
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  // 200,000 万kWh × 1.229 tce/万kWh + 30,000 t × 1.4571 tce/t = 245,800 + 43,713.
  EXPECT_NEAR(b->total_calorific.consumption, 289513.0, 1e-6);
  EXPECT_FALSE(b->total_equivalent.has_value());  // no 发电煤耗 yet
  ASSERT_FALSE(b->missing_inputs.empty());
  EXPECT_NE(b->missing_inputs[0].find("carbonpeak factor coal-rate --region 430703 --year 2023"),
            std::string::npos)
      << b->missing_inputs[0];
  // Provenance: the records point at their cells in hand.csv.
  auto records = LoadActivityRecords(*platform_, "430703", 2023);
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 4u);
  EXPECT_EQ((*records)[0].provenance.file, "hand.csv");
  EXPECT_GT((*records)[0].provenance.row, 1);
  EXPECT_EQ((*records)[0].provenance.column, 8);
}

TEST_F(AccountingUseCaseTest, InventoryAndMissingGridFactorOfAYear) {
  auto inv = ComputeRegionInventory(*platform_, "430703", 2023, {});
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  // Diesel: 30,000 t × 42.652 GJ/t × 20.2 tC/TJ ÷ 1000 × 0.98 × 44/12 = 92,877.289 tCO2.
  // Electricity: 2×10⁹ kWh × 0.5306 kgCO2/kWh (national 2023) = 1,061,200 tCO2.
  EXPECT_NEAR(inv->totals.combustion_co2_t, 92877.2891, 0.01);
  EXPECT_NEAR(inv->totals.indirect_co2_t, 1061200.0, 0.01);

  // No national grid factor is published for 2020 in the reference data: the inventory stops,
  // names the factor and the command to supply it.
  auto missing = ComputeRegionInventory(*platform_, "430703", 2020, {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(missing.status().message().find("grid_co2_ef, year 2020"), std::string::npos)
      << missing.status().message();
  EXPECT_NE(missing.status().message().find("carbonpeak factor set --region 430703"),
            std::string::npos);

  domain::FactorOverride grid{{"energy/indirect", "electricity", "grid_co2_ef", 2020},
                              0.58,
                              "kgCO2/kWh",
                              "test value",
                              "worked example"};
  auto rev = SetFactorOverride(*platform_, "430703", grid, "tester");
  ASSERT_TRUE(rev.ok()) << rev.status().ToString();
  auto fixed = ComputeRegionInventory(*platform_, "430703", 2020, {});
  ASSERT_TRUE(fixed.ok()) << fixed.status().ToString();
  // 1.8×10⁹ kWh × 0.58 kg = 1,044,000 t.
  EXPECT_NEAR(fixed->totals.indirect_co2_t, 1044000.0, 0.01);
  EXPECT_TRUE(fixed->uses_overrides);

  // A second value is a new revision; the history keeps both.
  grid.value = 0.57;
  ASSERT_TRUE(SetFactorOverride(*platform_, "430703", grid, "tester").ok());
  auto factors = LoadUserFactors(*platform_, "430703");
  ASSERT_TRUE(factors.ok());
  ASSERT_EQ(factors->overrides.size(), 1u);
  EXPECT_DOUBLE_EQ(factors->overrides[0].value, 0.57);
  EXPECT_EQ(factors->overrides[0].key.year, 2020);
  EXPECT_EQ(factors->overrides[0].source, "test value");
  auto history = platform_->store().figures().History(
      {"430703", "factor.energy/indirect/electricity/grid_co2_ef", "2020", ""});
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->size(), 2u);

  // Refused without a reason.
  grid.reason = "";
  EXPECT_FALSE(SetFactorOverride(*platform_, "430703", grid, "tester").ok());
}

TEST_F(AccountingUseCaseTest, IndicatorsNameWhatIsMissing) {
  auto r = ComputeRegionIndicators(*platform_, "430703", 2023, {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto* calorific = Find(*r, "energy_consumption_total_calorific");
  ASSERT_NE(calorific, nullptr);
  ASSERT_TRUE(calorific->value.ok()) << calorific->value.status().ToString();
  EXPECT_NEAR(calorific->value->value, 28.9513, 1e-6);  // 万吨标准煤
  // The assessment caliber (等价值) needs the 发电煤耗: a clear reason, not a zero.
  const auto* intensity = Find(*r, "energy_intensity");
  ASSERT_NE(intensity, nullptr);
  EXPECT_FALSE(intensity->value.ok());

  ASSERT_TRUE(
      SetGenerationCoalRate(*platform_, "430703", {2023, 300, "test"}, "worked example", "tester")
          .ok());
  ASSERT_TRUE(
      SetGenerationCoalRate(*platform_, "430703", {2020, 300, "test"}, "worked example", "tester")
          .ok());
  EXPECT_FALSE(SetGenerationCoalRate(*platform_, "430703", {2023, 0.3, "test"}, "x", "t").ok());
  r = ComputeRegionIndicators(*platform_, "430703", 2023, {});
  ASSERT_TRUE(r.ok());
  intensity = Find(*r, "energy_intensity");
  ASSERT_TRUE(intensity->value.ok()) << intensity->value.status().ToString();
  // 等价值: 2×10⁹ kWh × 300 g = 600,000 tce + 43,713 tce diesel = 643,713 tce ÷ 5,200,000 万元.
  EXPECT_NEAR(r->inputs.energy_total_tce.equivalent.value_or(0), 643713.0, 1e-6);
  EXPECT_DOUBLE_EQ(intensity->value->value, 0.1238);
  // 2020: 1.8×10⁹ × 300 g = 540,000 + 43,713 = 583,713 ÷ 4,600,000 = 0.1269 (rounded);
  // reduction = (1 − 0.1238 / 0.1269) × 100.
  const auto* reduction = Find(*r, "energy_intensity_reduction");
  ASSERT_TRUE(reduction->value.ok()) << reduction->value.status().ToString();
  EXPECT_NEAR(reduction->value->value, (1 - 0.1238 / 0.1269) * 100, 1e-9);
  // GDP per capita-type inputs come from the economy rows.
  EXPECT_DOUBLE_EQ(r->inputs.population_10k.value_or(0), 72.5);
  // Without local generation the non-fossil energy is zero, and counted as such.
  EXPECT_DOUBLE_EQ(r->inputs.non_fossil_tce.calorific.value_or(-1), 0);
}

TEST_F(AccountingUseCaseTest, YearOutsideTheData) {
  auto r = ComputeRegionIndicators(*platform_, "430703", 2024, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("years with data: 2020, 2023"), std::string::npos)
      << r.status().message();
  auto years = StatisticsYears(*platform_, "430703");
  ASSERT_TRUE(years.ok());
  EXPECT_EQ(*years, (std::vector<int>{2020, 2023}));
}

TEST_F(AccountingUseCaseTest, TargetsStatusAgainstThePlan) {
  ASSERT_TRUE(platform_->LoadDemo().ok());
  auto unknown = ComputeTargetsStatus(*platform_, "430703");
  ASSERT_TRUE(unknown.ok()) << unknown.status().ToString();
  for (const indicators::TargetProgress& p : unknown->progress) {
    if (p.indicator != "non_fossil_share") continue;
    // Without the 发电煤耗 the 等价值 share is unknown, and the explanation says what to supply.
    EXPECT_EQ(p.status, indicators::TargetStatus::kUnknown);
    EXPECT_NE(p.explanation_en.find("发电煤耗"), std::string::npos) << p.explanation_en;
  }
  for (int year : {2020, 2023}) {
    ASSERT_TRUE(
        SetGenerationCoalRate(*platform_, "430703", {year, 300, "test"}, "worked example", "tester")
            .ok());
  }
  auto t = ComputeTargetsStatus(*platform_, "430703");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->current_year, 2023);
  ASSERT_FALSE(t->progress.empty());
  bool saw_non_fossil = false;
  for (const indicators::TargetProgress& p : t->progress) {
    if (p.indicator == "non_fossil_share" && p.target_year == 2025) {
      saw_non_fossil = true;
      // 0 % non-fossil in 2023 against ≈23 % in 2025: behind.
      ASSERT_TRUE(p.actual.has_value()) << p.explanation_en;
      EXPECT_DOUBLE_EQ(*p.actual, 0);
      EXPECT_EQ(p.status, indicators::TargetStatus::kBehind) << p.explanation_en;
    }
  }
  EXPECT_TRUE(saw_non_fossil);
}

TEST(GridChoiceTest, Parses) {
  EXPECT_EQ(ParseGridChoice("national")->scope, domain::GridScope::kNational);
  EXPECT_EQ(ParseGridChoice("华中")->scope, domain::GridScope::kRegional);
  auto hunan = ParseGridChoice("湖南");
  EXPECT_EQ(hunan->scope, domain::GridScope::kProvincial);
  EXPECT_EQ(hunan->region_zh, "湖南");
}

}  // namespace
}  // namespace carbonpeak::app
