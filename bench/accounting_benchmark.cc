// Speed of the energy balance and the inventory: a full county-year (every final-use sector ×
// every carrier, supply and transformation rows, every non-energy item, forest species) and
// 1,000 county-years (a province over ten years) computed one after the other on one core.
// The records are synthetic; factors missing from the shipped tables are filled with overrides
// labelled as benchmark inputs, so that every carrier and item is computed.
//
//   cmake -S . -B build/accounting-bench -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
//         -DCPK_BUILD_BENCHMARKS=ON
//   cmake --build build/accounting-bench --target accounting_benchmark
//   build/accounting-bench/bench/accounting_benchmark
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "accounting/accounting.h"
#include "refdata/refdata.h"

namespace {

namespace acc = carbonpeak::accounting;
namespace domain = carbonpeak::domain;
namespace refdata = carbonpeak::refdata;
using domain::ActivityFlow;

constexpr int kYear = 2023;

const refdata::RefData& Ref() {
  static const refdata::RefData ref = [] {
    auto loaded = refdata::LoadRefData(CPK_DATA_DIR);
    if (!loaded.ok()) {
      std::fprintf(stderr, "%s\n", loaded.status().ToString().c_str());
      std::abort();
    }
    return std::move(*loaded);
  }();
  return ref;
}

domain::FactorOverride Synthetic(std::string sector, std::string item, std::string parameter,
                                 double value, std::string unit, int year = 0) {
  return {{std::move(sector), std::move(item), std::move(parameter), year},
          value,
          std::move(unit),
          "benchmark input (synthetic)",
          "fills a factor the shipped tables lack so every category is timed"};
}

const std::vector<std::string> kSpecies = {"chinese_fir",    "masson_pine", "cypress",
                                           "slash_pine",     "poplar",      "hard_broadleaf",
                                           "soft_broadleaf", "other"};

// The default factor set plus overrides for every factor the synthetic county needs and the
// shipped tables lack.
acc::Engine MakeEngine() {
  acc::FactorSetSpec spec;
  auto base = acc::BuildFactorSet(Ref(), spec);
  if (!base.ok()) std::abort();
  auto has = [&](const domain::FactorKey& key) {
    for (const domain::Factor& f : base->factors) {
      if (f.key == key) return true;
    }
    return false;
  };
  for (const refdata::EnergyCarrier& c : Ref().energy_carriers) {
    if (!has({"energy/conversion", c.code, "kgce_per_unit", 0})) {
      spec.overrides.push_back(
          Synthetic("energy/conversion", c.code, "kgce_per_unit", 0.5, "kgce/" + c.unit));
    }
    if (c.fossil != refdata::FossilClass::kFossil) continue;
    const bool complete = has({"energy/combustion", c.code, "ncv", 0}) &&
                          has({"energy/combustion", c.code, "carbon_content", 0}) &&
                          has({"energy/combustion", c.code, "oxidation_rate", 0});
    if (!complete) {
      spec.overrides.push_back(Synthetic("energy/combustion", c.code, "ncv", 20, "GJ/" + c.unit));
      spec.overrides.push_back(
          Synthetic("energy/combustion", c.code, "carbon_content", 26, "tC/TJ"));
      spec.overrides.push_back(
          Synthetic("energy/combustion", c.code, "oxidation_rate", 0.93, "fraction"));
    }
  }
  spec.overrides.push_back(Synthetic("IPPU", "ferroalloy", "co2_ef", 1, "tCO2/t"));
  spec.overrides.push_back(Synthetic("AFOLU/enteric", "poultry", "ch4_ef", 0, "kgCH4/head/yr"));
  spec.overrides.push_back(Synthetic("AFOLU/manure", "horse", "ch4_ef", 1, "kgCH4/head/yr"));
  spec.overrides.push_back(Synthetic("AFOLU/manure", "horse", "n2o_ef", 1, "kgN2O/head/yr"));
  spec.overrides.push_back(Synthetic("waste/landfill", "msw", "DOC", 0.15, "t C/t waste"));
  for (const char* site : {"landfill_active_aeration", "landfill_unmanaged_deep",
                           "landfill_unmanaged_shallow", "landfill_uncategorised"}) {
    spec.overrides.push_back(Synthetic("waste/landfill", site, "OX", 0, "fraction"));
  }
  spec.overrides.push_back(Synthetic("waste/wastewater", "ww_domestic", "MCF", 0.1, "fraction"));
  for (const std::string& s : kSpecies) {
    spec.overrides.push_back(Synthetic("LULUCF/forestry", s, "wood_density", 0.4, "t/m³"));
    spec.overrides.push_back(Synthetic("LULUCF/forestry", s, "bef", 1.5, "ratio"));
    spec.overrides.push_back(Synthetic("LULUCF/forestry", s, "root_shoot_ratio", 0.2, "ratio"));
    spec.overrides.push_back(Synthetic("LULUCF/forestry", s, "carbon_fraction", 0.5, "tC/t dm"));
  }
  auto set = acc::BuildFactorSet(Ref(), spec);
  if (!set.ok()) {
    std::fprintf(stderr, "%s\n", set.status().ToString().c_str());
    std::abort();
  }
  auto engine = acc::Engine::Create(Ref(), *std::move(set));
  if (!engine.ok()) {
    std::fprintf(stderr, "%s\n", engine.status().ToString().c_str());
    std::abort();
  }
  return *std::move(engine);
}

const acc::Engine& TheEngine() {
  static const acc::Engine engine = MakeEngine();
  return engine;
}

// A full county-year: every leaf final-use sector × every carrier, each carrier's supply
// (inflow, outflow, stock change, losses), power and heat generation, hydro/wind/solar,
// every non-energy item and eight forest species. `variant` perturbs the amounts.
std::vector<domain::ActivityRecord> CountyYear(const std::string& region, int variant) {
  std::vector<domain::ActivityRecord> records;
  std::vector<std::string> sectors;
  for (const refdata::Sector& s : Ref().sectors) {
    if (s.kind != refdata::SectorKind::kFinal) continue;
    bool has_child = false;
    for (const refdata::Sector& t : Ref().sectors) has_child |= t.parent == s.code;
    if (!has_child) sectors.push_back(s.code);
  }
  auto add = [&](ActivityFlow flow, const std::string& sector, const std::string& carrier,
                 double value, const std::string& unit) {
    domain::ActivityRecord r;
    r.region_code = region;
    r.year = kYear;
    r.flow = flow;
    r.sector = sector;
    r.carrier = carrier;
    r.value = value;
    r.unit = unit;
    r.provenance = {"energy_" + region + ".xlsx", "能源消费", static_cast<int>(records.size()) + 2,
                    3};
    records.push_back(std::move(r));
  };
  const double scale = 1.0 + 0.01 * variant;
  size_t cell = 0;
  for (const refdata::EnergyCarrier& c : Ref().energy_carriers) {
    double final_total = 0;
    for (const std::string& s : sectors) {
      const double value = scale * static_cast<double>(10 + (cell++ * 37) % 500);
      final_total += value;
      add(ActivityFlow::kFinalConsumption, s, c.code, value, c.unit);
    }
    add(ActivityFlow::kInflow, "", c.code, final_total * 1.05, c.unit);
    add(ActivityFlow::kOutflow, "", c.code, final_total * 0.02, c.unit);
    add(ActivityFlow::kStockChange, "", c.code, -final_total * 0.01, c.unit);
    add(ActivityFlow::kLoss, "", c.code, final_total * 0.01, c.unit);
    if (c.fossil == refdata::FossilClass::kFossil) {
      add(ActivityFlow::kTransformationInput, "tr_thermal_power", c.code, final_total * 0.01,
          c.unit);
    }
  }
  add(ActivityFlow::kTransformationOutput, "tr_thermal_power", "electricity", 900, "万kWh");
  add(ActivityFlow::kTransformationOutput, "tr_heat_supply", "heat", 5000, "GJ");
  for (const char* gen : {"gen_hydro", "gen_wind", "gen_solar"}) {
    add(ActivityFlow::kProduction, gen, "electricity", 1000 * scale, "万kWh");
    add(ActivityFlow::kInstalledCapacity, gen, "", 5, "万kW");
  }
  for (const acc::InventoryItem& item : acc::InventoryItems()) {
    domain::ActivityRecord r;
    r.region_code = region;
    r.year = kYear;
    r.flow = item.flow;
    r.item = std::string(item.code);
    r.value = 1000 * scale;
    r.unit = std::string(item.unit);
    records.push_back(std::move(r));
  }
  for (const std::string& s : kSpecies) {
    for (ActivityFlow flow :
         {ActivityFlow::kForestStockOpening, ActivityFlow::kForestStockClosing}) {
      domain::ActivityRecord r;
      r.region_code = region;
      r.year = kYear;
      r.flow = flow;
      r.item = s;
      r.value = (flow == ActivityFlow::kForestStockOpening ? 100 : 103) * scale;
      r.unit = "万m³";
      records.push_back(std::move(r));
    }
  }
  return records;
}

const acc::BalanceOptions kOptions{{{kYear, 300, "benchmark input (synthetic)"}}, 1e-6};

void BM_CountyYear(benchmark::State& state) {
  const acc::Engine& engine = TheEngine();
  const std::vector<domain::ActivityRecord> records = CountyYear("430703", 0);
  for (auto _ : state) {
    auto balance = engine.ComputeEnergyBalance("430703", kYear, records, kOptions);
    auto inventory = engine.ComputeInventory("430703", kYear, records);
    if (!balance.ok() || !inventory.ok()) {
      state.SkipWithError(
          (balance.ok() ? inventory.status() : balance.status()).ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(balance->total_calorific.consumption);
    benchmark::DoNotOptimize(inventory->totals.net_co2e_t);
  }
  state.counters["records"] = static_cast<double>(records.size());
}
BENCHMARK(BM_CountyYear)->Unit(benchmark::kMicrosecond);

void BM_BalanceOnly(benchmark::State& state) {
  const acc::Engine& engine = TheEngine();
  const std::vector<domain::ActivityRecord> records = CountyYear("430703", 0);
  for (auto _ : state) {
    auto balance = engine.ComputeEnergyBalance("430703", kYear, records, kOptions);
    benchmark::DoNotOptimize(balance->total_calorific.consumption);
  }
}
BENCHMARK(BM_BalanceOnly)->Unit(benchmark::kMicrosecond);

void BM_InventoryOnly(benchmark::State& state) {
  const acc::Engine& engine = TheEngine();
  const std::vector<domain::ActivityRecord> records = CountyYear("430703", 0);
  for (auto _ : state) {
    auto inventory = engine.ComputeInventory("430703", kYear, records);
    benchmark::DoNotOptimize(inventory->totals.net_co2e_t);
  }
}
BENCHMARK(BM_InventoryOnly)->Unit(benchmark::kMicrosecond);

// 1,000 county-years, balance and inventory each, one after another on one thread. Twenty
// distinct data sets are cycled (the computation keeps no state between calls).
void BM_ThousandCountyYears(benchmark::State& state) {
  const acc::Engine& engine = TheEngine();
  std::vector<std::vector<domain::ActivityRecord>> data;
  for (int variant = 0; variant < 20; ++variant) data.push_back(CountyYear("430703", variant));
  for (auto _ : state) {
    double total = 0;
    for (int idx = 0; idx < 1000; ++idx) {
      const auto& records = data[static_cast<size_t>(idx) % data.size()];
      auto balance = engine.ComputeEnergyBalance("430703", kYear, records, kOptions);
      auto inventory = engine.ComputeInventory("430703", kYear, records);
      total += balance->total_calorific.consumption + inventory->totals.net_co2e_t;
    }
    benchmark::DoNotOptimize(total);
  }
}
BENCHMARK(BM_ThousandCountyYears)->Unit(benchmark::kMillisecond);

// One-off cost: resolving a factor set and indexing it.
void BM_BuildFactorSetAndEngine(benchmark::State& state) {
  for (auto _ : state) {
    auto set = acc::BuildFactorSet(Ref(), {});
    auto engine = acc::Engine::Create(Ref(), *std::move(set));
    benchmark::DoNotOptimize(engine.ok());
  }
}
BENCHMARK(BM_BuildFactorSetAndEngine)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
