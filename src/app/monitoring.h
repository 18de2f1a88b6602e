// Monitoring use cases (重点用能单位能耗在线监测) shared by `carbonpeak monitor …` and the
// /api/v1/monitor routes: the registry of enterprises and meters, ingest of reading batches on
// behalf of a user, queries (series, top-N, the county's month so far), alerts and their
// acknowledgement, and the SYNTHETIC demo stream. The engine is monitor::Engine, opened by
// Platform::Monitor() under <data_dir>/monitor/ with the factor set accounting builds
// (RegionFactorSet of the monitor region + its 发电煤耗; the grid factor of each reading's year).
//
//   store::User office = …;                                   // who acts
//   CPK_RETURN_IF_ERROR(app::RegisterEnterprise(platform, enterprise, office).status());
//   CPK_RETURN_IF_ERROR(app::RegisterMeter(platform, meter, office).status());
//   CPK_ASSIGN_OR_RETURN(monitor::IngestResult r,
//                        app::IngestReadings(platform, text, app::BatchFormat::kCsv, "a.csv", u));
//   CPK_ASSIGN_OR_RETURN(app::SeriesReport s, app::QuerySeries(platform, query, user));
//
// Who may do what (the same for the CLI and the API): admin and office register and write
// everything and acknowledge alerts; an enterprise user reads its own enterprise and meters,
// writes readings of its own meters only and acknowledges its own alerts; other roles read what
// belongs to their county. Registrations and acknowledgements are written to the audit log.
//
// Thread safety: as Platform (the engine serialises writers, queries run concurrently).
// Failure contract: kPermissionDenied naming the rule; kInvalidArgument naming the field or
// parameter ("level: …", "from: …"); kNotFound for unknown enterprises, meters and alerts; a
// refused batch is an IngestResult with per-row reasons (not an error Status), Unavailable when
// it could not be made durable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/app.h"
#include "base/clock.h"
#include "base/status.h"
#include "domain/monitoring.h"
#include "monitor/monitor.h"
#include "monitor/simulator.h"
#include "store/users.h"

namespace carbonpeak::app {

/// Opens the engine for Platform::Monitor(): <data_dir>/monitor/ (in memory for a ":memory:"
/// store), factors of MonitorRegion(platform).
Result<std::unique_ptr<monitor::Engine>> OpenMonitorEngine(Platform& platform);

/// The region whose user factors the monitor converts with: Options::monitor_region, else the
/// one saved by SetMonitorRegion, else "" (reference tables only).
std::string MonitorRegion(const Platform& platform);
/// Saves `region_code` as the monitor region (<data_dir>/monitor/factor_region) and reopens the
/// engine so that it converts with that region's factors.
Status SetMonitorRegion(Platform& platform, const std::string& region_code);

/// The county a user is bound to ("" = every county): its region, or the parent of its
/// township.
std::string CountyOfUser(Platform& platform, const store::User& user);

// ----- registry

/// Registers (or updates name, key-unit flag and budgets of) an enterprise. Admin or office;
/// the county must be a stored region.
Result<domain::Enterprise> RegisterEnterprise(Platform& platform,
                                              const domain::Enterprise& enterprise,
                                              const store::User& actor);

struct EnterpriseFilter {
  std::string county;
  std::string industry;  ///< Prefix of the industry code ("C30", "C").
  std::string township;
};
/// Enterprises the user may see (an enterprise user: its own), by credit code.
Result<std::vector<domain::Enterprise>> ListEnterprises(Platform& platform,
                                                        const store::User& actor,
                                                        const EnterpriseFilter& filter = {});
/// Registers a meter of a registered enterprise. Admin or office.
Result<domain::Meter> RegisterMeter(Platform& platform, const domain::Meter& meter,
                                    const store::User& actor);
/// Meters of one enterprise; NotFound for an unknown enterprise.
Result<std::vector<domain::Meter>> ListMeters(Platform& platform, const std::string& credit_code,
                                              const store::User& actor);

// ----- ingest

enum class BatchFormat { kCsv, kJson };

/// Ingests one batch as `actor`: admin and office write any meter, an enterprise user only its
/// own (other rows are refused with reasons and RefusedForScope says so); other roles get
/// kPermissionDenied. The result is returned once the batch is durable.
Result<monitor::IngestResult> IngestReadings(Platform& platform, std::string_view text,
                                             BatchFormat format, const std::string& source_name,
                                             const store::User& actor);
/// Reads FILE (.json: JSON batch, anything else: CSV) and ingests it.
Result<monitor::IngestResult> IngestReadingsFile(Platform& platform, const std::string& path,
                                                 const store::User& actor);
/// True when a refused batch named meters or an enterprise outside the sender's scope.
bool RefusedForScope(const monitor::IngestResult& result);

// ----- queries

/// The figures of a rollup state in tonnes, for answers.
struct RollupFigures {
  uint32_t count = 0;
  uint32_t flagged = 0;
  /// Tonnes by monitor::Measure (tce 当量值, tce 等价值, tCO2); absent when no contribution
  /// could be converted.
  std::optional<double> tonnes[monitor::kMeasureCount];
  bool complete[monitor::kMeasureCount] = {true, true, true};
  /// Physical quantity after the multiplier (meaningful for one meter only).
  double quantity = 0;
};
RollupFigures FiguresOf(const monitor::RollupState& state);

/// Local-time helpers (UTC+8): a time from "YYYY-MM-DD[THH:MM[:SS]][Z|±HH:MM]" where no offset
/// means local time; the start of the bucket of `granularity` that holds `t`, and the next one.
Result<Timestamp> ParseLocalTime(std::string_view text, std::string_view field);
Timestamp BucketStart(Timestamp t, monitor::Granularity granularity);
Timestamp NextBucket(Timestamp start, monitor::Granularity granularity);

struct SeriesQuery {
  monitor::Level level = monitor::Level::kCounty;
  std::string code;  ///< Empty for the county: the user's county, else the only one monitored.
  monitor::Granularity granularity = monitor::Granularity::kHour;
  std::optional<Timestamp> from, to;  ///< Defaults: see docs/formats/api.md.
};
struct SeriesReport {
  monitor::EntityRef entity;
  std::string name;  ///< Enterprise or meter name, region name; empty when unknown.
  std::string unit;  ///< Meter level: the meter's unit.
  monitor::Granularity granularity = monitor::Granularity::kHour;
  Timestamp from, to;
  std::vector<monitor::SeriesPoint> points;
  monitor::RollupState total;
};
Result<SeriesReport> QuerySeries(Platform& platform, const SeriesQuery& query,
                                 const store::User& actor);

struct TopQuery {
  monitor::Measure by = monitor::Measure::kTceCalorific;
  monitor::Granularity granularity = monitor::Granularity::kMonth;
  std::optional<Timestamp> at;  ///< Default now.
  size_t n = 10;
};
struct TopReport {
  monitor::Measure by = monitor::Measure::kTceCalorific;
  monitor::Granularity granularity = monitor::Granularity::kMonth;
  Timestamp from, to;
  std::vector<monitor::RankedEnterprise> items;
};
/// The largest enterprises of the bucket holding `at` (of the user's county). Not for
/// enterprise users.
Result<TopReport> QueryTop(Platform& platform, const TopQuery& query, const store::User& actor);

struct CountyNow {
  std::string county;
  std::string name;
  Timestamp month_start, day_start, as_of;
  monitor::RollupState month, today;
  size_t enterprises = 0;
  size_t meters = 0;
  uint64_t readings = 0;  ///< Stored readings of the whole instance.
  size_t unacknowledged_alerts = 0;
  bool synthetic = false;  ///< Any enterprise of the county is a SYNTHETIC demo one.
};
/// The county's month so far (and today). `county` empty: the user's, else the only monitored
/// county.
Result<CountyNow> CountyMonthToDate(Platform& platform, const std::string& county,
                                    const store::User& actor);

// ----- alerts

struct AlertQuery {
  std::string enterprise;
  std::optional<domain::AlertKind> kind;
  bool unacknowledged_only = false;
  int64_t after_id = 0;  ///< Only alerts with a larger id.
  size_t limit = 100;
};
/// Alerts the user may see, newest first.
Result<std::vector<domain::Alert>> ListAlerts(Platform& platform, const AlertQuery& query,
                                              const store::User& actor);
/// Acknowledges an alert (admin, office, or the enterprise user of the alert's enterprise) and
/// writes "monitor.alert_ack" to the audit log. Returns the acknowledged alert.
Result<domain::Alert> AcknowledgeAlert(Platform& platform, int64_t alert_id,
                                       const store::User& actor);

/// Name of a registered enterprise, or "".
std::string EnterpriseName(Platform& platform, const std::string& credit_code);
/// True when the enterprise is a SYNTHETIC demo one (its name starts with the mark).
bool IsSyntheticEnterprise(const domain::Enterprise& enterprise);

// ----- demo

struct MonitorDemoOptions {
  int enterprises = 6;
  uint64_t seed = 2030;
  std::string county = "430703";  ///< 鼎城区, one of the demo plans
  /// Seconds between live batches; 0 starts no live stream.
  int live_interval_seconds = 5;
  double fault_rate = 0.03;
};
struct MonitorDemo {
  std::vector<domain::Enterprise> enterprises;
  size_t meters = 0;
  size_t backfilled_readings = 0;
  std::vector<std::string> notes;  ///< What was set up (factors reused for the current year …).
};
/// Registers SYNTHETIC enterprises and meters in the county, stores SYNTHETIC demo factors for
/// the current year where none ships (the latest published grid factor and the demo 发电煤耗
/// reused, labelled to be replaced), backfills the month so far and, with a live interval,
/// starts a background thread that feeds the engine every few seconds until the monitor closes.
Result<MonitorDemo> LoadMonitorDemo(Platform& platform, const MonitorDemoOptions& options = {});

}  // namespace carbonpeak::app
