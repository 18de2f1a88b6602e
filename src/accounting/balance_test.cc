// Energy balance, computed by hand with the coefficients written out. Coefficients used
// (data/refdata/conversion_factors.csv, GB/T 2589 Appendix A as reproduced there):
//   原煤 raw coal 0.7143 kgce/kg           柴油 diesel 1.4571 kgce/kg
//   天然气 natural gas 1.2143 kgce/m³      电力 electricity (当量值) 0.1229 kgce/kWh
// and, for 等价值, a 发电煤耗 of 300 gce/kWh supplied by the test (not a reference value).

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "accounting/accounting.h"
#include "accounting/test_util.h"

namespace carbonpeak::accounting {
namespace {

using domain::ActivityFlow;
using testing::Energy;
using testing::kCounty;
using testing::kYear;

const domain::CarrierBalance* Find(const domain::EnergyBalance& b, std::string_view carrier) {
  for (const domain::CarrierBalance& c : b.carriers) {
    if (c.carrier == carrier) return &c;
  }
  return nullptr;
}

TEST(ToTceTest, ThousandTonnesOfRawCoalIs714Point3Tce) {
  std::optional<Engine> engine = testing::MakeEngine();
  ASSERT_TRUE(engine);
  // 1,000 t × 1,000 kg/t × 0.7143 kgce/kg = 714,300 kgce = 714.3 tce.
  Result<double> tce = engine->ToTce("raw_coal", 1000, "t", domain::Caliber::kCalorific);
  ASSERT_TRUE(tce.ok()) << tce.status().ToString();
  EXPECT_NEAR(*tce, 714.3, 1e-9);
  // The same in 万吨: 0.1 万t.
  EXPECT_NEAR(engine->ToTce("raw_coal", 0.1, "万吨", domain::Caliber::kCalorific).value(), 714.3,
              1e-9);
  // Raw coal is not electricity: the equivalent caliber needs no coal rate and is the same.
  EXPECT_NEAR(engine->ToTce("raw_coal", 1000, "t", domain::Caliber::kEquivalent).value(), 714.3,
              1e-9);
}

TEST(ToTceTest, TenThousandKwhIs1Point229TceCalorific) {
  std::optional<Engine> engine = testing::MakeEngine();
  ASSERT_TRUE(engine);
  // 10,000 kWh × 0.1229 kgce/kWh = 1,229 kgce = 1.229 tce.
  EXPECT_NEAR(engine->ToTce("electricity", 10000, "kWh", domain::Caliber::kCalorific).value(),
              1.229, 1e-12);
  EXPECT_NEAR(engine->ToTce("electricity", 1, "万千瓦时", domain::Caliber::kCalorific).value(),
              1.229, 1e-12);
  // 等价值 at 300 gce/kWh: 10,000 kWh × 300 g = 3,000,000 gce = 3 tce.
  const domain::GenerationCoalRate rate{kYear, 300, "test input"};
  EXPECT_NEAR(
      engine->ToTce("electricity", 10000, "kWh", domain::Caliber::kEquivalent, &rate).value(), 3.0,
      1e-12);
  EXPECT_EQ(
      engine->ToTce("electricity", 10000, "kWh", domain::Caliber::kEquivalent).status().code(),
      StatusCode::kFailedPrecondition);
}

// A small county-year whose balance closes for every carrier:
//   raw coal (t):   inflow 10,000, stock change −500 (stock built up) → supply 9,500
//                   = power plant 3,000 + cement 4,000 + rural households 2,500
//   electricity (万kWh): hydro 2,000 + inflow 5,000 − outflow 400 = 6,600 supplied;
//                   thermal output 900; losses 500; final 3,000 + 4,000 = 7,000
//                   6,600 − (0 − 900) − 500 − 7,000 = 0
//   diesel (t):     inflow 1,200 = transport 1,200
//   natural gas (万m³): inflow 300 = urban households 300
std::vector<domain::ActivityRecord> ClosingCounty() {
  return {
      Energy(ActivityFlow::kInflow, "", "raw_coal", 10000, "t"),
      Energy(ActivityFlow::kStockChange, "", "raw_coal", -500, "t"),
      Energy(ActivityFlow::kTransformationInput, "tr_thermal_power", "raw_coal", 3000, "t"),
      Energy(ActivityFlow::kFinalConsumption, "ind_nonmetallic", "raw_coal", 4000, "t"),
      Energy(ActivityFlow::kFinalConsumption, "residential_rural", "raw_coal", 2500, "t"),
      Energy(ActivityFlow::kProduction, "gen_hydro", "electricity", 2000, "万kWh"),
      Energy(ActivityFlow::kTransformationOutput, "tr_thermal_power", "electricity", 900, "万kWh"),
      Energy(ActivityFlow::kInflow, "", "electricity", 5000, "万kWh"),
      Energy(ActivityFlow::kOutflow, "", "electricity", 400, "万kWh"),
      Energy(ActivityFlow::kLoss, "", "electricity", 500, "万kWh"),
      Energy(ActivityFlow::kFinalConsumption, "ind_nonmetallic", "electricity", 3000, "万kWh"),
      Energy(ActivityFlow::kFinalConsumption, "residential_urban", "electricity", 4000e4, "kWh"),
      Energy(ActivityFlow::kInflow, "", "diesel", 1200, "t"),
      Energy(ActivityFlow::kFinalConsumption, "transport", "diesel", 1200, "t"),
      Energy(ActivityFlow::kInflow, "", "natural_gas", 300, "万m³"),
      Energy(ActivityFlow::kFinalConsumption, "residential_urban", "natural_gas", 300, "万立方米"),
  };
}

TEST(EnergyBalanceTest, SmallCountyClosesInBothCalibers) {
  std::optional<Engine> engine = testing::MakeEngine();
  ASSERT_TRUE(engine);
  const std::vector<domain::ActivityRecord> records = ClosingCounty();
  BalanceOptions options;
  options.coal_rates = {{kYear, 300, "test input: a round 300 gce/kWh"}};
  Result<domain::EnergyBalance> result =
      engine->ComputeEnergyBalance(kCounty, kYear, records, options);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const domain::EnergyBalance& b = *result;

  ASSERT_EQ(b.carriers.size(), 4u);
  for (const domain::CarrierBalance& c : b.carriers) {
    EXPECT_TRUE(c.closes) << c.carrier << " residual " << c.physical.residual;
    EXPECT_NEAR(c.physical.residual, 0, 1e-9) << c.carrier;
  }
  const domain::CarrierBalance* coal = Find(b, "raw_coal");
  ASSERT_NE(coal, nullptr);
  EXPECT_DOUBLE_EQ(coal->physical.supply, 9500);
  EXPECT_DOUBLE_EQ(coal->physical.final_consumption, 6500);
  EXPECT_NEAR(coal->tce_calorific.final_consumption, 6500 * 0.7143, 1e-9);     // 4,642.95
  EXPECT_NEAR(coal->tce_calorific.transformation_input, 3000 * 0.7143, 1e-9);  // 2,142.9

  const domain::CarrierBalance* power = Find(b, "electricity");
  ASSERT_NE(power, nullptr);
  EXPECT_DOUBLE_EQ(power->physical.supply, 6600);
  EXPECT_DOUBLE_EQ(power->physical.final_consumption, 7000);  // 3,000 万kWh + 4,000e4 kWh
  EXPECT_NEAR(power->tce_per_unit_calorific, 1.229, 1e-12);
  EXPECT_NEAR(power->tce_calorific.final_consumption, 7000 * 1.229, 1e-9);  // 8,603
  ASSERT_TRUE(power->tce_per_unit_equivalent);
  EXPECT_NEAR(*power->tce_per_unit_equivalent, 3.0, 1e-12);  // 1e4 kWh × 300 g / 1e6

  // Total energy consumption = Σ (final + losses + transformation input − output), tce:
  //   coal 6,785.85; electricity (7,000 + 500 − 900) × 1.229 = 8,111.4;
  //   diesel 1,200 × 1.4571 = 1,748.52; gas 300e4 m³ × 1.2143 kg / 1000 = 3,642.9.
  EXPECT_NEAR(b.total_calorific.consumption, 6785.85 + 8111.4 + 1748.52 + 3642.9, 1e-6);
  ASSERT_TRUE(b.total_equivalent);
  // 等价值: electricity (7,000 + 500 − 900) × 3 = 19,800.
  EXPECT_NEAR(b.total_equivalent->consumption, 6785.85 + 19800 + 1748.52 + 3642.9, 1e-6);
  EXPECT_NEAR(b.total_calorific.residual, 0, 1e-6);
  EXPECT_TRUE(b.missing_inputs.empty());
  ASSERT_TRUE(b.coal_rate);
  EXPECT_EQ(b.coal_rate->source, "test input: a round 300 gce/kWh");

  // Final use by sector and group (tce, calorific).
  auto sector = [&](std::string_view code) -> double {
    for (const domain::SectorEnergy& s : b.final_by_sector) {
      if (s.sector == code) return s.tce_calorific;
    }
    return -1;
  };
  EXPECT_NEAR(sector("ind_nonmetallic"), 4000 * 0.7143 + 3000 * 1.229, 1e-9);
  EXPECT_NEAR(sector("residential_urban"), 4000 * 1.229 + 3642.9, 1e-6);
  ASSERT_EQ(b.final_by_group.size(), 3u);
  EXPECT_EQ(b.final_by_group[0].sector, "secondary");
  EXPECT_EQ(b.final_by_group[1].sector, "tertiary");
  EXPECT_EQ(b.final_by_group[2].sector, "residential");
  EXPECT_NEAR(b.final_by_group[2].tce_calorific, 2500 * 0.7143 + 4000 * 1.229 + 3642.9, 1e-6);

  // Generation by source: hydro 2,000 and thermal 900 万kWh.
  ASSERT_EQ(b.generation.size(), 2u);
  EXPECT_EQ(b.generation[0].sector, "gen_hydro");
  EXPECT_DOUBLE_EQ(b.generation[0].electricity_10k_kwh, 2000);
  EXPECT_EQ(b.generation[1].sector, "tr_thermal_power");

  // Each cell keeps its record and the coefficients keep their reference rows.
  ASSERT_EQ(b.entries.size(), records.size());
  EXPECT_EQ(b.entries[11].record, 11u);
  EXPECT_NEAR(b.entries[11].quantity, 4000, 1e-9);  // 4,000e4 kWh → 4,000 万kWh
  const domain::Factor& coal_factor = b.factors[coal->conversion_factor];
  EXPECT_DOUBLE_EQ(coal_factor.value, 0.7143);
  EXPECT_EQ(coal_factor.origin.file, "refdata/conversion_factors.csv");
  EXPECT_EQ(coal_factor.origin.item, "原煤");
}

TEST(EnergyBalanceTest, ResidualIsShownWhenTheBalanceDoesNotClose) {
  std::optional<Engine> engine = testing::MakeEngine();
  ASSERT_TRUE(engine);
  // Diesel: 1,000 t came in but 1,200 t were used: residual −200 t = −291.42 tce.
  const std::vector<domain::ActivityRecord> records = {
      Energy(ActivityFlow::kInflow, "", "diesel", 1000, "t"),
      Energy(ActivityFlow::kFinalConsumption, "transport", "diesel", 1200, "t"),
  };
  Result<domain::EnergyBalance> b = engine->ComputeEnergyBalance(kCounty, kYear, records);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ASSERT_EQ(b->carriers.size(), 1u);
  const domain::CarrierBalance& diesel = b->carriers[0];
  EXPECT_FALSE(diesel.closes);
  EXPECT_DOUBLE_EQ(diesel.physical.residual, -200);
  EXPECT_NEAR(diesel.tce_calorific.residual, -200 * 1.4571, 1e-9);
  EXPECT_NEAR(b->total_calorific.residual, -291.42, 1e-9);
  const auto note = std::find_if(b->notes.begin(), b->notes.end(),
                                 [](const auto& n) { return n.code == "balance_residual"; });
  ASSERT_NE(note, b->notes.end());
  EXPECT_NE(note->message.find("diesel (-200 t)"), std::string::npos) << note->message;
  // No electricity: the equivalent caliber equals the calorific one without a coal rate.
  ASSERT_TRUE(b->total_equivalent);
  EXPECT_DOUBLE_EQ(b->total_equivalent->consumption, b->total_calorific.consumption);
}

TEST(EnergyBalanceTest, WithoutCoalRateTheEquivalentColumnsAreMissingAndSaid) {
  std::optional<Engine> engine = testing::MakeEngine();
  ASSERT_TRUE(engine);
  const std::vector<domain::ActivityRecord> records = ClosingCounty();
  BalanceOptions options;
  options.coal_rates = {{2022, 305, "a rate for another year"}};
  Result<domain::EnergyBalance> b = engine->ComputeEnergyBalance(kCounty, kYear, records, options);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_FALSE(b->total_equivalent);
  EXPECT_FALSE(b->carriers[0].tce_equivalent);
  EXPECT_FALSE(b->entries[0].tce_equivalent);
  ASSERT_EQ(b->missing_inputs.size(), 1u);
  EXPECT_NE(b->missing_inputs[0].find("发电煤耗"), std::string::npos);
  EXPECT_NE(b->missing_inputs[0].find("2023"), std::string::npos);
  // The calorific caliber is complete regardless.
  EXPECT_NEAR(b->total_calorific.consumption, 6785.85 + 8111.4 + 1748.52 + 3642.9, 1e-6);
}

TEST(EnergyBalanceTest, CapacityIsReportedWithGenerationAndOtherCountyYearsAreSkipped) {
  std::optional<Engine> engine = testing::MakeEngine();
  ASSERT_TRUE(engine);
  std::vector<domain::ActivityRecord> records = {
      Energy(ActivityFlow::kProduction, "gen_solar", "electricity", 1200, "万kWh"),
      Energy(ActivityFlow::kInstalledCapacity, "gen_solar", "", 100, "MW"),
      Energy(ActivityFlow::kFinalConsumption, "industry", "electricity", 1200, "万kWh"),
      Energy(ActivityFlow::kFinalConsumption, "industry", "electricity", 9999, "万kWh", 2022),
  };
  records.push_back(records[0]);
  records.back().region_code = "430781";  // another county
  Result<domain::EnergyBalance> b = engine->ComputeEnergyBalance(
      kCounty, kYear, records, {.coal_rates = {{kYear, 300, "test input"}}});
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ASSERT_EQ(b->generation.size(), 1u);
  EXPECT_EQ(b->generation[0].sector, "gen_solar");
  EXPECT_DOUBLE_EQ(b->generation[0].electricity_10k_kwh, 1200);
  ASSERT_TRUE(b->generation[0].capacity_10k_kw);
  EXPECT_DOUBLE_EQ(*b->generation[0].capacity_10k_kw, 10);  // 100 MW = 10 万kW
  EXPECT_EQ(b->entries.size(), 2u);
  EXPECT_TRUE(b->carriers[0].closes);
}

}  // namespace
}  // namespace carbonpeak::accounting
