#include "domain/energy.h"

#include <array>
#include <utility>

namespace carbonpeak::domain {
namespace {

template <typename E, size_t N>
std::optional<E> FindByName(const std::array<std::pair<E, std::string_view>, N>& table,
                            std::string_view name) {
  for (const auto& [value, text] : table) {
    if (text == name) return value;
  }
  return std::nullopt;
}

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, text] : table) {
    if (v == value) return text;
  }
  return table[0].second;  // unreachable for a valid enumerator
}

constexpr std::array<std::pair<ActivityFlow, std::string_view>, 17> kFlows = {{
    {ActivityFlow::kProduction, "production"},
    {ActivityFlow::kInflow, "inflow"},
    {ActivityFlow::kOutflow, "outflow"},
    {ActivityFlow::kStockChange, "stock_change"},
    {ActivityFlow::kTransformationInput, "transformation_input"},
    {ActivityFlow::kTransformationOutput, "transformation_output"},
    {ActivityFlow::kLoss, "loss"},
    {ActivityFlow::kFinalConsumption, "final_consumption"},
    {ActivityFlow::kInstalledCapacity, "installed_capacity"},
    {ActivityFlow::kProcessOutput, "process_output"},
    {ActivityFlow::kLivestock, "livestock"},
    {ActivityFlow::kCropArea, "crop_area"},
    {ActivityFlow::kFertiliserN, "fertiliser_n"},
    {ActivityFlow::kForestStockOpening, "forest_stock_opening"},
    {ActivityFlow::kForestStockClosing, "forest_stock_closing"},
    {ActivityFlow::kWasteLandfilled, "waste_landfilled"},
    {ActivityFlow::kWastewaterOrganics, "wastewater_organics"},
}};

constexpr std::array<std::pair<Caliber, std::string_view>, 2> kCalibers = {{
    {Caliber::kCalorific, "calorific"},
    {Caliber::kEquivalent, "equivalent"},
}};

constexpr std::array<std::pair<GwpReport, std::string_view>, 4> kGwpReports = {{
    {GwpReport::kSar, "SAR"},
    {GwpReport::kAr4, "AR4"},
    {GwpReport::kAr5, "AR5"},
    {GwpReport::kAr6, "AR6"},
}};

constexpr std::array<std::pair<GridScope, std::string_view>, 3> kGridScopes = {{
    {GridScope::kNational, "national"},
    {GridScope::kRegional, "regional"},
    {GridScope::kProvincial, "provincial"},
}};

constexpr std::array<std::pair<FactorOriginKind, std::string_view>, 3> kOriginKinds = {{
    {FactorOriginKind::kReference, "reference"},
    {FactorOriginKind::kDerived, "derived"},
    {FactorOriginKind::kOverride, "override"},
}};

constexpr std::array<std::pair<Gas, std::string_view>, 3> kGases = {{
    {Gas::kCo2, "CO2"},
    {Gas::kCh4, "CH4"},
    {Gas::kN2o, "N2O"},
}};

constexpr std::array<std::pair<InventoryCategory, std::string_view>, 7> kCategories = {{
    {InventoryCategory::kFuelCombustion, "fuel_combustion"},
    {InventoryCategory::kElectricityIndirect, "electricity_indirect"},
    {InventoryCategory::kHeatIndirect, "heat_indirect"},
    {InventoryCategory::kIndustrialProcesses, "industrial_processes"},
    {InventoryCategory::kAgriculture, "agriculture"},
    {InventoryCategory::kForestry, "forestry"},
    {InventoryCategory::kWaste, "waste"},
}};

constexpr std::array<std::pair<EmissionMethod, std::string_view>, 11> kMethods = {{
    {EmissionMethod::kFuelCombustion, "fuel_combustion"},
    {EmissionMethod::kCompositeFactor, "composite_factor"},
    {EmissionMethod::kNetImport, "net_import"},
    {EmissionMethod::kNetImportDerived, "net_import_derived"},
    {EmissionMethod::kProductFactor, "product_factor"},
    {EmissionMethod::kHeadFactor, "head_factor"},
    {EmissionMethod::kRice, "rice"},
    {EmissionMethod::kFertiliser, "fertiliser"},
    {EmissionMethod::kLandfill, "landfill"},
    {EmissionMethod::kWastewater, "wastewater"},
    {EmissionMethod::kForestStockChange, "forest_stock_change"},
}};

}  // namespace

std::string_view EmissionMethodName(EmissionMethod method) { return NameOf(kMethods, method); }

std::string_view EmissionMethodFormula(EmissionMethod method) {
  switch (method) {
    case EmissionMethod::kFuelCombustion:
      return "A × NCV × CC × OF × 44/12";
    case EmissionMethod::kCompositeFactor:
    case EmissionMethod::kProductFactor:
      return "A × EF";
    case EmissionMethod::kNetImport:
      return "(inflow − outflow) × EF";
    case EmissionMethod::kNetImportDerived:
      return "(consumption − local generation) × EF";
    case EmissionMethod::kHeadFactor:
      return "N × EF / 1000";
    case EmissionMethod::kRice:
      return "S × EF_daily × days / 1000";
    case EmissionMethod::kFertiliser:
      return "N × EF1 × 44/28";
    case EmissionMethod::kLandfill:
      return "W × MCF × DOC × DOCf × F × 16/12 × (1 − OX)";
    case EmissionMethod::kWastewater:
      return "TOW × B0 × MCF";
    case EmissionMethod::kForestStockChange:
      return "−(V_closing − V_opening) × D × BEF × (1 + R) × CF × 44/12";
  }
  return "";
}

std::string_view ActivityFlowName(ActivityFlow flow) { return NameOf(kFlows, flow); }
std::optional<ActivityFlow> ParseActivityFlow(std::string_view name) {
  return FindByName(kFlows, name);
}
bool IsEnergyBalanceFlow(ActivityFlow flow) {
  switch (flow) {
    case ActivityFlow::kProduction:
    case ActivityFlow::kInflow:
    case ActivityFlow::kOutflow:
    case ActivityFlow::kStockChange:
    case ActivityFlow::kTransformationInput:
    case ActivityFlow::kTransformationOutput:
    case ActivityFlow::kLoss:
    case ActivityFlow::kFinalConsumption:
      return true;
    default:
      return false;
  }
}

std::string_view CaliberName(Caliber caliber) { return NameOf(kCalibers, caliber); }
std::optional<Caliber> ParseCaliber(std::string_view name) { return FindByName(kCalibers, name); }

std::string_view GwpReportName(GwpReport report) { return NameOf(kGwpReports, report); }
std::optional<GwpReport> ParseGwpReport(std::string_view name) {
  if (name == "AR2" || name == "SAR(AR2)") return GwpReport::kSar;
  return FindByName(kGwpReports, name);
}

std::string_view GridScopeName(GridScope scope) { return NameOf(kGridScopes, scope); }
std::optional<GridScope> ParseGridScope(std::string_view name) {
  return FindByName(kGridScopes, name);
}

std::string FactorKeyText(const FactorKey& key) {
  std::string text = key.sector + "/" + key.item + "/" + key.parameter;
  if (key.year != 0) text += "@" + std::to_string(key.year);
  return text;
}

std::string_view FactorOriginKindName(FactorOriginKind kind) { return NameOf(kOriginKinds, kind); }

std::string_view GasName(Gas gas) { return NameOf(kGases, gas); }

std::string_view InventoryCategoryName(InventoryCategory category) {
  return NameOf(kCategories, category);
}

}  // namespace carbonpeak::domain
