// Energy and emission value types: activity records as imported (energy flows by sector and
// carrier, and the non-energy activities of the inventory), the factor set an inventory uses,
// and the two accounting results, EnergyBalance (能源平衡表) and Inventory (温室气体清单).
//
//   ActivityRecord r{.region_code = "430703", .year = 2023,
//                    .flow = ActivityFlow::kFinalConsumption, .sector = "ind_nonmetallic",
//                    .carrier = "raw_coal", .value = 1000, .unit = "t",
//                    .provenance = {"energy_2023.xlsx", "能源消费", 12, 6}};
//   // accounting::Engine turns a county-year of records into an EnergyBalance and an Inventory.
//
// Codes (carrier, sector, item) are the keys of data/energy_carriers.csv, data/sectors.csv and
// the accounting item catalogue (accounting::InventoryItems()); these types only hold data and
// check nothing. Plain structs: copy freely, no I/O, no globals.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace carbonpeak::domain {

// ---------------------------------------------------------------------------------------------
// Activity data

/// What an activity record measures. Energy flows follow the rows of the NBS energy balance
/// table; the others are the activity data of the non-energy inventory categories. Stored as
/// text: append only.
enum class ActivityFlow {
  kProduction,           ///< 一次能源生产: local production (sector: source, e.g. gen_hydro).
  kInflow,               ///< 调入: brought into the county (incl. electricity from the grid).
  kOutflow,              ///< 调出: sent out of the county; a positive amount.
  kStockChange,          ///< 库存增(−)减(+): positive when stocks were drawn down.
  kTransformationInput,  ///< 加工转换投入: fuel into power/heat generation etc. (sector: process).
  kTransformationOutput,  ///< 加工转换产出: electricity, heat, coke … produced (sector: process).
  kLoss,                  ///< 损失: transport, transmission and distribution losses.
  kFinalConsumption,    ///< 终端消费 by sector.
  kInstalledCapacity,   ///< 装机容量 of a generation source (sector gen_*); not a flow.
  kProcessOutput,       ///< Industrial product output (item: clinker, lime …).
  kLivestock,           ///< Livestock population, head (item: swine, beef_cattle_young …).
  kCropArea,            ///< Sown area (item: rice_early, rice_late, rice_single).
  kFertiliserN,         ///< Nitrogen applied, as N (item: nitrogen_upland …).
  kForestStockOpening,  ///< Growing stock at the start of the year, m³ (item: species group).
  kForestStockClosing,  ///< Growing stock at the end of the year, m³ (item: species group).
  kWasteLandfilled,     ///< Municipal solid waste landfilled (item: landfill site type).
  kWastewaterOrganics,  ///< Organics in wastewater, BOD or COD (item: wastewater stream).
};

/// "production", "inflow", …, "wastewater_organics".
std::string_view ActivityFlowName(ActivityFlow flow);
std::optional<ActivityFlow> ParseActivityFlow(std::string_view name);
/// True for the flows that enter the energy balance (kProduction … kFinalConsumption).
bool IsEnergyBalanceFlow(ActivityFlow flow);

/// Where an imported figure came from: the file, the sheet (empty for CSV) and the 1-based row
/// and column of its cell (0 when unknown).
struct ActivityProvenance {
  std::string file;
  std::string sheet;
  int row = 0;
  int column = 0;
};

/// One imported figure. Energy flows use `sector` and `carrier`; the other flows use `item`.
struct ActivityRecord {
  int64_t id = 0;           ///< Assigned by the store; 0 before saving.
  std::string region_code;  ///< GB/T 2260 code of the county.
  int year = 0;
  ActivityFlow flow = ActivityFlow::kFinalConsumption;
  std::string sector;   ///< Sector code (data/sectors.csv); empty for in/outflow, stock change.
  std::string carrier;  ///< Energy carrier code (data/energy_carriers.csv).
  std::string item;     ///< Item code of a non-energy flow (accounting::InventoryItems()).
  double value = 0;     ///< In `unit`.
  std::string unit;     ///< As written, e.g. "t", "万吨", "万kWh", "万m³", "头", "hm²".
  ActivityProvenance provenance;
};

// ---------------------------------------------------------------------------------------------
// Factors

/// 当量值 (calorific: electricity at 0.1229 kgce/kWh) or 等价值 (equivalent: electricity at the
/// year's 发电煤耗). Stored as text: append only.
enum class Caliber { kCalorific, kEquivalent };
std::string_view CaliberName(Caliber caliber);  // "calorific", "equivalent"
std::optional<Caliber> ParseCaliber(std::string_view name);

/// The IPCC assessment report whose GWP100 values weigh CH4 and N2O. Stored as text: append
/// only.
enum class GwpReport { kSar, kAr4, kAr5, kAr6 };
std::string_view GwpReportName(GwpReport report);  // "SAR", "AR4", "AR5", "AR6"
std::optional<GwpReport> ParseGwpReport(std::string_view name);

/// Which published grid factor prices net imported electricity. Stored as text: append only.
enum class GridScope { kNational, kRegional, kProvincial };
std::string_view GridScopeName(GridScope scope);  // "national", "regional", "provincial"
std::optional<GridScope> ParseGridScope(std::string_view name);

struct GridChoice {
  GridScope scope = GridScope::kNational;
  std::string region_zh = "全国";  ///< "全国", a grid region ("华中") or a province ("湖南").
  std::string caliber = "average";  ///< The `caliber` column of grid_factors*.csv.
};

/// The 发电煤耗 (coal used per kWh generated) of one year, supplied by the user with its
/// source because no sourced series ships; it prices electricity in the 等价值 caliber.
struct GenerationCoalRate {
  int year = 0;
  double gce_per_kwh = 0;  ///< Grams of standard coal per kWh, e.g. 300.
  std::string source;      ///< Citation: the yearbook table or notice the number comes from.
};

/// Identifies one factor. `sector` and `parameter` name the method step, `item` the carrier,
/// process, animal, site or species it applies to, using the program's codes:
///   energy/combustion  <carrier>    ncv | carbon_content | oxidation_rate | co2_ef
///   energy/conversion  <carrier>    kgce_per_unit
///   energy/indirect    electricity  grid_co2_ef (year set)  |  heat  co2_ef
///   IPPU               <item>       co2_ef
///   AFOLU/enteric, AFOLU/manure  <animal>  ch4_ef | n2o_ef
///   AFOLU/rice <season> ch4_ef_daily | days;   AFOLU/soils <item> n2o_n_ef
///   LULUCF/forestry    <species>    wood_density | bef | root_shoot_ratio | carbon_fraction
///   waste/landfill     <site>|msw   MCF | DOC | DOCf | F | OX
///   waste/wastewater   <stream>     B0 | MCF
///   gwp                AR5 …        CH4 | N2O
struct FactorKey {
  std::string sector;
  std::string item;
  std::string parameter;
  int year = 0;  ///< 0 unless the factor is published per year (grid factors).

  friend bool operator==(const FactorKey&, const FactorKey&) = default;
};

/// "energy/combustion/raw_coal/ncv" (+ "@2023" for a yearly factor).
std::string FactorKeyText(const FactorKey& key);

/// Where a factor's value came from. Stored as text: append only.
enum class FactorOriginKind {
  kReference,  ///< A row of the shipped reference tables.
  kDerived,    ///< Computed from reference rows; `note` gives the calculation.
  kOverride,   ///< Supplied by a user with a source and a reason.
};
std::string_view FactorOriginKindName(FactorOriginKind kind);  // "reference", "derived", "override"

struct FactorOrigin {
  FactorOriginKind kind = FactorOriginKind::kReference;
  std::string set;           ///< Reference set name as written, e.g. "CN default (NCV,CC,OF)".
  std::string item;          ///< The reference row's item as written, e.g. "汽油 gasoline".
  std::string file;          ///< Reference file relative to the data directory.
  int line = 0;              ///< 1-based line of the reference row.
  std::string verification;  ///< The row's verification tag.
  std::string citation;      ///< The row's `source`, or the override's source.
  std::string note;
  std::string reason;  ///< Overrides only: why the value applies.
};

/// One resolved factor.
struct Factor {
  FactorKey key;
  double value = 0;
  std::string unit;  ///< As written: "GJ/t", "tC/TJ", "fraction", "kgCO2/kWh", "kgce/kg" …
  FactorOrigin origin;
};

/// A user-supplied value for a factor that has no sourced value (or replaces one). Refused
/// without a source and a reason.
struct FactorOverride {
  FactorKey key;
  double value = 0;
  std::string unit;
  std::string source;
  std::string reason;
};

/// A versioned, self-contained set of factors: one fuel-combustion set (never mixed), the
/// grid-factor scope, the GWP report, every other factor the item catalogue uses, and the
/// overrides applied on top. `version` is a hash of the resolved values and their origins, so
/// two inventories with the same version used the same numbers.
struct FactorSet {
  std::string fuel_set;  ///< The emission_factors*.csv `set` used for fuel combustion.
  GwpReport gwp = GwpReport::kAr5;
  GridChoice grid;
  std::string version;
  std::vector<Factor> factors;
  std::vector<FactorOverride> overrides;
};

// ---------------------------------------------------------------------------------------------
// Energy balance

/// The balance rows of one carrier (or of all carriers, in tce). Outflows and losses are
/// positive amounts; stock_change follows 库存增(−)减(+).
///   supply      = production + inflow − outflow + stock_change
///   consumption = final_consumption + losses + transformation_input − transformation_output
///   residual    = supply − (transformation_input − transformation_output) − losses − final
struct BalanceFlows {
  double production = 0;
  double inflow = 0;
  double outflow = 0;
  double stock_change = 0;
  double transformation_input = 0;
  double transformation_output = 0;
  double losses = 0;
  double final_consumption = 0;
  double supply = 0;
  double consumption = 0;
  double residual = 0;
};

/// One cell of the balance: a flow in one sector (empty for border flows) for one carrier.
/// A cell comes from exactly one record (two records for one cell are an input error).
struct BalanceEntry {
  ActivityFlow flow = ActivityFlow::kFinalConsumption;
  std::string sector;
  std::string carrier;
  double quantity = 0;                   ///< In the carrier's unit (CarrierBalance::unit).
  double tce_calorific = 0;              ///< 当量值.
  std::optional<double> tce_equivalent;  ///< 等价值; absent when the 发电煤耗 is missing.
  uint32_t record = 0;                   ///< Position of the record in the input.
};

struct CarrierBalance {
  std::string carrier;
  std::string unit;  ///< The carrier's physical unit, e.g. "t", "万m³", "万kWh", "GJ".
  BalanceFlows physical;
  BalanceFlows tce_calorific;
  std::optional<BalanceFlows> tce_equivalent;
  double tce_per_unit_calorific = 0;  ///< Coefficient used (tce per `unit`).
  std::optional<double> tce_per_unit_equivalent;
  uint32_t conversion_factor = 0;  ///< Index into EnergyBalance::factors.
  bool closes = false;             ///< |residual| within the tolerance of BalanceOptions.
};

/// Final consumption of one sector (at the level it was reported), all carriers, in tce.
struct SectorEnergy {
  std::string sector;
  double tce_calorific = 0;
  std::optional<double> tce_equivalent;
};

/// Electricity generated (or capacity installed) by one source in the county.
struct GenerationSource {
  std::string sector;                     ///< gen_hydro, gen_wind, gen_solar, tr_thermal_power …
  double electricity_10k_kwh = 0;         ///< Generation, 万kWh.
  std::optional<double> capacity_10k_kw;  ///< Installed capacity, 万kW, when reported.
};

/// A remark on a result: information that is not an error but must not go unnoticed (a
/// category with no data, a term not estimated, a derived input).
struct ResultNote {
  std::string code;     ///< Stable key, e.g. "equivalent_caliber_missing".
  std::string message;  ///< Plain words for a statistics officer.
};

/// 能源平衡表 of one county-year.
struct EnergyBalance {
  std::string region_code;
  int year = 0;
  std::string factor_set_version;
  std::vector<CarrierBalance> carriers;  ///< Carriers with data, in vocabulary order.
  std::vector<BalanceEntry> entries;     ///< Every non-empty cell, in input order of first use.
  std::vector<SectorEnergy> final_by_sector;
  /// Final consumption by economic group: "primary", "secondary", "tertiary", "residential".
  std::vector<SectorEnergy> final_by_group;
  std::vector<GenerationSource> generation;
  BalanceFlows total_calorific;                  ///< All carriers, tce 当量值.
  std::optional<BalanceFlows> total_equivalent;  ///< All carriers, tce 等价值.
  std::optional<GenerationCoalRate> coal_rate;   ///< The 发电煤耗 used for 等价值.
  std::vector<Factor> factors;                   ///< The conversion coefficients used.
  /// Inputs whose absence left part of the result uncomputed, in words ("发电煤耗 for 2023").
  std::vector<std::string> missing_inputs;
  std::vector<ResultNote> notes;
};

// ---------------------------------------------------------------------------------------------
// Inventory

/// Stored as text: append only.
enum class Gas { kCo2, kCh4, kN2o };
std::string_view GasName(Gas gas);  // "CO2", "CH4", "N2O"

/// Inventory categories, after the provincial inventory guideline's chapters. Stored as text:
/// append only.
enum class InventoryCategory {
  kFuelCombustion,       ///< 能源活动: fuel combustion by sector × fuel.
  kElectricityIndirect,  ///< 净调入电力隐含排放.
  kHeatIndirect,         ///< 净调入热力隐含排放.
  kIndustrialProcesses,  ///< 工业生产过程.
  kAgriculture,          ///< 农业: enteric, manure, rice, soils.
  kForestry,             ///< 林业: carbon stock change (negative = removal).
  kWaste,                ///< 废弃物处理: landfill and wastewater CH4.
};
std::string_view InventoryCategoryName(InventoryCategory category);  // "fuel_combustion", …

/// The equation a line was computed with. Stored as text: append only.
enum class EmissionMethod {
  kFuelCombustion,     ///< A × NCV × CC × OF × 44/12
  kCompositeFactor,    ///< A × EF (a set that gives only a CO2 factor per unit)
  kNetImport,          ///< (inflow − outflow) × EF
  kNetImportDerived,   ///< (consumption − local generation) × EF
  kProductFactor,      ///< A × EF
  kHeadFactor,         ///< N × EF / 1000
  kRice,               ///< S × EF_daily × days / 1000
  kFertiliser,         ///< N × EF1 × 44/28
  kLandfill,           ///< W × MCF × DOC × DOCf × F × 16/12 × (1 − OX)
  kWastewater,         ///< TOW × B0 × MCF
  kForestStockChange,  ///< −(V_closing − V_opening) × D × BEF × (1 + R) × CF × 44/12
};
std::string_view EmissionMethodName(EmissionMethod method);     // "fuel_combustion", …
std::string_view EmissionMethodFormula(EmissionMethod method);  // the equation above

/// One line: one gas from one activity (sector × carrier, or item) by one method step.
struct InventoryLine {
  InventoryCategory category = InventoryCategory::kFuelCombustion;
  /// Method step: "combustion", "indirect", "IPPU", "AFOLU/enteric", "AFOLU/manure",
  /// "AFOLU/rice", "AFOLU/soils", "LULUCF/forestry", "waste/landfill", "waste/wastewater".
  std::string subcategory;
  std::string sector;  ///< Sector code (fuel combustion); empty otherwise.
  std::string item;    ///< Carrier code or item code.
  Gas gas = Gas::kCo2;
  double activity = 0;        ///< In activity_unit.
  std::string activity_unit;  ///< The carrier's or item's unit.
  double emission_t = 0;      ///< Tonnes of `gas`.
  double co2e_t = 0;          ///< emission_t × GWP100.
  EmissionMethod method = EmissionMethod::kFuelCombustion;
  std::vector<uint32_t> factors;  ///< Indices into Inventory::factors.
  std::vector<uint32_t> records;  ///< Positions of the records in the input.
};

struct CategoryTotal {
  InventoryCategory category = InventoryCategory::kFuelCombustion;
  double co2_t = 0;
  double ch4_t = 0;
  double n2o_t = 0;
  double co2e_t = 0;
};

struct InventoryTotals {
  double co2_t = 0;  ///< CO2 of every category except forestry.
  double ch4_t = 0;
  double n2o_t = 0;
  double gross_co2e_t = 0;     ///< Every category except forestry.
  double forestry_co2e_t = 0;  ///< Net forestry stock change (negative = removal).
  double net_co2e_t = 0;       ///< gross + forestry.
  double energy_co2_t = 0;     ///< Fuel combustion + indirect electricity and heat.
  double combustion_co2_t = 0;
  double indirect_co2_t = 0;  ///< Electricity and heat.
};

/// 温室气体清单 of one county-year.
struct Inventory {
  std::string region_code;
  int year = 0;
  std::string fuel_set;
  std::string factor_set_version;
  GwpReport gwp = GwpReport::kAr5;
  GridChoice grid;
  std::vector<InventoryLine> lines;
  std::vector<CategoryTotal> by_category;  ///< Categories with lines, in enum order.
  InventoryTotals totals;
  std::vector<Factor> factors;  ///< Every factor a line used (incl. GWP), once each.
  bool uses_overrides = false;  ///< True when any used factor is a user override.
  std::vector<ResultNote> notes;
};

}  // namespace carbonpeak::domain
