// BuildFactorSet: resolves the factors of one FactorSetSpec from the reference tables.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <set>
#include <utility>

#include "accounting/accounting.h"
#include "accounting/internal/catalogue.h"
#include "base/units.h"

namespace carbonpeak::accounting {
namespace {

using domain::Factor;
using domain::FactorKey;
using domain::FactorOrigin;
using domain::FactorOriginKind;

constexpr std::string_view kCombustion = "energy/combustion";
constexpr std::string_view kConversion = "energy/conversion";
constexpr std::string_view kIndirect = "energy/indirect";
// The fuel-combustion parameters a set may carry; co2_ef is used only when the three
// components are not all present.
constexpr std::string_view kCombustionParameters[] = {"ncv", "carbon_content", "oxidation_rate",
                                                      "co2_ef"};

std::string Quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string Where(const refdata::Source& source) {
  return source.file + ":" + std::to_string(source.line);
}

FactorOrigin ReferenceOrigin(const refdata::Source& source, std::string_view set,
                             std::string_view item, std::string_view note) {
  FactorOrigin origin;
  origin.kind = FactorOriginKind::kReference;
  origin.set = std::string(set);
  origin.item = std::string(item);
  origin.file = source.file;
  origin.line = source.line;
  origin.verification = source.verification;
  origin.citation = source.source;
  origin.note = std::string(note);
  return origin;
}

std::string FormatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

// Factors keyed by their text, in insertion order.
class FactorList {
 public:
  explicit FactorList(std::vector<Factor>& out) : out_(out) {}

  Factor* Find(const FactorKey& key) {
    auto it = index_.find(domain::FactorKeyText(key));
    return it == index_.end() ? nullptr : &out_[it->second];
  }

  /// Adds `factor` unless its key is taken; a second reference row with another value for the
  /// same key is noted on the first.
  void AddFirst(Factor factor) {
    if (Factor* existing = Find(factor.key)) {
      if (existing->value != factor.value) {
        existing->origin.note +=
            (existing->origin.note.empty() ? "" : "; ") + std::string("another row (") +
            factor.origin.file + ":" + std::to_string(factor.origin.line) + ") gives " +
            FormatNumber(factor.value) + " " + factor.unit + "; the first row is used";
      }
      return;
    }
    index_.emplace(domain::FactorKeyText(factor.key), out_.size());
    out_.push_back(std::move(factor));
  }

  void Put(Factor factor) {
    if (Factor* existing = Find(factor.key)) {
      *existing = std::move(factor);
      return;
    }
    index_.emplace(domain::FactorKeyText(factor.key), out_.size());
    out_.push_back(std::move(factor));
  }

 private:
  std::vector<Factor>& out_;
  std::map<std::string, size_t> index_;
};

// ----- conversion coefficients -----

void AddConversionFactors(const refdata::RefData& ref, FactorList& list) {
  const refdata::ConversionFactor* definition = refdata::FindConversionFactor(ref, "标准煤定义");
  for (const refdata::EnergyCarrier& carrier : ref.energy_carriers) {
    const FactorKey key{std::string(kConversion), carrier.code, "kgce_per_unit", 0};
    Result<UnitInfo> unit = ParseUnit(carrier.unit);
    if (unit.ok() && unit->dimension == Dimension::kStandardCoal) {
      FactorOrigin origin;
      origin.kind = FactorOriginKind::kDerived;
      origin.file = carrier.origin.file;
      origin.line = carrier.origin.line;
      origin.citation = carrier.origin.source;
      origin.note = "the carrier is recorded in standard coal already";
      list.AddFirst(Factor{key, 1.0, "tce/tce", std::move(origin)});
      continue;
    }
    if (carrier.conversion_row.empty()) continue;
    const refdata::ConversionFactor* cf =
        refdata::FindConversionFactor(ref, carrier.conversion_row);
    if (cf == nullptr) continue;  // LoadRefData checks the row exists
    if (cf->kgce_per_unit) {
      list.AddFirst(Factor{key, *cf->kgce_per_unit, "kgce/" + cf->unit,
                           ReferenceOrigin(cf->source, "GB/T 2589 Appendix A (conversion table)",
                                           cf->carrier_zh, cf->note)});
    } else if (cf->ncv_kj_per_unit && definition != nullptr && definition->ncv_kj_per_unit) {
      // No published coefficient but a heating value: kgce = kJ ÷ (kJ per kgce), the definition
      // of standard coal in the same table.
      FactorOrigin origin = ReferenceOrigin(cf->source, "GB/T 2589 Appendix A (conversion table)",
                                            cf->carrier_zh, "");
      origin.kind = FactorOriginKind::kDerived;
      origin.note = "ncv_kj_per_unit " + FormatNumber(*cf->ncv_kj_per_unit) + " ÷ " +
                    FormatNumber(*definition->ncv_kj_per_unit) + " kJ per kgce (row " +
                    definition->carrier_zh + ", " + Where(definition->source) + ")";
      list.AddFirst(Factor{key, *cf->ncv_kj_per_unit / *definition->ncv_kj_per_unit,
                           "kgce/" + cf->unit, std::move(origin)});
    }
    // A range (煤泥) gives no single value: the user chooses one as an override.
  }
}

// ----- fuel combustion -----

Status AddCombustionFactors(const refdata::RefData& ref, std::string_view set, FactorList& list) {
  for (const refdata::EnergyCarrier& carrier : ref.energy_carriers) {
    if (carrier.fossil != refdata::FossilClass::kFossil || carrier.ef_items.empty()) continue;
    std::map<std::string_view, const refdata::EmissionFactor*> seen;  // parameter -> row
    for (const refdata::EmissionFactor& row : ref.emission_factors) {
      if (row.sector != kCombustion || row.set != set) continue;
      if (std::find(carrier.ef_items.begin(), carrier.ef_items.end(), row.item) ==
          carrier.ef_items.end()) {
        continue;
      }
      if (std::find(std::begin(kCombustionParameters), std::end(kCombustionParameters),
                    row.parameter) == std::end(kCombustionParameters)) {
        continue;
      }
      if (auto it = seen.find(row.parameter); it != seen.end()) {
        if (it->second->value != row.value) {
          return Status::InvalidArgument(
              "the fuel set " + Quoted(set) + " gives two values of " + row.parameter + " for " +
              carrier.code + ": " + FormatNumber(it->second->value) + " (" +
              Where(it->second->source) + ") and " + FormatNumber(row.value) + " (" +
              Where(row.source) + "); keep one row in the reference table");
        }
        continue;
      }
      seen.emplace(row.parameter, &row);
      list.AddFirst(Factor{FactorKey{std::string(kCombustion), carrier.code, row.parameter, 0},
                           row.value, row.unit,
                           ReferenceOrigin(row.source, row.set, row.item, row.note)});
    }
  }
  return Status::Ok();
}

// ----- electricity and heat -----

Status AddGridFactors(const refdata::RefData& ref, const domain::GridChoice& grid,
                      FactorList& list) {
  const std::string_view scope = domain::GridScopeName(grid.scope);
  if (grid.region_zh.empty()) {
    return Status::InvalidArgument(
        "the grid choice names no region; write 全国 for the national factor, a grid region "
        "such as 华中, or a province such as 湖南");
  }
  bool any = false;
  for (const refdata::GridFactor& row : ref.grid_factors) {
    if (!row.year || row.scope != scope || row.region_zh != grid.region_zh ||
        row.caliber != grid.caliber) {
      continue;
    }
    any = true;
    list.AddFirst(Factor{
        FactorKey{std::string(kIndirect), "electricity", "grid_co2_ef", *row.year}, row.value,
        row.unit,
        ReferenceOrigin(row.source, std::string(scope) + " " + row.region_zh + " " + row.caliber,
                        row.region_zh, row.note)});
  }
  if (any) return Status::Ok();
  std::set<std::string> choices;
  for (const refdata::GridFactor& row : ref.grid_factors) {
    if (row.year && row.scope == scope) choices.insert(row.region_zh + " (" + row.caliber + ")");
  }
  std::string known;
  for (const std::string& c : choices) known += (known.empty() ? "" : ", ") + c;
  return Status::InvalidArgument("no " + std::string(scope) + " grid factor is published for " +
                                 Quoted(grid.region_zh) + " with caliber " + Quoted(grid.caliber) +
                                 "; the " + std::string(scope) +
                                 " factors available are: " + (known.empty() ? "none" : known));
}

void AddHeatFactor(const refdata::RefData& ref, FactorList& list) {
  for (const refdata::EmissionFactor& row : ref.emission_factors) {
    if (row.sector == kIndirect && row.item == "热力 purchased heat" && row.parameter == "co2_ef") {
      list.AddFirst(Factor{FactorKey{std::string(kIndirect), "heat", "co2_ef", 0}, row.value,
                           row.unit, ReferenceOrigin(row.source, row.set, row.item, row.note)});
    }
  }
}

Status AddGwp(const refdata::RefData& ref, domain::GwpReport report, FactorList& list) {
  const std::string_view name = domain::GwpReportName(report);
  for (std::string_view gas : {"CO2", "CH4", "N2O"}) {
    const refdata::GwpValue* gwp = refdata::FindGwp(ref, name, gas);
    if (gwp == nullptr) {
      return Status::InvalidArgument("the GWP table has no " + std::string(gas) + " value for " +
                                     std::string(name) +
                                     "; choose another report (SAR, AR4, AR5, AR6) or add the "
                                     "row to refdata/gwp.csv");
    }
    list.AddFirst(Factor{FactorKey{"gwp", std::string(name), std::string(gas), 0}, gwp->gwp100,
                         "tCO2e/t",
                         ReferenceOrigin(gwp->source, gwp->report, gwp->gas, gwp->note)});
  }
  return Status::Ok();
}

// ----- the non-energy catalogue -----

Status AddCatalogueFactors(const refdata::RefData& ref, FactorList& list) {
  for (const internal::ItemDef& item : internal::Catalogue()) {
    for (const internal::TermDef& term : item.terms) {
      for (const internal::FactorSpec& spec : term.factors) {
        if (spec.ref_sector.empty()) continue;
        const refdata::EmissionFactor* found = nullptr;
        for (const refdata::EmissionFactor& row : ref.emission_factors) {
          if (row.sector != spec.ref_sector || row.item != spec.ref_item ||
              row.parameter != spec.ref_parameter) {
            continue;
          }
          if (found != nullptr && found->value != row.value) {
            return Status::InvalidArgument(
                "the reference tables give two values of " + std::string(spec.ref_parameter) +
                " for " + Quoted(spec.ref_item) + ": " + FormatNumber(found->value) + " (" +
                Where(found->source) + ") and " + FormatNumber(row.value) + " (" +
                Where(row.source) + "); keep one row");
          }
          if (found == nullptr) found = &row;
        }
        if (found == nullptr) continue;  // not shipped: the computation asks for an override
        list.AddFirst(Factor{FactorKey{std::string(spec.sector), std::string(spec.item),
                                       std::string(spec.parameter), 0},
                             found->value, found->unit,
                             ReferenceOrigin(found->source, found->set, found->item, found->note)});
      }
    }
  }
  return Status::Ok();
}

// ----- overrides -----

Status ApplyOverride(const domain::FactorOverride& o, FactorList& list) {
  const std::string key_text = domain::FactorKeyText(o.key);
  if (o.key.sector.empty() || o.key.item.empty() || o.key.parameter.empty()) {
    return Status::InvalidArgument(
        "an override must name the factor's sector, item and "
        "parameter (got " +
        Quoted(key_text) + ")");
  }
  if (!std::isfinite(o.value)) {
    return Status::InvalidArgument("override of " + key_text + ": the value is not a number");
  }
  if (o.unit.empty()) {
    return Status::InvalidArgument("override of " + key_text +
                                   ": give the value's unit (e.g. GJ/t, tC/TJ, fraction)");
  }
  if (o.source.empty()) {
    return Status::InvalidArgument("override of " + key_text +
                                   ": give its source (the document, table and page the value "
                                   "comes from)");
  }
  if (o.reason.empty()) {
    return Status::InvalidArgument("override of " + key_text +
                                   " refused: it has no reason; say why this value applies to "
                                   "the county (e.g. which guideline it follows) and supply it "
                                   "again");
  }
  FactorOrigin origin;
  origin.kind = FactorOriginKind::kOverride;
  origin.citation = o.source;
  origin.reason = o.reason;
  if (const Factor* replaced = list.Find(o.key)) {
    origin.note = "replaces " + FormatNumber(replaced->value) + " " + replaced->unit + " (" +
                  (replaced->origin.file.empty()
                       ? std::string(domain::FactorOriginKindName(replaced->origin.kind))
                       : replaced->origin.file + ":" + std::to_string(replaced->origin.line)) +
                  ")";
  }
  list.Put(Factor{o.key, o.value, o.unit, std::move(origin)});
  return Status::Ok();
}

// ----- version -----

void Mix(uint64_t& hash, std::string_view text) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;  // FNV-1a 64-bit prime
  }
  hash ^= 0xff;  // field separator
  hash *= 1099511628211ull;
}

std::string Version(const domain::FactorSet& set) {
  uint64_t hash = 14695981039346656037ull;  // FNV-1a 64-bit offset basis
  Mix(hash, set.fuel_set);
  Mix(hash, domain::GwpReportName(set.gwp));
  Mix(hash, domain::GridScopeName(set.grid.scope));
  Mix(hash, set.grid.region_zh);
  Mix(hash, set.grid.caliber);
  for (const Factor& f : set.factors) {
    char value[40];
    std::snprintf(value, sizeof value, "%.17g", f.value);
    Mix(hash, domain::FactorKeyText(f.key));
    Mix(hash, value);
    Mix(hash, f.unit);
    Mix(hash, domain::FactorOriginKindName(f.origin.kind));
    Mix(hash, f.origin.file);
    Mix(hash, std::to_string(f.origin.line));
    Mix(hash, f.origin.citation);
    Mix(hash, f.origin.reason);
  }
  char text[24];
  std::snprintf(text, sizeof text, "fs-%016llx", static_cast<unsigned long long>(hash));
  return text;
}

}  // namespace

std::vector<std::string> FuelSets(const refdata::RefData& ref) {
  std::vector<std::string> sets;
  for (const refdata::EmissionFactor& row : ref.emission_factors) {
    if (row.sector != kCombustion) continue;
    if (std::find(sets.begin(), sets.end(), row.set) == sets.end()) sets.push_back(row.set);
  }
  return sets;
}

Result<domain::FactorSet> BuildFactorSet(const refdata::RefData& ref, const FactorSetSpec& spec) {
  const std::vector<std::string> sets = FuelSets(ref);
  if (std::find(sets.begin(), sets.end(), spec.fuel_set) == sets.end()) {
    std::string known;
    for (const std::string& s : sets) known += "\n  - " + s;
    return Status::InvalidArgument(
        "unknown fuel-combustion factor set " + Quoted(spec.fuel_set) +
        "; choose one of the sets in the emission-factor tables:" + known);
  }
  domain::FactorSet set;
  set.fuel_set = spec.fuel_set;
  set.gwp = spec.gwp;
  set.grid = spec.grid;
  FactorList list(set.factors);
  AddConversionFactors(ref, list);
  CPK_RETURN_IF_ERROR(AddCombustionFactors(ref, spec.fuel_set, list));
  CPK_RETURN_IF_ERROR(AddGridFactors(ref, spec.grid, list));
  AddHeatFactor(ref, list);
  CPK_RETURN_IF_ERROR(AddGwp(ref, spec.gwp, list));
  CPK_RETURN_IF_ERROR(AddCatalogueFactors(ref, list));
  for (const domain::FactorOverride& o : spec.overrides) {
    CPK_RETURN_IF_ERROR(ApplyOverride(o, list));
  }
  set.overrides = spec.overrides;
  set.version = Version(set);
  return set;
}

std::vector<InventoryItem> InventoryItems() {
  std::vector<InventoryItem> out;
  for (const internal::ItemDef& item : internal::Catalogue()) {
    out.push_back(InventoryItem{item.code, item.flow, item.unit, item.name_zh, item.name_en});
  }
  return out;
}

std::vector<std::string_view> ForestParameterNames() {
  std::vector<std::string_view> out;
  for (const internal::ForestParameter& p : internal::ForestParameters()) {
    out.push_back(p.parameter);
  }
  return out;
}

}  // namespace carbonpeak::accounting
