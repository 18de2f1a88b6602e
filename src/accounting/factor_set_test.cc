#include <gtest/gtest.h>

#include <algorithm>

#include "accounting/accounting.h"
#include "accounting/test_util.h"

namespace carbonpeak::accounting {
namespace {

using testing::ErrorContains;
using testing::Override;
using testing::Ref;

const domain::Factor* Find(const domain::FactorSet& set, const domain::FactorKey& key) {
  for (const domain::Factor& f : set.factors) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

TEST(FactorSetTest, DefaultSetResolvesOneFuelSetAndNeverMixes) {
  Result<domain::FactorSet> set = BuildFactorSet(Ref(), {});
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->fuel_set, kDefaultFuelSet);
  EXPECT_EQ(set->version.substr(0, 3), "fs-");
  // Every combustion factor comes from the chosen set.
  int combustion = 0;
  for (const domain::Factor& f : set->factors) {
    if (f.key.sector != "energy/combustion") continue;
    ++combustion;
    EXPECT_EQ(f.origin.set, kDefaultFuelSet) << domain::FactorKeyText(f.key);
  }
  EXPECT_GT(combustion, 20);
  // Coke: NCV 28.435 GJ/t in this set (28.446 and 28.447 in two others).
  const domain::Factor* coke = Find(*set, {"energy/combustion", "coke", "ncv", 0});
  ASSERT_NE(coke, nullptr);
  EXPECT_DOUBLE_EQ(coke->value, 28.435);
  // The set has no raw-coal row: nothing is filled in from another set.
  EXPECT_EQ(Find(*set, {"energy/combustion", "raw_coal", "ncv", 0}), nullptr);

  // Another set gives other values for the same fuel.
  FactorSetSpec other;
  other.fuel_set = "CN enterprise-guideline style defaults";
  Result<domain::FactorSet> set2 = BuildFactorSet(Ref(), other);
  ASSERT_TRUE(set2.ok()) << set2.status().ToString();
  EXPECT_DOUBLE_EQ(Find(*set2, {"energy/combustion", "coke", "ncv", 0})->value, 28.446);
  EXPECT_NE(set->version, set2->version);
}

TEST(FactorSetTest, ConversionGridHeatAndGwpAreResolvedWithTheirRows) {
  Result<domain::FactorSet> set = BuildFactorSet(Ref(), {});
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  const domain::Factor* power =
      Find(*set, {"energy/conversion", "electricity", "kgce_per_unit", 0});
  ASSERT_NE(power, nullptr);
  EXPECT_DOUBLE_EQ(power->value, 0.1229);
  EXPECT_EQ(power->unit, "kgce/kWh");
  EXPECT_EQ(power->origin.verification, "seen-primary");
  // LNG: derived from its heating value, 51498 / 29307 kgce/kg.
  const domain::Factor* lng = Find(*set, {"energy/conversion", "lng", "kgce_per_unit", 0});
  ASSERT_NE(lng, nullptr);
  EXPECT_EQ(lng->origin.kind, domain::FactorOriginKind::kDerived);
  EXPECT_NEAR(lng->value, 51498.0 / 29307.0, 1e-12);
  // 煤泥 has only a range: no factor.
  EXPECT_EQ(Find(*set, {"energy/conversion", "coal_slime", "kgce_per_unit", 0}), nullptr);
  // National grid, every published year.
  for (int year : {2021, 2022, 2023}) {
    EXPECT_NE(Find(*set, {"energy/indirect", "electricity", "grid_co2_ef", year}), nullptr) << year;
  }
  EXPECT_DOUBLE_EQ(Find(*set, {"energy/indirect", "electricity", "grid_co2_ef", 2022})->value,
                   0.5366);
  EXPECT_DOUBLE_EQ(Find(*set, {"energy/indirect", "heat", "co2_ef", 0})->value, 0.11);
  EXPECT_DOUBLE_EQ(Find(*set, {"gwp", "AR5", "CH4", 0})->value, 28);
  EXPECT_DOUBLE_EQ(Find(*set, {"gwp", "AR5", "N2O", 0})->value, 265);
  // Catalogue factors carry the reference row.
  const domain::Factor* clinker = Find(*set, {"IPPU", "clinker", "co2_ef", 0});
  ASSERT_NE(clinker, nullptr);
  EXPECT_DOUBLE_EQ(clinker->value, 0.52);
  EXPECT_EQ(clinker->origin.item, "clinker calcination");
  EXPECT_EQ(Find(*set, {"IPPU", "ferroalloy", "co2_ef", 0}), nullptr);
}

TEST(FactorSetTest, OverridesReplaceAddAndNeedSourceAndReason) {
  FactorSetSpec spec;
  spec.overrides = {
      Override("energy/indirect", "electricity", "grid_co2_ef", 0.52, "kgCO2/kWh", 2024),
      Override("IPPU", "clinker", "co2_ef", 0.51, "tCO2/t")};
  Result<domain::FactorSet> set = BuildFactorSet(Ref(), spec);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  const domain::Factor* grid = Find(*set, {"energy/indirect", "electricity", "grid_co2_ef", 2024});
  ASSERT_NE(grid, nullptr);
  EXPECT_EQ(grid->origin.kind, domain::FactorOriginKind::kOverride);
  const domain::Factor* clinker = Find(*set, {"IPPU", "clinker", "co2_ef", 0});
  EXPECT_DOUBLE_EQ(clinker->value, 0.51);
  EXPECT_NE(clinker->origin.note.find("replaces 0.52"), std::string::npos) << clinker->origin.note;
  EXPECT_EQ(set->overrides.size(), 2u);

  spec.overrides[1].reason.clear();
  EXPECT_TRUE(ErrorContains(BuildFactorSet(Ref(), spec).status(),
                            {"override of IPPU/clinker/co2_ef refused: it has no reason"}));
  spec.overrides[1].reason = "x";
  spec.overrides[1].source.clear();
  EXPECT_TRUE(ErrorContains(BuildFactorSet(Ref(), spec).status(),
                            {"override of IPPU/clinker/co2_ef: give its source"}));
}

TEST(FactorSetTest, UnknownFuelSetAndGridChoiceAreExplained) {
  FactorSetSpec spec;
  spec.fuel_set = "CN default";
  EXPECT_TRUE(ErrorContains(BuildFactorSet(Ref(), spec).status(),
                            {"unknown fuel-combustion factor set 'CN default'",
                             "CN default (NCV,CC,OF)", "IPCC1996 carbon emission factor"}));
  spec = {};
  spec.grid = {domain::GridScope::kRegional, "华南", "average"};
  EXPECT_TRUE(ErrorContains(BuildFactorSet(Ref(), spec).status(),
                            {"no regional grid factor is published for '华南'", "华中 (average)"}));
  EXPECT_EQ(FuelSets(Ref()).size(), 6u);
}

TEST(FactorSetTest, EngineRejectsAnOverrideInTheWrongUnit) {
  FactorSetSpec spec;
  spec.overrides = {Override("energy/combustion", "raw_coal", "ncv", 26.37, "tC/TJ")};
  Result<domain::FactorSet> set = BuildFactorSet(Ref(), spec);
  ASSERT_TRUE(set.ok());
  Result<Engine> engine = Engine::Create(Ref(), *set);
  EXPECT_TRUE(
      ErrorContains(engine.status(), {"factor energy/combustion/raw_coal/ncv", "user override",
                                      "the unit 'tC/TJ' does not fit", "GJ/t"}));
  spec.overrides = {Override("LULUCF/forestry", "pine", "density", 0.4, "t/m³")};
  engine = Engine::Create(Ref(), BuildFactorSet(Ref(), spec).value());
  EXPECT_TRUE(ErrorContains(engine.status(), {"unknown forestry parameter 'density'",
                                              "wood_density, bef, root_shoot_ratio"}));
}

TEST(FactorSetTest, CatalogueListsItemsForImport) {
  const std::vector<InventoryItem> items = InventoryItems();
  EXPECT_GE(items.size(), 40u);
  const auto swine = std::find_if(items.begin(), items.end(),
                                  [](const InventoryItem& i) { return i.code == "swine"; });
  ASSERT_NE(swine, items.end());
  EXPECT_EQ(swine->flow, domain::ActivityFlow::kLivestock);
  EXPECT_EQ(swine->unit, "头");
  EXPECT_EQ(ForestParameterNames().size(), 4u);
}

}  // namespace
}  // namespace carbonpeak::accounting
