// Properties that hold for any data: the inventory total is the sum of its lines, emissions
// scale with activity, and a balance without losses whose supply matches its uses closes.

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "accounting/accounting.h"
#include "accounting/test_util.h"

namespace carbonpeak::accounting {
namespace {

using domain::ActivityFlow;
using testing::Energy;
using testing::Item;
using testing::kCounty;
using testing::kYear;

// Carriers with a conversion coefficient and, when fossil, a complete factor row in the
// default set; final-use sectors without children (so no total is given with its parts).
const std::vector<std::string> kCarriers = {"gasoline",      "diesel",      "fuel_oil",  "lpg",
                                            "natural_gas",   "coke",        "crude_oil", "lng",
                                            "coke_oven_gas", "electricity", "heat"};

std::vector<std::string> LeafFinalSectors() {
  std::vector<std::string> out;
  for (const refdata::Sector& s : testing::Ref().sectors) {
    if (s.kind != refdata::SectorKind::kFinal) continue;
    bool has_child = false;
    for (const refdata::Sector& t : testing::Ref().sectors) has_child |= t.parent == s.code;
    if (!has_child) out.push_back(s.code);
  }
  return out;
}

std::string UnitOf(const std::string& carrier) {
  return refdata::FindCarrier(testing::Ref(), carrier)->unit;
}

// A random county-year: every carrier used by random sectors; supply equals use exactly
// (inflow = Σ final + transformation input), no losses; plus non-energy items.
std::vector<domain::ActivityRecord> RandomCounty(uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> amount(1.0, 5000.0);
  std::bernoulli_distribution used(0.4);
  const std::vector<std::string> sectors = LeafFinalSectors();
  std::vector<domain::ActivityRecord> records;
  for (const std::string& carrier : kCarriers) {
    double total = 0;
    for (const std::string& sector : sectors) {
      if (!used(rng)) continue;
      const double value = std::round(amount(rng) * 100) / 100;
      total += value;
      records.push_back(
          Energy(ActivityFlow::kFinalConsumption, sector, carrier, value, UnitOf(carrier)));
    }
    if (carrier == "natural_gas") {
      const double input = std::round(amount(rng) * 100) / 100;
      total += input;
      records.push_back(Energy(ActivityFlow::kTransformationInput, "tr_thermal_power", carrier,
                               input, UnitOf(carrier)));
    }
    records.push_back(Energy(ActivityFlow::kInflow, "", carrier, total, UnitOf(carrier)));
  }
  records.push_back(Item(ActivityFlow::kProcessOutput, "clinker", amount(rng), "t"));
  records.push_back(Item(ActivityFlow::kLivestock, "swine", amount(rng), "头"));
  records.push_back(Item(ActivityFlow::kLivestock, "beef_cattle_adult", amount(rng), "头"));
  records.push_back(Item(ActivityFlow::kCropArea, "rice_late", amount(rng), "hm²"));
  records.push_back(Item(ActivityFlow::kFertiliserN, "nitrogen_upland", amount(rng), "t"));
  records.push_back(
      Item(ActivityFlow::kWastewaterOrganics, "ww_industrial_discharge", amount(rng), "t"));
  return records;
}

TEST(PropertyTest, BalanceWithoutLossesCloses) {
  std::optional<Engine> engine = testing::MakeEngine();
  ASSERT_TRUE(engine);
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    const std::vector<domain::ActivityRecord> records = RandomCounty(seed);
    Result<domain::EnergyBalance> b = engine->ComputeEnergyBalance(
        kCounty, kYear, records, {.coal_rates = {{kYear, 300, "test input"}}});
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    for (const domain::CarrierBalance& c : b->carriers) {
      EXPECT_DOUBLE_EQ(c.physical.losses, 0);
      EXPECT_TRUE(c.closes) << "seed " << seed << " " << c.carrier << " residual "
                            << c.physical.residual;
    }
    EXPECT_NEAR(b->total_calorific.residual, 0, 1e-6 * b->total_calorific.supply);
    ASSERT_TRUE(b->total_equivalent);
    EXPECT_NEAR(b->total_equivalent->residual, 0, 1e-6 * b->total_equivalent->supply);
    // Final use by sector adds up to the final-consumption total.
    double by_sector = 0;
    for (const domain::SectorEnergy& s : b->final_by_sector) by_sector += s.tce_calorific;
    EXPECT_NEAR(by_sector, b->total_calorific.final_consumption,
                1e-9 * b->total_calorific.final_consumption);
  }
}

TEST(PropertyTest, InventoryTotalIsTheSumOfItsParts) {
  std::optional<Engine> engine = testing::MakeEngine();
  ASSERT_TRUE(engine);
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    const std::vector<domain::ActivityRecord> records = RandomCounty(seed);
    Result<domain::Inventory> inv = engine->ComputeInventory(kCounty, kYear, records);
    ASSERT_TRUE(inv.ok()) << inv.status().ToString();
    double co2e = 0, co2 = 0, ch4 = 0, n2o = 0;
    for (const domain::InventoryLine& line : inv->lines) {
      co2e += line.co2e_t;
      switch (line.gas) {
        case domain::Gas::kCo2:
          co2 += line.emission_t;
          break;
        case domain::Gas::kCh4:
          ch4 += line.emission_t;
          break;
        case domain::Gas::kN2o:
          n2o += line.emission_t;
          break;
      }
      ASSERT_FALSE(line.records.empty());
      ASSERT_FALSE(line.factors.empty());
      for (uint32_t f : line.factors) ASSERT_LT(f, inv->factors.size());
    }
    const double tolerance = 1e-9 * co2e;
    EXPECT_NEAR(inv->totals.net_co2e_t, co2e, tolerance);
    EXPECT_NEAR(inv->totals.co2_t, co2, tolerance);
    EXPECT_NEAR(inv->totals.ch4_t, ch4, tolerance);
    EXPECT_NEAR(inv->totals.n2o_t, n2o, tolerance);
    double by_category = 0;
    for (const domain::CategoryTotal& c : inv->by_category) by_category += c.co2e_t;
    EXPECT_NEAR(by_category, co2e, tolerance);
    EXPECT_NEAR(inv->totals.energy_co2_t,  // energy CO2 = combustion + indirect
                inv->totals.combustion_co2_t + inv->totals.indirect_co2_t, tolerance);
    EXPECT_GT(inv->totals.combustion_co2_t, 0);
    EXPECT_GT(inv->totals.ch4_t, 0);
  }
}

TEST(PropertyTest, ScalingActivityScalesEmissions) {
  std::optional<Engine> engine = testing::MakeEngine();
  ASSERT_TRUE(engine);
  for (uint32_t seed = 1; seed <= 10; ++seed) {
    const std::vector<domain::ActivityRecord> records = RandomCounty(seed);
    std::vector<domain::ActivityRecord> scaled = records;
    const double k = 1.0 + seed * 0.37;
    for (domain::ActivityRecord& r : scaled) r.value *= k;
    Result<domain::Inventory> base = engine->ComputeInventory(kCounty, kYear, records);
    Result<domain::Inventory> big = engine->ComputeInventory(kCounty, kYear, scaled);
    ASSERT_TRUE(base.ok() && big.ok());
    ASSERT_EQ(base->lines.size(), big->lines.size());
    for (size_t i = 0; i < base->lines.size(); ++i) {
      EXPECT_NEAR(big->lines[i].emission_t, k * base->lines[i].emission_t,
                  1e-9 * std::fabs(k * base->lines[i].emission_t));
    }
    EXPECT_NEAR(big->totals.gross_co2e_t, k * base->totals.gross_co2e_t,
                1e-9 * k * base->totals.gross_co2e_t);
    Result<domain::EnergyBalance> b1 = engine->ComputeEnergyBalance(
        kCounty, kYear, records, {.coal_rates = {{kYear, 300, "test input"}}});
    Result<domain::EnergyBalance> b2 = engine->ComputeEnergyBalance(
        kCounty, kYear, scaled, {.coal_rates = {{kYear, 300, "test input"}}});
    ASSERT_TRUE(b1.ok() && b2.ok());
    EXPECT_NEAR(b2->total_calorific.consumption, k * b1->total_calorific.consumption,
                1e-9 * k * b1->total_calorific.consumption);
  }
}

}  // namespace
}  // namespace carbonpeak::accounting
