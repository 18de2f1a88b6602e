// Engine::Create (indexing vocabularies and factors), record preparation, ToTce.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <utility>

#include "accounting/accounting.h"
#include "accounting/internal/engine_impl.h"

namespace carbonpeak::accounting {

using domain::ActivityFlow;
using domain::ActivityRecord;
using domain::Factor;
using domain::FactorKey;
using internal::FactorUnitKind;
using internal::MissingFactor;
using internal::Resolved;

namespace {

std::string Quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

std::string FormatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

bool ValidCode(std::string_view code) {
  return !code.empty() && std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string OriginText(const Factor& f) {
  if (f.origin.kind == domain::FactorOriginKind::kOverride) {
    return "user override, source " + Quoted(f.origin.citation);
  }
  return f.origin.file + ":" + std::to_string(f.origin.line);
}

// The factor at `key`, brought to the canonical unit of `kind`; nullopt when the set lacks it.
Result<std::optional<Resolved>> Resolve(const Engine::Impl& impl, const FactorKey& key,
                                        FactorUnitKind kind, std::string_view activity_unit) {
  const int index = impl.FindFactor(key);
  if (index < 0) return std::optional<Resolved>();
  const Factor& f = impl.factor(index);
  Result<double> scale = internal::FactorUnitScale(f.unit, kind, activity_unit);
  if (!scale.ok()) {
    return Status::InvalidArgument("factor " + domain::FactorKeyText(key) + " (" + OriginText(f) +
                                   "): " + scale.status().message());
  }
  return std::optional<Resolved>(Resolved{index, f.value * *scale});
}

MissingFactor Missing(const FactorKey& key, FactorUnitKind kind, std::string needed_for,
                      std::string hint = "") {
  return MissingFactor{key, std::string(internal::ExpectedUnits(kind)), std::move(needed_for),
                       std::move(hint)};
}

// ----- building the index -----

Status IndexCarriers(const refdata::RefData& ref, Engine::Impl& impl) {
  for (const refdata::EnergyCarrier& c : ref.energy_carriers) {
    internal::CarrierInfo info;
    info.code = c.code;
    info.name_zh = c.name_zh;
    info.unit = c.unit;
    CPK_ASSIGN_OR_RETURN(UnitInfo unit, ParseUnit(c.unit));
    info.dimension = unit.dimension;
    info.unit_scale = unit.scale;
    info.fossil = c.fossil;
    info.electricity = c.group == "electricity";
    info.heat = c.group == "heat";
    const std::string label = c.code + " (" + c.name_zh + ")";

    const FactorKey conversion{"energy/conversion", c.code, "kgce_per_unit", 0};
    CPK_ASSIGN_OR_RETURN(info.conversion,
                         Resolve(impl, conversion, FactorUnitKind::kCoalPerActivity, c.unit));
    if (c.conversion_row.empty()) {
      info.conversion_hint = "no standard-coal coefficient for " + label + " ships";
    } else if (const refdata::ConversionFactor* cf =
                   refdata::FindConversionFactor(ref, c.conversion_row);
               cf != nullptr && cf->kgce_range) {
      info.conversion_hint = "the conversion table gives only a range for " + cf->carrier_zh +
                             ", " + FormatNumber(cf->kgce_range->low) + "-" +
                             FormatNumber(cf->kgce_range->high) + " kgce/" + cf->unit + " (" +
                             cf->source.file + ":" + std::to_string(cf->source.line) +
                             "); choose the value that fits the county's coal and say why";
    }
    if (info.electricity) {
      CPK_ASSIGN_OR_RETURN(info.kwh_per_unit, ConvertValue(1.0, c.unit, "kWh"));
    }

    if (c.fossil == refdata::FossilClass::kFossil) {
      const FactorKey ncv_key{"energy/combustion", c.code, "ncv", 0};
      const FactorKey cc_key{"energy/combustion", c.code, "carbon_content", 0};
      const FactorKey of_key{"energy/combustion", c.code, "oxidation_rate", 0};
      const FactorKey ef_key{"energy/combustion", c.code, "co2_ef", 0};
      CPK_ASSIGN_OR_RETURN(std::optional<Resolved> ncv,
                           Resolve(impl, ncv_key, FactorUnitKind::kEnergyPerActivity, c.unit));
      CPK_ASSIGN_OR_RETURN(std::optional<Resolved> cc,
                           Resolve(impl, cc_key, FactorUnitKind::kCarbonPerEnergy, c.unit));
      CPK_ASSIGN_OR_RETURN(std::optional<Resolved> of,
                           Resolve(impl, of_key, FactorUnitKind::kFraction, c.unit));
      CPK_ASSIGN_OR_RETURN(std::optional<Resolved> ef,
                           Resolve(impl, ef_key, FactorUnitKind::kCo2PerActivity, c.unit));
      if (ncv && cc && of) {
        // GJ/unit × tC/TJ × 1e-3 TJ/GJ × oxidation × 44/12 tCO2/tC.
        info.tco2_per_unit = ncv->value * cc->value * 1e-3 * of->value * 44.0 / 12.0;
        info.combustion_factors = {ncv->index, cc->index, of->index};
      } else if (ef) {
        info.tco2_per_unit = ef->value;
        info.combustion_factors = {ef->index};
      } else {
        const std::string what = "fuel combustion of " + label;
        const std::string set_hint = c.ef_items.empty()
                                         ? "no emission factor for this fuel ships in any set"
                                         : "the fuel set " + Quoted(impl.factors.fuel_set) +
                                               " has no row for it (names looked for: " +
                                               [&] {
                                                 std::string names;
                                                 for (const std::string& n : c.ef_items) {
                                                   names += (names.empty() ? "" : ", ") + n;
                                                 }
                                                 return names;
                                               }() +
                                               ")";
        if (!ncv) {
          info.combustion_missing.push_back(
              Missing(ncv_key, FactorUnitKind::kEnergyPerActivity, what, set_hint));
        }
        if (!cc) {
          info.combustion_missing.push_back(
              Missing(cc_key, FactorUnitKind::kCarbonPerEnergy, what, set_hint));
        }
        if (!of) {
          info.combustion_missing.push_back(
              Missing(of_key, FactorUnitKind::kFraction, what, set_hint));
        }
      }
    }
    impl.carrier_index.emplace(c.code, static_cast<int>(impl.carriers.size()));
    impl.carrier_by_name.emplace(c.name_zh, static_cast<int>(impl.carriers.size()));
    if (info.electricity) impl.electricity = static_cast<int>(impl.carriers.size());
    if (info.heat) impl.heat = static_cast<int>(impl.carriers.size());
    impl.carriers.push_back(std::move(info));
  }
  return Status::Ok();
}

void IndexSectors(const refdata::RefData& ref, Engine::Impl& impl) {
  for (const refdata::Sector& s : ref.sectors) {
    impl.sector_index.emplace(s.code, static_cast<int>(impl.sectors.size()));
    impl.sectors.push_back(
        internal::SectorInfo{s.code, s.name_zh, s.kind, -1, s.group, s.fuel_combustion});
  }
  for (internal::SectorInfo& s : impl.sectors) {
    const refdata::Sector* def = refdata::FindSector(ref, s.code);
    if (def != nullptr && !def->parent.empty()) s.parent = impl.sector_index.at(def->parent);
  }
}

Status IndexItems(Engine::Impl& impl) {
  for (const internal::ItemDef& def : internal::Catalogue()) {
    internal::ItemInfo info;
    info.def = &def;
    CPK_ASSIGN_OR_RETURN(UnitInfo unit, ParseUnit(def.unit));
    info.dimension = unit.dimension;
    info.unit_scale = unit.scale;
    for (const internal::TermDef& term : def.terms) {
      internal::TermInfo t;
      t.def = &term;
      std::vector<double> values;
      for (const internal::FactorSpec& spec : term.factors) {
        const FactorKey key{std::string(spec.sector), std::string(spec.item),
                            std::string(spec.parameter), 0};
        CPK_ASSIGN_OR_RETURN(std::optional<Resolved> r,
                             Resolve(impl, key, spec.unit_kind, def.unit));
        if (!r) {
          t.missing.push_back(
              Missing(key, spec.unit_kind,
                      std::string(term.subcategory) + " " + std::string(domain::GasName(term.gas)) +
                          " of " + std::string(def.code) + " (" + std::string(def.name_zh) + ")",
                      "no sourced value ships for it"));
          continue;
        }
        t.factors.push_back(r->index);
        values.push_back(r->value);
      }
      if (t.missing.empty()) {
        double m = 0;
        switch (term.method) {
          case internal::Method::kProductFactor:
            m = values[0];
            break;
          case internal::Method::kHeadFactor:
            m = values[0] / 1000.0;  // kg → t
            break;
          case internal::Method::kRice:
            m = values[0] * values[1] / 1000.0;  // kg/ha/day × days, kg → t
            break;
          case internal::Method::kFertiliser:
            m = values[0] * 44.0 / 28.0;  // N2O-N → N2O
            break;
          case internal::Method::kLandfill:
            // MCF × DOC × DOCf × F × 16/12 × (1 − OX)
            m = values[0] * values[1] * values[2] * values[3] * 16.0 / 12.0 * (1.0 - values[4]);
            break;
          case internal::Method::kWastewater:
            m = values[0] * values[1];  // kg CH4/kg × t = t CH4
            break;
          default:  // energy and forestry methods are not catalogue terms
            break;
        }
        t.multiplier = m;
      }
      info.terms.push_back(std::move(t));
    }
    impl.item_index.emplace(std::string(def.code), static_cast<int>(impl.items.size()));
    impl.items.push_back(std::move(info));
  }
  return Status::Ok();
}

Status IndexIndirectAndGwp(Engine::Impl& impl) {
  if (impl.electricity >= 0) {
    const std::string& unit = impl.carriers[impl.electricity].unit;
    for (size_t idx = 0; idx < impl.factors.factors.size(); ++idx) {
      const FactorKey& key = impl.factors.factors[idx].key;
      if (key.sector != "energy/indirect" || key.item != "electricity" ||
          key.parameter != "grid_co2_ef" || key.year == 0) {
        continue;
      }
      CPK_ASSIGN_OR_RETURN(std::optional<Resolved> r,
                           Resolve(impl, key, FactorUnitKind::kCo2PerActivity, unit));
      impl.grid_by_year.emplace_back(key.year, *r);
    }
    std::sort(impl.grid_by_year.begin(), impl.grid_by_year.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
  }
  if (impl.heat >= 0) {
    CPK_ASSIGN_OR_RETURN(impl.heat_factor,
                         Resolve(impl, FactorKey{"energy/indirect", "heat", "co2_ef", 0},
                                 FactorUnitKind::kCo2PerActivity, impl.carriers[impl.heat].unit));
  }
  const std::string report(domain::GwpReportName(impl.factors.gwp));
  if (int i = impl.FindFactor({"gwp", report, "CH4", 0}); i >= 0) {
    impl.gwp_ch4 = Resolved{i, impl.factor(i).value};
  }
  if (int i = impl.FindFactor({"gwp", report, "N2O", 0}); i >= 0) {
    impl.gwp_n2o = Resolved{i, impl.factor(i).value};
  }
  return Status::Ok();
}

// Forestry parameters are looked up per species while computing; check their units now so a
// bad override fails at once.
Status CheckForestFactors(const Engine::Impl& impl) {
  for (const Factor& f : impl.factors.factors) {
    if (f.key.sector != internal::kForestrySector) continue;
    const auto& params = internal::ForestParameters();
    auto it = std::find_if(params.begin(), params.end(), [&](const internal::ForestParameter& p) {
      return p.parameter == f.key.parameter;
    });
    if (it == params.end()) {
      std::string known;
      for (const internal::ForestParameter& p : params) {
        known += (known.empty() ? "" : ", ") + std::string(p.parameter);
      }
      return Status::InvalidArgument("factor " + domain::FactorKeyText(f.key) +
                                     ": unknown forestry parameter " + Quoted(f.key.parameter) +
                                     "; the stock-change method uses " + known);
    }
    Result<double> scale = internal::FactorUnitScale(f.unit, it->unit_kind);
    if (!scale.ok()) {
      return Status::InvalidArgument("factor " + domain::FactorKeyText(f.key) + " (" +
                                     OriginText(f) + "): " + scale.status().message());
    }
  }
  return Status::Ok();
}

// ----- describing records -----

std::string Describe(const ActivityRecord& r, uint32_t index) {
  std::string where;
  if (!r.provenance.file.empty()) {
    where = r.provenance.file;
    if (!r.provenance.sheet.empty()) where += " [" + r.provenance.sheet + "]";
  }
  if (r.provenance.row > 0) {
    where += " row " + std::to_string(r.provenance.row);
    if (r.provenance.column > 0) where += ", column " + std::to_string(r.provenance.column);
  } else {
    // No cell known: the position in the input (and the store id) tell records apart.
    where += std::string(where.empty() ? "" : ", ") + "record " + std::to_string(index + 1);
    if (r.id != 0) where += " (id " + std::to_string(r.id) + ")";
  }
  std::string what(domain::ActivityFlowName(r.flow));
  if (!r.carrier.empty()) what += " of " + r.carrier;
  if (!r.item.empty()) what += " of " + r.item;
  if (!r.sector.empty()) what += " in " + r.sector;
  return where + " (" + what + ")";
}

constexpr size_t kMaxErrors = 20;

// Unit texts seen in one call, parsed once each.
class UnitCache {
 public:
  const Result<UnitInfo>& Get(const std::string& text) {
    for (auto& [unit, info] : entries_) {
      if (unit == text) return info;
    }
    entries_.emplace_back(text, ParseUnit(text));
    return entries_.back().second;
  }

 private:
  std::vector<std::pair<std::string_view, Result<UnitInfo>>> entries_;
};

int FlowSlot(ActivityFlow flow) { return static_cast<int>(flow); }  // balance flows are 0..7

}  // namespace

namespace internal {

Status MissingFactorsStatus(std::string_view what, std::string_view region,
                            const domain::FactorSet& set,
                            const std::vector<MissingFactor>& missing) {
  // One line per factor, with the first use and a count of the others.
  std::vector<std::pair<const MissingFactor*, int>> unique;
  for (const MissingFactor& m : missing) {
    auto it = std::find_if(unique.begin(), unique.end(),
                           [&](const auto& u) { return u.first->key == m.key; });
    if (it == unique.end()) {
      unique.emplace_back(&m, 0);
    } else {
      ++it->second;
    }
  }
  std::string message = std::string(what) +
                        " cannot be computed: " + std::to_string(unique.size()) +
                        (unique.size() == 1 ? " factor has" : " factors have") +
                        " no value in the factor set (fuel set " + Quoted(set.fuel_set) +
                        ", version " + set.version + "):";
  for (const auto& [m, more] : unique) {
    message += "\n  - sector " + m->key.sector + ", item " + m->key.item + ", parameter " +
               m->key.parameter;
    if (m->key.year != 0) message += ", year " + std::to_string(m->key.year);
    message += ", in " + m->expected_unit + "; needed for " + m->needed_for;
    if (more > 0) message += " and " + std::to_string(more) + " more";
    if (!m->hint.empty()) message += " (" + m->hint + ")";
  }
  const FactorKey& k = unique.front().first->key;
  message +=
      "\nNo value is taken as zero. Supply each factor as an override with its value, "
      "unit, source and reason, e.g.\n  carbonpeak factor set" +
      (region.empty() ? std::string() : " --region " + std::string(region)) + " --sector " +
      k.sector + " --item " + k.item + " --parameter " + k.parameter +
      (k.year != 0 ? " --year " + std::to_string(k.year) : "") +
      " --value <number> --unit <unit> --source \"<document, table, page>\" --reason "
      "\"<why it applies to the county>\"";
  return Status::FailedPrecondition(message);
}

}  // namespace internal

int Engine::Impl::FindFactor(const FactorKey& key) const {
  auto it = factor_index.find(domain::FactorKeyText(key));
  return it == factor_index.end() ? -1 : it->second;
}

Result<Engine> Engine::Create(const refdata::RefData& ref, domain::FactorSet factors) {
  auto impl = std::make_shared<Impl>();
  impl->factors = std::move(factors);
  for (size_t idx = 0; idx < impl->factors.factors.size(); ++idx) {
    impl->factor_index[domain::FactorKeyText(impl->factors.factors[idx].key)] =
        static_cast<int>(idx);
  }
  IndexSectors(ref, *impl);
  CPK_RETURN_IF_ERROR(IndexCarriers(ref, *impl));
  CPK_RETURN_IF_ERROR(IndexItems(*impl));
  CPK_RETURN_IF_ERROR(IndexIndirectAndGwp(*impl));
  CPK_RETURN_IF_ERROR(CheckForestFactors(*impl));
  return Engine(std::move(impl));
}

const domain::FactorSet& Engine::factor_set() const { return impl_->factors; }

Result<internal::Prepared> Engine::Impl::Prepare(std::string_view region_code, int year,
                                                 std::span<const ActivityRecord> records) const {
  internal::Prepared out;
  out.records.reserve(records.size());
  std::vector<std::string> errors;
  std::set<int> other_years;
  UnitCache units;
  int last_sector = -1;
  int last_carrier = -1;
  const auto fail = [&](const ActivityRecord& r, uint32_t index, const std::string& message) {
    if (errors.size() < kMaxErrors) errors.push_back(Describe(r, index) + ": " + message);
  };

  for (size_t pos = 0; pos < records.size(); ++pos) {
    const ActivityRecord& r = records[pos];
    if (r.region_code != region_code) continue;
    if (r.year != year) {
      other_years.insert(r.year);
      continue;
    }
    const auto index = static_cast<uint32_t>(pos);
    internal::PreparedRecord p;
    p.index = index;
    p.flow = r.flow;
    if (!std::isfinite(r.value)) {
      fail(r, index, "the amount is not a number; enter a decimal number");
      continue;
    }
    if (r.value < 0 && r.flow != ActivityFlow::kStockChange) {
      fail(r, index,
           "the amount is negative (" + FormatNumber(r.value) +
               "); only a stock change may be negative (a stock build-up is written as a "
               "negative stock change); outflows and losses are positive amounts");
      continue;
    }
    const Result<UnitInfo>& unit = units.Get(r.unit);
    if (!unit.ok()) {
      fail(r, index, unit.status().message());
      continue;
    }
    const bool energy = domain::IsEnergyBalanceFlow(r.flow);
    const bool capacity = r.flow == ActivityFlow::kInstalledCapacity;

    // Sector.
    if (!r.sector.empty()) {
      // Import files repeat a sector (or a carrier) over neighbouring cells: try the last hit
      // before hashing.
      if (last_sector >= 0 && sectors[last_sector].code == r.sector) {
        p.sector = last_sector;
      } else {
        auto it = sector_index.find(r.sector);
        if (it == sector_index.end()) {
          fail(r, index,
               "unknown sector " + Quoted(r.sector) +
                   "; use a code of data/sectors.csv, e.g. industry, ind_nonmetallic, "
                   "transport or residential_urban");
          continue;
        }
        p.sector = last_sector = it->second;
      }
    }
    if (energy || capacity) {
      const refdata::SectorKind kind =
          p.sector >= 0 ? sectors[p.sector].kind : refdata::SectorKind::kSupply;
      std::string problem;
      switch (r.flow) {
        case ActivityFlow::kInflow:
        case ActivityFlow::kOutflow:
        case ActivityFlow::kStockChange:
        case ActivityFlow::kLoss:
          if (p.sector >= 0) {
            problem = std::string(domain::ActivityFlowName(r.flow)) +
                      " is not broken down by sector; leave the sector empty";
          }
          break;
        case ActivityFlow::kProduction:
          if (p.sector >= 0 && kind != refdata::SectorKind::kSupply) {
            problem =
                "production needs a supply sector (local_production or a generation "
                "source such as gen_hydro), not " +
                Quoted(r.sector);
          }
          break;
        case ActivityFlow::kTransformationInput:
        case ActivityFlow::kTransformationOutput:
          if (p.sector < 0 || kind != refdata::SectorKind::kTransformation) {
            problem =
                "a transformation flow needs its process as sector (tr_thermal_power, "
                "tr_heat_supply, tr_coking …)";
          }
          break;
        case ActivityFlow::kFinalConsumption:
          if (p.sector < 0 || kind != refdata::SectorKind::kFinal) {
            problem =
                "final consumption needs the final-use sector that used the energy "
                "(e.g. ind_nonmetallic, transport, residential_urban)";
          }
          break;
        case ActivityFlow::kInstalledCapacity:
          if (p.sector < 0 || kind == refdata::SectorKind::kFinal) {
            problem =
                "installed capacity needs its generation source as sector (gen_hydro, "
                "gen_wind, gen_solar, gen_biomass, tr_thermal_power …)";
          }
          break;
        default:
          break;
      }
      if (!problem.empty()) {
        fail(r, index, problem);
        continue;
      }
    }

    if (capacity) {
      if (!r.carrier.empty() && r.carrier != "electricity") {
        fail(r, index, "installed capacity is electric capacity; leave the carrier empty");
        continue;
      }
      if (unit->dimension != Dimension::kPower) {
        fail(r, index,
             "installed capacity is a power; give it in 万千瓦, MW or kW, not " + Quoted(r.unit));
        continue;
      }
      p.quantity = r.value * unit->scale / TenThousandKw::kScale;
      out.records.push_back(p);
      continue;
    }

    if (energy) {
      if (r.carrier.empty()) {
        fail(r, index, "the energy carrier is missing; use a code of data/energy_carriers.csv");
        continue;
      }
      if (last_carrier >= 0 && carriers[last_carrier].code == r.carrier) {
        p.carrier = last_carrier;
      } else {
        auto it = carrier_index.find(r.carrier);
        if (it == carrier_index.end()) {
          std::string message = "unknown energy carrier " + Quoted(r.carrier);
          if (auto by_name = carrier_by_name.find(r.carrier); by_name != carrier_by_name.end()) {
            message += "; write the code " + carriers[by_name->second].code + " for " + r.carrier;
          } else {
            message += "; use a code of data/energy_carriers.csv:";
            for (const internal::CarrierInfo& c : carriers) message += " " + c.code;
          }
          fail(r, index, message);
          continue;
        }
        p.carrier = last_carrier = it->second;
      }
      const internal::CarrierInfo& carrier = carriers[p.carrier];
      if (unit->dimension != carrier.dimension) {
        std::string message =
            carrier.name_zh + " (" + carrier.code + ") is measured in " + carrier.unit + " (" +
            std::string(DimensionName(carrier.dimension)) + "); " + Quoted(r.unit) + " is a " +
            std::string(DimensionName(unit->dimension)) + " unit. Give the amount in " +
            carrier.unit + " or another unit of " + std::string(DimensionName(carrier.dimension));
        if (carrier.code == "natural_gas" && unit->dimension == Dimension::kMass) {
          message += " (liquefied natural gas in tonnes is the carrier lng)";
        }
        fail(r, index, message);
        continue;
      }
      p.quantity = r.value * unit->scale / carrier.unit_scale;
      out.records.push_back(p);
      continue;
    }

    // Non-energy flows: a catalogue item, or a forest species group.
    if (r.item.empty()) {
      fail(r, index, "the item is missing (e.g. clinker, swine, rice_early, landfill_…)");
      continue;
    }
    if (r.flow == ActivityFlow::kForestStockOpening ||
        r.flow == ActivityFlow::kForestStockClosing) {
      if (!ValidCode(r.item)) {
        fail(r, index,
             Quoted(r.item) +
                 " is not a species-group code; use lower-case ASCII "
                 "letters, digits and '_' (e.g. chinese_fir)");
        continue;
      }
      if (unit->dimension != Dimension::kVolume) {
        fail(r, index, "growing stock is a volume; give it in m³ or 万m³, not " + Quoted(r.unit));
        continue;
      }
      p.species = r.item;
      p.quantity = r.value * unit->scale / CubicMetre::kScale;
      out.records.push_back(p);
      continue;
    }
    auto it = item_index.find(r.item);
    if (it == item_index.end() || items[it->second].def->flow != r.flow) {
      std::string known;
      for (const internal::ItemInfo& item : items) {
        if (item.def->flow == r.flow) known += " " + std::string(item.def->code);
      }
      fail(r, index,
           "unknown " + std::string(domain::ActivityFlowName(r.flow)) + " item " + Quoted(r.item) +
               "; use one of:" + known);
      continue;
    }
    p.item = it->second;
    const internal::ItemInfo& item = items[p.item];
    if (unit->dimension != item.dimension) {
      fail(r, index,
           std::string(item.def->code) + " is counted in " + std::string(item.def->unit) + "; " +
               Quoted(r.unit) + " does not convert to it");
      continue;
    }
    p.quantity = r.value * unit->scale / item.unit_scale;
    out.records.push_back(p);
  }

  if (!errors.empty()) {
    std::string message = std::to_string(errors.size()) +
                          (errors.size() >= kMaxErrors ? " or more" : "") +
                          " activity records of " + std::string(region_code) + " for " +
                          std::to_string(year) + " are not valid; correct them and import again:";
    for (const std::string& e : errors) message += "\n  - " + e;
    return Status::InvalidArgument(message);
  }
  if (out.records.empty()) {
    std::string message =
        "no activity data for " + std::string(region_code) + " in " + std::to_string(year);
    if (other_years.empty()) {
      message += "; there are no records for this region at all";
    } else {
      message += "; data exist for";
      for (int y : other_years) message += " " + std::to_string(y);
    }
    return Status::NotFound(message + ". Import the year's statistics first");
  }

  // Energy cells: one record per flow × sector × carrier, and never a total together with its
  // parts.
  const size_t sector_slots = sectors.size() + 1;
  std::vector<int32_t> slot_of(8 * sector_slots * carriers.size(), -1);
  const auto slot = [&](ActivityFlow flow, int sector, int carrier) {
    return (static_cast<size_t>(FlowSlot(flow)) * sector_slots + static_cast<size_t>(sector + 1)) *
               carriers.size() +
           static_cast<size_t>(carrier);
  };
  for (const internal::PreparedRecord& p : out.records) {
    if (!domain::IsEnergyBalanceFlow(p.flow)) continue;
    int32_t& cell = slot_of[slot(p.flow, p.sector, p.carrier)];
    if (cell >= 0) {
      const uint32_t first = out.cells[cell].record;
      errors.push_back(Describe(records[first], first) + " and " +
                       Describe(records[p.index], p.index) +
                       " give the same cell; keep one of them (an import keeps only the latest "
                       "revision of a cell)");
      continue;
    }
    cell = static_cast<int32_t>(out.cells.size());
    out.cells.push_back(internal::Cell{p.flow, p.sector, p.carrier, p.quantity, p.index});
  }
  for (const internal::Cell& c : out.cells) {
    if (c.sector < 0) continue;
    for (int up = sectors[c.sector].parent; up >= 0; up = sectors[up].parent) {
      const int32_t parent_cell = slot_of[slot(c.flow, up, c.carrier)];
      if (parent_cell < 0) continue;
      const uint32_t parent_record = out.cells[parent_cell].record;
      errors.push_back(Describe(records[c.record], c.record) + " is part of " +
                       Describe(records[parent_record], parent_record) + ": " +
                       sectors[c.sector].code + " belongs to " + sectors[up].code +
                       ", so the amount would be counted twice; report either the total or its "
                       "parts");
    }
  }
  if (!errors.empty()) {
    std::string message = "the energy data of " + std::string(region_code) + " for " +
                          std::to_string(year) + " count some amounts twice:";
    for (const std::string& e : errors) message += "\n  - " + e;
    return Status::InvalidArgument(message);
  }
  return out;
}

Result<double> Engine::ToTce(std::string_view carrier_code, double value, std::string_view unit,
                             domain::Caliber caliber,
                             const domain::GenerationCoalRate* coal_rate) const {
  auto it = impl_->carrier_index.find(std::string(carrier_code));
  if (it == impl_->carrier_index.end()) {
    return Status::InvalidArgument("unknown energy carrier " + Quoted(carrier_code) +
                                   "; use a code of data/energy_carriers.csv");
  }
  const internal::CarrierInfo& carrier = impl_->carriers[it->second];
  CPK_ASSIGN_OR_RETURN(double quantity, ConvertValue(value, unit, carrier.unit));
  if (caliber == domain::Caliber::kEquivalent && carrier.electricity) {
    if (coal_rate == nullptr) {
      return Status::FailedPrecondition(
          "electricity in the 等价值 caliber needs the year's 发电煤耗 (gce/kWh) with its "
          "source; none was given");
    }
    return quantity * carrier.kwh_per_unit * coal_rate->gce_per_kwh / 1e6;  // g → t
  }
  if (!carrier.conversion) {
    return internal::MissingFactorsStatus(
        "the conversion of " + carrier.code + " to standard coal", "", impl_->factors,
        {Missing(FactorKey{"energy/conversion", carrier.code, "kgce_per_unit", 0},
                 FactorUnitKind::kCoalPerActivity, "converting " + carrier.code + " to tce",
                 carrier.conversion_hint)});
  }
  return quantity * carrier.conversion->value;
}

}  // namespace carbonpeak::accounting
