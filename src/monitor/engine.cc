// The monitoring engine: registry, stored readings, conversion, rollups. See monitor.h for the
// contract and docs/design/monitor-engine.md for the design.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "monitor/internal/cells.h"
#include "monitor/internal/coding.h"
#include "monitor/internal/cold_store.h"
#include "monitor/internal/decimal.h"
#include "monitor/internal/pending.h"
#include "monitor/internal/series.h"
#include "monitor/internal/storage.h"
#include "monitor/internal/time_slots.h"
#include "monitor/monitor.h"

namespace carbonpeak::monitor {

using internal::FloorDiv;
using internal::kSlotsPerDay;
using internal::kSlotsPerHour;

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kMeter:
      return "meter";
    case Level::kEnterprise:
      return "enterprise";
    case Level::kIndustry:
      return "industry";
    case Level::kTownship:
      return "township";
    case Level::kCounty:
      return "county";
  }
  return "county";
}

std::optional<Level> ParseLevel(std::string_view text) {
  for (Level l :
       {Level::kMeter, Level::kEnterprise, Level::kIndustry, Level::kTownship, Level::kCounty}) {
    if (LevelName(l) == text) return l;
  }
  return std::nullopt;
}

std::string_view GranularityName(Granularity g) {
  switch (g) {
    case Granularity::k15Min:
      return "15min";
    case Granularity::kHour:
      return "hour";
    case Granularity::kDay:
      return "day";
    case Granularity::kMonth:
      return "month";
  }
  return "15min";
}

std::optional<Granularity> ParseGranularity(std::string_view text) {
  for (Granularity g :
       {Granularity::k15Min, Granularity::kHour, Granularity::kDay, Granularity::kMonth}) {
    if (GranularityName(g) == text) return g;
  }
  return std::nullopt;
}

std::string IngestResult::Summary() const {
  if (!accepted) {
    return "batch refused: " + std::to_string(error_count) +
           " row(s) with problems, nothing stored";
  }
  return "batch " + std::to_string(batch_seq) + " accepted: " + std::to_string(rows) + " rows, " +
         std::to_string(new_readings) + " new, " + std::to_string(duplicates) + " duplicates, " +
         std::to_string(corrections) + " corrections, " + std::to_string(late) +
         " late (kept, not counted), " + std::to_string(refused_late) +
         " late corrections (kept, not applied), " + std::to_string(reported_totals) +
         " reported totals";
}

namespace {

/// A daily or monthly total reported for a meter with a shorter interval.
struct ReportedValue {
  int64_t value = 0;
  uint8_t flags = 0;  // internal::kFlag* and quality bits
};

/// Conversion coefficients of one calendar year (kg per meter unit, after the multiplier).
struct YearFactors {
  int32_t year = 0;
  int64_t first_day = 0;
  int64_t end_day = 0;
  double kg_per_unit[kMeasureCount] = {};
  uint8_t missing_mask = 0;
};

struct MeterRuntime {
  internal::MeterSeries series;
  std::vector<YearFactors> years;  // filled on ingest; queries only read it
  size_t hot_year = 0;             // index of the last year used on ingest
  std::map<std::pair<uint8_t, int32_t>, ReportedValue> reported;
  std::vector<internal::Revision> reported_revisions;
  // Quality: statistics of the last checked days (for spike baselines) and the day up to which
  // they are current; the last day of the current run of silent days (no reading at all).
  std::vector<std::pair<int64_t, RobustStats>> recent_days;
  int64_t stats_through_day = std::numeric_limits<int64_t>::min();
  int64_t silent_since_day = std::numeric_limits<int64_t>::min();
};

/// Indices of the materialised tables: levels enterprise..county × granularities.
constexpr int kTableLevels = 4;  // enterprise, industry, township, county
constexpr int kGranularities = 4;
constexpr int kChunkBits[kGranularities] = {10, 8, 6, 4};

int TableLevel(Level level) { return static_cast<int>(level) - 1; }

}  // namespace

struct Engine::Impl {
  Impl(const refdata::RefData& ref_in, Converter converter_in, const Clock& clock_in,
       EngineOptions options_in)
      : ref(ref_in),
        converter(std::move(converter_in)),
        clock(clock_in),
        options(std::move(options_in)) {
    zone.offset_seconds = options.utc_offset_seconds;
    lateness_slots = options.allowed_lateness_seconds / internal::kSecondsPerSlot;
    // Levels 0-1 and 2-3 are merged by different workers: each pair has its own arena.
    for (int level = 0; level < kTableLevels; ++level) {
      for (int g = 0; g < kGranularities; ++g) {
        tables[level][g] = internal::CellTable(kChunkBits[g], &table_arenas[level / 2]);
      }
    }
    // Meters are applied by the worker of their enterprise (enterprise % threads), which then
    // allocates only from that worker's arena.
    const int threads = std::max(1, options.threads);
    for (int w = 0; w < threads; ++w) series_arenas.push_back(std::make_unique<internal::Arena>());
  }

  // ----- time, positions and buckets

  static int64_t PositionOf(const MeterEntry& m, int64_t slot) {
    if (m.interval_slots == 0) return internal::MonthIndexOfDay(FloorDiv(slot, kSlotsPerDay));
    return FloorDiv(slot, m.interval_slots);
  }
  static int64_t SlotOfPosition(const MeterEntry& m, int64_t position) {
    if (m.interval_slots == 0) {
      return internal::FirstDayOfMonth(static_cast<int32_t>(position)) * kSlotsPerDay;
    }
    return position * m.interval_slots;
  }
  /// First position whose period starts at or after `slot`.
  static int64_t FirstPositionFrom(const MeterEntry& m, int64_t slot) {
    const int64_t p = PositionOf(m, slot);
    return SlotOfPosition(m, p) < slot ? p + 1 : p;
  }

  static int64_t Bucket(Granularity g, int64_t slot) {
    switch (g) {
      case Granularity::k15Min:
        return slot;
      case Granularity::kHour:
        return FloorDiv(slot, kSlotsPerHour);
      case Granularity::kDay:
        return FloorDiv(slot, kSlotsPerDay);
      case Granularity::kMonth:
        return internal::MonthIndexOfDay(FloorDiv(slot, kSlotsPerDay));
    }
    return slot;
  }
  static int64_t BucketStart(Granularity g, int64_t bucket) {
    switch (g) {
      case Granularity::k15Min:
        return bucket;
      case Granularity::kHour:
        return bucket * kSlotsPerHour;
      case Granularity::kDay:
        return bucket * kSlotsPerDay;
      case Granularity::kMonth:
        return internal::FirstDayOfMonth(static_cast<int32_t>(bucket)) * kSlotsPerDay;
    }
    return bucket;
  }
  static int64_t BucketEnd(Granularity g, int64_t bucket) { return BucketStart(g, bucket + 1); }

  Timestamp SlotStart(int64_t slot) const { return Timestamp{zone.SlotStartMicros(slot)}; }
  int64_t SlotFloor(Timestamp t) const {
    return FloorDiv(zone.LocalSeconds(t.micros), internal::kSecondsPerSlot);
  }
  int64_t SlotCeil(Timestamp t) const {
    const int64_t local_micros = t.micros + int64_t{zone.offset_seconds} * 1000000;
    return FloorDiv(local_micros + internal::kSecondsPerSlot * 1000000 - 1,
                    internal::kSecondsPerSlot * 1000000);
  }

  // ----- conversion

  YearFactors ResolveYear(MeterId id, int64_t day, bool record_missing) {
    const int32_t year = internal::CivilFromDays(day).year;
    const MeterEntry& entry = registry.meter(id);
    // Meters of one carrier and unit share their coefficients (before the multiplier); resolving
    // parses units, so ingest resolves each (carrier, unit, year) once.
    MeterFactors f;
    if (record_missing) {
      const std::string key =
          entry.def.carrier + '\x1f' + entry.def.unit + '\x1f' + std::to_string(year);
      auto it = resolved.find(key);
      if (it == resolved.end())
        it = resolved.emplace(key, converter.Resolve(entry.def, year)).first;
      f = it->second;
    } else {
      f = converter.Resolve(entry.def, year);
    }
    YearFactors y;
    y.year = year;
    y.first_day = internal::DaysFromCivilDate(year, 1, 1);
    y.end_day = internal::DaysFromCivilDate(year + 1, 1, 1);
    for (int m = 0; m < kMeasureCount; ++m) {
      if (f.kg_per_unit[m]) {
        y.kg_per_unit[m] = *f.kg_per_unit[m] * entry.def.multiplier;
      } else {
        y.missing_mask = static_cast<uint8_t>(y.missing_mask | (1u << m));
      }
    }
    if (record_missing) {
      for (MissingFactor& missing : f.missing) {
        const auto key = std::make_tuple(id, year, static_cast<int>(missing.measure));
        if (missing_seen.insert(key).second) {
          missing.message = "meter " + entry.def.enterprise + "/" + entry.def.code + " (" +
                            std::to_string(year) + "): " + missing.message;
          const int64_t first_slot = internal::DaysFromCivilDate(year, 1, 1) * kSlotsPerDay;
          const int64_t end_slot = internal::DaysFromCivilDate(year + 1, 1, 1) * kSlotsPerDay;
          Raise(domain::AlertKind::kMissingFactor, domain::AlertSeverity::kWarning, id,
                entry.def.code, first_slot, end_slot,
                std::string(MeasureName(missing.measure)) + ": " + missing.message +
                    ". Readings are stored and counted; this measure is left out of the totals "
                    "until the factor is supplied",
                0, 0, std::string(MeasureName(missing.measure)));
          missing_factors.push_back(std::move(missing));
        }
      }
    }
    return y;
  }

  /// The coefficients for `day`; on ingest (exclusive lock) they are cached, queries use the
  /// cache read-only and resolve a missing year on the fly.
  const YearFactors& FactorsFor(MeterId id, int64_t day, YearFactors& scratch, bool writing) {
    MeterRuntime& rt = meters[id];
    if (rt.hot_year < rt.years.size()) {
      const YearFactors& y = rt.years[rt.hot_year];
      if (day >= y.first_day && day < y.end_day) return y;
    }
    for (size_t k = 0; k < rt.years.size(); ++k) {
      if (day >= rt.years[k].first_day && day < rt.years[k].end_day) {
        if (writing) rt.hot_year = k;
        return rt.years[k];
      }
    }
    if (!writing) {
      scratch = ResolveYear(id, day, false);
      return scratch;
    }
    rt.years.push_back(ResolveYear(id, day, true));
    rt.hot_year = rt.years.size() - 1;
    return rt.years.back();
  }

  /// Converts a use of `raw` millionths of a meter unit (before the multiplier) at `slot`.
  void Convert(MeterId id, int64_t slot, int64_t raw, Contribution& c, bool writing) {
    YearFactors scratch;
    const YearFactors& y = FactorsFor(id, FloorDiv(slot, kSlotsPerDay), scratch, writing);
    c.slot = static_cast<int32_t>(slot);
    c.quantity = std::llround(static_cast<double>(raw) * registry.meter(id).def.multiplier);
    c.missing_mask = y.missing_mask;
    const double raw_d = static_cast<double>(raw);
    for (int m = 0; m < kMeasureCount; ++m) {
      c.measure[m] = 0;
      if (y.missing_mask & (1u << m)) continue;
      const double mg = raw_d * y.kg_per_unit[m];
      if (!(std::fabs(mg) < 9e18)) {  // beyond int64 milligrams: refuse to count, never wrap
        c.missing_mask = static_cast<uint8_t>(c.missing_mask | (1u << m));
        continue;
      }
      c.measure[m] = std::llround(mg);
    }
  }

  /// Counter differences: the use between two counted readings `prev` and `next` (raw
  /// millionths), or nullopt for a reset. Sets `rollover` when the register wrapped.
  static std::optional<int64_t> CounterDelta(const MeterEntry& m, int64_t prev, int64_t next,
                                             bool& rollover) {
    rollover = false;
    if (next >= prev) return next - prev;
    if (m.def.register_max) {
      const int64_t range = std::llround(*m.def.register_max * 1e6);
      const int64_t wrapped = range - prev + next;
      // A real wrap leaves a small difference; anything larger is a reset or a swap.
      if (wrapped >= 0 && wrapped < range / 10) {
        rollover = true;
        return wrapped;
      }
    }
    return std::nullopt;
  }

  /// The contribution filed under `position` of meter `id`, if any.
  bool ContributionAt(MeterId id, int64_t position, Contribution& c, bool writing) {
    const MeterEntry& m = registry.meter(id);
    const internal::MeterSeries& series = meters[id].series;
    int64_t value = 0;
    if (m.def.kind == domain::MeterKind::kInterval) {
      const uint8_t flags = series.Get(position, value);
      if (!internal::Counted(flags)) return false;
      Convert(id, SlotOfPosition(m, position), value, c, writing);
      c.flagged = internal::QualityOf(flags) != internal::kQualityGood;
      return true;
    }
    // Counter: the use up to the reading at position + 1, filed under the period ending there.
    const uint8_t flags = series.Get(position + 1, value);
    if (!internal::Counted(flags)) return false;
    const std::optional<int64_t> prev = series.PrevCounted(position + 1, kCounterLookBack);
    if (!prev) return false;
    int64_t prev_value = 0;
    const uint8_t prev_flags = series.Get(*prev, prev_value);
    bool rollover;
    const std::optional<int64_t> delta = CounterDelta(m, prev_value, value, rollover);
    if (!delta) return false;
    Convert(id, SlotOfPosition(m, position), *delta, c, writing);
    c.flagged = internal::QualityOf(flags) != internal::kQualityGood ||
                internal::QualityOf(prev_flags) != internal::kQualityGood;
    return true;
  }

  /// The contribution of meter `id` filed exactly at `slot`, if any.
  bool ContributionAtSlot(MeterId id, int64_t slot, Contribution& c, bool writing) {
    const MeterEntry& m = registry.meter(id);
    const int64_t position = PositionOf(m, slot);
    if (SlotOfPosition(m, position) != slot) return false;
    return ContributionAt(id, position, c, writing);
  }

  /// Calls f(contribution) for every contribution of meter `id` filed in slots [from, to).
  template <typename F>
  void ForEachContribution(MeterId id, int64_t from, int64_t to, bool writing, F&& f) {
    const MeterEntry& m = registry.meter(id);
    const internal::MeterSeries& series = meters[id].series;
    if (series.empty() || from >= to) return;
    const int64_t first = FirstPositionFrom(m, from);
    const int64_t last = FirstPositionFrom(m, to) - 1;
    if (first > last) return;
    Contribution c;
    if (m.def.kind == domain::MeterKind::kInterval) {
      // The value is at hand: no second lookup (ContributionAt does the same conversion).
      series.ForEach(first, last, [&](int64_t position, int64_t value, uint8_t flags) {
        if (!internal::Counted(flags)) return;
        Convert(id, SlotOfPosition(m, position), value, c, writing);
        c.flagged = internal::QualityOf(flags) != internal::kQualityGood;
        f(c);
      });
      return;
    }
    series.ForEach(first + 1, last + 1, [&](int64_t position, int64_t, uint8_t flags) {
      if (internal::Counted(flags) && ContributionAt(id, position - 1, c, writing)) f(c);
    });
  }

  /// Σ of the contributions of enterprise `e`'s meters filed at `slot`.
  RollupState EnterpriseSlot(EnterpriseId e, int64_t slot) {
    RollupState state;
    Contribution c;
    for (MeterId id : registry.enterprise(e).meters) {
      if (ContributionAtSlot(id, slot, c, true)) state.Add(c);
    }
    return state;
  }

  // ----- ingest

  /// Key of a (enterprise, slot) pair in the per-batch maps.
  static uint64_t Key(uint32_t entity, int64_t bucket) {
    return (uint64_t{entity} << 32) | static_cast<uint32_t>(static_cast<int32_t>(bucket));
  }
  static uint32_t KeyEntity(uint64_t key) { return static_cast<uint32_t>(key >> 32); }
  static int64_t KeyBucket(uint64_t key) {
    return static_cast<int32_t>(static_cast<uint32_t>(key & 0xffffffffu));
  }

  /// What one worker of a batch found: counts, dirty (enterprise, slot) keys, late readings.
  struct WorkerOutput {
    size_t new_readings = 0, duplicates = 0, corrections = 0, late = 0, refused_late = 0;
    size_t reported = 0;
    std::vector<uint64_t> dirty;
    std::vector<std::pair<MeterId, int32_t>> late_rows;
  };

  /// A contribution appeared where there was none: add it to the batch's pending states.
  void PendingAdd(MeterId id, int64_t position, int worker) {
    Contribution c;
    if (!ContributionAt(id, position, c, true)) return;
    pending.Add(registry.meter(id).enterprise, c.slot, c, worker);
  }

  /// A contribution at `position` may have changed or vanished: recompute its cells.
  void MarkDirty(MeterId id, int64_t position, WorkerOutput& out) {
    const MeterEntry& m = registry.meter(id);
    out.dirty.push_back(Key(m.enterprise, SlotOfPosition(m, position)));
  }

  /// Applies the rows of the enterprises that belong to `worker` (all rows with one worker), in
  /// batch order. Touches only those enterprises' meters and pending states.
  void ApplyRows(const BatchRow* begin, const BatchRow* end, int worker, int workers,
                 int64_t watermark, WorkerOutput& out) {
    for (const BatchRow* it = begin; it != end; ++it) {
      const BatchRow& row = *it;
      const MeterId id = row.meter;
      const MeterEntry& m = registry.meter(id);
      if (workers > 1 &&
          static_cast<int>(m.enterprise % static_cast<uint32_t>(workers)) != worker) {
        continue;
      }
      MeterRuntime& rt = meters[id];
      if (row.statistics_type() != m.native) {
        ApplyReported(rt, row, out);
        continue;
      }
      const int64_t position = PositionOf(m, row.slot);
      const int64_t end_slot = SlotOfPosition(m, position + 1);
      const bool late = end_slot < watermark;
      const internal::MeterSeries::PutResult put =
          rt.series.Put(position, row.value, static_cast<uint8_t>(row.quality), late, batch_seq);
      switch (put.kind) {
        case internal::MeterSeries::PutKind::kNew:
          ++(late ? out.late : out.new_readings);
          if (late) out.late_rows.emplace_back(id, row.slot);
          if (late || row.quality == internal::kQualityInvalid) break;
          if (m.def.kind == domain::MeterKind::kInterval) {
            PendingAdd(id, position, worker);
          } else {
            // Its own use (from the reading before) is new; the next reading's use changes.
            PendingAdd(id, position - 1, worker);
            if (std::optional<int64_t> next = rt.series.NextCounted(position, kCounterLookBack)) {
              MarkDirty(id, *next - 1, out);
            }
          }
          break;
        case internal::MeterSeries::PutKind::kDuplicate:
          ++out.duplicates;
          break;
        case internal::MeterSeries::PutKind::kCorrection:
          ++out.corrections;
          if (m.def.kind == domain::MeterKind::kInterval) {
            MarkDirty(id, position, out);
          } else {
            MarkDirty(id, position - 1, out);
            if (std::optional<int64_t> next = rt.series.NextCounted(position, kCounterLookBack)) {
              MarkDirty(id, *next - 1, out);
            }
          }
          break;
        case internal::MeterSeries::PutKind::kRefusedLate:
          ++out.refused_late;
          out.late_rows.emplace_back(id, row.slot);
          break;
      }
    }
  }

  /// Resolves, before workers start, the coefficients of every meter of the batch for every year
  /// its contributions can fall in (resolving raises alerts, which only one thread may do).
  void PrepareFactors(const std::vector<BatchRow>& rows, int64_t lo, int64_t hi) {
    std::vector<uint8_t> seen(registry.meter_count(), 0);
    for (const BatchRow& row : rows) seen[row.meter] = 1;
    // Counter differences can land up to a month before the first reading (monthly counters).
    const int32_t first_year = internal::CivilFromDays(FloorDiv(lo, kSlotsPerDay) - 31).year;
    const int32_t last_year = internal::CivilFromDays(FloorDiv(hi, kSlotsPerDay)).year;
    YearFactors scratch;
    for (MeterId id = 0; id < seen.size(); ++id) {
      if (!seen[id]) continue;
      for (int32_t year = first_year; year <= last_year; ++year) {
        FactorsFor(id, internal::DaysFromCivilDate(year, 1, 1), scratch, true);
      }
    }
  }

  /// Workers for a batch: 1, or options.threads (= series_arenas.size(), see the constructor).
  int WorkersFor(size_t rows) const {
    return rows >= options.parallel_min_rows ? static_cast<int>(series_arenas.size()) : 1;
  }

  IngestResult Apply(const std::vector<BatchRow>& rows) {
    IngestResult result;
    result.rows = rows.size();
    result.accepted = true;
    result.batch_seq = ++batch_seq;
    // Lateness is judged against the watermark as it stood when the batch arrived.
    const int64_t watermark = max_start_slot == std::numeric_limits<int64_t>::min()
                                  ? std::numeric_limits<int64_t>::min()
                                  : max_start_slot - lateness_slots;
    int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
    for (const BatchRow& row : rows) {
      lo = std::min<int64_t>(lo, row.slot);
      hi = std::max<int64_t>(hi, row.slot);
    }
    const int workers = WorkersFor(rows.size());
    if (workers > 1) PrepareFactors(rows, lo, hi);
    const size_t alerts_before = new_alerts.size();
    std::vector<WorkerOutput> outputs(static_cast<size_t>(workers));
    // Rows are applied in chunks: each chunk's new contributions are summed per (enterprise,
    // slot) and merged into the cells before the next chunk, which keeps the per-chunk states
    // few (a chunk spans few enterprises or few slots) whatever the size of the batch.
    constexpr size_t kChunkRows = size_t{1} << 20;
    for (size_t first = 0; first < rows.size(); first += kChunkRows) {
      const BatchRow* begin = rows.data() + first;
      const BatchRow* end = rows.data() + std::min(rows.size(), first + kChunkRows);
      int64_t chunk_lo = std::numeric_limits<int64_t>::max();
      int64_t chunk_hi = std::numeric_limits<int64_t>::min();
      uint32_t e_lo = std::numeric_limits<uint32_t>::max(), e_hi = 0;
      for (const BatchRow* it = begin; it != end; ++it) {
        chunk_lo = std::min<int64_t>(chunk_lo, it->slot);
        chunk_hi = std::max<int64_t>(chunk_hi, it->slot);
        const uint32_t e = registry.meter(it->meter).enterprise;
        e_lo = std::min(e_lo, e);
        e_hi = std::max(e_hi, e);
      }
      // Counter differences land one period before their reading (a day for daily meters).
      pending.Begin(e_lo, e_hi - e_lo + 1, chunk_lo - kSlotsPerDay, chunk_hi, workers);
      if (workers == 1) {
        ApplyRows(begin, end, 0, 1, watermark, outputs[0]);
      } else {
        std::vector<std::thread> threads;
        for (int w = 1; w < workers; ++w) {
          threads.emplace_back([&, w] {
            ApplyRows(begin, end, w, workers, watermark, outputs[static_cast<size_t>(w)]);
          });
        }
        ApplyRows(begin, end, 0, workers, watermark, outputs[0]);
        for (std::thread& t : threads) t.join();
      }
      MergePending(workers);
    }
    dirty.clear();
    late_rows.clear();
    for (WorkerOutput& out : outputs) {
      result.new_readings += out.new_readings;
      result.duplicates += out.duplicates;
      result.corrections += out.corrections;
      result.late += out.late;
      result.refused_late += out.refused_late;
      result.reported_totals += out.reported;
      reported_count += out.reported;
      dirty.insert(dirty.end(), out.dirty.begin(), out.dirty.end());
      late_rows.insert(late_rows.end(), out.late_rows.begin(), out.late_rows.end());
    }
    if (!rows.empty()) max_start_slot = std::max(max_start_slot, hi);
    RecomputeDirty();
    ++batches;
    RaiseLateAlerts(watermark);
    // Closing a day checks every meter: with many meters that is worth the workers even for a
    // small batch (results do not depend on the number of workers).
    EvaluateClosedDays(
        meters.size() >= kParallelCheckMeters ? static_cast<int>(series_arenas.size()) : workers,
        CheckBudget(rows.size()));
    result.alerts = new_alerts.size() - alerts_before;
    SpillOld();
    return result;
  }

  /// Slots before this are spilled: the hot window behind the lateness watermark.
  int64_t SpillHorizon() const {
    return max_start_slot - lateness_slots - int64_t{options.hot_days} * kSlotsPerDay;
  }

  /// Once per day of event time: readings and cells older than the hot window leave memory
  /// (EngineOptions::hot_days). Only where they live changes, not what any query returns.
  void SpillOld() {
    if (!cold || max_start_slot == std::numeric_limits<int64_t>::min() ||
        max_start_slot < next_spill_slot) {
      return;
    }
    next_spill_slot = max_start_slot + kSlotsPerDay;
    const int64_t horizon = SpillHorizon();
    for (MeterId id = 0; id < meters.size(); ++id) {
      const MeterEntry& m = registry.meter(id);
      // A counter's use is filed one period before its reading: keep that one too.
      meters[id].series.Spill(PositionOf(m, horizon) - 1);
    }
    for (int level = 0; level < kTableLevels; ++level) {
      for (int g = 0; g < kGranularities; ++g) {
        tables[level][g].Spill(Bucket(static_cast<Granularity>(g), horizon));
      }
    }
  }

  /// Fast path: merges each pending (enterprise, slot) state into its fifteen cells. With two
  /// workers one takes the enterprise and industry tables, the other townships and counties.
  void MergePending(int workers = 1) {
    auto merge_levels = [&](int first_level, int last_level) {
      pending.ForEach([&](uint32_t e, int64_t slot, const RollupState& state) {
        const EnterpriseEntry& entry = registry.enterprise(e);
        const uint32_t entity[kTableLevels] = {e, entry.industry, entry.township, entry.county};
        for (int g = 0; g < kGranularities; ++g) {
          const int64_t bucket = Bucket(static_cast<Granularity>(g), slot);
          for (int level = first_level; level <= last_level; ++level) {
            if (level == 0 && g == 0) continue;  // enterprise × 15 min is computed from meters
            tables[level][g].At(entity[level], bucket).Merge(state);
          }
        }
      });
    };
    if (workers > 1) {
      std::thread other([&] { merge_levels(2, 3); });
      merge_levels(0, 1);
      other.join();
    } else {
      merge_levels(0, kTableLevels - 1);
    }
    pending.Clear();
  }

  /// Slow path: every cell above a changed (enterprise, slot) is rebuilt from its children, level
  /// by level (15 min, hour, day, month), so retracted values leave min and max exactly.
  void RecomputeDirty() {
    if (dirty.empty()) return;
    std::sort(dirty.begin(), dirty.end());
    dirty.erase(std::unique(dirty.begin(), dirty.end()), dirty.end());
    // Dirty cells per table, as sorted unique keys (entity, bucket).
    std::vector<uint64_t> cells[kTableLevels][kGranularities];
    for (uint64_t key : dirty) {
      const EnterpriseId e = KeyEntity(key);
      const int64_t slot = KeyBucket(key);
      const EnterpriseEntry& entry = registry.enterprise(e);
      const uint32_t entity[kTableLevels] = {e, entry.industry, entry.township, entry.county};
      for (int g = 0; g < kGranularities; ++g) {
        const int64_t bucket = Bucket(static_cast<Granularity>(g), slot);
        for (int level = 0; level < kTableLevels; ++level) {
          if (level == 0 && g == 0) continue;
          cells[level][g].push_back(Key(entity[level], bucket));
        }
      }
    }
    for (auto& per_level : cells) {
      for (std::vector<uint64_t>& keys : per_level) {
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
      }
    }
    const int kIndustry = TableLevel(Level::kIndustry);
    const int kTownship = TableLevel(Level::kTownship);
    const int kCounty = TableLevel(Level::kCounty);
    // 15 minutes: industries and townships from their enterprises, counties from townships.
    for (int level : {kIndustry, kTownship}) {
      const auto& members = level == kIndustry ? industry_members : township_members;
      for (uint64_t key : cells[level][0]) {
        RollupState state;
        for (EnterpriseId e : members[KeyEntity(key)])
          state.Merge(EnterpriseSlot(e, KeyBucket(key)));
        tables[level][0].At(KeyEntity(key), KeyBucket(key)) = state;
      }
    }
    for (uint64_t key : cells[kCounty][0]) {
      RollupState state;
      for (GroupId t : county_townships[KeyEntity(key)]) {
        if (const RollupState* s = tables[kTownship][0].Find(t, KeyBucket(key))) state.Merge(*s);
      }
      tables[kCounty][0].At(KeyEntity(key), KeyBucket(key)) = state;
    }
    // Hours, days, months: each from the finer cells it contains.
    for (int g = 1; g < kGranularities; ++g) {
      const auto gran = static_cast<Granularity>(g);
      const auto finer = static_cast<Granularity>(g - 1);
      for (int level = 0; level < kTableLevels; ++level) {
        for (uint64_t key : cells[level][g]) {
          const uint32_t entity = KeyEntity(key);
          const int64_t start = BucketStart(gran, KeyBucket(key));
          const int64_t end = BucketEnd(gran, KeyBucket(key));
          RollupState state;
          if (level == 0 && g == 1) {
            for (int64_t slot = start; slot < end; ++slot)
              state.Merge(EnterpriseSlot(entity, slot));
          } else {
            tables[level][g - 1].ForEach(entity, Bucket(finer, start), Bucket(finer, end - 1),
                                         [&](int64_t, const RollupState& s) { state.Merge(s); });
          }
          tables[level][g].At(entity, KeyBucket(key)) = state;
        }
      }
    }
  }

  // ----- alerts and quality

  std::string Quantity(const MeterEntry& m, int64_t micros) const {
    return internal::MicrosToString(micros) + " " + m.def.unit;
  }
  std::string Local(int64_t slot) const {
    // Local wall-clock time of a slot, "2024-03-27 08:15".
    const int64_t seconds = slot * internal::kSecondsPerSlot;
    const internal::CivilDate d = internal::CivilFromDays(FloorDiv(seconds, 86400));
    const int64_t in_day = seconds - FloorDiv(seconds, 86400) * 86400;
    char text[40];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d", d.year, d.month, d.day,
                  static_cast<int>(in_day / 3600), static_cast<int>(in_day % 3600 / 60));
    return text;
  }

  /// Raises an alert once per (kind, meter or enterprise, period start, key suffix). `owner` is a
  /// meter id when `meter_code` is not empty, else an enterprise id.
  void Raise(domain::AlertKind kind, domain::AlertSeverity severity, uint32_t owner,
             const std::string& meter_code, int64_t start_slot, int64_t end_slot,
             std::string message, double observed, double expected, const std::string& suffix) {
    const std::string enterprise = meter_code.empty() ? registry.enterprise(owner).def.credit_code
                                                      : registry.meter(owner).def.enterprise;
    std::string key = std::string(domain::AlertKindName(kind)) + "|" + enterprise + "|" +
                      meter_code + "|" + std::to_string(start_slot) + "|" + suffix;
    if (!alert_index.emplace(std::move(key), alerts.size()).second) return;
    domain::Alert a;
    a.id = static_cast<int64_t>(alerts.size()) + 1;
    a.kind = kind;
    a.severity = severity;
    a.enterprise = enterprise;
    a.meter = meter_code;
    a.period_start = SlotStart(start_slot);
    a.period_end = SlotStart(end_slot);
    a.raised_at = Timestamp{batch_received_at};
    a.message = std::move(message);
    a.observed = observed;
    a.expected = expected;
    alerts.push_back(a);
    new_alerts.push_back(std::move(a));
  }

  void RaiseLateAlerts(int64_t watermark) {
    // One alert per meter and batch, naming how many readings and which periods. Resends of
    // readings already stored are not late news and are not in late_rows.
    std::map<MeterId, std::tuple<int, int64_t, int64_t>> late;  // count, first, last slot
    for (const auto& [meter, slot] : late_rows) {
      auto [it, inserted] = late.try_emplace(meter, 0, slot, slot);
      auto& [count, first, last] = it->second;
      ++count;
      first = std::min<int64_t>(first, slot);
      last = std::max<int64_t>(last, slot);
    }
    for (const auto& [id, info] : late) {
      const auto& [count, first, last] = info;
      const MeterEntry& m = registry.meter(id);
      Raise(domain::AlertKind::kLateReading, domain::AlertSeverity::kInfo, id, m.def.code, first,
            last + 1,
            std::to_string(count) + " reading(s) for " + Local(first) + " to " + Local(last) +
                " arrived after the allowed lateness (data up to " + Local(watermark) +
                " was already final); they are kept for the record but not counted. Check why "
                "the collector sent them so late",
            count, 0, "batch " + std::to_string(batch_seq));
    }
  }

  /// The day's periods of meter `id` as the quality checks see them.
  DayInput BuildDayInput(MeterId id, int64_t day) {
    const MeterEntry& m = registry.meter(id);
    const internal::MeterSeries& series = meters[id].series;
    const int per_day = static_cast<int>(kSlotsPerDay / m.interval_slots);
    DayInput in;
    in.minutes_per_period = m.interval_slots * 15;
    in.interval_meter = m.def.kind == domain::MeterKind::kInterval;
    in.use.assign(static_cast<size_t>(per_day), std::nullopt);
    in.raw.assign(static_cast<size_t>(per_day), std::nullopt);
    in.received.assign(static_cast<size_t>(per_day), false);
    const int64_t first = PositionOf(m, day * kSlotsPerDay);
    std::optional<int64_t> prev;
    if (!in.interval_meter) {
      if (std::optional<int64_t> p = series.PrevCounted(first, kCounterLookBack)) {
        int64_t v;
        series.Get(*p, v);
        prev = v;
      }
    }
    for (int k = 0; k < per_day; ++k) {
      int64_t value;
      const uint8_t flags = series.Get(first + k, value);
      if (!(flags & internal::kFlagPresent) ||
          internal::QualityOf(flags) == internal::kQualityInvalid) {
        continue;
      }
      in.received[static_cast<size_t>(k)] = true;
      if (!internal::Counted(flags)) continue;
      if (in.interval_meter) {
        in.use[static_cast<size_t>(k)] = value;
        in.raw[static_cast<size_t>(k)] = value;
      } else {
        if (prev) {
          bool rollover;
          std::optional<int64_t> delta = CounterDelta(m, *prev, value, rollover);
          if (delta) in.use[static_cast<size_t>(k)] = *delta;
          if (value < *prev) in.counter_events.push_back(CounterEvent{k, *prev, value, rollover});
        }
        prev = value;
      }
    }
    return in;
  }

  /// An alert found by a worker, raised later in a fixed order (so ids do not depend on threads).
  struct AlertDraft {
    int64_t day;
    domain::AlertKind kind;
    domain::AlertSeverity severity;
    uint32_t owner;
    std::string meter_code;
    int64_t start_slot, end_slot;
    std::string message;
    double observed, expected;
    std::string suffix;
  };

  static void Draft(std::vector<AlertDraft>& drafts, int64_t day, domain::AlertKind kind,
                    domain::AlertSeverity severity, uint32_t owner, const std::string& meter_code,
                    int64_t start_slot, int64_t end_slot, std::string message, double observed,
                    double expected, const std::string& suffix) {
    drafts.push_back(AlertDraft{day, kind, severity, owner, meter_code, start_slot, end_slot,
                                std::move(message), observed, expected, suffix});
  }

  void EvaluateMeterDay(MeterId id, int64_t day, std::vector<AlertDraft>& drafts) {
    const MeterEntry& m = registry.meter(id);
    MeterRuntime& rt = meters[id];
    if (m.interval_slots == 0 || rt.series.empty()) return;  // monthly meters: no day checks
    if (day < FloorDiv(SlotOfPosition(m, rt.series.first_position()), kSlotsPerDay)) return;
    const QualityOptions& q = options.quality;
    // Baseline from the previous days' statistics (rebuilt from the readings when not current,
    // e.g. after a restart).
    if (rt.stats_through_day != day - 1) {
      rt.recent_days.clear();
      for (int64_t d = day - q.baseline_days; d < day; ++d) {
        DayInput past = BuildDayInput(id, d);
        std::vector<int64_t> uses;
        for (const std::optional<int64_t>& u : past.use) {
          if (u) uses.push_back(*u);
        }
        if (!uses.empty()) rt.recent_days.emplace_back(d, ComputeRobustStats(uses));
      }
    }
    DayInput in = BuildDayInput(id, day);
    if (m.interval_slots <= kSlotsPerHour) {  // spikes for meters of an hour or less
      std::vector<RobustStats> history;
      for (const auto& [d, stats] : rt.recent_days) history.push_back(stats);
      in.baseline = Baseline(history);
    }
    const DayFindings f = CheckDay(in, q);
    rt.stats_through_day = day;
    if (f.has_stats) rt.recent_days.emplace_back(day, f.stats);
    while (rt.recent_days.size() > static_cast<size_t>(q.baseline_days)) {
      rt.recent_days.erase(rt.recent_days.begin());
    }

    const int64_t day_start = day * kSlotsPerDay;
    const int64_t day_end = day_start + kSlotsPerDay;
    const int per = m.interval_slots;
    const std::string& code = m.def.code;
    if (f.received == 0) {
      // A silent meter: one alert for the whole silent run, not one per day.
      if (rt.silent_since_day != day - 1) {
        Draft(drafts, day, domain::AlertKind::kGap, domain::AlertSeverity::kCritical, id, code,
              day_start, day_end,
              "no reading at all since " + Local(day_start) +
                  "; the meter or its collector is offline. Check the connection; readings sent "
                  "later within the allowed lateness are still counted",
              0, f.expected, "silent");
      }
      rt.silent_since_day = day;
      return;
    }
    rt.silent_since_day = std::numeric_limits<int64_t>::min();
    if (f.completeness < q.completeness_threshold) {
      Draft(drafts, day, domain::AlertKind::kIncomplete, domain::AlertSeverity::kWarning, id, code,
            day_start, day_end,
            "only " + std::to_string(f.received) + " of " + std::to_string(f.expected) +
                " expected readings arrived for " + Local(day_start).substr(0, 10) + " (" +
                std::to_string(static_cast<int>(f.completeness * 100)) +
                " %, below the 90 % the monitoring practice requires); ask the enterprise to "
                "send the missing periods",
            f.completeness, q.completeness_threshold, "");
    }
    if (f.gaps > 0) {
      const int64_t gap_start = day_start + static_cast<int64_t>(f.gap_start) * per;
      Draft(drafts, day, domain::AlertKind::kGap, domain::AlertSeverity::kWarning, id, code,
            gap_start, gap_start + static_cast<int64_t>(f.longest_gap) * per,
            std::to_string(f.gaps) + " gap(s) in " + Local(day_start).substr(0, 10) +
                "; the longest has " + std::to_string(f.longest_gap) + " missing period(s) from " +
                Local(gap_start),
            f.longest_gap, 0, "");
    }
    if (f.stuck_run > 0) {
      const int64_t stuck_start = day_start + static_cast<int64_t>(f.stuck_start) * per;
      Draft(drafts, day, domain::AlertKind::kStuck, domain::AlertSeverity::kWarning, id, code,
            stuck_start, stuck_start + static_cast<int64_t>(f.stuck_run) * per,
            "the meter sent the same value (" + Quantity(m, f.stuck_value) + ") " +
                std::to_string(f.stuck_run) + " times in a row from " + Local(stuck_start) +
                "; a stuck meter or a collector repeating its last value. Check the meter",
            static_cast<double>(f.stuck_value) / 1e6, 0, "");
    }
    if (f.spikes > 0 && in.baseline) {
      const int64_t spike_slot = day_start + static_cast<int64_t>(f.spike_period) * per;
      Draft(drafts, day, domain::AlertKind::kSpike, domain::AlertSeverity::kWarning, id, code,
            spike_slot, spike_slot + per,
            std::to_string(f.spikes) + " value(s) far from the usual level on " +
                Local(day_start).substr(0, 10) + "; the largest is " + Quantity(m, f.spike_value) +
                " at " + Local(spike_slot) + " against a typical " +
                Quantity(m, in.baseline->median) +
                " (median of the previous days). Check for a unit or multiplier error or a "
                "fault",
            static_cast<double>(f.spike_value) / 1e6,
            static_cast<double>(in.baseline->median) / 1e6, "");
    }
    for (const CounterEvent& e : in.counter_events) {
      const int64_t slot = day_start + static_cast<int64_t>(e.period) * per;
      if (e.rollover) {
        Draft(drafts, day, domain::AlertKind::kCounterRollover, domain::AlertSeverity::kInfo, id,
              code, slot, slot + per,
              "the register went from " + Quantity(m, e.previous) + " to " + Quantity(m, e.value) +
                  " at " + Local(slot) +
                  ": it wrapped past its maximum; the use across the wrap is counted",
              static_cast<double>(e.value) / 1e6, static_cast<double>(e.previous) / 1e6, "");
      } else {
        Draft(drafts, day, domain::AlertKind::kCounterReset, domain::AlertSeverity::kWarning, id,
              code, slot, slot + per,
              "the register went back from " + Quantity(m, e.previous) + " to " +
                  Quantity(m, e.value) + " at " + Local(slot) +
                  ": a reset or a replaced meter. The use of that period is not counted; send "
                  "the correct readings, or register the new meter under a new code",
              static_cast<double>(e.value) / 1e6, static_cast<double>(e.previous) / 1e6, "");
      }
    }
  }

  void EvaluateBudget(EnterpriseId e, int64_t day) {
    const EnterpriseEntry& entry = registry.enterprise(e);
    const domain::Enterprise& def = entry.def;
    if (!def.annual_energy_budget_tce && !def.annual_carbon_budget_tco2) return;
    const internal::CivilDate date = internal::CivilFromDays(day);
    const int32_t month = date.year * 12 + date.month - 1;
    const int64_t month_first = internal::FirstDayOfMonth(month);
    const int64_t year_first = internal::DaysFromCivilDate(date.year, 1, 1);
    const int days_in_month = internal::DaysInMonth(month);
    const int days_in_year =
        static_cast<int>(internal::DaysFromCivilDate(date.year + 1, 1, 1) - year_first);
    const RollupState month_state =
        Range(Level::kEnterprise, e, month_first * kSlotsPerDay, (day + 1) * kSlotsPerDay);
    const RollupState year_state =
        Range(Level::kEnterprise, e, year_first * kSlotsPerDay, (day + 1) * kSlotsPerDay);
    struct Budget {
      std::optional<double> annual;
      Measure measure;
      const char* what;
      const char* unit;
    };
    // A pace needs some days behind it: a week into a month, a month into a year.
    constexpr int kMinMonthDays = 7;
    constexpr int kMinYearDays = 30;
    for (const Budget& b :
         {Budget{def.annual_energy_budget_tce, Measure::kTceCalorific, "energy use (当量值)",
                 "tce"},
          Budget{def.annual_carbon_budget_tco2, Measure::kCo2, "CO2 emissions", "tCO2"}}) {
      if (!b.annual) continue;
      const double month_budget = *b.annual * days_in_month / days_in_year;
      const struct {
        const RollupState& state;
        int elapsed;
        int length;
        double budget;
        int min_days;
        int64_t start_day;
        int64_t end_day;
        const char* period;
      } periods[] = {
          {month_state, static_cast<int>(day - month_first + 1), days_in_month, month_budget,
           kMinMonthDays, month_first, month_first + days_in_month, "month"},
          {year_state, static_cast<int>(day - year_first + 1), days_in_year, *b.annual,
           kMinYearDays, year_first, year_first + days_in_year, "year"},
      };
      for (const auto& p : periods) {
        const double used = p.state.Tonnes(b.measure);
        const PaceFinding pace = CheckPace(used, p.elapsed, p.length, p.budget);
        const std::string missing =
            p.state.Complete(b.measure)
                ? ""
                : " (" + std::to_string(p.state.missing[static_cast<int>(b.measure)]) +
                      " readings could not be converted and are not included)";
        char numbers[160];
        if (pace.exceeded) {
          std::snprintf(numbers, sizeof numbers,
                        "%.1f %s used by %s, above the %s budget of %.1f %s", used, b.unit,
                        Local((day + 1) * kSlotsPerDay).substr(0, 10).c_str(), p.period, p.budget,
                        b.unit);
          Raise(domain::AlertKind::kBudgetPace, domain::AlertSeverity::kCritical, e, "",
                p.start_day * kSlotsPerDay, p.end_day * kSlotsPerDay,
                std::string(b.what) + " has exceeded the budget: " + numbers + missing, used,
                p.budget, std::string(MeasureName(b.measure)) + " exceeded");
        } else if (pace.over_pace && p.elapsed >= p.min_days) {
          std::snprintf(numbers, sizeof numbers,
                        "%.1f %s in %d of %d days points to %.1f %s for the %s, above its budget "
                        "of %.1f %s",
                        used, b.unit, p.elapsed, p.length, pace.projected, b.unit, p.period,
                        p.budget, b.unit);
          Raise(domain::AlertKind::kBudgetPace, domain::AlertSeverity::kWarning, e, "",
                p.start_day * kSlotsPerDay, p.end_day * kSlotsPerDay,
                std::string(b.what) + " is on pace to exceed the budget: " + numbers + missing +
                    ". Review the enterprise's production plan or savings measures",
                pace.projected, p.budget, std::string(MeasureName(b.measure)) + " pace");
        }
      }
    }
  }

  /// At the end of a month: each meter's counted use against the monthly total it reported.
  void EvaluateMonthly(int32_t month) {
    const int64_t start = internal::FirstDayOfMonth(month) * kSlotsPerDay;
    const int64_t end = internal::FirstDayOfMonth(month + 1) * kSlotsPerDay;
    for (MeterId id = 0; id < meters.size(); ++id) {
      const MeterRuntime& rt = meters[id];
      auto it = rt.reported.find(
          {static_cast<uint8_t>(domain::StatisticsType::kMonth), static_cast<int32_t>(start)});
      if (it == rt.reported.end()) continue;
      const MeterEntry& m = registry.meter(id);
      const double reported = static_cast<double>(it->second.value) * m.def.multiplier;
      RollupState state;
      ForEachContribution(id, start, end, true, [&](const Contribution& c) { state.Add(c); });
      const double counted = static_cast<double>(state.quantity.sum);
      // 5 %: the agreement the monitoring practice asks between daily sums and the monthly
      // report (DESIGN.md §6).
      if (reported > 0 && std::fabs(counted - reported) > 0.05 * reported) {
        char numbers[120];
        std::snprintf(numbers, sizeof numbers, "%.0f %% of the reported total",
                      counted / reported * 100);
        Raise(domain::AlertKind::kMonthlyMismatch, domain::AlertSeverity::kWarning, id, m.def.code,
              start, end,
              "the readings of " + Local(start).substr(0, 7) + " add up to " +
                  Quantity(m, static_cast<int64_t>(counted)) + ", the monthly report says " +
                  Quantity(m, static_cast<int64_t>(reported)) + " (" + numbers +
                  "); they should agree within 5 %. Check for missing periods or a wrong report",
              counted / 1e6, reported / 1e6, "");
      }
    }
  }

  /// Checks the days that have closed (see QualityOptions), meter by meter, at most `budget`
  /// meter-days per call: closing a day for ten thousand meters costs tens of milliseconds, and
  /// a batch that only happens to cross midnight should not hold every writer that long. What
  /// is left over continues with the next batch (check_day_next_meter marks the place), so the
  /// work depends only on the order of the batches and a replay of the log repeats it exactly.
  /// Meter-days of one step are checked by `workers` threads (each owns whole meters); their
  /// alerts are raised in meter order; a day's budget and monthly checks follow its last meter.
  void EvaluateClosedDays(int workers, size_t budget) {
    const QualityOptions& q = options.quality;
    if (!q.enabled || max_start_slot == std::numeric_limits<int64_t>::min()) return;
    const int64_t delay_slots = q.close_delay_seconds / internal::kSecondsPerSlot;
    const int64_t last_closed = FloorDiv(max_start_slot - delay_slots, kSlotsPerDay) - 1;
    if (evaluated_until_day == std::numeric_limits<int64_t>::min()) {
      int64_t first = std::numeric_limits<int64_t>::max();
      for (MeterId id = 0; id < meters.size(); ++id) {
        if (meters[id].series.empty()) continue;
        const MeterEntry& m = registry.meter(id);
        first = std::min(
            first, FloorDiv(SlotOfPosition(m, meters[id].series.first_position()), kSlotsPerDay));
      }
      if (first == std::numeric_limits<int64_t>::max()) return;
      evaluated_until_day = first - 1;
    }
    std::vector<std::vector<AlertDraft>> per_worker(static_cast<size_t>(workers));
    while (evaluated_until_day < last_closed) {
      const int64_t day = evaluated_until_day + 1;
      const size_t begin = std::min<size_t>(check_day_next_meter, meters.size());
      const size_t end = begin + std::min(budget, meters.size() - begin);
      auto run = [&](int w) {
        for (size_t id = begin + static_cast<size_t>(w); id < end;
             id += static_cast<size_t>(workers)) {
          EvaluateMeterDay(static_cast<MeterId>(id), day, per_worker[static_cast<size_t>(w)]);
        }
      };
      if (workers > 1 && end - begin >= static_cast<size_t>(workers) * 16) {
        std::vector<std::thread> threads;
        for (int w = 1; w < workers; ++w) threads.emplace_back(run, w);
        run(0);
        for (std::thread& t : threads) t.join();
      } else {
        for (size_t id = begin; id < end; ++id) {
          EvaluateMeterDay(static_cast<MeterId>(id), day, per_worker[0]);
        }
      }
      std::vector<AlertDraft> drafts;
      for (std::vector<AlertDraft>& d : per_worker) {
        for (AlertDraft& a : d) drafts.push_back(std::move(a));
        d.clear();
      }
      std::stable_sort(drafts.begin(), drafts.end(),
                       [](const AlertDraft& a, const AlertDraft& b) { return a.owner < b.owner; });
      for (AlertDraft& a : drafts) {
        Raise(a.kind, a.severity, a.owner, a.meter_code, a.start_slot, a.end_slot,
              std::move(a.message), a.observed, a.expected, a.suffix);
      }
      budget -= end - begin;
      check_day_next_meter = end;
      if (end < meters.size()) break;  // the rest of the day goes with the next batch
      for (EnterpriseId e = 0; e < registry.enterprise_count(); ++e) EvaluateBudget(e, day);
      if (internal::CivilFromDays(day + 1).day == 1) {
        EvaluateMonthly(internal::MonthIndexOfDay(day));
      }
      evaluated_until_day = day;
      check_day_next_meter = 0;
      if (budget == 0) break;
    }
  }

  /// Meter-days a batch of `rows` rows checks at most (see EvaluateClosedDays): enough for any
  /// stream that sends more than one reading per sixteen meter-days, and all of a bulk load.
  /// Fixed, not an option: replaying the log must divide the work the same way.
  static size_t CheckBudget(size_t rows) { return std::max<size_t>(2048, rows / 16); }

  void ApplyReported(MeterRuntime& rt, const BatchRow& row, WorkerOutput& out) {
    const auto key = std::make_pair(static_cast<uint8_t>(row.statistics), row.slot);
    const auto flags =
        static_cast<uint8_t>(internal::kFlagPresent | (row.quality << internal::kQualityShift));
    auto [it, inserted] = rt.reported.try_emplace(key, ReportedValue{row.value, flags});
    if (inserted) {
      ++out.reported;
      return;
    }
    if (it->second.value == row.value && it->second.flags == flags) {
      ++out.duplicates;
      return;
    }
    rt.reported_revisions.push_back(internal::Revision{row.slot, it->second.value, it->second.flags,
                                                       internal::Revision::Kind::kSuperseded,
                                                       batch_seq});
    it->second = ReportedValue{row.value, flags};
    ++out.corrections;
  }

  DecodeOptions MakeDecodeOptions(const IngestRequest& request) const {
    DecodeOptions o;
    o.registry = &registry;
    o.utc_offset_seconds = options.utc_offset_seconds;
    o.now = clock.Now();
    o.max_future_seconds = options.max_future_seconds;
    o.scope_enterprise = request.scope_enterprise;
    o.source_name = request.source_name;
    o.max_errors = options.max_errors;
    return o;
  }

  IngestResult Ingest(DecodedBatch&& batch) {
    if (!batch.ok()) {
      IngestResult refused;
      refused.error_count = batch.error_count;
      refused.errors = std::move(batch.errors);
      refused.batch_id = batch.batch_id;
      return refused;
    }
    const int64_t received_at = clock.Now().micros;
    IngestResult result;
    uint64_t ticket = 0;
    std::vector<domain::Alert> raised;
    {
      std::unique_lock lock(mu);
      if (!failure.ok()) {
        IngestResult refused;
        refused.status = failure;
        return refused;
      }
      batch_received_at = received_at;
      result = Apply(batch.rows);
      raised.swap(new_alerts);
      if (log) {
        ticket = log->AddWith(internal::RecordType::kBatch, [&](std::string& out) {
          internal::PutSigned(out, received_at);
          internal::EncodeBatch(batch.rows, out, options.threads);
        });
      }
    }
    result.rounded = batch.rounded_count;
    result.batch_id = batch.batch_id;
    if (log) {
      Status durable = log->WaitDurable(ticket);
      if (!durable.ok()) {
        Fail(durable);
        result.status = durable;
        result.accepted = false;
        return result;
      }
    }
    if (options.sink != nullptr && !raised.empty()) options.sink->OnAlerts(raised);
    return result;
  }

  /// After a failed write the in-memory state may hold batches the log lacks: refuse writes
  /// until the engine is reopened from its log.
  void Fail(const Status& s) {
    std::unique_lock lock(mu);
    if (failure.ok()) failure = s;
  }

  /// Logs a registry record durably (the caller applied it under the lock).
  Status LogRecord(internal::RecordType type, std::string_view payload,
                   std::unique_lock<std::shared_mutex>& lock) {
    if (!log) return Status::Ok();
    const uint64_t ticket = log->Add(type, payload);
    lock.unlock();
    Status durable = log->WaitDurable(ticket);
    if (!durable.ok()) Fail(durable);
    return durable;
  }

  // ----- recovery and segments

  Status ApplyRecord(internal::RecordType type, std::string_view payload) {
    switch (type) {
      case internal::RecordType::kEnterprise: {
        domain::Enterprise e;
        if (!internal::DecodeEnterprise(payload, e)) {
          return Status::DataLoss("an enterprise record of the monitoring log cannot be read");
        }
        return AddEnterpriseLocked(e);
      }
      case internal::RecordType::kMeter: {
        domain::Meter m;
        if (!internal::DecodeMeter(payload, m)) {
          return Status::DataLoss("a meter record of the monitoring log cannot be read");
        }
        return AddMeterLocked(m);
      }
      case internal::RecordType::kAlertAck: {
        internal::Reader r(payload);
        uint64_t id;
        std::string user;
        int64_t at;
        if (!r.GetVarint(id) || !r.GetString(user) || !r.GetSigned(at) || !r.done() || id == 0 ||
            id > alerts.size()) {
          return Status::DataLoss("an alert acknowledgement of the monitoring log cannot be read");
        }
        domain::Alert& a = alerts[id - 1];
        a.acknowledged = true;
        a.acknowledged_by = user;
        a.acknowledged_at = Timestamp{at};
        return Status::Ok();
      }
      case internal::RecordType::kBatch: {
        std::vector<BatchRow> rows;
        internal::Reader r(payload);
        int64_t received_at;
        std::string_view rest;
        if (!r.GetSigned(received_at) || !r.GetBytes(r.remaining(), rest)) {
          return Status::DataLoss("a batch record of the monitoring log cannot be read");
        }
        batch_received_at = received_at;
        if (!internal::DecodeBatch(rest, rows)) {
          return Status::DataLoss("a batch record of the monitoring log cannot be read");
        }
        for (const BatchRow& row : rows) {
          if (row.meter >= registry.meter_count()) {
            return Status::DataLoss("a batch of the monitoring log names meter #" +
                                    std::to_string(row.meter) + ", which was never registered");
          }
        }
        Apply(rows);
        return Status::Ok();
      }
    }
    return Status::DataLoss("the monitoring log has a record of unknown type " +
                            std::to_string(static_cast<int>(type)) +
                            "; it was written by a newer program");
  }

  Status AddEnterpriseLocked(const domain::Enterprise& e) {
    const size_t before = registry.enterprise_count();
    {
      std::unique_lock registry_lock(registry_mu);  // decoders read the registry without mu
      CPK_RETURN_IF_ERROR(registry.AddEnterprise(e));
    }
    if (registry.enterprise_count() > before) OnEnterpriseAdded(static_cast<EnterpriseId>(before));
    return Status::Ok();
  }

  Status AddMeterLocked(const domain::Meter& m) {
    {
      std::unique_lock registry_lock(registry_mu);
      CPK_RETURN_IF_ERROR(registry.AddMeter(m));
    }
    const size_t before = meters.size();
    meters.resize(registry.meter_count());
    for (size_t k = before; k < meters.size(); ++k) {
      const EnterpriseId e = registry.meter(static_cast<MeterId>(k)).enterprise;
      meters[k].series.set_arena(series_arenas[e % series_arenas.size()].get());
      meters[k].series.set_cold_store(cold.get());
    }
    return Status::Ok();
  }

  std::string EncodeSnapshot(uint64_t covered) const {
    std::string out(internal::kSegmentMagic);
    std::string payload;
    size_t sections = 0;
    auto section = [&](uint8_t type) {
      internal::FrameSection(type, payload, out);
      payload.clear();
      ++sections;
    };
    internal::PutVarint(payload, covered);
    internal::PutVarint(payload, batch_seq);
    internal::PutVarint(payload, batches);
    internal::PutVarint(payload, reported_count);
    internal::PutSigned(payload, max_start_slot);
    internal::PutSigned(payload, evaluated_until_day);
    internal::PutVarint(payload, check_day_next_meter);  // absent in older segments: 0
    section(1);
    for (EnterpriseId e = 0; e < registry.enterprise_count(); ++e) {
      internal::EncodeEnterprise(registry.enterprise(e).def, payload);
      section(2);
    }
    for (MeterId id = 0; id < registry.meter_count(); ++id) {
      internal::EncodeMeter(registry.meter(id).def, payload);
      section(3);
    }
    for (MeterId id = 0; id < meters.size(); ++id) {
      const MeterRuntime& rt = meters[id];
      if (!rt.series.empty()) {
        internal::PutVarint(payload, id);
        internal::EncodeSeries(rt.series, payload);
        section(4);
      }
      if (!rt.series.revisions().empty()) {
        internal::PutVarint(payload, id);
        internal::EncodeRevisions(rt.series.revisions(), payload);
        section(5);
      }
      if (!rt.reported.empty() || !rt.reported_revisions.empty()) {
        internal::PutVarint(payload, id);
        internal::PutVarint(payload, rt.reported.size());
        for (const auto& [key, value] : rt.reported) {
          payload.push_back(static_cast<char>(key.first));
          internal::PutSigned(payload, key.second);
          internal::PutSigned(payload, value.value);
          payload.push_back(static_cast<char>(value.flags));
        }
        internal::EncodeRevisions(rt.reported_revisions, payload);
        section(6);
      }
    }
    for (const domain::Alert& a : alerts) {
      internal::PutVarint(payload, static_cast<uint64_t>(a.id));
      payload.push_back(static_cast<char>(a.kind));
      payload.push_back(static_cast<char>(a.severity));
      internal::PutString(payload, a.enterprise);
      internal::PutString(payload, a.meter);
      internal::PutSigned(payload, a.period_start.micros);
      internal::PutSigned(payload, a.period_end.micros);
      internal::PutSigned(payload, a.raised_at.micros);
      internal::PutString(payload, a.message);
      internal::PutDouble(payload, a.observed);
      internal::PutDouble(payload, a.expected);
      payload.push_back(a.acknowledged ? 1 : 0);
      internal::PutString(payload, a.acknowledged_by);
      internal::PutSigned(payload, a.acknowledged_at.micros);
      section(7);
    }
    for (const auto& [key, index] : alert_index) {
      internal::PutString(payload, key);
      internal::PutVarint(payload, index);
    }
    section(8);
    internal::PutVarint(payload, sections);
    section(255);
    return out;
  }

  Status LoadSnapshot(std::string_view contents, const std::string& name, uint64_t& covered) {
    auto damaged = [&](const std::string& why) {
      return Status::DataLoss("the monitoring segment " + name + " is damaged (" + why +
                              "); restore the data folder from a backup");
    };
    if (contents.substr(0, internal::kSegmentMagic.size()) != internal::kSegmentMagic) {
      return damaged("it does not start with the segment marker");
    }
    size_t sections = 0;
    bool ended = false;
    Status problem;
    std::string why;
    const bool ok = internal::ScanSections(
        contents.substr(internal::kSegmentMagic.size()),
        [&](uint8_t type, std::string_view payload) {
          if (ended) return false;
          if (type != 255) ++sections;
          internal::Reader r(payload);
          uint64_t id = 0;
          switch (type) {
            case 1: {
              uint64_t seq, count, reported;
              int64_t max_slot, evaluated;
              if (!r.GetVarint(covered) || !r.GetVarint(seq) || !r.GetVarint(count) ||
                  !r.GetVarint(reported) || !r.GetSigned(max_slot) || !r.GetSigned(evaluated)) {
                return false;
              }
              evaluated_until_day = evaluated;
              uint64_t next_meter = 0;
              if (!r.done() && !r.GetVarint(next_meter)) return false;
              check_day_next_meter = static_cast<size_t>(next_meter);
              batch_seq = seq;
              batches = count;
              reported_count = reported;
              max_start_slot = max_slot;
              break;
            }
            case 2: {
              domain::Enterprise e;
              if (!internal::DecodeEnterprise(payload, e)) return false;
              problem = AddEnterpriseLocked(e);
              if (!problem.ok()) return false;
              break;
            }
            case 3: {
              domain::Meter m;
              if (!internal::DecodeMeter(payload, m)) return false;
              problem = AddMeterLocked(m);
              if (!problem.ok()) return false;
              break;
            }
            case 4:
            case 5:
            case 6: {
              if (!r.GetVarint(id) || id >= meters.size()) return false;
              std::string_view rest;
              if (!r.GetBytes(r.remaining(), rest)) return false;
              MeterRuntime& rt = meters[id];
              if (type == 4) {
                if (!internal::DecodeSeries(rest, rt.series)) return false;
                // Old readings go straight back to the spill file: opening a long history
                // does not hold it all in memory (the header came first).
                if (cold && max_start_slot != std::numeric_limits<int64_t>::min()) {
                  rt.series.Spill(
                      PositionOf(registry.meter(static_cast<MeterId>(id)), SpillHorizon()) - 1);
                }
                return true;
              }
              if (type == 5) {
                std::vector<internal::Revision> revisions;
                if (!internal::DecodeRevisions(rest, revisions)) return false;
                for (const internal::Revision& rev : revisions) rt.series.RestoreRevision(rev);
                return true;
              }
              internal::Reader rr(rest);
              uint64_t n;
              if (!rr.GetVarint(n) || n > rest.size()) return false;
              for (uint64_t k = 0; k < n; ++k) {
                uint8_t statistics, flags;
                int64_t slot, value;
                if (!rr.GetByte(statistics) || !rr.GetSigned(slot) || !rr.GetSigned(value) ||
                    !rr.GetByte(flags) || slot < INT32_MIN || slot > INT32_MAX) {
                  return false;
                }
                rt.reported[{statistics, static_cast<int32_t>(slot)}] = ReportedValue{value, flags};
              }
              std::string_view revisions_bytes;
              if (!rr.GetBytes(rr.remaining(), revisions_bytes)) return false;
              return internal::DecodeRevisions(revisions_bytes, rt.reported_revisions);
            }
            case 7: {
              domain::Alert a;
              uint64_t alert_id;
              uint8_t kind, severity, acknowledged;
              if (!r.GetVarint(alert_id) || alert_id != alerts.size() + 1 || !r.GetByte(kind) ||
                  kind > static_cast<uint8_t>(domain::AlertKind::kMissingFactor) ||
                  !r.GetByte(severity) || severity > 2 || !r.GetString(a.enterprise) ||
                  !r.GetString(a.meter) || !r.GetSigned(a.period_start.micros) ||
                  !r.GetSigned(a.period_end.micros) || !r.GetSigned(a.raised_at.micros) ||
                  !r.GetString(a.message) || !r.GetDouble(a.observed) || !r.GetDouble(a.expected) ||
                  !r.GetByte(acknowledged) || acknowledged > 1 || !r.GetString(a.acknowledged_by) ||
                  !r.GetSigned(a.acknowledged_at.micros) || !r.done()) {
                return false;
              }
              a.id = static_cast<int64_t>(alert_id);
              a.kind = static_cast<domain::AlertKind>(kind);
              a.severity = static_cast<domain::AlertSeverity>(severity);
              a.acknowledged = acknowledged == 1;
              alerts.push_back(std::move(a));
              break;
            }
            case 8: {
              while (!r.done()) {
                std::string key;
                uint64_t index;
                if (!r.GetString(key) || !r.GetVarint(index) || index >= alerts.size()) {
                  return false;
                }
                alert_index.emplace(std::move(key), index);
              }
              break;
            }
            case 255: {
              uint64_t expected;
              if (!r.GetVarint(expected) || expected != sections) return false;
              ended = true;
              break;
            }
            default:
              return false;
          }
          return true;
        },
        why);
    if (!problem.ok()) return problem.WithContext("segment " + name + ": ");
    if (!ok) return damaged(why);
    if (!ended) return damaged("it has no end marker");
    return Status::Ok();
  }

  /// Rebuilds every kept rollup cell from the stored readings (after loading a segment).
  void RebuildRollups() {
    for (EnterpriseId e = 0; e < registry.enterprise_count(); ++e) {
      int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
      for (MeterId id : registry.enterprise(e).meters) {
        const internal::MeterSeries& series = meters[id].series;
        if (series.empty()) continue;
        const MeterEntry& m = registry.meter(id);
        lo = std::min(lo, SlotOfPosition(m, series.first_position() - 1));
        hi = std::max(hi, SlotOfPosition(m, series.max_position()));
      }
      if (lo > hi) continue;
      pending.Begin(e, 1, lo, hi);
      for (MeterId id : registry.enterprise(e).meters) {
        ForEachContribution(id, std::numeric_limits<int32_t>::min() / 2,
                            std::numeric_limits<int32_t>::max() / 2, true,
                            [&](const Contribution& c) { pending.Add(e, c.slot, c); });
      }
      MergePending();
    }
  }

  Status Recover() {
    FileSystem& disk = *fs;
    CPK_RETURN_IF_ERROR(disk.CreateDir(options.data_dir));
    CPK_ASSIGN_OR_RETURN(std::vector<std::string> names, disk.List(options.data_dir));
    std::vector<uint64_t> logs, segments;
    for (const std::string& name : names) {
      uint64_t number;
      if (internal::ParseFileName(name, "wal-", ".log", number)) {
        logs.push_back(number);
      } else if (internal::ParseFileName(name, "seg-", ".seg", number)) {
        segments.push_back(number);
      } else if (name.size() > 4 && name.substr(name.size() - 4) == ".tmp") {
        CPK_RETURN_IF_ERROR(disk.Remove(options.data_dir + "/" + name));  // an unfinished segment
      }
    }
    std::sort(logs.begin(), logs.end());
    std::sort(segments.begin(), segments.end());
    uint64_t covered = 0;
    if (!segments.empty()) {
      const std::string name = internal::SegmentFileName(segments.back());
      CPK_ASSIGN_OR_RETURN(std::string contents, disk.ReadAll(options.data_dir + "/" + name));
      CPK_RETURN_IF_ERROR(LoadSnapshot(contents, name, covered));
      RebuildRollups();
      SpillOld();
    }
    uint64_t last_log = covered;
    bool append_to_last = false;
    for (size_t k = 0; k < logs.size(); ++k) {
      const uint64_t number = logs[k];
      if (number <= covered) continue;
      const bool last = k + 1 == logs.size();
      const std::string path = options.data_dir + "/" + internal::LogFileName(number);
      CPK_ASSIGN_OR_RETURN(std::string contents, disk.ReadAll(path));
      last_log = number;
      if (contents.size() < internal::kLogMagic.size()) {
        // Created but its marker never reached the disk: an empty log.
        if (!last) {
          return Status::DataLoss("monitoring log " + path +
                                  " is empty but later logs exist; "
                                  "restore the data folder from a backup");
        }
        CPK_RETURN_IF_ERROR(disk.Remove(path));
        last_log = number - 1;
        break;
      }
      if (contents.substr(0, internal::kLogMagic.size()) != internal::kLogMagic) {
        return Status::DataLoss("monitoring log " + path +
                                " does not start with the log marker; it is not a carbonpeak "
                                "monitoring log or it is damaged");
      }
      Status applied;
      const std::string_view body = std::string_view(contents).substr(internal::kLogMagic.size());
      const size_t valid = internal::ScanLog(
          body,
          [&](internal::RecordType type, std::string_view payload) {
            return ApplyRecord(type, payload);
          },
          applied);
      if (!applied.ok()) return applied.WithContext("monitoring log " + path + ": ");
      if (valid < body.size()) {
        if (!last) {
          return Status::DataLoss("monitoring log " + path + " is damaged at byte " +
                                  std::to_string(internal::kLogMagic.size() + valid) +
                                  " and later logs exist; restore the data folder from a backup");
        }
        // A torn tail: the batch being written when the process stopped was never acknowledged.
        torn_bytes = body.size() - valid;
        CPK_RETURN_IF_ERROR(disk.Truncate(path, internal::kLogMagic.size() + valid));
      }
      append_to_last = last;
    }
    new_alerts.clear();  // raised during replay: already known before the restart
    log = std::make_unique<internal::LogWriter>(disk, options.data_dir);
    if (append_to_last) return log->Open(last_log, false);
    return log->Open(last_log + 1, true);
  }

  Status Compact() {
    if (!log) return Status::Ok();
    std::lock_guard compact_lock(compact_mu);
    std::string segment;
    uint64_t covered;
    {
      std::unique_lock lock(mu);
      CPK_RETURN_IF_ERROR(failure);
      covered = log->number();
      Status rotated = log->Rotate(covered + 1);
      if (!rotated.ok()) {
        if (failure.ok()) failure = rotated;
        return rotated;
      }
      segment = EncodeSnapshot(covered);
    }
    FileSystem& disk = *fs;
    const std::string dir = options.data_dir;
    const std::string name = internal::SegmentFileName(covered);
    const std::string tmp = dir + "/" + name + ".tmp";
    {
      CPK_ASSIGN_OR_RETURN(std::unique_ptr<AppendFile> file, disk.OpenAppend(tmp));
      CPK_RETURN_IF_ERROR(file->Append(segment));
      CPK_RETURN_IF_ERROR(file->Sync());
      CPK_RETURN_IF_ERROR(file->Close());
    }
    CPK_RETURN_IF_ERROR(disk.Rename(tmp, dir + "/" + name));
    CPK_RETURN_IF_ERROR(disk.SyncDir(dir));
    CPK_ASSIGN_OR_RETURN(std::vector<std::string> names, disk.List(dir));
    for (const std::string& file : names) {
      uint64_t number;
      if ((internal::ParseFileName(file, "wal-", ".log", number) && number <= covered) ||
          (internal::ParseFileName(file, "seg-", ".seg", number) && number < covered)) {
        CPK_RETURN_IF_ERROR(disk.Remove(dir + "/" + file));
      }
    }
    return disk.SyncDir(dir);
  }

  void OnEnterpriseAdded(EnterpriseId e) {
    const EnterpriseEntry& entry = registry.enterprise(e);
    if (entry.industry >= industry_members.size()) industry_members.resize(entry.industry + 1);
    if (entry.township >= township_members.size()) township_members.resize(entry.township + 1);
    if (entry.county >= county_townships.size()) county_townships.resize(entry.county + 1);
    industry_members[entry.industry].push_back(e);
    std::vector<EnterpriseId>& township = township_members[entry.township];
    if (township.empty()) county_townships[entry.county].push_back(entry.township);
    township.push_back(e);
  }

  // ----- entities and queries

  Result<MeterId> ResolveMeter(std::string_view code) const {
    const size_t slash = code.find('/');
    MeterLookup found = slash == std::string_view::npos
                            ? registry.FindMeter({}, code)
                            : registry.FindMeter(code.substr(0, slash), code.substr(slash + 1));
    if (found.ambiguous) {
      return Status::InvalidArgument("meter code '" + std::string(code) +
                                     "' is used by several enterprises; write "
                                     "<credit code>/<meter code>");
    }
    if (!found.id) {
      return Status::NotFound("meter '" + std::string(code) + "' is not registered");
    }
    return *found.id;
  }

  /// The dense id of `entity` in its level (meter id, enterprise id or group id).
  Result<uint32_t> ResolveEntity(const EntityRef& entity) const {
    std::optional<uint32_t> id;
    switch (entity.level) {
      case Level::kMeter:
        return ResolveMeter(entity.code);
      case Level::kEnterprise:
        id = registry.FindEnterprise(entity.code);
        if (!id) return Status::NotFound("enterprise '" + entity.code + "' is not registered");
        return *id;
      case Level::kIndustry:
        id = registry.FindIndustry(entity.code);
        break;
      case Level::kTownship:
        id = registry.FindTownship(entity.code);
        break;
      case Level::kCounty:
        id = registry.FindCounty(entity.code);
        break;
    }
    if (!id) {
      return Status::NotFound(std::string(LevelName(entity.level)) + " '" + entity.code +
                              "' has no registered enterprise");
    }
    return *id;
  }

  /// One cell of the materialised tables, or computed from the readings where none is kept
  /// (meters at every granularity, enterprises at 15 minutes).
  RollupState Cell(Level level, uint32_t entity, Granularity g, int64_t bucket) {
    if (level == Level::kMeter) {
      RollupState state;
      ForEachContribution(entity, BucketStart(g, bucket), BucketEnd(g, bucket), false,
                          [&](const Contribution& c) { state.Add(c); });
      return state;
    }
    if (level == Level::kEnterprise && g == Granularity::k15Min) {
      RollupState state;
      Contribution c;
      for (MeterId id : registry.enterprise(entity).meters) {
        if (ContributionAtSlot(id, bucket, c, false)) state.Add(c);
      }
      return state;
    }
    const RollupState* s = tables[TableLevel(level)][static_cast<int>(g)].Find(entity, bucket);
    return s ? *s : RollupState();
  }

  /// Everything of `entity` in slots [from, to): whole months, days and hours from their cells,
  /// the ragged ends from 15-minute cells.
  RollupState Range(Level level, uint32_t entity, int64_t from, int64_t to) {
    RollupState total;
    if (level == Level::kMeter) {
      ForEachContribution(entity, from, to, false, [&](const Contribution& c) { total.Add(c); });
      return total;
    }
    int64_t slot = from;
    while (slot < to) {
      bool done = false;
      for (Granularity g : {Granularity::kMonth, Granularity::kDay, Granularity::kHour}) {
        const int64_t bucket = Bucket(g, slot);
        if (BucketStart(g, bucket) == slot && BucketEnd(g, bucket) <= to) {
          total.Merge(Cell(level, entity, g, bucket));
          slot = BucketEnd(g, bucket);
          done = true;
          break;
        }
      }
      if (!done) {
        total.Merge(Cell(level, entity, Granularity::k15Min, slot));
        ++slot;
      }
    }
    return total;
  }

  /// Rebuilds every materialised cell from the stored readings and compares.
  Status CheckRollups() {
    internal::Arena fresh_arena;
    internal::CellTable fresh[kTableLevels][kGranularities];
    for (int level = 0; level < kTableLevels; ++level) {
      for (int g = 0; g < kGranularities; ++g) {
        fresh[level][g] = internal::CellTable(kChunkBits[g], &fresh_arena);
      }
    }
    for (MeterId id = 0; id < meters.size(); ++id) {
      const EnterpriseEntry& entry = registry.enterprise(registry.meter(id).enterprise);
      const uint32_t entity[kTableLevels] = {registry.meter(id).enterprise, entry.industry,
                                             entry.township, entry.county};
      ForEachContribution(id, std::numeric_limits<int32_t>::min() / 2,
                          std::numeric_limits<int32_t>::max() / 2, false,
                          [&](const Contribution& c) {
                            for (int g = 0; g < kGranularities; ++g) {
                              const int64_t bucket = Bucket(static_cast<Granularity>(g), c.slot);
                              for (int level = 0; level < kTableLevels; ++level) {
                                if (level == 0 && g == 0) continue;
                                fresh[level][g].At(entity[level], bucket).Add(c);
                              }
                            }
                          });
    }
    for (int level = 0; level < kTableLevels; ++level) {
      for (int g = 0; g < kGranularities; ++g) {
        if (level == 0 && g == 0) continue;
        const size_t entities =
            std::max(fresh[level][g].entity_count(), tables[level][g].entity_count());
        for (uint32_t entity = 0; entity < entities; ++entity) {
          Status problem;
          auto compare = [&](const internal::CellTable& a, const internal::CellTable& b,
                             const char* which) {
            a.ForEach(entity, std::numeric_limits<int32_t>::min() / 2,
                      std::numeric_limits<int32_t>::max() / 2,
                      [&](int64_t bucket, const RollupState& s) {
                        const RollupState* other = b.Find(entity, bucket);
                        if (problem.ok() && (other == nullptr || !(*other == s))) {
                          problem = Status::Internal(
                              std::string("rollup ") +
                              std::string(LevelName(static_cast<Level>(level + 1))) + " #" +
                              std::to_string(entity) + " " +
                              std::string(GranularityName(static_cast<Granularity>(g))) + " " +
                              FormatTimestamp(
                                  SlotStart(BucketStart(static_cast<Granularity>(g), bucket))) +
                              " differs from a recomputation from the readings (" + which + ")");
                        }
                      });
          };
          compare(tables[level][g], fresh[level][g], "kept cell");
          compare(fresh[level][g], tables[level][g], "missing cell");
          if (!problem.ok()) return problem;
        }
      }
    }
    return Status::Ok();
  }

  static constexpr int64_t kCounterLookBack = 366 * 96;
  static constexpr size_t kParallelCheckMeters = 1000;

  const refdata::RefData& ref;
  Converter converter;
  const Clock& clock;
  EngineOptions options;
  internal::LocalZone zone;
  int64_t lateness_slots = 0;

  // Everything below is guarded by mu: writers hold it exclusively; queries hold it shared and
  // then use only the const paths (FactorsFor with writing = false never writes).
  mutable std::shared_mutex mu;
  // Guards the registry against the decoders, which run without mu (so that decoding a batch
  // never waits for another batch being applied, nor makes a writer wait). The registry is
  // changed only with both mu and registry_mu held exclusively.
  mutable std::shared_mutex registry_mu;
  // Reading blocks and rollup chunks live in arenas, declared before their owners.
  std::vector<std::unique_ptr<internal::Arena>> series_arenas;  // one per worker
  internal::Arena table_arenas[2];                              // levels 0-1, levels 2-3
  Registry registry;
  std::vector<MeterRuntime> meters;
  std::vector<std::vector<EnterpriseId>> industry_members, township_members;
  std::vector<std::vector<GroupId>> county_townships;
  internal::CellTable tables[kTableLevels][kGranularities];
  uint64_t batch_seq = 0;
  uint64_t batches = 0;
  uint64_t reported_count = 0;
  int64_t max_start_slot = std::numeric_limits<int64_t>::min();
  std::set<std::tuple<MeterId, int32_t, int>> missing_seen;
  std::map<std::string, MeterFactors> resolved;  // "carrier\x1funit\x1fyear" (ingest only)
  std::vector<MissingFactor> missing_factors;
  // Alerts: all raised so far (id = index + 1), their keys, and those not yet handed to the sink.
  std::vector<domain::Alert> alerts;
  std::unordered_map<std::string, size_t> alert_index;
  std::vector<domain::Alert> new_alerts;
  int64_t evaluated_until_day = std::numeric_limits<int64_t>::min();
  // Spilling (absent without a data_dir or with hot_days 0): the spill file, and the latest
  // period start at which the next spill step is due.
  std::unique_ptr<internal::ColdStore> cold;
  int64_t next_spill_slot = std::numeric_limits<int64_t>::min();
  // Meters of day evaluated_until_day + 1 already checked (the day is being closed in steps).
  size_t check_day_next_meter = 0;
  int64_t batch_received_at = 0;  // clock time of the batch being applied (from the log on replay)
  // Per-batch scratch.
  internal::PendingStates pending;
  std::vector<uint64_t> dirty;
  std::vector<std::pair<MeterId, int32_t>> late_rows;
  // Storage (absent without a data_dir).
  FileSystem* fs = nullptr;
  std::unique_ptr<internal::LogWriter> log;
  Status failure;  // set when a write failed; guarded by mu
  uint64_t torn_bytes = 0;
  std::mutex compact_mu;
};

// ---------------------------------------------------------------------------------------------

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::Open(const refdata::RefData& ref, ConversionSpec spec,
                                             const Clock& clock, EngineOptions options) {
  if (options.allowed_lateness_seconds < 0 || options.max_future_seconds < 0 ||
      options.hot_days < 0) {
    return Status::InvalidArgument(
        "allowed lateness, max future and hot days must not be negative");
  }
  if (options.utc_offset_seconds % 900 != 0 || std::abs(options.utc_offset_seconds) > 14 * 3600) {
    return Status::InvalidArgument(
        "the local time offset must be a whole number of quarter hours within ±14 h");
  }
  CPK_ASSIGN_OR_RETURN(Converter converter, Converter::Create(ref, std::move(spec)));
  auto impl = std::make_unique<Impl>(ref, std::move(converter), clock, std::move(options));
  if (!impl->options.data_dir.empty()) {
    impl->fs = impl->options.file_system ? impl->options.file_system : &PosixFileSystem();
    if (impl->options.hot_days > 0) {
      CPK_ASSIGN_OR_RETURN(impl->cold, internal::ColdStore::Create(impl->options.data_dir));
      for (auto& per_level : impl->tables) {
        for (internal::CellTable& table : per_level) table.set_cold_store(impl->cold.get());
      }
    }
    std::unique_lock lock(impl->mu);
    CPK_RETURN_IF_ERROR(impl->Recover());
  }
  return std::unique_ptr<Engine>(new Engine(std::move(impl)));
}

Status Engine::RegisterEnterprise(const domain::Enterprise& enterprise) {
  std::string payload;
  internal::EncodeEnterprise(enterprise, payload);
  std::unique_lock lock(impl_->mu);
  CPK_RETURN_IF_ERROR(impl_->failure);
  if (std::optional<EnterpriseId> id = impl_->registry.FindEnterprise(enterprise.credit_code)) {
    std::string known;
    internal::EncodeEnterprise(impl_->registry.enterprise(*id).def, known);
    if (known == payload) return Status::Ok();  // unchanged: nothing to store
  }
  CPK_RETURN_IF_ERROR(impl_->AddEnterpriseLocked(enterprise));
  return impl_->LogRecord(internal::RecordType::kEnterprise, payload, lock);
}

Status Engine::RegisterMeter(const domain::Meter& meter) {
  CPK_RETURN_IF_ERROR(domain::ValidateMeter(meter));
  CPK_RETURN_IF_ERROR(impl_->converter.CheckMeter(meter));
  std::string payload;
  internal::EncodeMeter(meter, payload);
  std::unique_lock lock(impl_->mu);
  CPK_RETURN_IF_ERROR(impl_->failure);
  if (std::optional<MeterId> id =
          impl_->registry.FindMeterByKey(MeterKey(meter.enterprise, meter.code))) {
    std::string known;
    internal::EncodeMeter(impl_->registry.meter(*id).def, known);
    if (known == payload) return Status::Ok();  // unchanged: nothing to store
  }
  CPK_RETURN_IF_ERROR(impl_->AddMeterLocked(meter));
  return impl_->LogRecord(internal::RecordType::kMeter, payload, lock);
}

Status Engine::RegisterAll(const std::vector<domain::Enterprise>& enterprises,
                           const std::vector<domain::Meter>& meters) {
  for (const domain::Meter& meter : meters) {
    CPK_RETURN_IF_ERROR(domain::ValidateMeter(meter));
    CPK_RETURN_IF_ERROR(impl_->converter.CheckMeter(meter));
  }
  std::unique_lock lock(impl_->mu);
  CPK_RETURN_IF_ERROR(impl_->failure);
  uint64_t ticket = 0;
  Status status;
  std::string payload;
  for (const domain::Enterprise& e : enterprises) {
    payload.clear();
    internal::EncodeEnterprise(e, payload);
    status = impl_->AddEnterpriseLocked(e);
    if (!status.ok()) break;
    if (impl_->log) ticket = impl_->log->Add(internal::RecordType::kEnterprise, payload);
  }
  for (size_t k = 0; status.ok() && k < meters.size(); ++k) {
    payload.clear();
    internal::EncodeMeter(meters[k], payload);
    status = impl_->AddMeterLocked(meters[k]);
    if (!status.ok()) break;
    if (impl_->log) ticket = impl_->log->Add(internal::RecordType::kMeter, payload);
  }
  lock.unlock();
  if (impl_->log && ticket > 0) {
    Status durable = impl_->log->WaitDurable(ticket);
    if (!durable.ok()) {
      impl_->Fail(durable);
      return durable;
    }
  }
  return status;
}

std::vector<domain::Enterprise> Engine::Enterprises() const {
  std::shared_lock lock(impl_->mu);
  std::vector<domain::Enterprise> out;
  for (EnterpriseId e = 0; e < impl_->registry.enterprise_count(); ++e) {
    out.push_back(impl_->registry.enterprise(e).def);
  }
  return out;
}

std::vector<domain::Meter> Engine::Meters(std::string_view credit_code) const {
  std::shared_lock lock(impl_->mu);
  std::vector<domain::Meter> out;
  if (std::optional<EnterpriseId> e = impl_->registry.FindEnterprise(credit_code)) {
    for (MeterId m : impl_->registry.enterprise(*e).meters) {
      out.push_back(impl_->registry.meter(m).def);
    }
  }
  return out;
}

IngestResult Engine::IngestCsv(std::string_view text, const IngestRequest& request) {
  DecodedBatch batch;
  {
    std::shared_lock lock(impl_->registry_mu);
    batch = DecodeCsvBatch(text, impl_->MakeDecodeOptions(request));
  }
  return impl_->Ingest(std::move(batch));
}

IngestResult Engine::IngestJson(std::string_view text, const IngestRequest& request) {
  DecodedBatch batch;
  {
    std::shared_lock lock(impl_->registry_mu);
    batch = DecodeJsonBatch(text, impl_->MakeDecodeOptions(request));
  }
  return impl_->Ingest(std::move(batch));
}

Result<std::vector<SeriesPoint>> Engine::Series(const EntityRef& entity, Granularity granularity,
                                                Timestamp from, Timestamp to) const {
  std::shared_lock lock(impl_->mu);
  Impl& im = *impl_;
  CPK_ASSIGN_OR_RETURN(uint32_t id, im.ResolveEntity(entity));
  const int64_t from_slot = im.SlotFloor(from);
  const int64_t to_slot = im.SlotCeil(to);
  if (from_slot >= to_slot) return std::vector<SeriesPoint>();
  const int64_t first = Impl::Bucket(granularity, from_slot);
  const int64_t last = Impl::Bucket(granularity, to_slot - 1);
  if (last - first > 1000000) {
    return Status::InvalidArgument("the range asks for more than a million " +
                                   std::string(GranularityName(granularity)) +
                                   " buckets; choose a coarser granularity or a shorter range");
  }
  std::vector<SeriesPoint> out;
  const bool kept = entity.level != Level::kMeter &&
                    !(entity.level == Level::kEnterprise && granularity == Granularity::k15Min);
  if (kept) {
    im.tables[TableLevel(entity.level)][static_cast<int>(granularity)].ForEach(
        id, first, last, [&](int64_t bucket, const RollupState& state) {
          out.push_back(SeriesPoint{im.SlotStart(Impl::BucketStart(granularity, bucket)), state});
        });
    return out;
  }
  // Computed from the readings: meters, and enterprises at 15 minutes. Buckets are summed in a
  // dense array over the range (a few MB at most), the range clipped to the stored readings.
  const std::vector<MeterId> single{id};
  const std::vector<MeterId>& ids =
      entity.level == Level::kMeter ? single : im.registry.enterprise(id).meters;
  int64_t lo = std::numeric_limits<int64_t>::max(), hi = std::numeric_limits<int64_t>::min();
  for (MeterId meter : ids) {
    const internal::MeterSeries& series = im.meters[meter].series;
    if (series.empty()) continue;
    const MeterEntry& m = im.registry.meter(meter);
    // Counter uses are filed one period before their reading.
    lo = std::min(lo, Impl::SlotOfPosition(m, series.first_position() - 1));
    hi = std::max(hi, Impl::SlotOfPosition(m, series.max_position() + 1));
  }
  if (lo > hi) return out;
  const int64_t dense_first = std::max(first, Impl::Bucket(granularity, lo));
  const int64_t dense_last = std::min(last, Impl::Bucket(granularity, hi));
  if (dense_first > dense_last) return out;
  constexpr int64_t kMaxDenseBuckets = int64_t{1} << 16;
  if (dense_last - dense_first >= kMaxDenseBuckets) {
    std::map<int64_t, RollupState> buckets;
    for (MeterId meter : ids) {
      im.ForEachContribution(
          meter, Impl::BucketStart(granularity, first), Impl::BucketEnd(granularity, last), false,
          [&](const Contribution& c) { buckets[Impl::Bucket(granularity, c.slot)].Add(c); });
    }
    out.reserve(buckets.size());
    for (auto& [bucket, state] : buckets) {
      out.push_back(SeriesPoint{im.SlotStart(Impl::BucketStart(granularity, bucket)), state});
    }
    return out;
  }
  std::vector<RollupState> buckets(static_cast<size_t>(dense_last - dense_first + 1));
  for (MeterId meter : ids) {
    im.ForEachContribution(
        meter, Impl::BucketStart(granularity, dense_first),
        Impl::BucketEnd(granularity, dense_last), false, [&](const Contribution& c) {
          buckets[static_cast<size_t>(Impl::Bucket(granularity, c.slot) - dense_first)].Add(c);
        });
  }
  for (size_t k = 0; k < buckets.size(); ++k) {
    if (buckets[k].empty()) continue;
    out.push_back(SeriesPoint{
        im.SlotStart(Impl::BucketStart(granularity, dense_first + static_cast<int64_t>(k))),
        buckets[k]});
  }
  return out;
}

Result<RollupState> Engine::Total(const EntityRef& entity, Timestamp from, Timestamp to) const {
  std::shared_lock lock(impl_->mu);
  CPK_ASSIGN_OR_RETURN(uint32_t id, impl_->ResolveEntity(entity));
  return impl_->Range(entity.level, id, impl_->SlotFloor(from), impl_->SlotCeil(to));
}

std::vector<RankedEnterprise> Engine::TopEnterprises(Measure measure, Timestamp from, Timestamp to,
                                                     size_t n) const {
  std::shared_lock lock(impl_->mu);
  Impl& im = *impl_;
  std::vector<RankedEnterprise> all;
  const int64_t from_slot = im.SlotFloor(from);
  const int64_t to_slot = im.SlotCeil(to);
  for (EnterpriseId e = 0; e < im.registry.enterprise_count(); ++e) {
    RollupState state = im.Range(Level::kEnterprise, e, from_slot, to_slot);
    if (state.empty()) continue;
    const EnterpriseEntry& entry = im.registry.enterprise(e);
    all.push_back(RankedEnterprise{entry.def.credit_code, entry.def.name, state});
  }
  const int m = static_cast<int>(measure);
  const size_t keep = std::min(n, all.size());
  std::partial_sort(all.begin(), all.begin() + static_cast<ptrdiff_t>(keep), all.end(),
                    [m](const RankedEnterprise& a, const RankedEnterprise& b) {
                      if (a.state.measure[m].sum != b.state.measure[m].sum) {
                        return a.state.measure[m].sum > b.state.measure[m].sum;
                      }
                      return a.credit_code < b.credit_code;
                    });
  all.resize(keep);
  return all;
}

Status Engine::CheckRollups() const {
  std::shared_lock lock(impl_->mu);
  return impl_->CheckRollups();
}

Result<std::vector<StoredReading>> Engine::Readings(const EntityRef& meter, Timestamp from,
                                                    Timestamp to) const {
  std::shared_lock lock(impl_->mu);
  const Impl& im = *impl_;
  if (meter.level != Level::kMeter) {
    return Status::InvalidArgument("readings are listed per meter; give a meter");
  }
  CPK_ASSIGN_OR_RETURN(MeterId id, im.ResolveMeter(meter.code));
  const MeterEntry& m = im.registry.meter(id);
  const MeterRuntime& rt = im.meters[id];
  std::map<int64_t, int> revision_count;
  for (const internal::Revision& r : rt.series.revisions()) ++revision_count[r.position];
  std::vector<StoredReading> out;
  const int64_t first = Impl::FirstPositionFrom(m, im.SlotFloor(from));
  const int64_t last = Impl::FirstPositionFrom(m, im.SlotCeil(to)) - 1;
  rt.series.ForEach(first, last, [&](int64_t position, int64_t value, uint8_t flags) {
    StoredReading r;
    r.period_start = im.SlotStart(Impl::SlotOfPosition(m, position));
    r.value = static_cast<double>(value) / 1e6;
    r.quality = static_cast<domain::ReadingQuality>(internal::QualityOf(flags));
    r.counted = internal::Counted(flags);
    r.late = (flags & internal::kFlagLate) != 0;
    auto it = revision_count.find(position);
    r.revisions = it == revision_count.end() ? 0 : it->second;
    out.push_back(r);
  });
  return out;
}

Result<std::vector<ReadingRevision>> Engine::Revisions(const EntityRef& meter, Timestamp from,
                                                       Timestamp to) const {
  std::shared_lock lock(impl_->mu);
  const Impl& im = *impl_;
  if (meter.level != Level::kMeter) {
    return Status::InvalidArgument("revisions are listed per meter; give a meter");
  }
  CPK_ASSIGN_OR_RETURN(MeterId id, im.ResolveMeter(meter.code));
  const MeterEntry& m = im.registry.meter(id);
  const int64_t first = Impl::FirstPositionFrom(m, im.SlotFloor(from));
  const int64_t last = Impl::FirstPositionFrom(m, im.SlotCeil(to)) - 1;
  std::vector<ReadingRevision> out;
  for (const internal::Revision& r : im.meters[id].series.revisions()) {
    if (r.position < first || r.position > last) continue;
    ReadingRevision rev;
    rev.period_start = im.SlotStart(Impl::SlotOfPosition(m, r.position));
    rev.value = static_cast<double>(r.value) / 1e6;
    rev.quality = static_cast<domain::ReadingQuality>(internal::QualityOf(r.flags));
    rev.refused_late = r.kind == internal::Revision::Kind::kRefusedLate;
    rev.batch_seq = r.batch;
    out.push_back(rev);
  }
  return out;
}

std::vector<domain::Alert> Engine::Alerts(const AlertFilter& filter) const {
  std::shared_lock lock(impl_->mu);
  std::vector<domain::Alert> out;
  const auto& all = impl_->alerts;
  for (auto it = all.rbegin(); it != all.rend() && out.size() < filter.limit; ++it) {
    if (!filter.enterprise.empty() && it->enterprise != filter.enterprise) continue;
    if (filter.kind && it->kind != *filter.kind) continue;
    if (filter.unacknowledged_only && it->acknowledged) continue;
    out.push_back(*it);
  }
  return out;
}

Status Engine::AcknowledgeAlert(int64_t id, std::string_view user) {
  if (user.empty()) {
    return Status::InvalidArgument("give the name of the user who acknowledges the alert");
  }
  const int64_t at = impl_->clock.Now().micros;
  std::string payload;
  internal::PutVarint(payload, static_cast<uint64_t>(id));
  internal::PutString(payload, user);
  internal::PutSigned(payload, at);
  std::unique_lock lock(impl_->mu);
  CPK_RETURN_IF_ERROR(impl_->failure);
  if (id <= 0 || static_cast<size_t>(id) > impl_->alerts.size()) {
    return Status::NotFound("alert " + std::to_string(id) + " does not exist");
  }
  domain::Alert& a = impl_->alerts[static_cast<size_t>(id) - 1];
  if (a.acknowledged) return Status::Ok();
  a.acknowledged = true;
  a.acknowledged_by = std::string(user);
  a.acknowledged_at = Timestamp{at};
  return impl_->LogRecord(internal::RecordType::kAlertAck, payload, lock);
}

std::vector<MissingFactor> Engine::MissingFactors() const {
  std::shared_lock lock(impl_->mu);
  return impl_->missing_factors;
}

Status Engine::Compact() { return impl_->Compact(); }

Result<uint64_t> Engine::DiskBytes() const {
  if (impl_->fs == nullptr) return uint64_t{0};
  CPK_ASSIGN_OR_RETURN(std::vector<std::string> names, impl_->fs->List(impl_->options.data_dir));
  uint64_t total = 0;
  for (const std::string& name : names) {
    uint64_t number;
    if (internal::ParseFileName(name, "wal-", ".log", number) ||
        internal::ParseFileName(name, "seg-", ".seg", number)) {
      CPK_ASSIGN_OR_RETURN(std::string contents,
                           impl_->fs->ReadAll(impl_->options.data_dir + "/" + name));
      total += contents.size();
    }
  }
  return total;
}

EngineStats Engine::Stats() const {
  std::shared_lock lock(impl_->mu);
  const Impl& im = *impl_;
  EngineStats s;
  s.batches = im.batches;
  s.reported_totals = im.reported_count;
  s.enterprises = im.registry.enterprise_count();
  s.meters = im.registry.meter_count();
  for (const MeterRuntime& rt : im.meters) {
    s.readings += rt.series.count();
    s.revisions += rt.series.revisions().size() + rt.reported_revisions.size();
    s.memory_bytes += rt.series.MemoryBytes();
  }
  for (const auto& per_level : im.tables) {
    for (const internal::CellTable& t : per_level) s.memory_bytes += t.MemoryBytes();
  }
  s.log_number = im.log ? im.log->number() : 0;
  s.torn_bytes_dropped = im.torn_bytes;
  if (im.max_start_slot != std::numeric_limits<int64_t>::min()) {
    s.watermark = im.SlotStart(im.max_start_slot - im.lateness_slots);
  }
  return s;
}

}  // namespace carbonpeak::monitor
