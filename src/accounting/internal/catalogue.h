// The method catalogue of the non-energy inventory: for each activity item (a product, an
// animal class, a rice season, a fertiliser, a landfill site type, a wastewater stream) the
// emission terms it produces, the factors each term reads and the reference row each factor is
// filled from. Internal to accounting; the public view is accounting::InventoryItems().
#pragma once

#include <string_view>
#include <vector>

#include "accounting/internal/factor_units.h"
#include "domain/energy.h"

namespace carbonpeak::accounting::internal {

/// How a term turns its activity A and factors f0, f1, … into tonnes of gas:
///   kProductFactor  A[t] × f0[tCO2/t]
///   kHeadFactor     A[head] × f0[kg/head/yr] / 1000
///   kRice           A[hm²] × f0[kgCH4/ha/day] × f1[days] / 1000
///   kFertiliser     A[t N] × f0[kgN2O-N/kgN] × 44/28
///   kLandfill       A[t] × MCF × DOC × DOCf × F × 16/12 × (1 − OX)
///   kWastewater     A[t] × B0[kgCH4/kg] × MCF
using Method = domain::EmissionMethod;

/// One factor a term needs: its key in the factor set and the reference row that fills it.
struct FactorSpec {
  std::string_view sector;
  std::string_view item;
  std::string_view parameter;
  FactorUnitKind unit_kind;
  std::string_view ref_sector;  ///< emission_factors*.csv `sector`; empty when none ships.
  std::string_view ref_item;    ///< `item` as written there.
  std::string_view ref_parameter;
};

struct TermDef {
  domain::InventoryCategory category;
  std::string_view subcategory;
  domain::Gas gas;
  Method method;
  /// Not estimated (and said so in the result's notes) when a factor is missing, instead of
  /// stopping the computation. Used only where the method itself has no factor to offer.
  bool optional = false;
  std::vector<FactorSpec> factors;
};

struct ItemDef {
  std::string_view code;
  domain::ActivityFlow flow;
  std::string_view unit;  ///< Unit the activity is converted to: "t", "头", "hm²".
  std::string_view name_zh;
  std::string_view name_en;
  std::vector<TermDef> terms;
};

/// Every item, built once; immutable.
const std::vector<ItemDef>& Catalogue();

/// The forestry parameters every species needs (user-supplied; none ships).
struct ForestParameter {
  std::string_view parameter;
  FactorUnitKind unit_kind;
  std::string_view description;
};
const std::vector<ForestParameter>& ForestParameters();
inline constexpr std::string_view kForestrySector = "LULUCF/forestry";

}  // namespace carbonpeak::accounting::internal
