#include "accounting/internal/factor_units.h"

#include <array>
#include <optional>
#include <utility>

#include "base/text.h"
#include "base/units.h"

namespace carbonpeak::accounting::internal {
namespace {

std::string Quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

// Exact spellings a kind accepts, with the multiplier to its canonical form.
struct Spelling {
  std::string_view text;
  double scale;
};

template <size_t N>
std::optional<double> Lookup(const std::array<Spelling, N>& table, std::string_view unit) {
  for (const Spelling& s : table) {
    if (s.text == unit) return s.scale;
  }
  return std::nullopt;
}

constexpr std::array<Spelling, 4> kCarbon = {
    {{"tC/TJ", 1.0}, {"tC/GJ", 1000.0}, {"kgC/GJ", 1.0}, {"t C/TJ", 1.0}}};
constexpr std::array<Spelling, 2> kFractions = {{{"fraction", 1.0}, {"%", 0.01}}};
constexpr std::array<Spelling, 4> kPerHeadYear = {
    {{"kgCH4/head/yr", 1.0}, {"kgN2O/head/yr", 1.0}, {"kg/head/yr", 1.0}, {"kg/头/年", 1.0}}};
constexpr std::array<Spelling, 2> kPerHaDay = {{{"kgCH4/ha/day", 1.0}, {"kgCH4/hm²/d", 1.0}}};
constexpr std::array<Spelling, 4> kDayUnits = {
    {{"days", 1.0}, {"day", 1.0}, {"d", 1.0}, {"天", 1.0}}};
constexpr std::array<Spelling, 3> kN2oN = {
    {{"kgN2O-N/kgN", 1.0}, {"kg N2O-N/kg N", 1.0}, {"fraction", 1.0}}};
constexpr std::array<Spelling, 4> kDoc = {
    {{"t C/t waste", 1.0}, {"tC/t waste", 1.0}, {"tC/t", 1.0}, {"fraction", 1.0}}};
constexpr std::array<Spelling, 3> kB0 = {
    {{"kgCH4/kgBOD", 1.0}, {"kgCH4/kgCOD", 1.0}, {"kgCH4/kg", 1.0}}};
constexpr std::array<Spelling, 5> kDensity = {
    {{"t/m³", 1.0}, {"t/m3", 1.0}, {"t dm/m³", 1.0}, {"t dm/m3", 1.0}, {"g/cm3", 1.0}}};
constexpr std::array<Spelling, 4> kPlain = {
    {{"", 1.0}, {"-", 1.0}, {"ratio", 1.0}, {"fraction", 1.0}}};
constexpr std::array<Spelling, 4> kCarbonFraction = {
    {{"tC/t dm", 1.0}, {"tC/t", 1.0}, {"t C/t dm", 1.0}, {"fraction", 1.0}}};

Status Unexpected(std::string_view unit, FactorUnitKind kind) {
  return Status::InvalidArgument("the unit " + Quoted(unit) + " does not fit; write it in " +
                                 std::string(ExpectedUnits(kind)));
}

// "<numerator>/<activity unit>" with a numerator of `dimension`: the numerator's scale to
// `to_base` times the ratio activity_unit / denominator.
Result<double> RatePerActivity(std::string_view unit, FactorUnitKind kind, Dimension dimension,
                               double numerator_per_canonical, std::string_view activity_unit) {
  const size_t slash = unit.find('/');
  if (slash == std::string_view::npos || activity_unit.empty()) return Unexpected(unit, kind);
  std::string_view numerator = text::Trim(unit.substr(0, slash));
  std::string denominator_text(text::Trim(unit.substr(slash + 1)));
  // "t clinker", "t carbonate": the words after the unit name the product.
  if (size_t space = denominator_text.find(' '); space != std::string::npos) {
    std::string_view head = std::string_view(denominator_text).substr(0, space);
    if (head == "t" || head == "kg") denominator_text = std::string(head);
  }
  Result<UnitInfo> top = ParseUnit(numerator);
  Result<UnitInfo> bottom = ParseUnit(NormalizeActivityUnit(denominator_text));
  Result<UnitInfo> activity = ParseUnit(NormalizeActivityUnit(activity_unit));
  if (!top.ok() || !bottom.ok() || !activity.ok() || top->dimension != dimension) {
    return Unexpected(unit, kind);
  }
  if (bottom->dimension != activity->dimension) {
    return Status::InvalidArgument("the unit " + Quoted(unit) + " is per " +
                                   std::string(DimensionName(bottom->dimension)) +
                                   ", but the activity is in " + std::string(activity_unit) + " (" +
                                   std::string(DimensionName(activity->dimension)) +
                                   "); write the factor per " + std::string(activity_unit));
  }
  return top->scale / numerator_per_canonical * activity->scale / bottom->scale;
}

}  // namespace

std::string NormalizeActivityUnit(std::string_view unit) {
  std::string out(text::Trim(unit));
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kAliases = {{
      {"10^4 Nm3", "万m³"},
      {"10^4 m3", "万m³"},
      {"10^4Nm3", "万m³"},
      {"Nm3", "m³"},
      {"Nm³", "m³"},
      {"m3", "m³"},
      {"head", "头"},
      {"ha", "hm²"},
  }};
  for (const auto& [from, to] : kAliases) {
    if (out == from) return std::string(to);
  }
  return out;
}

std::string_view ExpectedUnits(FactorUnitKind kind) {
  switch (kind) {
    case FactorUnitKind::kEnergyPerActivity:
      return "energy per unit of activity, e.g. GJ/t or GJ/万m³";
    case FactorUnitKind::kCarbonPerEnergy:
      return "tC/TJ (or tC/GJ)";
    case FactorUnitKind::kFraction:
      return "fraction (0 to 1) or %";
    case FactorUnitKind::kCo2PerActivity:
      return "CO2 per unit of activity, e.g. tCO2/t or kgCO2/kWh";
    case FactorUnitKind::kCoalPerActivity:
      return "standard coal per unit, e.g. kgce/kg or tce/t";
    case FactorUnitKind::kKgGasPerHeadYear:
      return "kg of gas per head and year, e.g. kgCH4/head/yr";
    case FactorUnitKind::kKgCh4PerHaDay:
      return "kgCH4/ha/day";
    case FactorUnitKind::kDays:
      return "days";
    case FactorUnitKind::kN2oNPerN:
      return "kgN2O-N/kgN";
    case FactorUnitKind::kCarbonPerWaste:
      return "t C/t waste (a fraction)";
    case FactorUnitKind::kCh4PerOrganics:
      return "kgCH4/kgCOD or kgCH4/kgBOD";
    case FactorUnitKind::kTonnesPerCubicMetre:
      return "t/m³ (tonnes of dry matter per cubic metre)";
    case FactorUnitKind::kDimensionless:
      return "a plain ratio: write the unit as '-' or 'ratio'";
    case FactorUnitKind::kCarbonPerDryMatter:
      return "tC/t dm (a fraction)";
  }
  return "";
}

Result<double> FactorUnitScale(std::string_view raw_unit, FactorUnitKind kind,
                               std::string_view activity_unit) {
  const std::string_view unit = text::Trim(raw_unit);
  std::optional<double> scale;
  switch (kind) {
    case FactorUnitKind::kEnergyPerActivity:
      // Canonical GJ: the energy base unit is kJ, 1 GJ = 1e6 kJ.
      return RatePerActivity(unit, kind, Dimension::kEnergy, 1e6, activity_unit);
    case FactorUnitKind::kCo2PerActivity:
      // Canonical tCO2: the CO2 base unit is kgCO2, 1 t = 1e3 kg.
      return RatePerActivity(unit, kind, Dimension::kCo2, 1e3, activity_unit);
    case FactorUnitKind::kCoalPerActivity:
      // Canonical tce: the standard-coal base unit is kgce, 1 tce = 1e3 kgce.
      return RatePerActivity(unit, kind, Dimension::kStandardCoal, 1e3, activity_unit);
    case FactorUnitKind::kCarbonPerEnergy:
      scale = Lookup(kCarbon, unit);
      break;
    case FactorUnitKind::kFraction:
      scale = Lookup(kFractions, unit);
      break;
    case FactorUnitKind::kKgGasPerHeadYear:
      scale = Lookup(kPerHeadYear, unit);
      break;
    case FactorUnitKind::kKgCh4PerHaDay:
      scale = Lookup(kPerHaDay, unit);
      break;
    case FactorUnitKind::kDays:
      scale = Lookup(kDayUnits, unit);
      break;
    case FactorUnitKind::kN2oNPerN:
      scale = Lookup(kN2oN, unit);
      break;
    case FactorUnitKind::kCarbonPerWaste:
      scale = Lookup(kDoc, unit);
      break;
    case FactorUnitKind::kCh4PerOrganics:
      scale = Lookup(kB0, unit);
      break;
    case FactorUnitKind::kTonnesPerCubicMetre:
      scale = Lookup(kDensity, unit);
      break;
    case FactorUnitKind::kDimensionless:
      scale = Lookup(kPlain, unit);
      break;
    case FactorUnitKind::kCarbonPerDryMatter:
      scale = Lookup(kCarbonFraction, unit);
      break;
  }
  if (!scale) return Unexpected(unit, kind);
  return *scale;
}

}  // namespace carbonpeak::accounting::internal
