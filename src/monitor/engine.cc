// The monitoring engine: registry, stored readings, conversion, rollups. See monitor.h for the
// contract and docs/design/monitor-engine.md for the design.

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <tuple>

#include "monitor/internal/decimal.h"
#include "monitor/internal/series.h"
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
  for (Level l : {Level::kMeter, Level::kEnterprise, Level::kIndustry, Level::kTownship,
                  Level::kCounty}) {
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
  for (Granularity g : {Granularity::k15Min, Granularity::kHour, Granularity::kDay,
                        Granularity::kMonth}) {
    if (GranularityName(g) == text) return g;
  }
  return std::nullopt;
}

std::string IngestResult::Summary() const {
  if (!accepted) {
    return "batch refused: " + std::to_string(error_count) + " row(s) with problems, nothing stored";
  }
  return "batch " + std::to_string(batch_seq) + " accepted: " + std::to_string(rows) +
         " rows, " + std::to_string(new_readings) + " new, " + std::to_string(duplicates) +
         " duplicates, " + std::to_string(corrections) + " corrections, " + std::to_string(late) +
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

struct MeterRuntime {
  internal::MeterSeries series;
  // Conversion coefficients of one calendar year, cached (kg per meter unit, after multiplier).
  int32_t factor_year = std::numeric_limits<int32_t>::min();
  int64_t year_first_day = 0;
  int64_t year_end_day = 0;
  double kg_per_unit[kMeasureCount] = {};
  uint8_t missing_mask = 0;
  std::map<std::pair<uint8_t, int32_t>, ReportedValue> reported;
  std::vector<internal::Revision> reported_revisions;
};

}  // namespace

struct Engine::Impl {
  Impl(const refdata::RefData& ref_in, Converter converter_in, const Clock& clock_in,
       EngineOptions options_in)
      : ref(ref_in), converter(std::move(converter_in)), clock(clock_in),
        options(std::move(options_in)) {
    zone.offset_seconds = options.utc_offset_seconds;
    lateness_slots = options.allowed_lateness_seconds / internal::kSecondsPerSlot;
  }

  // ----- time and positions

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

  /// Loads the coefficients of the year containing `slot` into the meter's cache.
  void LoadFactors(MeterId id, MeterRuntime& rt, int64_t slot) {
    const int64_t day = FloorDiv(slot, kSlotsPerDay);
    const int32_t year = internal::CivilFromDays(day).year;
    const MeterEntry& entry = registry.meter(id);
    MeterFactors f = converter.Resolve(entry.def, year);
    rt.factor_year = year;
    rt.year_first_day = internal::DaysFromCivilDate(year, 1, 1);
    rt.year_end_day = internal::DaysFromCivilDate(year + 1, 1, 1);
    rt.missing_mask = 0;
    for (int m = 0; m < kMeasureCount; ++m) {
      if (f.kg_per_unit[m]) {
        rt.kg_per_unit[m] = *f.kg_per_unit[m];
      } else {
        rt.kg_per_unit[m] = 0;
        rt.missing_mask = static_cast<uint8_t>(rt.missing_mask | (1u << m));
      }
    }
    for (MissingFactor& missing : f.missing) {
      const auto key = std::make_tuple(id, year, static_cast<int>(missing.measure));
      if (missing_seen.insert(key).second) {
        missing.message = "meter " + entry.def.enterprise + "/" + entry.def.code + " (" +
                          std::to_string(year) + "): " + missing.message;
        missing_factors.push_back(std::move(missing));
      }
    }
  }

  /// Converts a use of `raw` millionths of a meter unit (before the multiplier) at `slot`.
  void Convert(MeterId id, MeterRuntime& rt, int64_t slot, int64_t raw, Contribution& c) {
    const int64_t day = FloorDiv(slot, kSlotsPerDay);
    if (day < rt.year_first_day || day >= rt.year_end_day) LoadFactors(id, rt, slot);
    const double quantity = static_cast<double>(raw) * registry.meter(id).def.multiplier;
    c.slot = static_cast<int32_t>(slot);
    c.quantity = std::llround(quantity);
    c.missing_mask = rt.missing_mask;
    for (int m = 0; m < kMeasureCount; ++m) {
      if (rt.missing_mask & (1u << m)) {
        c.measure[m] = 0;
        continue;
      }
      const double mg = quantity * rt.kg_per_unit[m];
      if (!(std::fabs(mg) < 9e18)) {  // beyond int64 milligrams: refuse to count, never wrap
        c.missing_mask = static_cast<uint8_t>(c.missing_mask | (1u << m));
        c.measure[m] = 0;
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
  bool ContributionAt(MeterId id, int64_t position, Contribution& c) {
    const MeterEntry& m = registry.meter(id);
    MeterRuntime& rt = meters[id];
    int64_t value;
    if (m.def.kind == domain::MeterKind::kInterval) {
      const uint8_t flags = rt.series.Get(position, value);
      if (!internal::Counted(flags)) return false;
      Convert(id, rt, SlotOfPosition(m, position), value, c);
      c.flagged = internal::QualityOf(flags) != internal::kQualityGood;
      return true;
    }
    // Counter: the use up to the reading at position + 1, filed under the period ending there.
    const uint8_t flags = rt.series.Get(position + 1, value);
    if (!internal::Counted(flags)) return false;
    const std::optional<int64_t> prev = rt.series.PrevCounted(position + 1, kCounterLookBack);
    if (!prev) return false;
    int64_t prev_value;
    const uint8_t prev_flags = rt.series.Get(*prev, prev_value);
    bool rollover;
    const std::optional<int64_t> delta = CounterDelta(m, prev_value, value, rollover);
    if (!delta) return false;
    Convert(id, rt, SlotOfPosition(m, position), *delta, c);
    c.flagged = internal::QualityOf(flags) != internal::kQualityGood ||
                internal::QualityOf(prev_flags) != internal::kQualityGood;
    return true;
  }

  /// Calls f(contribution) for every contribution of meter `id` filed in slots [from, to).
  template <typename F>
  void ForEachContribution(MeterId id, int64_t from, int64_t to, F&& f) {
    const MeterEntry& m = registry.meter(id);
    MeterRuntime& rt = meters[id];
    if (rt.series.empty() || from >= to) return;
    const int64_t first = FirstPositionFrom(m, from);
    const int64_t last = FirstPositionFrom(m, to) - 1;
    if (first > last) return;
    Contribution c;
    if (m.def.kind == domain::MeterKind::kInterval) {
      rt.series.ForEach(first, last, [&](int64_t position, int64_t, uint8_t flags) {
        if (internal::Counted(flags) && ContributionAt(id, position, c)) f(c);
      });
    } else {
      rt.series.ForEach(first + 1, last + 1, [&](int64_t position, int64_t, uint8_t flags) {
        if (internal::Counted(flags) && ContributionAt(id, position - 1, c)) f(c);
      });
    }
  }

  // ----- ingest

  IngestResult Apply(DecodedBatch&& batch) {
    IngestResult result;
    result.rows = batch.rows.size();
    result.rounded = batch.rounded_count;
    result.batch_id = batch.batch_id;
    result.accepted = true;
    result.batch_seq = ++batch_seq;
    // Lateness is judged against the watermark as it stood when the batch arrived.
    const int64_t watermark = max_start_slot == std::numeric_limits<int64_t>::min()
                                  ? std::numeric_limits<int64_t>::min()
                                  : max_start_slot - lateness_slots;
    int64_t batch_max = max_start_slot;
    for (const BatchRow& row : batch.rows) {
      const MeterId id = row.meter;
      const MeterEntry& m = registry.meter(id);
      MeterRuntime& rt = meters[id];
      if (row.statistics_type() != m.native) {
        ApplyReported(rt, row, result);
        continue;
      }
      const int64_t position = PositionOf(m, row.slot);
      const int64_t end_slot = SlotOfPosition(m, position + 1);
      const bool late = end_slot < watermark;
      const internal::MeterSeries::PutResult put =
          rt.series.Put(position, row.value, static_cast<uint8_t>(row.quality), late, batch_seq);
      switch (put.kind) {
        case internal::MeterSeries::PutKind::kNew:
          ++(late ? result.late : result.new_readings);
          break;
        case internal::MeterSeries::PutKind::kDuplicate:
          ++result.duplicates;
          break;
        case internal::MeterSeries::PutKind::kCorrection:
          ++result.corrections;
          break;
        case internal::MeterSeries::PutKind::kRefusedLate:
          ++result.refused_late;
          break;
      }
      if (row.slot > batch_max) batch_max = row.slot;
    }
    max_start_slot = batch_max;
    ++batches;
    return result;
  }

  void ApplyReported(MeterRuntime& rt, const BatchRow& row, IngestResult& result) {
    const auto key = std::make_pair(static_cast<uint8_t>(row.statistics), row.slot);
    const auto flags = static_cast<uint8_t>(internal::kFlagPresent |
                                            (row.quality << internal::kQualityShift));
    auto [it, inserted] = rt.reported.try_emplace(key, ReportedValue{row.value, flags});
    if (inserted) {
      ++result.reported_totals;
      ++reported_count;
      return;
    }
    if (it->second.value == row.value && it->second.flags == flags) {
      ++result.duplicates;
      return;
    }
    rt.reported_revisions.push_back(internal::Revision{row.slot, it->second.value, it->second.flags,
                                                       internal::Revision::Kind::kSuperseded,
                                                       batch_seq});
    it->second = ReportedValue{row.value, flags};
    ++result.corrections;
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
    std::unique_lock lock(mu);
    return Apply(std::move(batch));
  }

  // ----- entities

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

  /// Meters whose contributions make up `entity`.
  Result<std::vector<MeterId>> MetersOf(const EntityRef& entity) const {
    std::vector<MeterId> out;
    if (entity.level == Level::kMeter) {
      CPK_ASSIGN_OR_RETURN(MeterId id, ResolveMeter(entity.code));
      out.push_back(id);
      return out;
    }
    if (entity.level == Level::kEnterprise) {
      std::optional<EnterpriseId> e = registry.FindEnterprise(entity.code);
      if (!e) return Status::NotFound("enterprise '" + entity.code + "' is not registered");
      return registry.enterprise(*e).meters;
    }
    CPK_ASSIGN_OR_RETURN(GroupId group, ResolveGroup(entity));
    for (EnterpriseId e = 0; e < registry.enterprise_count(); ++e) {
      if (GroupOf(entity.level, e) != group) continue;
      const auto& ms = registry.enterprise(e).meters;
      out.insert(out.end(), ms.begin(), ms.end());
    }
    return out;
  }

  Result<GroupId> ResolveGroup(const EntityRef& entity) const {
    std::optional<GroupId> id;
    switch (entity.level) {
      case Level::kIndustry:
        id = registry.FindIndustry(entity.code);
        break;
      case Level::kTownship:
        id = registry.FindTownship(entity.code);
        break;
      case Level::kCounty:
        id = registry.FindCounty(entity.code);
        break;
      default:
        break;
    }
    if (!id) {
      return Status::NotFound(std::string(LevelName(entity.level)) + " '" + entity.code +
                              "' has no registered enterprise");
    }
    return *id;
  }

  GroupId GroupOf(Level level, EnterpriseId e) const {
    const EnterpriseEntry& entry = registry.enterprise(e);
    switch (level) {
      case Level::kIndustry:
        return entry.industry;
      case Level::kTownship:
        return entry.township;
      case Level::kCounty:
        return entry.county;
      default:
        return e;
    }
  }

  /// Recomputes the state of `meters` over slots [from, to) from the stored readings.
  RollupState ComputeFromReadings(const std::vector<MeterId>& ids, int64_t from, int64_t to) {
    RollupState state;
    for (MeterId id : ids) {
      ForEachContribution(id, from, to, [&](const Contribution& c) { state.Add(c); });
    }
    return state;
  }

  static constexpr int64_t kCounterLookBack = 366 * 96;

  const refdata::RefData& ref;
  Converter converter;
  const Clock& clock;
  EngineOptions options;
  internal::LocalZone zone;
  int64_t lateness_slots = 0;

  // Guarded by mu. Queries convert lazily (the factor cache), so they take the lock
  // exclusively as well; see docs/design/monitor-engine.md "Concurrency".
  mutable std::shared_mutex mu;
  Registry registry;
  std::vector<MeterRuntime> meters;
  uint64_t batch_seq = 0;
  uint64_t batches = 0;
  uint64_t reported_count = 0;
  int64_t max_start_slot = std::numeric_limits<int64_t>::min();
  std::set<std::tuple<MeterId, int32_t, int>> missing_seen;
  std::vector<MissingFactor> missing_factors;
};

// ---------------------------------------------------------------------------------------------

Engine::Engine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Engine::~Engine() = default;

Result<std::unique_ptr<Engine>> Engine::Open(const refdata::RefData& ref, ConversionSpec spec,
                                             const Clock& clock, EngineOptions options) {
  if (options.allowed_lateness_seconds < 0 || options.max_future_seconds < 0) {
    return Status::InvalidArgument("allowed lateness and max future must not be negative");
  }
  if (options.utc_offset_seconds % 900 != 0 || std::abs(options.utc_offset_seconds) > 14 * 3600) {
    return Status::InvalidArgument(
        "the local time offset must be a whole number of quarter hours within ±14 h");
  }
  CPK_ASSIGN_OR_RETURN(Converter converter, Converter::Create(ref, std::move(spec)));
  return std::unique_ptr<Engine>(
      new Engine(std::make_unique<Impl>(ref, std::move(converter), clock, std::move(options))));
}

Status Engine::RegisterEnterprise(const domain::Enterprise& enterprise) {
  std::unique_lock lock(impl_->mu);
  return impl_->registry.AddEnterprise(enterprise);
}

Status Engine::RegisterMeter(const domain::Meter& meter) {
  CPK_RETURN_IF_ERROR(domain::ValidateMeter(meter));
  CPK_RETURN_IF_ERROR(impl_->converter.CheckMeter(meter));
  std::unique_lock lock(impl_->mu);
  CPK_RETURN_IF_ERROR(impl_->registry.AddMeter(meter));
  impl_->meters.resize(impl_->registry.meter_count());
  return Status::Ok();
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
    std::shared_lock lock(impl_->mu);
    batch = DecodeCsvBatch(text, impl_->MakeDecodeOptions(request));
  }
  return impl_->Ingest(std::move(batch));
}

IngestResult Engine::IngestJson(std::string_view text, const IngestRequest& request) {
  DecodedBatch batch;
  {
    std::shared_lock lock(impl_->mu);
    batch = DecodeJsonBatch(text, impl_->MakeDecodeOptions(request));
  }
  return impl_->Ingest(std::move(batch));
}

Result<std::vector<SeriesPoint>> Engine::Series(const EntityRef& entity, Granularity granularity,
                                                Timestamp from, Timestamp to) const {
  std::unique_lock lock(impl_->mu);
  Impl& im = *impl_;
  CPK_ASSIGN_OR_RETURN(std::vector<MeterId> ids, im.MetersOf(entity));
  const int64_t from_slot = im.SlotFloor(from);
  const int64_t to_slot = im.SlotCeil(to);
  std::map<int64_t, RollupState> buckets;  // bucket start slot -> state
  for (MeterId id : ids) {
    im.ForEachContribution(id, from_slot, to_slot, [&](const Contribution& c) {
      int64_t start = c.slot;
      switch (granularity) {
        case Granularity::k15Min:
          break;
        case Granularity::kHour:
          start = FloorDiv(c.slot, kSlotsPerHour) * kSlotsPerHour;
          break;
        case Granularity::kDay:
          start = FloorDiv(c.slot, kSlotsPerDay) * kSlotsPerDay;
          break;
        case Granularity::kMonth:
          start = internal::FirstDayOfMonth(internal::MonthIndexOfDay(FloorDiv(c.slot, kSlotsPerDay))) *
                  kSlotsPerDay;
          break;
      }
      buckets[start].Add(c);
    });
  }
  std::vector<SeriesPoint> out;
  out.reserve(buckets.size());
  for (auto& [start, state] : buckets) out.push_back(SeriesPoint{im.SlotStart(start), state});
  return out;
}

Result<RollupState> Engine::Total(const EntityRef& entity, Timestamp from, Timestamp to) const {
  std::unique_lock lock(impl_->mu);
  CPK_ASSIGN_OR_RETURN(std::vector<MeterId> ids, impl_->MetersOf(entity));
  return impl_->ComputeFromReadings(ids, impl_->SlotFloor(from), impl_->SlotCeil(to));
}

std::vector<RankedEnterprise> Engine::TopEnterprises(Measure measure, Timestamp from,
                                                     Timestamp to, size_t n) const {
  std::unique_lock lock(impl_->mu);
  Impl& im = *impl_;
  std::vector<RankedEnterprise> all;
  for (EnterpriseId e = 0; e < im.registry.enterprise_count(); ++e) {
    const EnterpriseEntry& entry = im.registry.enterprise(e);
    RollupState state = im.ComputeFromReadings(entry.meters, im.SlotFloor(from), im.SlotCeil(to));
    if (state.empty()) continue;
    all.push_back(RankedEnterprise{entry.def.credit_code, entry.def.name, state});
  }
  const int m = static_cast<int>(measure);
  std::sort(all.begin(), all.end(), [m](const RankedEnterprise& a, const RankedEnterprise& b) {
    if (a.state.measure[m].sum != b.state.measure[m].sum) {
      return a.state.measure[m].sum > b.state.measure[m].sum;
    }
    return a.credit_code < b.credit_code;
  });
  if (all.size() > n) all.resize(n);
  return all;
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

std::vector<MissingFactor> Engine::MissingFactors() const {
  std::shared_lock lock(impl_->mu);
  return impl_->missing_factors;
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
  if (im.max_start_slot != std::numeric_limits<int64_t>::min()) {
    s.watermark = im.SlotStart(im.max_start_slot - im.lateness_slots);
  }
  return s;
}

}  // namespace carbonpeak::monitor
