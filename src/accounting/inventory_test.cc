// GHG inventory, computed by hand with the factors written out.
//
// Fuel set "CN default (NCV,CC,OF)" (data/refdata/emission_factors.csv):
//   柴油 diesel       NCV 42.652 GJ/t,        CC 20.2 tC/TJ, OF 0.98
//   天然气 natural gas NCV 389.31 GJ/10^4 Nm3, CC 15.3 tC/TJ, OF 0.99
// The set has no raw-coal row; the tests supply NCV 20.908 GJ/t, CC 26.37 tC/TJ, OF 0.94 as
// overrides (the components quoted in the note of the composite raw-coal row of the same
// file, used here only as test inputs).
// Grid 2023 (grid_factors*.csv, average): national 0.5306, 湖南 0.4976 kgCO2/kWh.
// GWP AR5 (gwp.csv): CH4 28, N2O 265; AR4: CH4 25, N2O 298.

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "accounting/accounting.h"
#include "accounting/test_util.h"

namespace carbonpeak::accounting {
namespace {

using domain::ActivityFlow;
using domain::Gas;
using domain::InventoryCategory;
using testing::Energy;
using testing::Item;
using testing::kCounty;
using testing::kYear;
using testing::Override;

constexpr double kC = 44.0 / 12.0;

FactorSetSpec RawCoalSpec() {
  FactorSetSpec spec;
  spec.overrides = {
      Override("energy/combustion", "raw_coal", "ncv", 20.908, "GJ/t"),
      Override("energy/combustion", "raw_coal", "carbon_content", 26.37, "tC/TJ"),
      Override("energy/combustion", "raw_coal", "oxidation_rate", 94, "%"),
  };
  return spec;
}

std::vector<domain::ActivityRecord> County() {
  return {
      Energy(ActivityFlow::kInflow, "", "raw_coal", 9500, "t"),
      Energy(ActivityFlow::kTransformationInput, "tr_thermal_power", "raw_coal", 3000, "t"),
      Energy(ActivityFlow::kFinalConsumption, "ind_nonmetallic", "raw_coal", 4000, "t"),
      Energy(ActivityFlow::kFinalConsumption, "residential_rural", "raw_coal", 2500, "t"),
      Energy(ActivityFlow::kTransformationInput, "tr_coking", "raw_coal", 0, "t"),
      Energy(ActivityFlow::kInflow, "", "electricity", 5000, "万kWh"),
      Energy(ActivityFlow::kOutflow, "", "electricity", 400, "万kWh"),
      Energy(ActivityFlow::kFinalConsumption, "ind_nonmetallic", "electricity", 4600, "万kWh"),
      Energy(ActivityFlow::kFinalConsumption, "transport", "diesel", 1200, "t"),
      Energy(ActivityFlow::kFinalConsumption, "residential_urban", "natural_gas", 300, "万m³"),
      Energy(ActivityFlow::kFinalConsumption, "residential_rural", "biomass", 800, "t"),
  };
}

const domain::InventoryLine* FindLine(const domain::Inventory& inv, std::string_view item,
                                      std::string_view sector = "", Gas gas = Gas::kCo2) {
  for (const domain::InventoryLine& line : inv.lines) {
    if (line.item == item && line.sector == sector && line.gas == gas) return &line;
  }
  return nullptr;
}

TEST(InventoryTest, FuelCombustionAndIndirectElectricityByHand) {
  std::optional<Engine> engine = testing::MakeEngine(RawCoalSpec());
  ASSERT_TRUE(engine);
  const std::vector<domain::ActivityRecord> records = County();
  Result<domain::Inventory> result = engine->ComputeInventory(kCounty, kYear, records);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const domain::Inventory& inv = *result;

  const double coal_ef = 20.908 * 26.37e-3 * 0.94 * kC;   // tCO2/t ≈ 1.9003
  const double diesel_ef = 42.652 * 20.2e-3 * 0.98 * kC;  // ≈ 3.09591
  const double gas_ef = 389.31 * 15.3e-3 * 0.99 * kC;     // per 万m³ ≈ 21.621888

  const domain::InventoryLine* power_plant = FindLine(inv, "raw_coal", "tr_thermal_power");
  ASSERT_NE(power_plant, nullptr);
  EXPECT_NEAR(power_plant->emission_t, 3000 * coal_ef, 1e-6);
  EXPECT_EQ(power_plant->method, domain::EmissionMethod::kFuelCombustion);
  EXPECT_EQ(power_plant->records, std::vector<uint32_t>{1});
  ASSERT_EQ(power_plant->factors.size(), 3u);
  const domain::Factor& ncv = inv.factors[power_plant->factors[0]];
  EXPECT_EQ(ncv.key.parameter, "ncv");
  EXPECT_EQ(ncv.origin.kind, domain::FactorOriginKind::kOverride);
  EXPECT_EQ(ncv.origin.reason, "worked example");
  EXPECT_TRUE(inv.uses_overrides);

  // Coal into coking is converted, not burnt: no line.
  EXPECT_EQ(FindLine(inv, "raw_coal", "tr_coking"), nullptr);
  EXPECT_NEAR(FindLine(inv, "raw_coal", "ind_nonmetallic")->emission_t, 4000 * coal_ef, 1e-6);
  const domain::InventoryLine* diesel = FindLine(inv, "diesel", "transport");
  ASSERT_NE(diesel, nullptr);
  EXPECT_NEAR(diesel->emission_t, 1200 * diesel_ef, 1e-6);
  EXPECT_NEAR(diesel_ef, 3.09591, 1e-5);  // the derived row of the same set
  const domain::Factor& diesel_ncv = inv.factors[diesel->factors[0]];
  EXPECT_DOUBLE_EQ(diesel_ncv.value, 42.652);
  EXPECT_EQ(diesel_ncv.origin.set, "CN default (NCV,CC,OF)");
  EXPECT_EQ(diesel_ncv.origin.file, "refdata/emission_factors.csv");
  EXPECT_GT(diesel_ncv.origin.line, 1);
  EXPECT_NEAR(FindLine(inv, "natural_gas", "residential_urban")->emission_t, 300 * gas_ef, 1e-6);
  EXPECT_NEAR(gas_ef, 21.621888, 1e-6);

  // Biomass: biogenic, no line, said in the notes.
  EXPECT_EQ(FindLine(inv, "biomass", "residential_rural"), nullptr);
  EXPECT_TRUE(std::any_of(inv.notes.begin(), inv.notes.end(),
                          [](const auto& n) { return n.code == "biogenic_co2_excluded"; }));

  // Electricity: (5,000 − 400) 万kWh × 1e4 kWh × 0.5306 kgCO2/kWh / 1000 = 24,407.6 tCO2.
  const domain::InventoryLine* power = FindLine(inv, "electricity");
  ASSERT_NE(power, nullptr);
  EXPECT_EQ(power->category, InventoryCategory::kElectricityIndirect);
  EXPECT_NEAR(power->activity, 4600, 1e-9);
  EXPECT_NEAR(power->emission_t, 24407.6, 1e-6);
  EXPECT_EQ(power->records, (std::vector<uint32_t>{5, 6}));
  const domain::Factor& grid = inv.factors[power->factors[0]];
  EXPECT_DOUBLE_EQ(grid.value, 0.5306);
  EXPECT_EQ(grid.key.year, 2023);

  const double combustion = 9500 * coal_ef + 1200 * diesel_ef + 300 * gas_ef;
  EXPECT_NEAR(inv.totals.combustion_co2_t, combustion, 1e-6);
  EXPECT_NEAR(inv.totals.indirect_co2_t, 24407.6, 1e-6);
  EXPECT_NEAR(inv.totals.energy_co2_t, combustion + 24407.6, 1e-6);
  EXPECT_NEAR(inv.totals.gross_co2e_t, combustion + 24407.6, 1e-6);
  EXPECT_EQ(inv.fuel_set, "CN default (NCV,CC,OF)");
  EXPECT_EQ(inv.factor_set_version, engine->factor_set().version);
}

TEST(InventoryTest, ProvincialGridFactorIsSelectable) {
  FactorSetSpec spec = RawCoalSpec();
  spec.grid = {domain::GridScope::kProvincial, "湖南", "average"};
  std::optional<Engine> engine = testing::MakeEngine(spec);
  ASSERT_TRUE(engine);
  const std::vector<domain::ActivityRecord> records = County();
  Result<domain::Inventory> inv = engine->ComputeInventory(kCounty, kYear, records);
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  // 4,600 万kWh × 1e4 × 0.4976 / 1000 = 22,889.6 tCO2.
  EXPECT_NEAR(FindLine(*inv, "electricity")->emission_t, 22889.6, 1e-6);
  // 华中 2022: 0.5395.
  spec.grid = {domain::GridScope::kRegional, "华中", "average"};
  engine = testing::MakeEngine(spec);
  ASSERT_TRUE(engine);
  std::vector<domain::ActivityRecord> y2022 = County();
  for (auto& r : y2022) r.year = 2022;
  inv = engine->ComputeInventory(kCounty, 2022, y2022);
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  EXPECT_NEAR(FindLine(*inv, "electricity")->emission_t, 4600 * 1e4 * 0.5395 / 1000, 1e-6);
}

TEST(InventoryTest, NetImportIsDerivedWhenNoBorderFlowIsReported) {
  std::optional<Engine> engine = testing::MakeEngine();
  ASSERT_TRUE(engine);
  // Consumption 3,000 + losses 200 − hydro 1,000 = 2,200 万kWh imported.
  const std::vector<domain::ActivityRecord> records = {
      Energy(ActivityFlow::kProduction, "gen_hydro", "electricity", 1000, "万kWh"),
      Energy(ActivityFlow::kLoss, "", "electricity", 200, "万kWh"),
      Energy(ActivityFlow::kFinalConsumption, "commerce", "electricity", 3000, "万kWh"),
  };
  Result<domain::Inventory> inv = engine->ComputeInventory(kCounty, kYear, records);
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  const domain::InventoryLine* power = FindLine(*inv, "electricity");
  ASSERT_NE(power, nullptr);
  EXPECT_NEAR(power->activity, 2200, 1e-9);
  EXPECT_NEAR(power->emission_t, 2200 * 1e4 * 0.5306 / 1000, 1e-6);
  EXPECT_EQ(power->records.size(), 3u);
  EXPECT_TRUE(std::any_of(inv->notes.begin(), inv->notes.end(), [](const auto& n) {
    return n.code == "net_import_derived_electricity";
  }));
}

TEST(InventoryTest, ProcessesAgricultureWasteAndForestryByHand) {
  FactorSetSpec spec;
  spec.overrides = {
      // Test inputs: the DOC of the county's landfilled MSW and the species parameters of
      // Chinese fir; no sourced values ship for them.
      Override("waste/landfill", "msw", "DOC", 0.15, "t C/t waste"),
      Override("LULUCF/forestry", "chinese_fir", "wood_density", 0.3, "t/m³"),
      Override("LULUCF/forestry", "chinese_fir", "bef", 1.5, "ratio"),
      Override("LULUCF/forestry", "chinese_fir", "root_shoot_ratio", 0.2, "-"),
      Override("LULUCF/forestry", "chinese_fir", "carbon_fraction", 0.5, "tC/t dm"),
  };
  std::optional<Engine> engine = testing::MakeEngine(spec);
  ASSERT_TRUE(engine);
  const std::vector<domain::ActivityRecord> records = {
      Item(ActivityFlow::kProcessOutput, "clinker", 10, "万吨"),
      Item(ActivityFlow::kLivestock, "swine", 1, "万头"),
      Item(ActivityFlow::kCropArea, "rice_early", 15000, "亩"),
      Item(ActivityFlow::kFertiliserN, "nitrogen_upland", 500, "t"),
      Item(ActivityFlow::kWastewaterOrganics, "ww_industrial_anaerobic_reactor", 100, "t"),
      Item(ActivityFlow::kWasteLandfilled, "landfill_managed_anaerobic", 10000, "t"),
      Item(ActivityFlow::kForestStockOpening, "chinese_fir", 100, "万m³"),
      Item(ActivityFlow::kForestStockClosing, "chinese_fir", 105, "万m³"),
  };
  Result<domain::Inventory> result = engine->ComputeInventory(kCounty, kYear, records);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const domain::Inventory& inv = *result;

  // Clinker: 100,000 t × 0.52 tCO2/t = 52,000 tCO2 (IPCC 2006 Tier 1 row).
  EXPECT_NEAR(FindLine(inv, "clinker")->emission_t, 52000, 1e-6);
  // Swine, 10,000 head: enteric 1.5, manure CH4 5.85 kgCH4/head/yr, manure N2O 0.157
  // kgN2O/head/yr (GB/T 32151.22 tables C.3, C.7 and C.10, 中南).
  double swine_ch4 = 0;
  for (const domain::InventoryLine& line : inv.lines) {
    if (line.item == "swine" && line.gas == Gas::kCh4) swine_ch4 += line.emission_t;
  }
  EXPECT_NEAR(swine_ch4, 10000 * (1.5 + 5.85) / 1000, 1e-9);  // 73.5 t CH4
  const domain::InventoryLine* swine_n2o = FindLine(inv, "swine", "", Gas::kN2o);
  ASSERT_NE(swine_n2o, nullptr);
  EXPECT_NEAR(swine_n2o->emission_t, 1.57, 1e-9);
  EXPECT_NEAR(swine_n2o->co2e_t, 1.57 * 265, 1e-9);
  // Early rice: 15,000 亩 = 1,000 hm² × 1.19 kgCH4/ha/day × 113 days / 1000 = 134.47 t CH4.
  const domain::InventoryLine* rice = FindLine(inv, "rice_early", "", Gas::kCh4);
  ASSERT_NE(rice, nullptr);
  EXPECT_NEAR(rice->activity, 1000, 1e-9);
  EXPECT_NEAR(rice->emission_t, 134.47, 1e-9);
  EXPECT_NEAR(rice->co2e_t, 134.47 * 28, 1e-9);
  // Nitrogen: 500 t N × 0.01 × 44/28 = 7.857… t N2O.
  EXPECT_NEAR(FindLine(inv, "nitrogen_upland", "", Gas::kN2o)->emission_t, 500 * 0.01 * 44 / 28,
              1e-9);
  // Wastewater: 100 t COD × 0.25 kgCH4/kgCOD × MCF 0.8 = 20 t CH4.
  EXPECT_NEAR(FindLine(inv, "ww_industrial_anaerobic_reactor", "", Gas::kCh4)->emission_t, 20,
              1e-9);
  // Landfill: 10,000 t × MCF 1.0 × DOC 0.15 × DOCf 0.6 × F 0.5 × 16/12 × (1 − OX 0.1) = 540 t.
  const domain::InventoryLine* landfill =
      FindLine(inv, "landfill_managed_anaerobic", "", Gas::kCh4);
  ASSERT_NE(landfill, nullptr);
  EXPECT_NEAR(landfill->emission_t, 540, 1e-9);
  EXPECT_EQ(landfill->factors.size(), 6u);  // MCF, DOC, DOCf, F, OX and the GWP
  // Forest: +50,000 m³ × 0.3 × 1.5 × 1.2 × 0.5 = 13,500 t C → −49,500 t CO2.
  const domain::InventoryLine* fir = FindLine(inv, "chinese_fir");
  ASSERT_NE(fir, nullptr);
  EXPECT_EQ(fir->category, InventoryCategory::kForestry);
  EXPECT_NEAR(fir->activity, 50000, 1e-6);
  EXPECT_NEAR(fir->emission_t, -49500, 1e-6);
  EXPECT_EQ(fir->records.size(), 2u);

  EXPECT_NEAR(inv.totals.forestry_co2e_t, -49500, 1e-6);
  const double ch4 = 73.5 + 134.47 + 20 + 540;
  const double n2o = 1.57 + 500 * 0.01 * 44 / 28;
  EXPECT_NEAR(inv.totals.ch4_t, ch4, 1e-9);
  EXPECT_NEAR(inv.totals.n2o_t, n2o, 1e-9);
  EXPECT_NEAR(inv.totals.gross_co2e_t, 52000 + ch4 * 28 + n2o * 265, 1e-6);
  EXPECT_NEAR(inv.totals.net_co2e_t, inv.totals.gross_co2e_t - 49500, 1e-6);
  EXPECT_EQ(inv.totals.energy_co2_t, 0);
}

TEST(InventoryTest, GwpReportIsExplicitAndSelectable) {
  FactorSetSpec spec;
  spec.gwp = domain::GwpReport::kAr4;
  std::optional<Engine> engine = testing::MakeEngine(spec);
  ASSERT_TRUE(engine);
  const std::vector<domain::ActivityRecord> records = {
      Item(ActivityFlow::kLivestock, "swine", 10000, "头")};
  Result<domain::Inventory> inv = engine->ComputeInventory(kCounty, kYear, records);
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  EXPECT_EQ(inv->gwp, domain::GwpReport::kAr4);
  // AR4: 73.5 t CH4 × 25 + 1.57 t N2O × 298.
  EXPECT_NEAR(inv->totals.gross_co2e_t, 73.5 * 25 + 1.57 * 298, 1e-9);
}

TEST(InventoryTest, PoultryEntericIsNotEstimatedAndSaidSo) {
  std::optional<Engine> engine = testing::MakeEngine();
  ASSERT_TRUE(engine);
  const std::vector<domain::ActivityRecord> records = {
      Item(ActivityFlow::kLivestock, "poultry", 100000, "羽")};
  Result<domain::Inventory> inv = engine->ComputeInventory(kCounty, kYear, records);
  ASSERT_TRUE(inv.ok()) << inv.status().ToString();
  EXPECT_EQ(inv->lines.size(), 2u);  // manure CH4 and N2O only
  const auto note = std::find_if(inv->notes.begin(), inv->notes.end(),
                                 [](const auto& n) { return n.code == "not_estimated"; });
  ASSERT_NE(note, inv->notes.end());
  EXPECT_NE(note->message.find("AFOLU/enteric CH4 of poultry"), std::string::npos);
  // 100,000 × 0.02 kg = 2 t CH4 from manure.
  EXPECT_NEAR(inv->totals.ch4_t, 2, 1e-12);
}

}  // namespace
}  // namespace carbonpeak::accounting
