#include "domain/energy.h"

#include <gtest/gtest.h>

namespace carbonpeak::domain {
namespace {

TEST(EnergyNamesTest, FlowsRoundTripAndOnlyBalanceFlowsEnterTheBalance) {
  int balance_flows = 0;
  for (int index = 0; index <= static_cast<int>(ActivityFlow::kWastewaterOrganics); ++index) {
    const auto flow = static_cast<ActivityFlow>(index);
    const std::string_view name = ActivityFlowName(flow);
    ASSERT_EQ(ParseActivityFlow(name), flow) << name;
    if (IsEnergyBalanceFlow(flow)) ++balance_flows;
  }
  EXPECT_EQ(balance_flows, 8);
  EXPECT_FALSE(IsEnergyBalanceFlow(ActivityFlow::kInstalledCapacity));
  EXPECT_EQ(ParseActivityFlow("consumption"), std::nullopt);
}

TEST(EnergyNamesTest, EnumsHaveStableNames) {
  EXPECT_EQ(CaliberName(Caliber::kEquivalent), "equivalent");
  EXPECT_EQ(ParseCaliber("calorific"), Caliber::kCalorific);
  EXPECT_EQ(ParseGwpReport("AR5"), GwpReport::kAr5);
  EXPECT_EQ(ParseGwpReport("AR2"), GwpReport::kSar);
  EXPECT_EQ(GwpReportName(GwpReport::kAr6), "AR6");
  EXPECT_EQ(ParseGridScope("provincial"), GridScope::kProvincial);
  EXPECT_EQ(GasName(Gas::kN2o), "N2O");
  EXPECT_EQ(InventoryCategoryName(InventoryCategory::kElectricityIndirect), "electricity_indirect");
  EXPECT_EQ(FactorOriginKindName(FactorOriginKind::kOverride), "override");
}

TEST(EnergyNamesTest, EveryMethodHasANameAndAFormula) {
  for (int index = 0; index <= static_cast<int>(EmissionMethod::kForestStockChange); ++index) {
    const auto method = static_cast<EmissionMethod>(index);
    EXPECT_FALSE(EmissionMethodFormula(method).empty()) << index;
    if (index > 0) {
      EXPECT_NE(EmissionMethodName(method), "fuel_combustion") << index;
    }
  }
  EXPECT_EQ(EmissionMethodFormula(EmissionMethod::kFuelCombustion), "A × NCV × CC × OF × 44/12");
}

TEST(EnergyNamesTest, FactorKeyText) {
  EXPECT_EQ(FactorKeyText({"energy/combustion", "raw_coal", "ncv", 0}),
            "energy/combustion/raw_coal/ncv");
  EXPECT_EQ(FactorKeyText({"energy/indirect", "electricity", "grid_co2_ef", 2023}),
            "energy/indirect/electricity/grid_co2_ef@2023");
}

}  // namespace
}  // namespace carbonpeak::domain
