// Monitoring engine benchmarks: bulk CSV ingest with durability and all rollups, and rollup
// query latency.
//
//   cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DCPK_BUILD_BENCHMARKS=ON
//   cmake --build build/release --target monitor_benchmark
//   build/release/bench/monitor_benchmark                       # Google Benchmark suite
//   build/release/bench/monitor_benchmark generate FILE METERS SLOTS   # a synthetic stream
//   build/release/bench/monitor_benchmark ingest FILE DATA_DIR METERS  # one timed durable ingest
//   build/release/bench/monitor_benchmark factors                 # the tce and CO2 coefficients
//   build/release/bench/monitor_benchmark queries METERS DAYS [PER_KIND] [DATA_DIR]
//       # METERS × DAYS × 96 readings streamed day by day, then query p50/p99 per level and
//       # granularity (10000 104 → 100 M readings)
//   build/release/bench/monitor_benchmark memory METERS DAYS DATA_DIR [COMPACT_EVERY] [PRINT_EVERY]
//       # a long durable stream, one day per batch: resident memory and disk use as it runs
//
// The synthetic county: METERS 15-minute electricity meters, 20 per enterprise, enterprises
// spread over 30 industry divisions and 20 townships of one county; each meter follows a daily
// load curve with its own level and noise, values with two decimals, one row per meter and
// period, meter by meter. The "ingest" mode prints one JSON line with the timings and the
// county's total tce and tCO2, for bench/peers/duckdb_compare.mjs.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "base/file.h"
#include "domain/energy.h"
#include "monitor/monitor.h"
#include "refdata/refdata.h"

namespace carbonpeak::monitor {
namespace {

constexpr int kMetersPerEnterprise = 20;

namespace internal_date {
struct Civil {
  int year, month, day;
};
/// Date of a day number (days since 1970-01-01), Howard Hinnant's civil_from_days.
Civil FromDays(int64_t day) {
  const int64_t z = day + 719468;
  const int64_t era = z / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int mo = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return Civil{static_cast<int>(yoe + era * 400 + (mo <= 2 ? 1 : 0)), mo, d};
}
}  // namespace internal_date
// 2023-01-01T00:00 local (UTC+8) as a 15-minute slot (a year with a published grid factor).
constexpr int64_t kFirstSlot = 19358LL * 96;

const refdata::RefData& Ref() {
  static const Result<refdata::RefData> ref = refdata::LoadRefData(CPK_DATA_DIR);
  if (!ref.ok()) {
    std::fprintf(stderr, "%s\n", ref.status().ToString().c_str());
    std::exit(1);
  }
  return *ref;
}

/// The factors the monitor needs, assembled from the reference rows (the app uses
/// accounting::BuildFactorSet; this keeps the benchmark free of that module).
domain::FactorSet Factors() {
  domain::FactorSet set;
  set.version = "bench";
  auto add = [&set](std::string sector, std::string item, std::string parameter, int year,
                    double value, std::string unit) {
    domain::Factor f;
    f.key.sector = std::move(sector);
    f.key.item = std::move(item);
    f.key.parameter = std::move(parameter);
    f.key.year = year;
    f.value = value;
    f.unit = std::move(unit);
    set.factors.push_back(std::move(f));
  };
  for (const refdata::EnergyCarrier& carrier : Ref().energy_carriers) {
    const refdata::ConversionFactor* cf =
        carrier.conversion_row.empty()
            ? nullptr
            : refdata::FindConversionFactor(Ref(), carrier.conversion_row);
    if (cf == nullptr || !cf->kgce_per_unit) continue;
    add("energy/conversion", carrier.code, "kgce_per_unit", 0, *cf->kgce_per_unit,
        "kgce/" + cf->unit);
  }
  for (const refdata::GridFactor& g : Ref().grid_factors) {
    if (g.year && g.scope == "provincial" && g.region_zh == "湖南" && g.caliber == "average") {
      add("energy/indirect", "electricity", "grid_co2_ef", *g.year, g.value, g.unit);
    }
  }
  return set;
}

std::string CreditCode(int n) {
  constexpr std::string_view kChars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  char first17[18];
  std::snprintf(first17, sizeof first17, "91430703MA4L%05d", n);
  int sum = 0, weight = 1;
  for (int k = 0; k < 17; ++k) {
    sum += static_cast<int>(kChars.find(first17[k])) * weight;
    weight = weight * 3 % 31;
  }
  int check = 31 - sum % 31;
  if (check == 31) check = 0;
  return std::string(first17) + kChars[static_cast<size_t>(check)];
}

std::string MeterCode(int meter) {
  char code[16];
  std::snprintf(code, sizeof code, "M%05d", meter);
  return code;
}

Status Register(Engine& engine, int meters) {
  const int count = (meters + kMetersPerEnterprise - 1) / kMetersPerEnterprise;
  std::vector<domain::Enterprise> enterprises;
  for (int e = 0; e < count; ++e) {
    domain::Enterprise ent;
    ent.credit_code = CreditCode(e);
    ent.name = "Enterprise " + std::to_string(e);
    char industry[8];
    std::snprintf(industry, sizeof industry, "C%02d", 13 + e % 30);
    ent.industry_code = industry;
    ent.township_code = "430703" + std::to_string(100 + e % 20);
    ent.county_code = "430703";
    ent.key_unit = true;
    ent.annual_energy_budget_tce = 5000;
    enterprises.push_back(ent);
  }
  std::vector<domain::Meter> list;
  for (int m = 0; m < meters; ++m) {
    domain::Meter meter;
    meter.enterprise = CreditCode(m / kMetersPerEnterprise);
    meter.code = MeterCode(m);
    meter.carrier = "electricity";
    meter.unit = "kWh";
    list.push_back(meter);
  }
  return engine.RegisterAll(enterprises, list);
}

/// Appends "M00042,2024-01-03 07:15,123.45\n" rows, meter by meter.
std::string GenerateCsv(int meters, int slots) {
  std::string csv = "meter,period_start,value\n";
  csv.reserve(static_cast<size_t>(meters) * static_cast<size_t>(slots) * 33 + 64);
  std::mt19937_64 rng(42);
  char row[64];
  for (int m = 0; m < meters; ++m) {
    const double level = 50 + static_cast<double>(rng() % 40000) / 100.0;
    const std::string code = MeterCode(m);
    for (int s = 0; s < slots; ++s) {
      const int64_t slot = kFirstSlot + s;
      const int64_t day = slot / 96;
      const int quarter = static_cast<int>(slot % 96);
      int y, mo, d;
      {
        int64_t z = day + 719468;
        const int64_t era = z / 146097;
        const int64_t doe = z - era * 146097;
        const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        const int64_t mp = (5 * doy + 2) / 153;
        d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
        mo = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
        y = static_cast<int>(yoe + era * 400 + (mo <= 2 ? 1 : 0));
      }
      const double hour = quarter / 4.0;
      const double load = level * (1.0 + 0.45 * std::sin((hour - 7) / 24 * 6.283185307)) +
                          static_cast<double>(rng() % 1000) / 100.0;
      const long cents = std::lround(load * 100);
      const int n =
          std::snprintf(row, sizeof row, "%s,%04d-%02d-%02d %02d:%02d,%ld.%02ld\n", code.c_str(), y,
                        mo, d, quarter / 4, quarter % 4 * 15, cents / 100, cents % 100);
      csv.append(row, static_cast<size_t>(n));
    }
  }
  return csv;
}

/// Rows for slots [first, first + slots) after kFirstSlot of every meter, meter by meter: one
/// chunk of a long stream. A meter's level depends only on the meter, its noise only on the
/// meter and the slot, so chunks of any size make the same stream.
std::string GenerateChunk(int meters, int64_t first, int slots) {
  std::string csv = "meter,period_start,value\n";
  csv.reserve(static_cast<size_t>(meters) * static_cast<size_t>(slots) * 33 + 64);
  char row[64];
  for (int m = 0; m < meters; ++m) {
    const uint64_t meter_hash = (static_cast<uint64_t>(m) + 1) * 0x9E3779B97F4A7C15ull;
    const double level = 50 + static_cast<double>((meter_hash >> 20) % 40000) / 100.0;
    const std::string code = MeterCode(m);
    for (int k = 0; k < slots; ++k) {
      const int64_t slot = kFirstSlot + first + k;
      const internal_date::Civil d = internal_date::FromDays(slot / 96);
      const int quarter = static_cast<int>(slot % 96);
      const uint64_t noise =
          (meter_hash ^ (static_cast<uint64_t>(slot) * 0xBF58476D1CE4E5B9ull)) >> 33;
      const double load = level * (1.0 + 0.45 * std::sin((quarter / 4.0 - 7) / 24 * 6.283185307)) +
                          static_cast<double>(noise % 1000) / 100.0;
      const long cents = std::lround(load * 100);
      const int n = std::snprintf(row, sizeof row, "%s,%04d-%02d-%02d %02d:%02d,%ld.%02ld\n",
                                  code.c_str(), d.year, d.month, d.day, quarter / 4,
                                  quarter % 4 * 15, cents / 100, cents % 100);
      csv.append(row, static_cast<size_t>(n));
    }
  }
  return csv;
}

/// Resident memory of this process, from /proc/self/statm (0 where there is none).
size_t ResidentBytes() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long size = 0, resident = 0;
  const int n = std::fscanf(f, "%lu %lu", &size, &resident);
  std::fclose(f);
  return n == 2 ? resident * static_cast<size_t>(sysconf(_SC_PAGESIZE)) : 0;
}

std::unique_ptr<Engine> OpenEngine(const std::string& dir, const Clock& clock) {
  EngineOptions options;
  options.data_dir = dir;
  Result<std::unique_ptr<Engine>> engine = Engine::Open(Ref(), {Factors(), {}}, clock, options);
  if (!engine.ok()) {
    std::fprintf(stderr, "%s\n", engine.status().ToString().c_str());
    std::exit(1);
  }
  return std::move(*engine);
}

class FixedClock final : public Clock {
 public:
  Timestamp Now() const override { return Timestamp{(kFirstSlot * 900 + 400LL * 86400) * 1000000}; }
};

std::string TempDir(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / name;
  std::filesystem::remove_all(dir);
  return dir.string();
}

// ----- Google Benchmark suite

/// Durable bulk ingest of METERS × SLOTS readings into a fresh data folder.
void BM_BulkIngest(benchmark::State& state) {
  const int meters = static_cast<int>(state.range(0));
  const int slots = static_cast<int>(state.range(1));
  const std::string csv = GenerateCsv(meters, slots);
  FixedClock clock;
  for (auto _ : state) {
    state.PauseTiming();
    const std::string dir = TempDir("cpk-monitor-bench");
    std::unique_ptr<Engine> engine = OpenEngine(dir, clock);
    if (!Register(*engine, meters).ok()) std::exit(1);
    state.ResumeTiming();
    IngestResult r = engine->IngestCsv(csv, {"bench.csv", ""});
    if (!r.accepted) {
      state.SkipWithError(r.errors.empty() ? r.status.ToString().c_str()
                                           : r.errors[0].ToString().c_str());
    }
    benchmark::DoNotOptimize(r);
    state.PauseTiming();
    engine.reset();
    std::filesystem::remove_all(dir);
    state.ResumeTiming();
  }
  state.counters["readings_per_s"] = benchmark::Counter(
      static_cast<double>(meters) * slots, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["bytes_per_s"] = benchmark::Counter(static_cast<double>(csv.size()),
                                                     benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_BulkIngest)
    ->ArgNames({"meters", "slots"})
    ->Args({1000, 960})
    ->Args({10000, 200})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

/// Rollup queries against an engine holding METERS × SLOTS readings.
void BM_RollupQuery(benchmark::State& state) {
  const int meters = static_cast<int>(state.range(0));
  const int slots = static_cast<int>(state.range(1));
  static std::unique_ptr<Engine> engine;
  static int loaded_meters = 0, loaded_slots = 0;
  static FixedClock clock;
  if (loaded_meters != meters || loaded_slots != slots) {
    engine.reset();
    engine = OpenEngine("", clock);
    if (!Register(*engine, meters).ok()) std::exit(1);
    if (!engine->IngestCsv(GenerateCsv(meters, slots), {"bench.csv", ""}).accepted) std::exit(1);
    loaded_meters = meters;
    loaded_slots = slots;
  }
  std::mt19937_64 rng(1);
  const int enterprises = meters / kMetersPerEnterprise;
  const int64_t micros_per_slot = 900LL * 1000000;
  const int64_t start = (kFirstSlot * 900 - 8 * 3600) * 1000000;
  std::vector<double> latencies;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    const int kind = static_cast<int>(rng() % 4);
    const int64_t from_slot = static_cast<int64_t>(rng() % static_cast<uint64_t>(slots));
    const int64_t length = 1 + static_cast<int64_t>(rng() % static_cast<uint64_t>(slots));
    const Timestamp from{start + from_slot * micros_per_slot};
    const Timestamp to{start + std::min<int64_t>(slots, from_slot + length) * micros_per_slot};
    if (kind == 0) {
      auto r =
          engine->Series({Level::kEnterprise, CreditCode(static_cast<int>(rng() % enterprises))},
                         Granularity::kHour, from, to);
      benchmark::DoNotOptimize(r);
    } else if (kind == 1) {
      auto r = engine->Total({Level::kCounty, "430703"}, from, to);
      benchmark::DoNotOptimize(r);
    } else if (kind == 2) {
      auto r = engine->Series({Level::kTownship, "430703" + std::to_string(100 + rng() % 20)},
                              Granularity::k15Min, from, to);
      benchmark::DoNotOptimize(r);
    } else {
      auto r =
          engine->Total({Level::kMeter, MeterCode(static_cast<int>(rng() % meters))}, from, to);
      benchmark::DoNotOptimize(r);
    }
    latencies.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(latencies.begin(), latencies.end());
  state.counters["p50_us"] = latencies[latencies.size() / 2];
  state.counters["p99_us"] = latencies[latencies.size() * 99 / 100];
}
BENCHMARK(BM_RollupQuery)->ArgNames({"meters", "slots"})->Args({10000, 2000})->Iterations(2000);

/// Top-20 enterprises by CO2 over the whole range.
void BM_TopEnterprises(benchmark::State& state) {
  FixedClock clock;
  static std::unique_ptr<Engine> engine = [&] {
    std::unique_ptr<Engine> e = OpenEngine("", clock);
    if (!Register(*e, 2000).ok()) std::exit(1);
    if (!e->IngestCsv(GenerateCsv(2000, 2880), {"bench.csv", ""}).accepted) std::exit(1);
    return e;
  }();
  const Timestamp from{(kFirstSlot * 900 - 8 * 3600) * 1000000};
  const Timestamp to{from.micros + 2880LL * 900 * 1000000};
  for (auto _ : state) {
    auto top = engine->TopEnterprises(Measure::kCo2, from, to, 20);
    benchmark::DoNotOptimize(top);
  }
}
BENCHMARK(BM_TopEnterprises)->Unit(benchmark::kMicrosecond);

/// JSON batches of 10 000 readings from 4 concurrent senders into one durable engine (the
/// HTTP path without the HTTP layer): readings per second and acknowledgement latency.
void BM_JsonBatches(benchmark::State& state) {
  constexpr int kMeters = 10000;
  constexpr int kRowsPerBatch = 10000;
  static FixedClock clock;
  static std::unique_ptr<Engine> engine;
  static std::string dir;
  static std::mutex latencies_mu;
  static std::vector<double> latencies;
  if (state.thread_index() == 0) {
    dir = TempDir("cpk-monitor-json-bench");
    engine = OpenEngine(dir, clock);
    if (!Register(*engine, kMeters).ok()) std::exit(1);
    latencies.clear();
  }
  // Each sender owns a quarter of the meters; a batch is 4 periods of its 2 500 meters.
  const int per_thread = kMeters / state.threads();
  const int first_meter = state.thread_index() * per_thread;
  int64_t slot = kFirstSlot;
  std::string json;
  std::vector<double> mine;
  for (auto _ : state) {
    state.PauseTiming();
    json = "{\"version\":1,\"readings\":[";
    char row[128];
    for (int k = 0; k < kRowsPerBatch; ++k) {
      const int meter = first_meter + k % per_thread;
      const int64_t s = slot + k / per_thread;
      const int64_t day = s / 96;
      const int q = static_cast<int>(s % 96);
      // Day 19358 + d is 2023-01-(1 + d) for the first 31 days (the run stays in January).
      const int n = std::snprintf(row, sizeof row,
                                  "%s{\"meter\":\"M%05d\",\"period_start\":\"2023-01-%02d "
                                  "%02d:%02d\",\"value\":%d.%02d}",
                                  k ? "," : "", meter, static_cast<int>(day - 19358 + 1), q / 4,
                                  q % 4 * 15, 100 + meter % 300 + (q * 7 + meter) % 40,
                                  static_cast<int>((s * 37 + meter * 11) % 100));
      json.append(row, static_cast<size_t>(n));
    }
    json += "]}";
    slot += kRowsPerBatch / per_thread;
    if (slot >= kFirstSlot + 30 * 96) slot = kFirstSlot;  // resends after a month: duplicates
    state.ResumeTiming();
    const auto t0 = std::chrono::steady_clock::now();
    IngestResult r = engine->IngestJson(json, {"bench.json", ""});
    mine.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    if (!r.accepted) {
      state.SkipWithError(r.errors.empty() ? r.status.ToString().c_str()
                                           : r.errors[0].ToString().c_str());
      break;
    }
  }
  {
    std::lock_guard lock(latencies_mu);
    latencies.insert(latencies.end(), mine.begin(), mine.end());
  }
  state.counters["readings_per_s"] = benchmark::Counter(
      static_cast<double>(kRowsPerBatch), benchmark::Counter::kIsIterationInvariantRate);
  if (state.thread_index() == 0) {
    // Other threads may still be adding theirs; p99 over what has arrived is close enough.
    std::lock_guard lock(latencies_mu);
    std::vector<double> all = latencies;
    std::sort(all.begin(), all.end());
    if (!all.empty()) {
      state.counters["ack_p50_ms"] = all[all.size() / 2];
      state.counters["ack_p99_ms"] = all[all.size() * 99 / 100];
    }
  }
}
BENCHMARK(BM_JsonBatches)->Threads(4)->Iterations(50)->UseRealTime()->Unit(benchmark::kMillisecond);

// ----- command-line modes for bench/peers

int Generate(const std::string& path, int meters, int slots) {
  const std::string csv = GenerateCsv(meters, slots);
  Status s = WriteFileAtomic(path, csv);
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  std::printf("{\"file\":\"%s\",\"readings\":%lld,\"bytes\":%zu}\n", path.c_str(),
              static_cast<long long>(meters) * slots, csv.size());
  return 0;
}

int Ingest(const std::string& path, const std::string& dir, int meters) {
  using Clock = std::chrono::steady_clock;
  FixedClock clock;
  std::filesystem::remove_all(dir);
  std::unique_ptr<Engine> engine = OpenEngine(dir, clock);
  if (!Register(*engine, meters).ok()) return 1;
  const auto t0 = Clock::now();
  Result<MappedFile> csv = MappedFile::Open(path);
  if (!csv.ok()) {
    std::fprintf(stderr, "%s\n", csv.status().ToString().c_str());
    return 1;
  }
  const auto t1 = Clock::now();
  IngestResult r = engine->IngestCsv(csv->contents(), {path, ""});
  const auto t2 = Clock::now();
  if (!r.accepted) {
    std::fprintf(stderr, "%s\n",
                 r.errors.empty() ? r.status.ToString().c_str() : r.errors[0].ToString().c_str());
    return 1;
  }
  // The hourly per-enterprise rollup, read back (what the DuckDB side computes with GROUP BY).
  const Timestamp from{(kFirstSlot * 900 - 8 * 3600) * 1000000};
  const Timestamp to{from.micros + 400LL * 86400 * 1000000};
  double tce = 0, co2 = 0;
  size_t rows = 0;
  for (const domain::Enterprise& e : engine->Enterprises()) {
    Result<std::vector<SeriesPoint>> hours =
        engine->Series({Level::kEnterprise, e.credit_code}, Granularity::kHour, from, to);
    if (!hours.ok()) return 1;
    for (const SeriesPoint& p : *hours) {
      tce += p.state.Tonnes(Measure::kTceCalorific);
      co2 += p.state.Tonnes(Measure::kCo2);
      ++rows;
    }
  }
  const auto t3 = Clock::now();
  const uint64_t log_bytes = engine->DiskBytes().value_or(0);
  const size_t memory = engine->Stats().memory_bytes;
  // Not part of the timed job: compaction of what was loaded, and its size on disk.
  const auto t4 = Clock::now();
  if (!engine->Compact().ok()) return 1;
  const auto t5 = Clock::now();
  const uint64_t segment_bytes = engine->DiskBytes().value_or(0);
  auto seconds = [](Clock::duration d) { return std::chrono::duration<double>(d).count(); };
  std::printf(
      "{\"readings\":%zu,\"read_s\":%.3f,\"ingest_s\":%.3f,\"rollup_read_s\":%.3f,"
      "\"total_s\":%.3f,\"readings_per_s\":%.0f,\"hourly_rows\":%zu,\"tce\":%.6f,\"tco2\":%.6f,"
      "\"log_bytes\":%llu,\"engine_memory_bytes\":%zu,\"compact_s\":%.3f,"
      "\"segment_bytes\":%llu,\"segment_bytes_per_reading\":%.2f}\n",
      r.rows, seconds(t1 - t0), seconds(t2 - t1), seconds(t3 - t2), seconds(t3 - t0),
      static_cast<double>(r.rows) / seconds(t2 - t0), rows, tce, co2,
      static_cast<unsigned long long>(log_bytes), memory, seconds(t5 - t4),
      static_cast<unsigned long long>(segment_bytes),
      static_cast<double>(segment_bytes) / static_cast<double>(r.rows));
  return 0;
}

/// Ingests METERS × DAYS days of 15-minute readings day by day (generated in memory, so disk
/// time does not dominate; `dir` empty keeps the engine in memory), then times random queries
/// of every level and granularity: one JSON line per kind with p50, p99 and max in µs.
int Queries(int meters, int days, int per_kind, const std::string& dir) {
  using Clock = std::chrono::steady_clock;
  FixedClock clock;
  if (!dir.empty()) std::filesystem::remove_all(dir);
  std::unique_ptr<Engine> engine = OpenEngine(dir, clock);
  if (!Register(*engine, meters).ok()) return 1;
  double ingest_s = 0;
  size_t readings = 0;
  constexpr int kDaysPerBatch = 1;
  for (int day = 0; day < days; day += kDaysPerBatch) {
    const int slots = 96 * std::min(kDaysPerBatch, days - day);
    const std::string csv = GenerateChunk(meters, int64_t{day} * 96, slots);
    const auto t0 = Clock::now();
    IngestResult r = engine->IngestCsv(csv, {"stream.csv", ""});
    ingest_s += std::chrono::duration<double>(Clock::now() - t0).count();
    if (!r.accepted) {
      std::fprintf(stderr, "%s\n",
                   r.errors.empty() ? r.status.ToString().c_str() : r.errors[0].ToString().c_str());
      return 1;
    }
    readings += r.rows;
  }
  const EngineStats stats = engine->Stats();
  std::printf(
      "{\"readings\":%zu,\"ingest_s\":%.2f,\"readings_per_s\":%.0f,\"engine_memory_mb\":%.0f,"
      "\"rss_mb\":%.0f}\n",
      readings, ingest_s, static_cast<double>(readings) / ingest_s,
      static_cast<double>(stats.memory_bytes) / 1e6, static_cast<double>(ResidentBytes()) / 1e6);
  const int total_slots = days * 96;
  const int enterprises = (meters + kMetersPerEnterprise - 1) / kMetersPerEnterprise;
  const int64_t start = (kFirstSlot * 900 - 8 * 3600) * 1000000;
  const int64_t micros_per_slot = 900LL * 1000000;
  std::mt19937_64 rng(7);
  auto entity = [&](Level level) -> EntityRef {
    switch (level) {
      case Level::kMeter:
        return {level, MeterCode(static_cast<int>(rng() % static_cast<uint64_t>(meters)))};
      case Level::kEnterprise:
        return {level, CreditCode(static_cast<int>(rng() % static_cast<uint64_t>(enterprises)))};
      case Level::kIndustry: {
        char industry[8];
        std::snprintf(
            industry, sizeof industry, "C%02d",
            13 + static_cast<int>(rng() % static_cast<uint64_t>(std::min(30, enterprises))));
        return {level, industry};
      }
      case Level::kTownship:
        return {level, "430703" + std::to_string(100 + rng() % static_cast<uint64_t>(
                                                                   std::min(20, enterprises)))};
      case Level::kCounty:
        return {level, "430703"};
    }
    return {};
  };
  std::vector<double> all;
  for (Level level :
       {Level::kMeter, Level::kEnterprise, Level::kIndustry, Level::kTownship, Level::kCounty}) {
    // Granularity 4 stands for Total over the range.
    for (int g = 0; g <= 4; ++g) {
      std::vector<double> latencies;
      size_t points = 0;
      for (int q = 0; q < per_kind; ++q) {
        const EntityRef ref = entity(level);
        const int64_t from_slot = static_cast<int64_t>(rng() % static_cast<uint64_t>(total_slots));
        const int64_t length = 1 + static_cast<int64_t>(rng() % static_cast<uint64_t>(total_slots));
        const Timestamp from{start + from_slot * micros_per_slot};
        const Timestamp to{start +
                           std::min<int64_t>(total_slots, from_slot + length) * micros_per_slot};
        const auto t0 = Clock::now();
        if (g < 4) {
          auto r = engine->Series(ref, static_cast<Granularity>(g), from, to);
          if (!r.ok()) {
            std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
            return 1;
          }
          points += r->size();
          benchmark::DoNotOptimize(r);
        } else {
          auto r = engine->Total(ref, from, to);
          if (!r.ok()) return 1;
          benchmark::DoNotOptimize(r);
        }
        latencies.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
      }
      all.insert(all.end(), latencies.begin(), latencies.end());
      std::sort(latencies.begin(), latencies.end());
      std::printf(
          "{\"level\":\"%s\",\"query\":\"%s\",\"queries\":%d,\"mean_points\":%.0f,"
          "\"p50_us\":%.1f,\"p99_us\":%.1f,\"max_us\":%.1f}\n",
          std::string(LevelName(level)).c_str(),
          g < 4 ? std::string(GranularityName(static_cast<Granularity>(g))).c_str() : "total",
          per_kind, static_cast<double>(points) / per_kind, latencies[latencies.size() / 2],
          latencies[latencies.size() * 99 / 100], latencies.back());
    }
  }
  std::sort(all.begin(), all.end());
  std::printf("{\"all_queries\":%zu,\"p50_us\":%.1f,\"p99_us\":%.1f,\"max_us\":%.1f}\n", all.size(),
              all[all.size() / 2], all[all.size() * 99 / 100], all.back());
  return 0;
}

/// A long durable stream for METERS meters, one day per batch, compacted every `compact_every`
/// days: prints resident memory, the engine's own count and the disk use as it runs.
int Memory(int meters, int days, const std::string& dir, int compact_every, int print_every) {
  using Clock = std::chrono::steady_clock;
  FixedClock clock;
  std::filesystem::remove_all(dir);
  std::unique_ptr<Engine> engine = OpenEngine(dir, clock);
  if (!Register(*engine, meters).ok()) return 1;
  const auto t0 = Clock::now();
  size_t readings = 0;
  AlertFilter all_alerts;
  all_alerts.limit = SIZE_MAX;
  for (int day = 0; day < days; ++day) {
    const std::string csv = GenerateChunk(meters, int64_t{day} * 96, 96);
    IngestResult r = engine->IngestCsv(csv, {"stream.csv", ""});
    if (!r.accepted) {
      std::fprintf(stderr, "%s\n",
                   r.errors.empty() ? r.status.ToString().c_str() : r.errors[0].ToString().c_str());
      return 1;
    }
    readings += r.rows;
    if (compact_every > 0 && (day + 1) % compact_every == 0 && !engine->Compact().ok()) return 1;
    if ((day + 1) % print_every == 0 || day + 1 == days) {
      const EngineStats stats = engine->Stats();
      std::printf(
          "{\"day\":%d,\"readings\":%zu,\"rss_mb\":%.0f,\"engine_memory_mb\":%.0f,"
          "\"disk_mb\":%.0f,\"alerts\":%zu,\"elapsed_s\":%.1f}\n",
          day + 1, readings, static_cast<double>(ResidentBytes()) / 1e6,
          static_cast<double>(stats.memory_bytes) / 1e6,
          static_cast<double>(engine->DiskBytes().value_or(0)) / 1e6,
          engine->Alerts(all_alerts).size(),
          std::chrono::duration<double>(Clock::now() - t0).count());
      std::fflush(stdout);
    }
  }
  return 0;
}

/// The coefficients the synthetic meters use (electricity in 2023), so that a peer computes the
/// same totals: {"kgce_per_kwh":..., "kgco2_per_kwh":...}.
int PrintFactors() {
  Result<Converter> converter = Converter::Create(Ref(), {Factors(), {}});
  if (!converter.ok()) return 1;
  domain::Meter meter;
  meter.carrier = "electricity";
  meter.unit = "kWh";
  const MeterFactors f = converter->Resolve(meter, 2023);
  if (!f.kg_per_unit[0] || !f.kg_per_unit[2]) return 1;
  std::printf("{\"kgce_per_kwh\":%.10g,\"kgco2_per_kwh\":%.10g}\n", *f.kg_per_unit[0],
              *f.kg_per_unit[2]);
  return 0;
}

}  // namespace
}  // namespace carbonpeak::monitor

int main(int argc, char** argv) {
  using namespace carbonpeak::monitor;
  if (argc >= 5 && std::string(argv[1]) == "generate") {
    return Generate(argv[2], std::atoi(argv[3]), std::atoi(argv[4]));
  }
  if (argc >= 5 && std::string(argv[1]) == "ingest") {
    return Ingest(argv[2], argv[3], std::atoi(argv[4]));
  }
  if (argc >= 2 && std::string(argv[1]) == "factors") return carbonpeak::monitor::PrintFactors();
  if (argc >= 4 && std::string(argv[1]) == "queries") {
    return Queries(std::atoi(argv[2]), std::atoi(argv[3]), argc >= 5 ? std::atoi(argv[4]) : 400,
                   argc >= 6 ? argv[5] : "");
  }
  if (argc >= 5 && std::string(argv[1]) == "memory") {
    return Memory(std::atoi(argv[2]), std::atoi(argv[3]), argv[4],
                  argc >= 6 ? std::atoi(argv[5]) : 7, argc >= 7 ? std::atoi(argv[6]) : 5);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
