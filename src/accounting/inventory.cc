// Engine::ComputeInventory: fuel combustion, indirect electricity and heat, industrial
// processes, agriculture, forestry and waste, weighted with one GWP report.

#include <algorithm>
#include <cstdio>
#include <utility>

#include "accounting/accounting.h"
#include "accounting/internal/engine_impl.h"

namespace carbonpeak::accounting {

using domain::ActivityFlow;
using domain::Gas;
using domain::InventoryCategory;
using domain::InventoryLine;
using internal::MissingFactor;

namespace {

std::string FormatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

std::string Join(const std::vector<int>& years) {
  std::string out;
  for (int y : years) out += (out.empty() ? "" : ", ") + std::to_string(y);
  return out;
}

// Maps factor-set indices to Inventory::factors indices, copying each used factor once.
class FactorUse {
 public:
  FactorUse(const domain::FactorSet& set, std::vector<domain::Factor>& out)
      : set_(set), out_(out), slot_(set.factors.size(), -1) {}

  uint32_t Use(int index) {
    int32_t& slot = slot_[static_cast<size_t>(index)];
    if (slot < 0) {
      slot = static_cast<int32_t>(out_.size());
      out_.push_back(set_.factors[static_cast<size_t>(index)]);
    }
    return static_cast<uint32_t>(slot);
  }

  std::vector<uint32_t> Use(const std::vector<int>& indices) {
    std::vector<uint32_t> out;
    out.reserve(indices.size() + 1);
    for (int index : indices) out.push_back(Use(index));
    return out;
  }

 private:
  const domain::FactorSet& set_;
  std::vector<domain::Factor>& out_;
  std::vector<int32_t> slot_;
};

struct SpeciesStock {
  std::string_view species;
  std::optional<double> opening;
  std::optional<double> closing;
  std::vector<uint32_t> records;
};

void AddToTotals(domain::Inventory& inventory) {
  domain::InventoryTotals& t = inventory.totals;
  std::vector<domain::CategoryTotal> categories;
  for (const InventoryLine& line : inventory.lines) {
    auto it = std::find_if(categories.begin(), categories.end(),
                           [&](const auto& c) { return c.category == line.category; });
    if (it == categories.end()) {
      categories.push_back(domain::CategoryTotal{line.category, 0, 0, 0, 0});
      it = categories.end() - 1;
    }
    switch (line.gas) {
      case Gas::kCo2:
        it->co2_t += line.emission_t;
        break;
      case Gas::kCh4:
        it->ch4_t += line.emission_t;
        break;
      case Gas::kN2o:
        it->n2o_t += line.emission_t;
        break;
    }
    it->co2e_t += line.co2e_t;
    if (line.category == InventoryCategory::kForestry) {
      t.forestry_co2e_t += line.co2e_t;
      continue;
    }
    t.gross_co2e_t += line.co2e_t;
    switch (line.gas) {
      case Gas::kCo2:
        t.co2_t += line.emission_t;
        break;
      case Gas::kCh4:
        t.ch4_t += line.emission_t;
        break;
      case Gas::kN2o:
        t.n2o_t += line.emission_t;
        break;
    }
    if (line.category == InventoryCategory::kFuelCombustion) {
      t.combustion_co2_t += line.emission_t;
    } else if (line.category == InventoryCategory::kElectricityIndirect ||
               line.category == InventoryCategory::kHeatIndirect) {
      t.indirect_co2_t += line.emission_t;
    }
  }
  t.energy_co2_t = t.combustion_co2_t + t.indirect_co2_t;
  t.net_co2e_t = t.gross_co2e_t + t.forestry_co2e_t;
  std::sort(categories.begin(), categories.end(),
            [](const auto& a, const auto& b) { return a.category < b.category; });
  inventory.by_category = std::move(categories);
}

}  // namespace

Result<domain::Inventory> Engine::ComputeInventory(
    std::string_view region_code, int year, std::span<const domain::ActivityRecord> records) const {
  const Impl& impl = *impl_;
  CPK_ASSIGN_OR_RETURN(internal::Prepared prepared, impl.Prepare(region_code, year, records));

  domain::Inventory inventory;
  inventory.region_code = std::string(region_code);
  inventory.year = year;
  inventory.fuel_set = impl.factors.fuel_set;
  inventory.factor_set_version = impl.factors.version;
  inventory.gwp = impl.factors.gwp;
  inventory.grid = impl.factors.grid;
  inventory.lines.reserve(prepared.cells.size() + prepared.records.size() / 4 + 8);
  FactorUse factors(impl.factors, inventory.factors);
  std::vector<MissingFactor> missing;
  const std::string label = inventory.region_code + " for " + std::to_string(year);

  // ----- fuel combustion: final use and power/heat generation input, fossil carriers -----
  std::string biogenic;
  for (const internal::Cell& cell : prepared.cells) {
    if (cell.flow != ActivityFlow::kFinalConsumption &&
        cell.flow != ActivityFlow::kTransformationInput) {
      continue;
    }
    const internal::SectorInfo& sector = impl.sectors[cell.sector];
    if (!sector.fuel_combustion) continue;
    const internal::CarrierInfo& carrier = impl.carriers[cell.carrier];
    if (carrier.fossil == refdata::FossilClass::kNonFossil) {
      if (cell.quantity > 0 && biogenic.find(" " + carrier.code) == std::string::npos) {
        biogenic += " " + carrier.code;
      }
      continue;
    }
    if (carrier.fossil == refdata::FossilClass::kSecondary) continue;  // indirect, below
    if (!carrier.tco2_per_unit) {
      for (MissingFactor m : carrier.combustion_missing) {
        m.needed_for += " in " + sector.code + " (" + sector.name_zh + ")";
        missing.push_back(std::move(m));
      }
      continue;
    }
    InventoryLine line;
    line.category = InventoryCategory::kFuelCombustion;
    line.subcategory = "combustion";
    line.sector = sector.code;
    line.item = carrier.code;
    line.gas = Gas::kCo2;
    line.activity = cell.quantity;
    line.activity_unit = carrier.unit;
    line.emission_t = cell.quantity * *carrier.tco2_per_unit;
    line.method = carrier.combustion_factors.size() == 3 ? domain::EmissionMethod::kFuelCombustion
                                                         : domain::EmissionMethod::kCompositeFactor;
    line.factors = factors.Use(carrier.combustion_factors);
    line.records = {cell.record};
    inventory.lines.push_back(std::move(line));
  }

  // ----- indirect emissions of net imported electricity and heat -----
  const auto indirect = [&](int carrier_index, InventoryCategory category,
                            std::optional<internal::Resolved> factor,
                            const domain::FactorKey& missing_key, const std::string& hint) {
    if (carrier_index < 0) return;
    const internal::CarrierInfo& carrier = impl.carriers[carrier_index];
    double inflow = 0, outflow = 0, consumption = 0, generated = 0;
    bool border = false, any = false;
    std::vector<uint32_t> border_records, all_records;
    for (const internal::Cell& cell : prepared.cells) {
      if (cell.carrier != carrier_index) continue;
      any = true;
      all_records.push_back(cell.record);
      switch (cell.flow) {
        case ActivityFlow::kInflow:
          inflow += cell.quantity;
          border = true;
          border_records.push_back(cell.record);
          break;
        case ActivityFlow::kOutflow:
          outflow += cell.quantity;
          border = true;
          border_records.push_back(cell.record);
          break;
        case ActivityFlow::kFinalConsumption:
        case ActivityFlow::kLoss:
        case ActivityFlow::kTransformationInput:
          consumption += cell.quantity;
          break;
        case ActivityFlow::kProduction:
        case ActivityFlow::kTransformationOutput:
          generated += cell.quantity;
          break;
        case ActivityFlow::kStockChange:
          consumption -= cell.quantity;  // drawn from stock: not imported
          break;
        default:
          break;
      }
    }
    if (!any) return;
    if (!factor) {
      missing.push_back(MissingFactor{
          missing_key,
          std::string(internal::ExpectedUnits(internal::FactorUnitKind::kCo2PerActivity)),
          "indirect emissions of net imported " + carrier.code, hint});
      return;
    }
    InventoryLine line;
    line.category = category;
    line.subcategory = "indirect";
    line.item = carrier.code;
    line.gas = Gas::kCo2;
    if (border) {
      line.activity = inflow - outflow;
      line.method = domain::EmissionMethod::kNetImport;
      line.records = std::move(border_records);
    } else {
      line.activity = consumption - generated;
      line.method = domain::EmissionMethod::kNetImportDerived;
      line.records = std::move(all_records);
      inventory.notes.push_back({"net_import_derived_" + carrier.code,
                                 "No inflow or outflow of " + carrier.code +
                                     " was reported: its net import is taken "
                                     "as consumption minus local generation (" +
                                     FormatNumber(line.activity) + " " + carrier.unit + ")."});
    }
    line.activity_unit = carrier.unit;
    line.emission_t = line.activity * factor->value;
    line.factors = {factors.Use(factor->index)};
    inventory.lines.push_back(std::move(line));
  };
  {
    std::optional<internal::Resolved> grid;
    std::vector<int> years;
    for (const auto& [y, r] : impl.grid_by_year) {
      years.push_back(y);
      if (y == year) grid = r;
    }
    const domain::GridChoice& g = impl.factors.grid;
    const std::string hint =
        "the factor set has the " + std::string(domain::GridScopeName(g.scope)) + " " +
        g.region_zh + " " + g.caliber + " grid factor for " +
        (years.empty() ? std::string("no year") : Join(years)) + " only; supply the " +
        std::to_string(year) + " value as an override with --year " + std::to_string(year) +
        ", or choose a grid scope that publishes it";
    indirect(impl.electricity, InventoryCategory::kElectricityIndirect, grid,
             domain::FactorKey{"energy/indirect", "electricity", "grid_co2_ef", year}, hint);
    indirect(impl.heat, InventoryCategory::kHeatIndirect, impl.heat_factor,
             domain::FactorKey{"energy/indirect", "heat", "co2_ef", 0},
             "no heat emission factor ships");
  }

  // ----- non-energy items -----
  std::vector<double> item_quantity(impl.items.size(), 0);
  std::vector<std::vector<uint32_t>> item_records(impl.items.size());
  std::vector<SpeciesStock> species;
  for (const internal::PreparedRecord& p : prepared.records) {
    if (p.item >= 0) {
      item_quantity[p.item] += p.quantity;
      item_records[p.item].push_back(p.index);
      continue;
    }
    if (p.species.empty()) continue;
    auto it = std::find_if(species.begin(), species.end(),
                           [&](const SpeciesStock& s) { return s.species == p.species; });
    if (it == species.end()) {
      species.push_back(SpeciesStock{p.species, std::nullopt, std::nullopt, {}});
      it = species.end() - 1;
    }
    std::optional<double>& stock =
        p.flow == ActivityFlow::kForestStockOpening ? it->opening : it->closing;
    stock = stock.value_or(0) + p.quantity;
    it->records.push_back(p.index);
  }
  for (size_t i = 0; i < impl.items.size(); ++i) {
    if (item_records[i].empty()) continue;
    const internal::ItemInfo& item = impl.items[i];
    for (const internal::TermInfo& term : item.terms) {
      if (!term.multiplier) {
        if (term.def->optional) {
          inventory.notes.push_back(
              {"not_estimated",
               std::string(term.def->subcategory) + " " +
                   std::string(domain::GasName(term.def->gas)) + " of " +
                   std::string(item.def->code) +
                   " is not estimated: no factor ships for it. Supply one as an override (sector " +
                   std::string(term.def->factors.front().sector) + ", item " +
                   std::string(term.def->factors.front().item) + ", parameter " +
                   std::string(term.def->factors.front().parameter) + ") to include it."});
          continue;
        }
        missing.insert(missing.end(), term.missing.begin(), term.missing.end());
        continue;
      }
      InventoryLine line;
      line.category = term.def->category;
      line.subcategory = std::string(term.def->subcategory);
      line.item = std::string(item.def->code);
      line.gas = term.def->gas;
      line.activity = item_quantity[i];
      line.activity_unit = std::string(item.def->unit);
      line.emission_t = item_quantity[i] * *term.multiplier;
      line.method = term.def->method;
      line.factors = factors.Use(term.factors);
      line.records = item_records[i];
      inventory.lines.push_back(std::move(line));
    }
  }

  // ----- forestry: carbon stock change by species group -----
  std::vector<std::string> forest_errors;
  for (const SpeciesStock& s : species) {
    if (!s.opening || !s.closing) {
      forest_errors.push_back("species group " + std::string(s.species) + " has only the " +
                              (s.opening ? "opening" : "closing") + " growing stock of " +
                              std::to_string(year) +
                              "; give both the opening and the closing "
                              "stock (m³) so the stock change can be computed");
      continue;
    }
    std::vector<int> used;
    std::vector<double> values;
    for (const internal::ForestParameter& param : internal::ForestParameters()) {
      const domain::FactorKey key{std::string(internal::kForestrySector), std::string(s.species),
                                  std::string(param.parameter), 0};
      const int index = impl.FindFactor(key);
      if (index < 0) {
        missing.push_back(MissingFactor{
            key, std::string(internal::ExpectedUnits(param.unit_kind)),
            "the carbon stock change of forest species group " + std::string(s.species),
            std::string(param.description) +
                "; no species parameters ship, take them from the forest inventory or the "
                "provincial guideline"});
        continue;
      }
      const domain::Factor& f = impl.factor(index);
      // Units were checked when the engine was built.
      const double scale = internal::FactorUnitScale(f.unit, param.unit_kind).value_or(1.0);
      used.push_back(index);
      values.push_back(f.value * scale);
    }
    if (used.size() != internal::ForestParameters().size()) continue;
    const double delta_volume = *s.closing - *s.opening;
    // m³ × t dm/m³ × BEF × (1 + R) × tC/t dm → t C; a gain is a removal (negative emission).
    const double carbon_t = delta_volume * values[0] * values[1] * (1.0 + values[2]) * values[3];
    InventoryLine line;
    line.category = InventoryCategory::kForestry;
    line.subcategory = std::string(internal::kForestrySector);
    line.item = std::string(s.species);
    line.gas = Gas::kCo2;
    line.activity = delta_volume;
    line.activity_unit = "m³";
    line.emission_t = -carbon_t * 44.0 / 12.0;
    line.method = domain::EmissionMethod::kForestStockChange;
    line.factors = factors.Use(used);
    line.records = s.records;
    inventory.lines.push_back(std::move(line));
  }
  if (!forest_errors.empty()) {
    std::string message = "the forest data of " + label + " are incomplete:";
    for (const std::string& e : forest_errors) message += "\n  - " + e;
    return Status::InvalidArgument(message);
  }

  // ----- GWP -----
  bool has_ch4 = false, has_n2o = false;
  for (const InventoryLine& line : inventory.lines) {
    has_ch4 = has_ch4 || line.gas == Gas::kCh4;
    has_n2o = has_n2o || line.gas == Gas::kN2o;
  }
  const std::string report(domain::GwpReportName(impl.factors.gwp));
  if (has_ch4 && !impl.gwp_ch4) {
    missing.push_back({{"gwp", report, "CH4", 0}, "tCO2e/t", "weighting CH4", ""});
  }
  if (has_n2o && !impl.gwp_n2o) {
    missing.push_back({{"gwp", report, "N2O", 0}, "tCO2e/t", "weighting N2O", ""});
  }
  if (!missing.empty()) {
    return internal::MissingFactorsStatus("the inventory of " + label, inventory.region_code,
                                          impl.factors, missing);
  }
  for (InventoryLine& line : inventory.lines) {
    switch (line.gas) {
      case Gas::kCo2:
        line.co2e_t = line.emission_t;  // GWP of CO2 is 1 by definition of the metric
        break;
      case Gas::kCh4:
        line.co2e_t = line.emission_t * impl.gwp_ch4->value;
        line.factors.push_back(factors.Use(impl.gwp_ch4->index));
        break;
      case Gas::kN2o:
        line.co2e_t = line.emission_t * impl.gwp_n2o->value;
        line.factors.push_back(factors.Use(impl.gwp_n2o->index));
        break;
    }
  }
  AddToTotals(inventory);
  for (const domain::Factor& f : inventory.factors) {
    if (f.origin.kind == domain::FactorOriginKind::kOverride) inventory.uses_overrides = true;
  }

  // ----- what the inventory does not cover -----
  if (!biogenic.empty()) {
    inventory.notes.push_back(
        {"biogenic_co2_excluded",
         "CO2 from burning" + biogenic + " is biogenic and not counted in the totals."});
  }
  if (inventory.totals.combustion_co2_t != 0) {
    inventory.notes.push_back({"combustion_non_co2_not_estimated",
                               "CH4 and N2O from fuel combustion are not estimated: no sourced "
                               "factors ship for them."});
  }
  return inventory;
}

}  // namespace carbonpeak::accounting
