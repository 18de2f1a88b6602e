// Speed of indicator computation and target tracking: every catalogue indicator for ten
// region-years (2021–2030 against the 2020 base), and every target of a plan of about 250
// targets assessed in each of those ten years. Inputs are synthetic but plausible county
// magnitudes; the catalogue is the shipped data/indicators.csv.
//
//   cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DCPK_BUILD_BENCHMARKS=ON
//   cmake --build build/bench --target indicators_benchmark
//   build/bench/bench/indicators_benchmark
#include <benchmark/benchmark.h>

#include <cmath>
#include <string>
#include <vector>

#include "indicators/indicators.h"
#include "refdata/refdata.h"

namespace {

namespace ind = carbonpeak::indicators;
using carbonpeak::domain::Target;
using carbonpeak::domain::TargetKind;
using carbonpeak::refdata::Direction;
using carbonpeak::refdata::IndicatorDef;
using carbonpeak::refdata::IndicatorSource;

constexpr int kBaseYear = 2020;
constexpr int kYears = 10;  // 2021–2030

const carbonpeak::refdata::RefData& Ref() {
  static const carbonpeak::refdata::RefData ref = [] {
    auto loaded = carbonpeak::refdata::LoadRefData(CPK_DATA_DIR);
    if (!loaded.ok()) return carbonpeak::refdata::RefData{};
    return std::move(*loaded);
  }();
  return ref;
}

// A county of about 80万 people, 1.2 Mtce, 400 亿元 GDP in 2020, growing smoothly.
ind::IndicatorInputs Inputs(int year) {
  const double t = year - kBaseYear;
  ind::IndicatorInputs in;
  in.region_code = "430703";
  in.year = year;
  const double energy = 1'200'000 * std::pow(1.02, t);
  in.energy_total_tce = {.calorific = energy * 0.82, .equivalent = energy};
  in.non_fossil_tce = {.calorific = energy * 0.07, .equivalent = energy * (0.15 + 0.008 * t)};
  in.renewable_electricity_above_2020_tce = {.calorific = 2'000 * t, .equivalent = 6'000 * t};
  in.coal_tce = energy * (0.55 - 0.01 * t);
  in.gdp_constant_10k_yuan = 4'000'000 * std::pow(1.06, t);
  in.gdp_price_year = kBaseYear;
  in.population_10k = 80 - 0.2 * t;
  in.co2_t = 3'000'000 * std::pow(1.01, t);
  in.ghg_t = *in.co2_t * 1.18;
  in.gwp_set = "AR5";
  in.capacity_10k_kw = {.coal = 60,
                        .gas = 2,
                        .hydro = 10,
                        .wind = 20 + 3 * t,
                        .solar = 8 + 5 * t,
                        .biomass = 3,
                        .other = 0};
  in.renewable_generation_10k_kwh = 150'000 + 9'000 * t;
  in.total_generation_10k_kwh = 400'000 + 5'000 * t;
  in.natural_gas_10k_m3 = {.total = 20'000 + 800 * t,
                           .industrial = 12'000 + 500 * t,
                           .residential = 5'000 + 200 * t,
                           .commercial = 3'000 + 100 * t};
  in.forest_area_hm2 = 150'000 + 300 * t;
  in.land_area_hm2 = 250'000;
  in.forest_stock_m3 = 12'000'000 * std::pow(1.03, t);
  return in;
}

// Every other reported indicator gets a value each year; the rest stay missing (their outcome
// is a message), as in a real county.
std::vector<ind::ReportedValue> Reports() {
  std::vector<ind::ReportedValue> out;
  int idx = 0;
  for (const IndicatorDef& def : Ref().indicators.all()) {
    if (def.source != IndicatorSource::kReported || (idx++ % 2) != 0) continue;
    for (int year = kBaseYear; year <= kBaseYear + kYears; ++year) {
      out.push_back({.key = def.key,
                     .year = year,
                     .value = 50.0 + (year - kBaseYear),
                     .unit = def.unit,
                     .reported_by = "",
                     .source = ""});
    }
  }
  return out;
}

// A plan of `count` targets over the catalogue, with the mix of kinds the seed plans show
// (mostly point and at-least; some delegated, qualitative, at-most, about, range).
std::vector<Target> Plan(int count) {
  const std::vector<IndicatorDef>& defs = Ref().indicators.all();
  std::vector<Target> targets;
  for (int idx = 0; idx < count && !defs.empty(); ++idx) {
    const IndicatorDef& def = defs[idx % defs.size()];
    Target t;
    t.id = idx + 1;
    t.indicator = def.key;
    t.year = idx % 3 == 0 ? 2030 : 2025;
    t.base_year = kBaseYear;
    t.unit = def.unit == "-" ? "" : def.unit;
    const int slot = idx % 20;
    t.kind = slot < 11    ? TargetKind::kPoint
             : slot < 16  ? TargetKind::kAtLeast
             : slot == 16 ? TargetKind::kDelegated
             : slot == 17 ? TargetKind::kQualitative
             : slot == 18 ? TargetKind::kAtMost
                          : TargetKind::kAbout;
    if (idx % 50 == 49) t.kind = TargetKind::kRange;
    if (t.kind != TargetKind::kQualitative && t.kind != TargetKind::kDelegated) {
      t.value = def.direction == Direction::kLowerIsBetter ? 45.0 : 60.0;
      if (t.kind == TargetKind::kRange) t.value_high = 70.0;
    }
    targets.push_back(std::move(t));
  }
  return targets;
}

struct Fixture {
  ind::IndicatorInputs base = Inputs(kBaseYear);
  std::vector<ind::IndicatorInputs> years;
  std::vector<ind::ReportedValue> reports = Reports();
  ind::IndicatorOptions options{.non_fossil_rule = ind::NonFossilRule::kNonFossilExcluded};
  Fixture() {
    for (int year = kBaseYear + 1; year <= kBaseYear + kYears; ++year) {
      years.push_back(Inputs(year));
    }
  }
};

// Indicator values of all years into per-indicator series.
ind::TrackingData Series(const Fixture& f) {
  ind::TrackingData data;
  for (const ind::IndicatorOutcome& o :
       ind::ComputeAll(Ref().indicators, f.base, nullptr, f.reports, f.options)) {
    if (o.value.ok()) data.series[o.key].by_year[kBaseYear] = o.value->value;
  }
  for (const ind::IndicatorInputs& in : f.years) {
    for (const ind::IndicatorOutcome& o :
         ind::ComputeAll(Ref().indicators, in, &f.base, f.reports, f.options)) {
      if (o.value.ok()) data.series[o.key].by_year[in.year] = o.value->value;
    }
  }
  return data;
}

void BM_ComputeAllIndicators(benchmark::State& state) {
  Fixture f;
  size_t values = 0;
  for (auto _ : state) {
    for (const ind::IndicatorInputs& in : f.years) {
      std::vector<ind::IndicatorOutcome> all =
          ind::ComputeAll(Ref().indicators, in, &f.base, f.reports, f.options);
      values += all.size();
      benchmark::DoNotOptimize(all);
    }
  }
  state.counters["indicators_per_year"] = static_cast<double>(Ref().indicators.all().size() - 1);
  state.counters["values"] =
      benchmark::Counter(static_cast<double>(values), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ComputeAllIndicators)->Unit(benchmark::kMicrosecond);

void BM_TrackTargets(benchmark::State& state) {
  Fixture f;
  const ind::TrackingData data = Series(f);
  const std::vector<Target> plan = Plan(static_cast<int>(state.range(0)));
  size_t tracked = 0;
  for (auto _ : state) {
    for (int year = kBaseYear + 1; year <= kBaseYear + kYears; ++year) {
      ind::TrackingOptions options;
      options.current_year = year;
      options.warning_levels = Ref().warning_levels;
      auto progress = ind::TrackTargets(plan, Ref().indicators, data, options);
      tracked += progress.ok() ? progress->size() : 0;
      benchmark::DoNotOptimize(progress);
    }
  }
  state.counters["targets"] = static_cast<double>(plan.size());
  state.counters["assessments"] =
      benchmark::Counter(static_cast<double>(tracked), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_TrackTargets)->ArgName("targets")->Arg(250)->Unit(benchmark::kMicrosecond);

// The whole path: ten years of indicators, then the plan assessed in each of the ten years.
void BM_IndicatorsAndTargetsTenYears(benchmark::State& state) {
  Fixture f;
  const std::vector<Target> plan = Plan(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    const ind::TrackingData data = Series(f);
    for (int year = kBaseYear + 1; year <= kBaseYear + kYears; ++year) {
      ind::TrackingOptions options;
      options.current_year = year;
      auto progress = ind::TrackTargets(plan, Ref().indicators, data, options);
      benchmark::DoNotOptimize(progress);
    }
  }
}
BENCHMARK(BM_IndicatorsAndTargetsTenYears)
    ->ArgName("targets")
    ->Arg(250)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
