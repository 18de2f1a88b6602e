#include "accounting/internal/factor_units.h"

#include <gtest/gtest.h>

namespace carbonpeak::accounting::internal {
namespace {

TEST(FactorUnitsTest, HeatingValuesConvertToGjPerActivityUnit) {
  // 389.31 GJ per 10^4 Nm3, activity in 万m³: the same unit.
  EXPECT_DOUBLE_EQ(
      FactorUnitScale("GJ/10^4 Nm3", FactorUnitKind::kEnergyPerActivity, "万m³").value(), 1.0);
  // GJ/t with activity in 万t: × 10,000.
  EXPECT_DOUBLE_EQ(FactorUnitScale("GJ/t", FactorUnitKind::kEnergyPerActivity, "万t").value(), 1e4);
  // kJ/kg = MJ/t = 0.001 GJ/t.
  EXPECT_NEAR(FactorUnitScale("kJ/kg", FactorUnitKind::kEnergyPerActivity, "t").value(), 1e-3,
              1e-15);
  Result<double> wrong = FactorUnitScale("GJ/t", FactorUnitKind::kEnergyPerActivity, "万m³");
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("is per mass, but the activity is in 万m³"),
            std::string::npos)
      << wrong.status().message();
}

TEST(FactorUnitsTest, Co2AndCoalRates) {
  // kgCO2/kWh with activity in 万kWh: × 10,000 kWh / 1,000 kg per t = × 10.
  EXPECT_DOUBLE_EQ(FactorUnitScale("kgCO2/kWh", FactorUnitKind::kCo2PerActivity, "万kWh").value(),
                   10.0);
  EXPECT_DOUBLE_EQ(FactorUnitScale("tCO2/t clinker", FactorUnitKind::kCo2PerActivity, "t").value(),
                   1.0);
  EXPECT_DOUBLE_EQ(FactorUnitScale("tCO2/GJ", FactorUnitKind::kCo2PerActivity, "GJ").value(), 1.0);
  // kgce/kg with activity in t: tce per t, × 1.
  EXPECT_DOUBLE_EQ(FactorUnitScale("kgce/kg", FactorUnitKind::kCoalPerActivity, "t").value(), 1.0);
  // kgce/m3 with activity in 万m³: × 10,000 m³ / 1,000 = × 10.
  EXPECT_DOUBLE_EQ(FactorUnitScale("kgce/m3", FactorUnitKind::kCoalPerActivity, "万m³").value(),
                   10.0);
  EXPECT_FALSE(FactorUnitScale("tC/TJ", FactorUnitKind::kCo2PerActivity, "t").ok());
}

TEST(FactorUnitsTest, FixedSpellings) {
  EXPECT_DOUBLE_EQ(FactorUnitScale("tC/GJ", FactorUnitKind::kCarbonPerEnergy).value(), 1000);
  EXPECT_DOUBLE_EQ(FactorUnitScale("%", FactorUnitKind::kFraction).value(), 0.01);
  EXPECT_DOUBLE_EQ(FactorUnitScale(" fraction ", FactorUnitKind::kFraction).value(), 1);
  EXPECT_DOUBLE_EQ(FactorUnitScale("kgCH4/head/yr", FactorUnitKind::kKgGasPerHeadYear).value(), 1);
  Result<double> bad = FactorUnitScale("kgCH4/head/day", FactorUnitKind::kKgGasPerHeadYear);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("kg of gas per head and year"), std::string::npos);
  EXPECT_EQ(NormalizeActivityUnit(" 10^4 Nm3 "), "万m³");
  EXPECT_EQ(NormalizeActivityUnit("head"), "头");
}

}  // namespace
}  // namespace carbonpeak::accounting::internal
