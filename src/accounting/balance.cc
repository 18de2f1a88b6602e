// Engine::ComputeEnergyBalance: supply, transformation, losses and final consumption per
// carrier, in physical units and in tce (当量值, and 等价值 when the 发电煤耗 is known).

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include "accounting/accounting.h"
#include "accounting/internal/engine_impl.h"

namespace carbonpeak::accounting {

using domain::ActivityFlow;
using domain::BalanceFlows;

namespace {

std::string FormatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  return buffer;
}

void AddFlow(BalanceFlows& flows, ActivityFlow flow, double amount) {
  switch (flow) {
    case ActivityFlow::kProduction:
      flows.production += amount;
      break;
    case ActivityFlow::kInflow:
      flows.inflow += amount;
      break;
    case ActivityFlow::kOutflow:
      flows.outflow += amount;
      break;
    case ActivityFlow::kStockChange:
      flows.stock_change += amount;
      break;
    case ActivityFlow::kTransformationInput:
      flows.transformation_input += amount;
      break;
    case ActivityFlow::kTransformationOutput:
      flows.transformation_output += amount;
      break;
    case ActivityFlow::kLoss:
      flows.losses += amount;
      break;
    case ActivityFlow::kFinalConsumption:
      flows.final_consumption += amount;
      break;
    default:
      break;
  }
}

void Derive(BalanceFlows& f) {
  f.supply = f.production + f.inflow - f.outflow + f.stock_change;
  f.consumption = f.final_consumption + f.losses + f.transformation_input - f.transformation_output;
  f.residual = f.supply - (f.transformation_input - f.transformation_output) - f.losses -
               f.final_consumption;
}

BalanceFlows Scaled(const BalanceFlows& physical, double factor) {
  BalanceFlows out;
  out.production = physical.production * factor;
  out.inflow = physical.inflow * factor;
  out.outflow = physical.outflow * factor;
  out.stock_change = physical.stock_change * factor;
  out.transformation_input = physical.transformation_input * factor;
  out.transformation_output = physical.transformation_output * factor;
  out.losses = physical.losses * factor;
  out.final_consumption = physical.final_consumption * factor;
  Derive(out);
  return out;
}

void Accumulate(BalanceFlows& total, const BalanceFlows& part) {
  total.production += part.production;
  total.inflow += part.inflow;
  total.outflow += part.outflow;
  total.stock_change += part.stock_change;
  total.transformation_input += part.transformation_input;
  total.transformation_output += part.transformation_output;
  total.losses += part.losses;
  total.final_consumption += part.final_consumption;
}

// The 发电煤耗 of `year`, checked; nullopt when none was given for that year.
Result<std::optional<domain::GenerationCoalRate>> CoalRateFor(
    int year, const std::vector<domain::GenerationCoalRate>& rates) {
  for (const domain::GenerationCoalRate& rate : rates) {
    if (rate.year != year) continue;
    const std::string label = "the 发电煤耗 given for " + std::to_string(year);
    if (rate.source.empty()) {
      return Status::InvalidArgument(label +
                                     " has no source; cite the yearbook table or notice "
                                     "it comes from");
    }
    // Plausibility, not a reference value: a rate outside 100-600 gce/kWh is almost always a
    // unit slip (kgce/kWh or tce/万kWh entered as gce/kWh).
    if (!std::isfinite(rate.gce_per_kwh) || rate.gce_per_kwh < 100 || rate.gce_per_kwh > 600) {
      return Status::InvalidArgument(label + " is " + FormatNumber(rate.gce_per_kwh) +
                                     " gce/kWh; give grams of standard coal per kWh, e.g. 300 "
                                     "(0.300 kgce/kWh is 300 gce/kWh)");
    }
    return std::optional<domain::GenerationCoalRate>(rate);
  }
  return std::optional<domain::GenerationCoalRate>();
}

}  // namespace

Result<domain::EnergyBalance> Engine::ComputeEnergyBalance(
    std::string_view region_code, int year, std::span<const domain::ActivityRecord> records,
    const BalanceOptions& options) const {
  const Impl& impl = *impl_;
  CPK_ASSIGN_OR_RETURN(internal::Prepared prepared, impl.Prepare(region_code, year, records));

  domain::EnergyBalance balance;
  balance.region_code = std::string(region_code);
  balance.year = year;
  balance.factor_set_version = impl.factors.version;

  // Physical flows per carrier.
  const size_t carrier_count = impl.carriers.size();
  std::vector<BalanceFlows> physical(carrier_count);
  std::vector<bool> present(carrier_count, false);
  for (const internal::Cell& cell : prepared.cells) {
    AddFlow(physical[cell.carrier], cell.flow, cell.quantity);
    present[cell.carrier] = true;
  }

  // Conversion coefficients: every carrier with data needs one.
  std::vector<internal::MissingFactor> missing;
  for (size_t c = 0; c < carrier_count; ++c) {
    if (!present[c] || impl.carriers[c].conversion) continue;
    const internal::CarrierInfo& carrier = impl.carriers[c];
    missing.push_back(internal::MissingFactor{
        domain::FactorKey{"energy/conversion", carrier.code, "kgce_per_unit", 0},
        std::string(internal::ExpectedUnits(internal::FactorUnitKind::kCoalPerActivity)),
        "converting " + carrier.code + " (" + carrier.name_zh + ") to standard coal",
        carrier.conversion_hint});
  }
  if (!missing.empty()) {
    return internal::MissingFactorsStatus(
        "the energy balance of " + balance.region_code + " for " + std::to_string(year),
        balance.region_code, impl.factors, missing);
  }

  // 等价值: electricity at the year's 发电煤耗; needed only when electricity appears.
  const bool has_electricity = impl.electricity >= 0 && present[impl.electricity];
  CPK_ASSIGN_OR_RETURN(std::optional<domain::GenerationCoalRate> rate,
                       CoalRateFor(year, options.coal_rates));
  const bool equivalent = !has_electricity || rate.has_value();
  if (has_electricity && rate) balance.coal_rate = rate;
  if (!equivalent) {
    balance.missing_inputs.push_back("发电煤耗 (generation coal rate, gce/kWh) for " +
                                     std::to_string(year));
    balance.notes.push_back(
        {"equivalent_caliber_missing",
         "The 等价值 columns are not computed: no 发电煤耗 for " + std::to_string(year) +
             " was supplied. Supply it in gce/kWh with its source (no sourced series ships)."});
  }

  std::vector<double> tce_cal(carrier_count, 0);
  std::vector<double> tce_eq(carrier_count, 0);
  balance.total_calorific = BalanceFlows{};
  BalanceFlows total_eq;
  std::string no_supply;
  std::string open;
  for (size_t c = 0; c < carrier_count; ++c) {
    if (!present[c]) continue;
    const internal::CarrierInfo& info = impl.carriers[c];
    domain::CarrierBalance cb;
    cb.carrier = info.code;
    cb.unit = info.unit;
    Derive(physical[c]);
    cb.physical = physical[c];
    tce_cal[c] = info.conversion->value;
    cb.tce_per_unit_calorific = tce_cal[c];
    cb.tce_calorific = Scaled(physical[c], tce_cal[c]);
    Accumulate(balance.total_calorific, cb.tce_calorific);
    if (equivalent) {
      tce_eq[c] = info.electricity ? info.kwh_per_unit * rate->gce_per_kwh / 1e6 : tce_cal[c];
      cb.tce_per_unit_equivalent = tce_eq[c];
      cb.tce_equivalent = Scaled(physical[c], tce_eq[c]);
      Accumulate(total_eq, *cb.tce_equivalent);
    }
    cb.conversion_factor = static_cast<uint32_t>(balance.factors.size());
    balance.factors.push_back(impl.factor(info.conversion->index));
    const BalanceFlows& p = cb.physical;
    const double scale = std::max({std::fabs(p.supply), std::fabs(p.consumption), 1e-12});
    cb.closes = std::fabs(p.residual) <= options.closing_tolerance * scale;
    if (p.production == 0 && p.inflow == 0 && p.outflow == 0 && p.stock_change == 0 &&
        p.transformation_output == 0) {
      no_supply += " " + info.code;
    } else if (!cb.closes) {
      open += " " + info.code + " (" + FormatNumber(p.residual) + " " + info.unit + ")";
    }
    balance.carriers.push_back(std::move(cb));
  }
  Derive(balance.total_calorific);
  if (equivalent) {
    Derive(total_eq);
    balance.total_equivalent = total_eq;
  }
  if (!no_supply.empty()) {
    balance.notes.push_back({"no_supply_data",
                             "No supply-side data (production, inflow, outflow, stock change) "
                             "for:" +
                                 no_supply + "; their residual equals their consumption."});
  }
  if (!open.empty()) {
    balance.notes.push_back({"balance_residual", "The balance does not close for:" + open +
                                                     " (residual = supply − transformation − "
                                                     "losses − final consumption)."});
  }

  // Cells, sector totals and generation.
  const size_t sector_count = impl.sectors.size();
  std::vector<double> sector_cal(sector_count, 0);
  std::vector<double> sector_eq(sector_count, 0);
  std::vector<bool> sector_seen(sector_count, false);
  std::vector<double> generation(sector_count, 0);
  std::vector<std::optional<double>> capacity(sector_count);
  std::vector<bool> generation_seen(sector_count, false);
  balance.entries.reserve(prepared.cells.size());
  for (const internal::Cell& cell : prepared.cells) {
    domain::BalanceEntry entry;
    entry.flow = cell.flow;
    if (cell.sector >= 0) entry.sector = impl.sectors[cell.sector].code;
    entry.carrier = impl.carriers[cell.carrier].code;
    entry.quantity = cell.quantity;
    entry.tce_calorific = cell.quantity * tce_cal[cell.carrier];
    if (equivalent) entry.tce_equivalent = cell.quantity * tce_eq[cell.carrier];
    entry.record = cell.record;
    if (cell.flow == ActivityFlow::kFinalConsumption) {
      sector_cal[cell.sector] += entry.tce_calorific;
      if (equivalent) sector_eq[cell.sector] += *entry.tce_equivalent;
      sector_seen[cell.sector] = true;
    }
    if (cell.carrier == impl.electricity && cell.sector >= 0 &&
        (cell.flow == ActivityFlow::kProduction ||
         cell.flow == ActivityFlow::kTransformationOutput)) {
      generation[cell.sector] += cell.quantity * impl.carriers[cell.carrier].kwh_per_unit / 1e4;
      generation_seen[cell.sector] = true;
    }
    balance.entries.push_back(std::move(entry));
  }
  for (const internal::PreparedRecord& p : prepared.records) {
    if (p.flow != ActivityFlow::kInstalledCapacity) continue;
    capacity[p.sector] = capacity[p.sector].value_or(0) + p.quantity;
    generation_seen[p.sector] = true;
  }
  std::vector<std::pair<std::string, domain::SectorEnergy>> groups;
  for (size_t s = 0; s < sector_count; ++s) {
    if (generation_seen[s]) {
      balance.generation.push_back({impl.sectors[s].code, generation[s], capacity[s]});
    }
    if (!sector_seen[s]) continue;
    domain::SectorEnergy energy{impl.sectors[s].code, sector_cal[s], std::nullopt};
    if (equivalent) energy.tce_equivalent = sector_eq[s];
    balance.final_by_sector.push_back(energy);
    const std::string& group = impl.sectors[s].group;
    auto it =
        std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == group; });
    if (it == groups.end()) {
      groups.push_back({group, domain::SectorEnergy{group, 0, std::nullopt}});
      it = groups.end() - 1;
      if (equivalent) it->second.tce_equivalent = 0;
    }
    it->second.tce_calorific += energy.tce_calorific;
    if (equivalent) *it->second.tce_equivalent += *energy.tce_equivalent;
  }
  for (std::string_view group : refdata::SectorGroups()) {
    for (auto& [name, energy] : groups) {
      if (name == group) balance.final_by_group.push_back(energy);
    }
  }
  if (prepared.cells.empty()) {
    balance.notes.push_back({"no_energy_data", "There are no energy records for " +
                                                   balance.region_code + " in " +
                                                   std::to_string(year) + "."});
  }
  return balance;
}

}  // namespace carbonpeak::accounting
