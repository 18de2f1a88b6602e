// carbonpeak::monitor — online energy monitoring of key energy-consuming enterprises: meter
// readings in, energy (tce, 当量值 and 等价值) and CO2 per meter, enterprise, industry, township
// and county out, at 15 minutes, hours, days and months, with data-quality and budget alerts.
//
// Pipeline (docs/design/monitor-engine.md):
//   batch (JSON / CSV) → decode + validate (whole batch accepted or rejected) → durable log
//   → deduplicate on (meter, period start) → convert → merge into rollups → quality checks.
//
//   CPK_ASSIGN_OR_RETURN(std::unique_ptr<monitor::Engine> engine,
//                        monitor::Engine::Open(ref, {.factors = factor_set}, clock, options));
//   CPK_RETURN_IF_ERROR(engine->RegisterEnterprise(enterprise));
//   CPK_RETURN_IF_ERROR(engine->RegisterMeter(meter));
//   monitor::IngestResult r = engine->IngestCsv(csv_text, {.source_name = "upload.csv"});
//   auto hourly = engine->Series({monitor::Level::kEnterprise, credit_code},
//                                monitor::Granularity::kHour, from, to);
//
// Exactness: values are kept as integers (millionths of a meter unit, milligrams of tce and
// CO2); every rollup equals a recomputation from the counted readings, whatever the order and
// batching of arrival. A reading is identified by (meter, statistics type, period start):
// a resend is a no-op, a different value is a correction that every rollup reflects, and the
// replaced value is kept as a revision. Readings whose period ended more than the allowed
// lateness before the latest period start seen are stored and flagged but not counted.
//
// Thread safety: all methods may be called from any thread. Writers (registration, ingest) are
// serialised; queries run concurrently with each other and see whole batches only.
// Failure contract: nothing throws. Bad input comes back as per-row errors (IngestResult) or
// InvalidArgument/NotFound naming the record; storage failures as Unavailable/DataLoss.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "domain/monitoring.h"
#include "monitor/batch.h"
#include "monitor/conversion.h"
#include "monitor/file_system.h"
#include "monitor/quality.h"
#include "monitor/registry.h"
#include "monitor/rollup_state.h"
#include "refdata/refdata.h"

namespace carbonpeak::monitor {

/// Who a rollup is about. Stored and sent: append only.
enum class Level : uint8_t { kMeter, kEnterprise, kIndustry, kTownship, kCounty };
std::string_view LevelName(Level level);  // "meter", "enterprise", "industry", "township", "county"
std::optional<Level> ParseLevel(std::string_view text);

/// Rollup period length. Stored and sent: append only.
enum class Granularity : uint8_t { k15Min, kHour, kDay, kMonth };
std::string_view GranularityName(Granularity g);  // "15min", "hour", "day", "month"
std::optional<Granularity> ParseGranularity(std::string_view text);

/// An entity of a level. Codes: meter "<credit code>/<meter code>" (or a meter code that only
/// one enterprise uses); enterprise: credit code; industry: GB/T 4754 division ("C30");
/// township: its code; county: its GB/T 2260 code.
struct EntityRef {
  Level level = Level::kCounty;
  std::string code;
};

class MonitorSink;

struct EngineOptions {
  /// Local time is UTC + this offset (China Standard Time by default); days and months of the
  /// rollups are local.
  int32_t utc_offset_seconds = 8 * 3600;
  /// A reading whose period ended more than this before the latest period start seen is late:
  /// stored and flagged, never counted.
  int64_t allowed_lateness_seconds = 2 * 86400;
  /// Period starts later than the clock plus this are refused.
  int64_t max_future_seconds = 3600;
  /// Reasons kept per refused batch.
  size_t max_errors = 100;
  /// Folder of the durable log and segments; empty keeps everything in memory only (tests,
  /// simulations). Created when absent.
  std::string data_dir;
  /// The disk; nullptr means PosixFileSystem(). Must outlive the engine.
  FileSystem* file_system = nullptr;
  QualityOptions quality;
  /// Worker threads for large batches: applying rows, merging rollups and the day checks.
  /// Results do not depend on it.
  int threads = 2;
  /// Batches with at least this many rows use `threads` workers.
  size_t parallel_min_rows = 100000;
  /// Told about new alerts; may be null. Must outlive the engine.
  MonitorSink* sink = nullptr;
  /// With a data_dir: readings and rollup cells whose periods ended more than this many days
  /// (plus the allowed lateness) before the latest period start seen leave memory for a spill
  /// file in data_dir and are read back on demand, so memory stays bounded however long the
  /// engine runs. 0 keeps everything in memory (as does an engine without a data_dir).
  int hot_days = 14;
};

/// Receives what the engine produces, for the app to store and push (e.g. to the dashboard).
/// Called after the batch is durable, outside the engine's lock, from the ingesting thread; an
/// implementation must be thread-safe and must not call back into the engine's writers.
class MonitorSink {
 public:
  virtual ~MonitorSink() = default;
  virtual void OnAlerts(const std::vector<domain::Alert>& alerts) = 0;
};

/// Which alerts to list.
struct AlertFilter {
  std::string enterprise;  ///< Credit code; empty for all.
  std::optional<domain::AlertKind> kind;
  bool unacknowledged_only = false;
  size_t limit = 1000;
};

/// Who sends a batch and under what name.
struct IngestRequest {
  std::string source_name = "batch";
  /// Credit code the sender's token is limited to; empty for county-level senders.
  std::string scope_enterprise;
};

struct IngestResult {
  /// OK when the batch was judged (accepted, or refused for its rows); Unavailable when it could
  /// not be made durable — then it is not acknowledged and must be sent again.
  Status status;
  bool accepted = false;
  std::vector<RowError> errors;  ///< Why the batch was refused (the first max_errors).
  size_t error_count = 0;
  uint64_t batch_seq = 0;  ///< Sequence number of the accepted batch.
  std::string batch_id;    ///< The sender's batch_id (JSON).
  size_t rows = 0;
  size_t new_readings = 0;     ///< Stored and counted for the first time.
  size_t alerts = 0;           ///< Alerts raised while applying the batch.
  size_t duplicates = 0;       ///< Same value as already stored: nothing changed.
  size_t corrections = 0;      ///< Replaced a stored value (the old one kept as a revision).
  size_t late = 0;             ///< New but too late: stored, flagged, not counted.
  size_t refused_late = 0;     ///< Corrections too late: kept as revisions, not applied.
  size_t reported_totals = 0;  ///< Daily / monthly totals of shorter-interval meters.
  size_t rounded = 0;          ///< Values with digits below one millionth (rounded).
  std::string Summary() const;
};

/// One stored reading of a meter, converted (what a drill-down shows).
struct StoredReading {
  Timestamp period_start;
  double value = 0;  ///< As sent, in the meter's unit, before the multiplier.
  domain::ReadingQuality quality = domain::ReadingQuality::kGood;
  bool counted = false;  ///< False for late or invalid readings.
  bool late = false;
  int revisions = 0;  ///< Earlier or refused values kept for this period.
};

/// A kept earlier value of a reading.
struct ReadingRevision {
  Timestamp period_start;
  double value = 0;
  domain::ReadingQuality quality = domain::ReadingQuality::kGood;
  bool refused_late = false;  ///< A correction that came too late (not applied).
  uint64_t batch_seq = 0;
};

/// One bucket of a time series.
struct SeriesPoint {
  Timestamp start;  ///< Start of the bucket (local period start, as a UTC instant).
  RollupState state;
};

struct RankedEnterprise {
  std::string credit_code;
  std::string name;
  RollupState state;
};

/// Counts of what the engine holds, for monitoring the monitor.
struct EngineStats {
  uint64_t batches = 0;
  uint64_t readings = 0;  ///< Stored native readings (counted or not).
  uint64_t revisions = 0;
  uint64_t reported_totals = 0;
  size_t enterprises = 0;
  size_t meters = 0;
  Timestamp watermark;              ///< Latest period start seen minus the allowed lateness.
  uint64_t log_number = 0;          ///< Current log file (0 without a data_dir).
  uint64_t torn_bytes_dropped = 0;  ///< Bytes of a torn log tail dropped when opening.
  size_t memory_bytes = 0;          ///< Approximate bytes held by readings and rollups.
};

class Engine {
 public:
  /// Creates an engine. `ref` must outlive it. Fails when the conversion spec is unusable.
  static Result<std::unique_ptr<Engine>> Open(const refdata::RefData& ref, ConversionSpec spec,
                                              const Clock& clock, EngineOptions options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // ----- registry
  Status RegisterEnterprise(const domain::Enterprise& enterprise);
  /// The carrier must be known and the unit fit it (Converter::CheckMeter).
  Status RegisterMeter(const domain::Meter& meter);
  /// Registers many records with one durable write (bulk set-up, imports). Stops at the first
  /// refused record; the ones before it stay registered.
  Status RegisterAll(const std::vector<domain::Enterprise>& enterprises,
                     const std::vector<domain::Meter>& meters);
  std::vector<domain::Enterprise> Enterprises() const;
  std::vector<domain::Meter> Meters(std::string_view credit_code) const;

  // ----- ingest
  IngestResult IngestCsv(std::string_view text, const IngestRequest& request);
  IngestResult IngestJson(std::string_view text, const IngestRequest& request);

  // ----- queries
  /// Buckets of `granularity` overlapping [from, to) that hold data, in time order.
  Result<std::vector<SeriesPoint>> Series(const EntityRef& entity, Granularity granularity,
                                          Timestamp from, Timestamp to) const;
  /// Everything in [from, to), rounded outwards to 15-minute slots.
  Result<RollupState> Total(const EntityRef& entity, Timestamp from, Timestamp to) const;
  /// The `n` enterprises with the largest sum of `measure` in [from, to).
  std::vector<RankedEnterprise> TopEnterprises(Measure measure, Timestamp from, Timestamp to,
                                               size_t n) const;
  /// Stored readings of one meter with period start in [from, to).
  Result<std::vector<StoredReading>> Readings(const EntityRef& meter, Timestamp from,
                                              Timestamp to) const;
  Result<std::vector<ReadingRevision>> Revisions(const EntityRef& meter, Timestamp from,
                                                 Timestamp to) const;
  /// Rebuilds every kept rollup cell from the stored readings and compares; Internal naming the
  /// first differing cell. Slow (reads everything): for tests and an operator's check.
  Status CheckRollups() const;

  // ----- alerts
  /// Alerts matching `filter`, newest first.
  std::vector<domain::Alert> Alerts(const AlertFilter& filter) const;
  /// Marks an alert as seen by `user` (kept in the log). NotFound for an unknown id.
  Status AcknowledgeAlert(int64_t id, std::string_view user);

  /// Factors that readings needed but that are missing, one entry per (meter, year, measure).
  std::vector<MissingFactor> MissingFactors() const;

  EngineStats Stats() const;

  // ----- storage
  /// Writes everything stored so far into a compact segment and deletes the log files it
  /// covers. Ingest waits while the state is captured. No-op without a data_dir.
  Status Compact();
  /// Bytes of the segment and log files in data_dir.
  Result<uint64_t> DiskBytes() const;

  struct Impl;

 private:
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace carbonpeak::monitor
