#include "app/monitoring.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "accounting/accounting.h"
#include "app/accounting.h"
#include "base/file.h"

namespace carbonpeak::app {
namespace fs = std::filesystem;

namespace {

using monitor::Granularity;
using monitor::Level;

constexpr int64_t kMicros = 1000000;
constexpr std::string_view kFactorRegionFile = "factor_region";

int32_t UtcOffset() { return monitor::EngineOptions{}.utc_offset_seconds; }

int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

struct Civil {
  int year, month, day;
};
// Howard Hinnant's civil_from_days.
Civil CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp + (mp < 10 ? 3 : -9);
  return Civil{static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0)), static_cast<int>(m),
               static_cast<int>(d)};
}

int64_t LocalSeconds(Timestamp t) { return FloorDiv(t.micros, kMicros) + UtcOffset(); }
Timestamp FromLocalSeconds(int64_t s) { return Timestamp{(s - UtcOffset()) * kMicros}; }

int LocalYear(Timestamp t) { return CivilFromDays(FloorDiv(LocalSeconds(t), 86400)).year; }

bool IsOfficer(const store::User& user) {
  return user.role == store::Role::kAdmin || user.role == store::Role::kOffice;
}

Status RequireOfficer(const store::User& user, std::string_view what) {
  if (IsOfficer(user)) return Status::Ok();
  return Status::PermissionDenied(std::string(what) + " needs the admin or office role; user '" +
                                  user.username + "' is " +
                                  std::string(store::RoleName(user.role)));
}

std::string JsonText(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Writes an entry to the audit log; platforms without an account store keep none.
Status Audit(Platform& platform, const std::string& action, const std::string& entity,
             const std::string& detail_json, const store::User& actor, const std::string& reason) {
  store::AccountStore* accounts = store::AccountsOf(platform.store());
  if (accounts == nullptr) return Status::Ok();
  return accounts->RecordEvent(store::SecurityEvent{action, entity, detail_json},
                               store::WriteContext{actor.username, "monitor", reason});
}

Result<monitor::Engine*> Engine(Platform& platform) { return platform.Monitor(); }

// The county a query is about when none is given: the user's, else the only monitored one.
Result<std::string> DefaultCounty(Platform& platform, monitor::Engine& engine,
                                  const store::User& actor, std::string_view field) {
  std::string county = CountyOfUser(platform, actor);
  if (!county.empty()) return county;
  std::set<std::string> counties;
  for (const domain::Enterprise& e : engine.Enterprises()) counties.insert(e.county_code);
  if (counties.size() == 1) return *counties.begin();
  if (counties.empty()) {
    return Status::NotFound(
        "no enterprise is registered for monitoring yet; register one with "
        "`carbonpeak monitor enterprise add`");
  }
  return Status::InvalidArgument(std::string(field) +
                                 ": several counties are monitored; give the county code");
}

std::optional<domain::Enterprise> FindEnterprise(monitor::Engine& engine,
                                                 std::string_view credit_code) {
  for (domain::Enterprise& e : engine.Enterprises()) {
    if (e.credit_code == credit_code) return std::move(e);
  }
  return std::nullopt;
}

// May `actor` read the data of this enterprise?
Status CheckEnterpriseReadable(Platform& platform, const store::User& actor,
                               const domain::Enterprise& e) {
  if (actor.role == store::Role::kEnterprise) {
    if (actor.enterprise == e.credit_code) return Status::Ok();
    return Status::PermissionDenied("user '" + actor.username + "' may read only enterprise " +
                                    actor.enterprise + ", not " + e.credit_code);
  }
  const std::string county = CountyOfUser(platform, actor);
  if (county.empty() || county == e.county_code) return Status::Ok();
  return Status::PermissionDenied("enterprise " + e.credit_code + " is in county " + e.county_code +
                                  "; user '" + actor.username + "' reads county " + county +
                                  " only");
}

Status CheckCountyReadable(Platform& platform, const store::User& actor,
                           const std::string& county) {
  if (actor.role == store::Role::kEnterprise) {
    return Status::PermissionDenied("user '" + actor.username +
                                    "' is an enterprise user and may read only its own "
                                    "enterprise's data, not county figures");
  }
  const std::string own = CountyOfUser(platform, actor);
  if (own.empty() || own == county) return Status::Ok();
  return Status::PermissionDenied("user '" + actor.username + "' reads county " + own +
                                  " only, not " + county);
}

// Splits a meter entity code "<credit code>/<meter>" (or a bare meter code).
std::pair<std::string, std::string> SplitMeterCode(const std::string& code) {
  const size_t slash = code.find('/');
  if (slash == std::string::npos) return {"", code};
  return {code.substr(0, slash), code.substr(slash + 1)};
}

std::string RegionName(Platform& platform, const std::string& code) {
  auto region = platform.store().regions().Get(code);
  return region.ok() ? region->name : "";
}

}  // namespace

// ----------------------------------------------------------------------------- engine

std::string MonitorRegion(const Platform& platform) {
  if (!platform.options().monitor_region.empty()) return platform.options().monitor_region;
  if (platform.options().database == ":memory:") return "";
  auto text =
      ReadFile((fs::path(platform.options().data_dir) / "monitor" / std::string(kFactorRegionFile))
                   .string());
  if (!text.ok()) return "";
  std::string region = *text;
  while (!region.empty() && (region.back() == '\n' || region.back() == ' ')) region.pop_back();
  return region;
}

Status SetMonitorRegion(Platform& platform, const std::string& region_code) {
  if (!region_code.empty()) {
    CPK_RETURN_IF_ERROR(platform.store().regions().Get(region_code).status());
  }
  if (platform.options().database != ":memory:") {
    const fs::path dir = fs::path(platform.options().data_dir) / "monitor";
    std::error_code ec;
    fs::create_directories(dir, ec);
    CPK_RETURN_IF_ERROR(
        WriteFileAtomic((dir / std::string(kFactorRegionFile)).string(), region_code + "\n"));
  }
  platform.CloseMonitor();
  platform.set_monitor_region(region_code);
  return Status::Ok();
}

Result<std::unique_ptr<monitor::Engine>> OpenMonitorEngine(Platform& platform) {
  const std::string region = MonitorRegion(platform);
  monitor::ConversionSpec spec;
  if (region.empty()) {
    CPK_ASSIGN_OR_RETURN(spec.factors, accounting::BuildFactorSet(platform.refdata(), {}));
  } else {
    CPK_ASSIGN_OR_RETURN(spec.factors, RegionFactorSet(platform, region, {}));
    CPK_ASSIGN_OR_RETURN(UserFactors user, LoadUserFactors(platform, region));
    spec.coal_rates = std::move(user.coal_rates);
  }
  monitor::EngineOptions options;
  if (platform.options().database != ":memory:") {
    options.data_dir = (fs::path(platform.options().data_dir) / "monitor").string();
  }
  auto engine =
      monitor::Engine::Open(platform.refdata(), std::move(spec), platform.clock(), options);
  if (!engine.ok()) {
    return engine.status().WithContext("opening the monitoring data in '" + options.data_dir + "'");
  }
  return std::move(*engine);
}

std::string CountyOfUser(Platform& platform, const store::User& user) {
  if (user.region_code.empty()) return "";
  if (user.role == store::Role::kTownship) {
    auto region = platform.store().regions().Get(user.region_code);
    if (region.ok() && !region->parent_code.empty()) return region->parent_code;
  }
  return user.region_code;
}

// ----------------------------------------------------------------------------- registry

Result<domain::Enterprise> RegisterEnterprise(Platform& platform,
                                              const domain::Enterprise& enterprise,
                                              const store::User& actor) {
  CPK_RETURN_IF_ERROR(RequireOfficer(actor, "registering an enterprise"));
  CPK_RETURN_IF_ERROR(domain::ValidateEnterprise(enterprise));
  if (!platform.store().regions().Get(enterprise.county_code).ok()) {
    return Status::InvalidArgument("county_code: " + enterprise.county_code +
                                   " is not a known region; see `carbonpeak region list`");
  }
  const std::string county = CountyOfUser(platform, actor);
  if (!county.empty() && county != enterprise.county_code) {
    return Status::PermissionDenied("user '" + actor.username + "' manages county " + county +
                                    ", not " + enterprise.county_code);
  }
  CPK_ASSIGN_OR_RETURN(monitor::Engine * engine, Engine(platform));
  CPK_RETURN_IF_ERROR(engine->RegisterEnterprise(enterprise));
  CPK_RETURN_IF_ERROR(Audit(platform, "monitor.enterprise_register",
                            "enterprise:" + enterprise.credit_code,
                            "{\"name\":" + JsonText(enterprise.name) +
                                ",\"industry_code\":" + JsonText(enterprise.industry_code) +
                                ",\"county_code\":" + JsonText(enterprise.county_code) + "}",
                            actor, "enterprise registered for monitoring"));
  auto stored = FindEnterprise(*engine, enterprise.credit_code);
  return stored ? *stored : enterprise;
}

Result<std::vector<domain::Enterprise>> ListEnterprises(Platform& platform,
                                                        const store::User& actor,
                                                        const EnterpriseFilter& filter) {
  CPK_ASSIGN_OR_RETURN(monitor::Engine * engine, Engine(platform));
  std::vector<domain::Enterprise> out;
  for (domain::Enterprise& e : engine->Enterprises()) {
    if (!CheckEnterpriseReadable(platform, actor, e).ok()) continue;
    if (!filter.county.empty() && e.county_code != filter.county) continue;
    if (!filter.township.empty() && e.township_code != filter.township) continue;
    if (!filter.industry.empty() && e.industry_code.rfind(filter.industry, 0) != 0) continue;
    out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.credit_code < b.credit_code; });
  return out;
}

Result<domain::Meter> RegisterMeter(Platform& platform, const domain::Meter& meter,
                                    const store::User& actor) {
  CPK_RETURN_IF_ERROR(RequireOfficer(actor, "registering a meter"));
  CPK_RETURN_IF_ERROR(domain::ValidateMeter(meter));
  CPK_ASSIGN_OR_RETURN(monitor::Engine * engine, Engine(platform));
  auto enterprise = FindEnterprise(*engine, meter.enterprise);
  if (!enterprise) {
    return Status::NotFound("enterprise " + meter.enterprise +
                            " is not registered; register it before its meters");
  }
  CPK_RETURN_IF_ERROR(CheckEnterpriseReadable(platform, actor, *enterprise));
  CPK_RETURN_IF_ERROR(engine->RegisterMeter(meter));
  CPK_RETURN_IF_ERROR(
      Audit(platform, "monitor.meter_register", "meter:" + meter.enterprise + "/" + meter.code,
            "{\"carrier\":" + JsonText(meter.carrier) + ",\"unit\":" + JsonText(meter.unit) +
                ",\"kind\":" + JsonText(domain::MeterKindName(meter.kind)) +
                ",\"interval\":" + JsonText(domain::MeterIntervalName(meter.interval)) + "}",
            actor, "meter registered for monitoring"));
  for (domain::Meter& m : engine->Meters(meter.enterprise)) {
    if (m.code == meter.code) return std::move(m);
  }
  return meter;
}

Result<std::vector<domain::Meter>> ListMeters(Platform& platform, const std::string& credit_code,
                                              const store::User& actor) {
  CPK_ASSIGN_OR_RETURN(monitor::Engine * engine, Engine(platform));
  auto enterprise = FindEnterprise(*engine, credit_code);
  if (!enterprise) {
    return Status::NotFound("enterprise " + credit_code +
                            " is not registered for monitoring; see the enterprise list");
  }
  CPK_RETURN_IF_ERROR(CheckEnterpriseReadable(platform, actor, *enterprise));
  return engine->Meters(credit_code);
}

// ----------------------------------------------------------------------------- ingest

Result<monitor::IngestResult> IngestReadings(Platform& platform, std::string_view text,
                                             BatchFormat format, const std::string& source_name,
                                             const store::User& actor) {
  monitor::IngestRequest request;
  request.source_name = source_name;
  if (actor.role == store::Role::kEnterprise) {
    if (actor.enterprise.empty()) {
      return Status::PermissionDenied("user '" + actor.username +
                                      "' has the enterprise role but no enterprise bound; "
                                      "an administrator must set it");
    }
    request.scope_enterprise = actor.enterprise;
  } else if (!IsOfficer(actor)) {
    return Status::PermissionDenied(
        "sending meter readings needs the admin, office or "
        "enterprise role; user '" +
        actor.username + "' is " + std::string(store::RoleName(actor.role)));
  }
  CPK_ASSIGN_OR_RETURN(monitor::Engine * engine, Engine(platform));
  monitor::IngestResult result = format == BatchFormat::kJson ? engine->IngestJson(text, request)
                                                              : engine->IngestCsv(text, request);
  if (!result.status.ok()) return result.status;
  return result;
}

Result<monitor::IngestResult> IngestReadingsFile(Platform& platform, const std::string& path,
                                                 const store::User& actor) {
  CPK_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  const fs::path p(path);
  const BatchFormat format = p.extension() == ".json" ? BatchFormat::kJson : BatchFormat::kCsv;
  return IngestReadings(platform, text, format, p.filename().string(), actor);
}

bool RefusedForScope(const monitor::IngestResult& result) {
  if (result.accepted) return false;
  return std::any_of(result.errors.begin(), result.errors.end(), [](const monitor::RowError& e) {
    return e.message.find("this sender may write only") != std::string::npos;
  });
}

// ----------------------------------------------------------------------------- queries

RollupFigures FiguresOf(const monitor::RollupState& state) {
  RollupFigures f;
  f.count = state.count;
  f.flagged = state.flagged;
  for (int m = 0; m < monitor::kMeasureCount; ++m) {
    const auto measure = static_cast<monitor::Measure>(m);
    f.complete[m] = state.Complete(measure);
    if (state.count == 0 || state.missing[m] < state.count) f.tonnes[m] = state.Tonnes(measure);
  }
  f.quantity = static_cast<double>(state.quantity.sum) / 1e6;
  return f;
}

Result<Timestamp> ParseLocalTime(std::string_view text, std::string_view field) {
  auto fail = [&] {
    return Status::InvalidArgument(std::string(field) + ": '" + std::string(text) +
                                   "' is not a time; use YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] "
                                   "(local time, UTC+8), optionally with Z or +08:00");
  };
  if (text.size() < 10) return fail();
  Result<Timestamp> t = ParseTimestamp(text);
  if (!t.ok()) return fail();
  const bool has_offset = text.back() == 'Z' || text.back() == 'z' ||
                          text.find_first_of("+", 10) != std::string::npos ||
                          (text.size() > 16 && text.find('-', 16) != std::string_view::npos);
  if (has_offset) return *t;
  return Timestamp{t->micros - static_cast<int64_t>(UtcOffset()) * kMicros};
}

Timestamp BucketStart(Timestamp t, Granularity granularity) {
  const int64_t s = LocalSeconds(t);
  switch (granularity) {
    case Granularity::k15Min:
      return FromLocalSeconds(FloorDiv(s, 900) * 900);
    case Granularity::kHour:
      return FromLocalSeconds(FloorDiv(s, 3600) * 3600);
    case Granularity::kDay:
      return FromLocalSeconds(FloorDiv(s, 86400) * 86400);
    case Granularity::kMonth: {
      const int64_t day = FloorDiv(s, 86400);
      const Civil c = CivilFromDays(day);
      return FromLocalSeconds((day - (c.day - 1)) * 86400);
    }
  }
  return t;
}

Timestamp NextBucket(Timestamp start, Granularity granularity) {
  switch (granularity) {
    case Granularity::k15Min:
      return Timestamp{start.micros + 900 * kMicros};
    case Granularity::kHour:
      return Timestamp{start.micros + 3600 * kMicros};
    case Granularity::kDay:
      return Timestamp{start.micros + 86400 * kMicros};
    case Granularity::kMonth:
      // 32 days on lands in the next month, whatever this one's length.
      return BucketStart(Timestamp{start.micros + 32LL * 86400 * kMicros}, Granularity::kMonth);
  }
  return start;
}

namespace {

Timestamp YearStart(Timestamp t) {
  const int64_t day = FloorDiv(LocalSeconds(t), 86400);
  const Civil c = CivilFromDays(day);
  return FromLocalSeconds(DaysFromCivil(c.year, 1, 1) * 86400);
}

}  // namespace

Result<SeriesReport> QuerySeries(Platform& platform, const SeriesQuery& query,
                                 const store::User& actor) {
  CPK_ASSIGN_OR_RETURN(monitor::Engine * engine, Engine(platform));
  SeriesReport report;
  report.entity = {query.level, query.code};
  report.granularity = query.granularity;
  switch (query.level) {
    case Level::kCounty: {
      if (report.entity.code.empty()) {
        CPK_ASSIGN_OR_RETURN(report.entity.code, DefaultCounty(platform, *engine, actor, "code"));
      }
      CPK_RETURN_IF_ERROR(CheckCountyReadable(platform, actor, report.entity.code));
      report.name = RegionName(platform, report.entity.code);
      break;
    }
    case Level::kTownship: {
      if (query.code.empty()) return Status::InvalidArgument("code: give the township code");
      if (actor.role == store::Role::kEnterprise) {
        return CheckCountyReadable(platform, actor, "");
      }
      const std::string county = CountyOfUser(platform, actor);
      if (!county.empty()) {
        bool inside = false;
        for (const domain::Enterprise& e : engine->Enterprises()) {
          inside = inside || (e.township_code == query.code && e.county_code == county);
        }
        if (!inside) {
          return Status::PermissionDenied("township " + query.code + " is not in county " + county +
                                          " (or has no monitored enterprise)");
        }
      }
      report.name = RegionName(platform, query.code);
      break;
    }
    case Level::kIndustry: {
      if (query.code.empty()) return Status::InvalidArgument("code: give the industry division");
      if (actor.role == store::Role::kEnterprise) {
        return CheckCountyReadable(platform, actor, "");
      }
      break;
    }
    case Level::kEnterprise: {
      if (query.code.empty()) return Status::InvalidArgument("code: give the credit code");
      auto e = FindEnterprise(*engine, query.code);
      if (!e) return Status::NotFound("code: enterprise " + query.code + " is not registered");
      CPK_RETURN_IF_ERROR(CheckEnterpriseReadable(platform, actor, *e));
      report.name = e->name;
      break;
    }
    case Level::kMeter: {
      auto [credit_code, meter_code] = SplitMeterCode(query.code);
      if (meter_code.empty()) {
        return Status::InvalidArgument("code: give the meter as CREDITCODE/METER");
      }
      std::optional<domain::Meter> found;
      for (const domain::Enterprise& e : engine->Enterprises()) {
        if (!credit_code.empty() && e.credit_code != credit_code) continue;
        for (domain::Meter& m : engine->Meters(e.credit_code)) {
          if (m.code != meter_code) continue;
          if (found) {
            return Status::InvalidArgument("code: meter " + meter_code +
                                           " exists in several enterprises; write "
                                           "CREDITCODE/" +
                                           meter_code);
          }
          found = std::move(m);
          CPK_RETURN_IF_ERROR(CheckEnterpriseReadable(platform, actor, e));
        }
      }
      if (!found) return Status::NotFound("code: meter " + query.code + " is not registered");
      report.entity.code = found->enterprise + "/" + found->code;
      report.name = found->name;
      report.unit = found->unit;
      break;
    }
  }

  const Timestamp now = platform.clock().Now();
  report.to = query.to.value_or(NextBucket(BucketStart(now, query.granularity), query.granularity));
  if (query.from) {
    report.from = *query.from;
  } else {
    switch (query.granularity) {
      case Granularity::k15Min:
      case Granularity::kHour:
        report.from = Timestamp{report.to.micros - 86400 * kMicros};
        break;
      case Granularity::kDay:
        report.from = BucketStart(now, Granularity::kMonth);
        break;
      case Granularity::kMonth:
        report.from = YearStart(now);
        break;
    }
  }
  if (!(report.from < report.to)) {
    return Status::InvalidArgument("from: " + FormatTimestamp(report.from) + " is not before to (" +
                                   FormatTimestamp(report.to) + ")");
  }
  auto points = engine->Series(report.entity, query.granularity, report.from, report.to);
  if (!points.ok()) {
    if (points.status().code() != StatusCode::kNotFound) return points.status();
    return report;  // a known entity without data yet
  }
  report.points = std::move(*points);
  for (const monitor::SeriesPoint& p : report.points) report.total.Merge(p.state);
  return report;
}

Result<TopReport> QueryTop(Platform& platform, const TopQuery& query, const store::User& actor) {
  if (actor.role == store::Role::kEnterprise) {
    return Status::PermissionDenied(
        "the ranking of enterprises is not shown to enterprise "
        "users; user '" +
        actor.username + "' sees its own series");
  }
  CPK_ASSIGN_OR_RETURN(monitor::Engine * engine, Engine(platform));
  TopReport report;
  report.by = query.by;
  report.granularity = query.granularity;
  report.from = BucketStart(query.at.value_or(platform.clock().Now()), query.granularity);
  report.to = NextBucket(report.from, query.granularity);
  const std::string county = CountyOfUser(platform, actor);
  std::vector<domain::Enterprise> all = engine->Enterprises();
  std::map<std::string, std::string> county_of;
  for (const domain::Enterprise& e : all) county_of[e.credit_code] = e.county_code;
  std::vector<monitor::RankedEnterprise> ranked = engine->TopEnterprises(
      query.by, report.from, report.to, county.empty() ? query.n : all.size());
  for (monitor::RankedEnterprise& r : ranked) {
    if (report.items.size() >= query.n) break;
    if (!county.empty() && county_of[r.credit_code] != county) continue;
    report.items.push_back(std::move(r));
  }
  return report;
}

Result<CountyNow> CountyMonthToDate(Platform& platform, const std::string& county,
                                    const store::User& actor) {
  CPK_ASSIGN_OR_RETURN(monitor::Engine * engine, Engine(platform));
  CountyNow now;
  now.county = county;
  if (now.county.empty()) {
    CPK_ASSIGN_OR_RETURN(now.county, DefaultCounty(platform, *engine, actor, "county"));
  }
  CPK_RETURN_IF_ERROR(CheckCountyReadable(platform, actor, now.county));
  now.name = RegionName(platform, now.county);
  now.as_of = platform.clock().Now();
  now.month_start = BucketStart(now.as_of, Granularity::kMonth);
  now.day_start = BucketStart(now.as_of, Granularity::kDay);
  const monitor::EntityRef entity{Level::kCounty, now.county};
  if (auto month = engine->Total(entity, now.month_start, now.as_of); month.ok()) {
    now.month = *month;
  } else if (month.status().code() != StatusCode::kNotFound) {
    return month.status();
  }
  if (auto today = engine->Total(entity, now.day_start, now.as_of); today.ok()) {
    now.today = *today;
  } else if (today.status().code() != StatusCode::kNotFound) {
    return today.status();
  }
  std::set<std::string> in_county;
  for (const domain::Enterprise& e : engine->Enterprises()) {
    if (e.county_code != now.county) continue;
    in_county.insert(e.credit_code);
    now.synthetic = now.synthetic || IsSyntheticEnterprise(e);
    now.meters += engine->Meters(e.credit_code).size();
  }
  now.enterprises = in_county.size();
  now.readings = engine->Stats().readings;
  monitor::AlertFilter filter;
  filter.unacknowledged_only = true;
  filter.limit = std::numeric_limits<size_t>::max();
  for (const domain::Alert& a : engine->Alerts(filter)) {
    now.unacknowledged_alerts += in_county.count(a.enterprise);
  }
  return now;
}

// ----------------------------------------------------------------------------- alerts

Result<std::vector<domain::Alert>> ListAlerts(Platform& platform, const AlertQuery& query,
                                              const store::User& actor) {
  CPK_ASSIGN_OR_RETURN(monitor::Engine * engine, Engine(platform));
  monitor::AlertFilter filter;
  filter.enterprise = query.enterprise;
  filter.kind = query.kind;
  filter.unacknowledged_only = query.unacknowledged_only;
  filter.limit = std::numeric_limits<size_t>::max();
  if (actor.role == store::Role::kEnterprise) {
    if (!query.enterprise.empty() && query.enterprise != actor.enterprise) {
      return Status::PermissionDenied("user '" + actor.username +
                                      "' may read only the alerts of enterprise " +
                                      actor.enterprise);
    }
    filter.enterprise = actor.enterprise;
    if (filter.enterprise.empty()) return std::vector<domain::Alert>{};
  }
  const std::string county =
      actor.role == store::Role::kEnterprise ? "" : CountyOfUser(platform, actor);
  std::set<std::string> in_county;
  if (!county.empty()) {
    for (const domain::Enterprise& e : engine->Enterprises()) {
      if (e.county_code == county) in_county.insert(e.credit_code);
    }
  }
  std::vector<domain::Alert> out;
  for (domain::Alert& a : engine->Alerts(filter)) {
    if (out.size() >= query.limit) break;
    if (a.id <= query.after_id) continue;
    // County-wide alerts (no enterprise) are shown to every county reader.
    if (!county.empty() && !a.enterprise.empty() && !in_county.count(a.enterprise)) continue;
    out.push_back(std::move(a));
  }
  return out;
}

Result<domain::Alert> AcknowledgeAlert(Platform& platform, int64_t alert_id,
                                       const store::User& actor) {
  CPK_ASSIGN_OR_RETURN(monitor::Engine * engine, Engine(platform));
  monitor::AlertFilter filter;
  filter.limit = std::numeric_limits<size_t>::max();
  auto find = [&]() -> std::optional<domain::Alert> {
    for (domain::Alert& a : engine->Alerts(filter)) {
      if (a.id == alert_id) return std::move(a);
    }
    return std::nullopt;
  };
  std::optional<domain::Alert> alert = find();
  if (!alert) {
    return Status::NotFound("alert " + std::to_string(alert_id) +
                            " does not exist; list the alerts to find its id");
  }
  const bool own = actor.role == store::Role::kEnterprise && !actor.enterprise.empty() &&
                   actor.enterprise == alert->enterprise;
  if (!own) CPK_RETURN_IF_ERROR(RequireOfficer(actor, "acknowledging an alert"));
  if (IsOfficer(actor) && !alert->enterprise.empty()) {
    if (auto e = FindEnterprise(*engine, alert->enterprise)) {
      CPK_RETURN_IF_ERROR(CheckEnterpriseReadable(platform, actor, *e));
    }
  }
  CPK_RETURN_IF_ERROR(engine->AcknowledgeAlert(alert_id, actor.username));
  CPK_RETURN_IF_ERROR(Audit(platform, "monitor.alert_ack", "alert:" + std::to_string(alert_id),
                            "{\"kind\":" + JsonText(domain::AlertKindName(alert->kind)) +
                                ",\"enterprise\":" + JsonText(alert->enterprise) +
                                ",\"meter\":" + JsonText(alert->meter) + "}",
                            actor, "monitoring alert acknowledged"));
  alert = find();
  if (!alert) return Status::Internal("alert " + std::to_string(alert_id) + " vanished");
  return *alert;
}

std::string EnterpriseName(Platform& platform, const std::string& credit_code) {
  auto engine = platform.Monitor();
  if (!engine.ok()) return "";
  auto e = FindEnterprise(**engine, credit_code);
  return e ? e->name : "";
}

bool IsSyntheticEnterprise(const domain::Enterprise& enterprise) {
  return enterprise.name.rfind(std::string(kSyntheticMark), 0) == 0;
}

// ----------------------------------------------------------------------------- demo

namespace {

store::User SystemUser(const std::string& name) {
  store::User user;
  user.username = name;
  user.role = store::Role::kAdmin;
  return user;
}

// Feeds the engine from a simulator until stopped: every interval, the 15-minute periods that
// have ended since the last tick, and the running value of the current period.
class LiveFeed {
 public:
  LiveFeed(Platform& platform, monitor::Simulator simulator, Timestamp next, int interval_seconds)
      : platform_(platform),
        simulator_(std::move(simulator)),
        next_(next),
        interval_(interval_seconds) {
    thread_ = std::thread([this] { Run(); });
  }
  ~LiveFeed() { Stop(); }

  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Run() {
    const store::User feeder = SystemUser("demo-feed");
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stop_) {
      lock.unlock();
      Tick(feeder);
      lock.lock();
      wake_.wait_for(lock, std::chrono::seconds(interval_), [this] { return stop_; });
    }
  }

  void Tick(const store::User& feeder) {
    const Timestamp now = platform_.clock().Now();
    const Timestamp done = BucketStart(now, Granularity::k15Min);
    std::vector<domain::Reading> readings;
    if (next_ < done) {
      readings = simulator_.Generate(next_, done);
      next_ = done;
    }
    std::vector<domain::Reading> running = simulator_.InProgress(now);
    readings.insert(readings.end(), running.begin(), running.end());
    if (readings.empty()) return;
    // Failures (e.g. a full disk) are left to the next tick: the demo must keep serving.
    (void)IngestReadings(platform_, monitor::ReadingsToCsv(readings), BatchFormat::kCsv,
                         "demo-live.csv", feeder);
  }

  Platform& platform_;
  monitor::Simulator simulator_;
  Timestamp next_;
  const int interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;  // guarded by mutex_
  std::thread thread_;
};

// Demo factors for `year` where none ships: the latest published grid factor and the demo
// 发电煤耗 reused, labelled SYNTHETIC and "to be replaced", as the demo statistics do.
Status DemoFactorsForYear(Platform& platform, const std::string& county, int year,
                          std::vector<std::string>& notes) {
  CPK_ASSIGN_OR_RETURN(domain::FactorSet set, RegionFactorSet(platform, county, {}));
  const domain::Factor* latest = nullptr;
  for (const domain::Factor& f : set.factors) {
    if (f.key.sector != "energy/indirect" || f.key.item != "electricity" ||
        f.key.parameter != "grid_co2_ef") {
      continue;
    }
    if (f.key.year == year) {
      latest = nullptr;
      break;
    }
    if (f.key.year < year && (latest == nullptr || f.key.year > latest->key.year)) latest = &f;
  }
  if (latest != nullptr) {
    const int from_year = latest->key.year;
    domain::FactorOverride o;
    o.key = {"energy/indirect", "electricity", "grid_co2_ef", year};
    o.value = latest->value;
    o.unit = latest->unit;
    o.source = "SYNTHETIC DEMO VALUE to be replaced: the " + std::to_string(from_year) +
               " grid factor of the factor set reused for " + std::to_string(year);
    o.reason = "SYNTHETIC demo monitoring: no " + std::to_string(year) +
               " grid factor ships; replace with the published one";
    CPK_RETURN_IF_ERROR(SetFactorOverride(platform, county, o, "demo-loader").status());
    notes.push_back("grid factor " + std::to_string(year) + ": the " + std::to_string(from_year) +
                    " value reused (SYNTHETIC demo value, to be replaced)");
  }
  CPK_ASSIGN_OR_RETURN(UserFactors user, LoadUserFactors(platform, county));
  const domain::GenerationCoalRate* rate = nullptr;
  for (const domain::GenerationCoalRate& r : user.coal_rates) {
    if (r.year == year) return Status::Ok();
    if (r.year < year && (rate == nullptr || r.year > rate->year)) rate = &r;
  }
  if (rate != nullptr) {
    domain::GenerationCoalRate r{year, rate->gce_per_kwh,
                                 "SYNTHETIC DEMO VALUE to be replaced: the demo 发电煤耗 of " +
                                     std::to_string(rate->year) + " reused"};
    CPK_RETURN_IF_ERROR(
        SetGenerationCoalRate(platform, county, r, "SYNTHETIC demo monitoring", "demo-loader")
            .status());
    notes.push_back("发电煤耗 " + std::to_string(year) + ": the demo value of " +
                    std::to_string(rate->year) + " reused (SYNTHETIC)");
  }
  return Status::Ok();
}

}  // namespace

Result<MonitorDemo> LoadMonitorDemo(Platform& platform, const MonitorDemoOptions& options) {
  MonitorDemo demo;
  const Timestamp now = platform.clock().Now();
  const Timestamp month_start = BucketStart(now, Granularity::kMonth);
  CPK_RETURN_IF_ERROR(DemoFactorsForYear(platform, options.county, LocalYear(now), demo.notes));
  CPK_RETURN_IF_ERROR(SetMonitorRegion(platform, options.county));

  monitor::SimulatorOptions sim_options;
  sim_options.enterprises = options.enterprises;
  sim_options.seed = options.seed;
  sim_options.county_code = options.county;
  sim_options.fault_rate = options.fault_rate;
  CPK_ASSIGN_OR_RETURN(std::vector<domain::Region> regions, platform.store().regions().List());
  std::vector<std::string> townships;
  for (const domain::Region& r : regions) {
    if (r.parent_code == options.county) townships.push_back(r.code);
  }
  if (!townships.empty()) sim_options.townships = townships;
  if (townships.empty()) sim_options.townships = {options.county + "100", options.county + "101"};
  monitor::Simulator simulator(sim_options);

  CPK_ASSIGN_OR_RETURN(monitor::Engine * engine, platform.Monitor());
  CPK_RETURN_IF_ERROR(engine->RegisterAll(simulator.enterprises(), simulator.meters()));
  demo.enterprises = simulator.enterprises();
  demo.meters = simulator.meters().size();

  // Backfill the month so far, a day a batch.
  const store::User loader = SystemUser("demo-loader");
  const Timestamp done = BucketStart(now, Granularity::k15Min);
  for (Timestamp day = month_start; day < done;) {
    const Timestamp end = std::min(NextBucket(day, Granularity::kDay), done);
    std::vector<domain::Reading> readings = simulator.Generate(day, end);
    CPK_ASSIGN_OR_RETURN(monitor::IngestResult r,
                         IngestReadings(platform, monitor::ReadingsToCsv(readings),
                                        BatchFormat::kCsv, "demo-backfill.csv", loader));
    if (!r.accepted) {
      return Status::Internal("the demo backfill was refused: " +
                              (r.errors.empty() ? r.Summary() : r.errors[0].ToString()));
    }
    demo.backfilled_readings += r.new_readings;
    day = end;
  }
  if (options.live_interval_seconds > 0) {
    auto feed = std::make_shared<LiveFeed>(platform, std::move(simulator), done,
                                           options.live_interval_seconds);
    platform.OnMonitorClose([feed] { feed->Stop(); });
  }
  return demo;
}

}  // namespace carbonpeak::app
