// Routes for the online energy monitoring of enterprises: registry, ingest, queries and alerts
// (app/monitoring.h; request and answer shapes in docs/formats/api.md, "Online energy
// monitoring"). Permissions are checked by the use cases, so the CLI and the API agree.
#include <algorithm>
#include <limits>
#include <map>

#include "app/monitoring.h"
#include "server/api/routes.h"

namespace carbonpeak::server::api {
namespace {

using monitor::Granularity;
using monitor::Level;
using monitor::Measure;

json Time(Timestamp t) { return FormatTimestamp(t); }

json Optional(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json FiguresJson(const monitor::RollupState& state, bool with_quantity = false) {
  const app::RollupFigures f = app::FiguresOf(state);
  json j{{"count", f.count}, {"flagged", f.flagged}};
  json complete = json::object();
  for (int m = 0; m < monitor::kMeasureCount; ++m) {
    const std::string name(monitor::MeasureName(static_cast<Measure>(m)));
    j[name] = Optional(f.tonnes[m]);
    complete[name] = f.complete[m];
  }
  j["complete"] = complete;
  if (with_quantity) j["quantity"] = f.quantity;
  return j;
}

json EnterpriseJson(const domain::Enterprise& e, size_t meters) {
  return json{{"credit_code", e.credit_code},
              {"name", e.name},
              {"industry_code", e.industry_code},
              {"industry_division", domain::IndustryDivision(e.industry_code)},
              {"township_code", e.township_code},
              {"county_code", e.county_code},
              {"key_unit", e.key_unit},
              {"annual_energy_budget_tce", Optional(e.annual_energy_budget_tce)},
              {"annual_carbon_budget_tco2", Optional(e.annual_carbon_budget_tco2)},
              {"meters", meters},
              {"synthetic", app::IsSyntheticEnterprise(e)}};
}

json MeterJson(const domain::Meter& m) {
  return json{{"enterprise", m.enterprise},
              {"code", m.code},
              {"name", m.name},
              {"carrier", m.carrier},
              {"unit", m.unit},
              {"multiplier", m.multiplier},
              {"kind", domain::MeterKindName(m.kind)},
              {"interval", domain::MeterIntervalName(m.interval)},
              {"register_max", Optional(m.register_max)}};
}

json AlertJson(const domain::Alert& a, const std::string& enterprise_name) {
  return json{{"id", a.id},
              {"kind", domain::AlertKindName(a.kind)},
              {"severity", domain::AlertSeverityName(a.severity)},
              {"enterprise", a.enterprise},
              {"enterprise_name", enterprise_name},
              {"meter", a.meter},
              {"period_start", Time(a.period_start)},
              {"period_end", Time(a.period_end)},
              {"raised_at", Time(a.raised_at)},
              {"message", a.message},
              {"observed", a.observed},
              {"expected", a.expected},
              {"acknowledged", a.acknowledged},
              {"acknowledged_by", a.acknowledged ? json(a.acknowledged_by) : json(nullptr)},
              {"acknowledged_at", a.acknowledged ? Time(a.acknowledged_at) : json(nullptr)}};
}

json IngestJson(const monitor::IngestResult& r) {
  return json{{"accepted", r.accepted},         {"batch_seq", r.batch_seq},
              {"batch_id", r.batch_id},         {"rows", r.rows},
              {"new_readings", r.new_readings}, {"duplicates", r.duplicates},
              {"corrections", r.corrections},   {"late", r.late},
              {"refused_late", r.refused_late}, {"reported_totals", r.reported_totals},
              {"rounded", r.rounded},           {"alerts", r.alerts}};
}

/// The refusal of a batch: 400 with the per-row reasons, or 403 when it wrote outside the
/// sender's enterprise.
http::Response Refused(const monitor::IngestResult& r) {
  const bool scope = app::RefusedForScope(r);
  json errors = json::array();
  for (const monitor::RowError& e : r.errors) {
    errors.push_back(json{{"row", e.row},
                          {"line", e.line},
                          {"column", e.column},
                          {"field", e.field},
                          {"message", e.message},
                          {"text", e.ToString()}});
  }
  std::string message = "the batch was refused: " + std::to_string(r.error_count) +
                        (r.error_count == 1 ? " row has" : " rows have") + " errors";
  if (!r.errors.empty()) message += "; first: " + r.errors[0].ToString();
  message += scope ? "" : "; fix them and send the whole batch again";
  const Status status =
      scope ? Status::PermissionDenied(message) : Status::InvalidArgument(message);
  json body = json::parse(ErrorJson(status, "readings"));
  body["accepted"] = false;
  body["error_count"] = r.error_count;
  body["errors"] = std::move(errors);
  return http::Response::Json(scope ? 403 : 400, Dump(body));
}

// ----- request fields

Result<std::optional<double>> NumberField(const json& body, const std::string& name) {
  if (!body.contains(name) || body[name].is_null()) return std::optional<double>();
  if (!body[name].is_number()) {
    return Status::InvalidArgument(name + ": must be a number or null");
  }
  return std::optional<double>(body[name].get<double>());
}

Result<domain::Enterprise> EnterpriseFromBody(const json& body, const std::string& county) {
  domain::Enterprise e;
  CPK_ASSIGN_OR_RETURN(e.credit_code, StringField(body, "credit_code", true));
  CPK_ASSIGN_OR_RETURN(e.name, StringField(body, "name", true));
  CPK_ASSIGN_OR_RETURN(e.industry_code, StringField(body, "industry_code", true));
  CPK_ASSIGN_OR_RETURN(e.township_code, StringField(body, "township_code", true));
  CPK_ASSIGN_OR_RETURN(e.county_code, StringField(body, "county_code", false));
  if (e.county_code.empty()) e.county_code = county;
  if (e.county_code.empty()) return Status::InvalidArgument("county_code: is required");
  if (body.contains("key_unit") && !body["key_unit"].is_null()) {
    if (!body["key_unit"].is_boolean()) {
      return Status::InvalidArgument("key_unit: must be true or false");
    }
    e.key_unit = body["key_unit"].get<bool>();
  }
  CPK_ASSIGN_OR_RETURN(e.annual_energy_budget_tce, NumberField(body, "annual_energy_budget_tce"));
  CPK_ASSIGN_OR_RETURN(e.annual_carbon_budget_tco2, NumberField(body, "annual_carbon_budget_tco2"));
  return e;
}

Result<domain::Meter> MeterFromBody(const json& body, const std::string& enterprise) {
  domain::Meter m;
  m.enterprise = enterprise;
  CPK_ASSIGN_OR_RETURN(std::string given, StringField(body, "enterprise", false));
  if (!given.empty() && given != enterprise) {
    return Status::InvalidArgument("enterprise: " + given + " differs from the path's " +
                                   enterprise);
  }
  CPK_ASSIGN_OR_RETURN(m.code, StringField(body, "code", true));
  CPK_ASSIGN_OR_RETURN(m.name, StringField(body, "name", false));
  CPK_ASSIGN_OR_RETURN(m.carrier, StringField(body, "carrier", true));
  CPK_ASSIGN_OR_RETURN(m.unit, StringField(body, "unit", true));
  CPK_ASSIGN_OR_RETURN(std::optional<double> multiplier, NumberField(body, "multiplier"));
  m.multiplier = multiplier.value_or(1.0);
  CPK_ASSIGN_OR_RETURN(std::string kind, StringField(body, "kind", false));
  if (!kind.empty()) {
    auto k = domain::ParseMeterKind(kind);
    if (!k) return Status::InvalidArgument("kind: '" + kind + "' is not interval or counter");
    m.kind = *k;
  }
  CPK_ASSIGN_OR_RETURN(std::string interval, StringField(body, "interval", false));
  if (!interval.empty()) {
    auto i = domain::ParseMeterInterval(interval);
    if (!i) {
      return Status::InvalidArgument("interval: '" + interval +
                                     "' is not one of 15min, 30min, 1h, day, month");
    }
    m.interval = *i;
  }
  CPK_ASSIGN_OR_RETURN(m.register_max, NumberField(body, "register_max"));
  return m;
}

Result<std::optional<Timestamp>> TimeParam(const http::Request& req, const std::string& name) {
  if (!req.HasQuery(name) || req.Query(name).empty()) return std::optional<Timestamp>();
  CPK_ASSIGN_OR_RETURN(Timestamp t, app::ParseLocalTime(req.Query(name), name));
  return std::optional<Timestamp>(t);
}

Result<size_t> CountParam(const http::Request& req, const std::string& name, size_t fallback,
                          size_t max) {
  if (!req.HasQuery(name)) return fallback;
  auto v = ParseId(req.Query(name));
  if (!v || *v < 1 || static_cast<size_t>(*v) > max) {
    return Status::InvalidArgument(name + ": must be a whole number from 1 to " +
                                   std::to_string(max));
  }
  return static_cast<size_t>(*v);
}

Result<Granularity> GranularityParam(const http::Request& req, Granularity fallback) {
  if (!req.HasQuery("granularity")) return fallback;
  auto g = monitor::ParseGranularity(req.Query("granularity"));
  if (!g) {
    return Status::InvalidArgument("granularity: '" + req.Query("granularity") +
                                   "' is not one of 15min, hour, day, month");
  }
  return *g;
}

template <typename T>
http::Response Fail(const Result<T>& r) {
  return ErrorWithField(r.status());
}

}  // namespace

void RegisterMonitorRoutes(const AddRoute& add) {
  // ----- registry
  add("GET", "/api/v1/monitor/enterprises", Access::kUser, [](RequestContext& c) {
    app::EnterpriseFilter filter;
    filter.county = c.req.Query("county");
    filter.industry = c.req.Query("industry");
    filter.township = c.req.Query("township");
    auto list = app::ListEnterprises(c.platform, c.user(), filter);
    if (!list.ok()) return Fail(list);
    auto engine = c.platform.Monitor();
    if (!engine.ok()) return Error(engine.status());
    json items = json::array();
    for (const domain::Enterprise& e : *list) {
      items.push_back(EnterpriseJson(e, (*engine)->Meters(e.credit_code).size()));
    }
    return Ok(json{{"items", items}, {"total", list->size()}});
  });

  add("POST", "/api/v1/monitor/enterprises", Access::kUser, [](RequestContext& c) {
    auto body = ParseBody(c.req);
    if (!body.ok()) return ErrorWithField(body.status());
    auto enterprise = EnterpriseFromBody(*body, app::CountyOfUser(c.platform, c.user()));
    if (!enterprise.ok()) return Fail(enterprise);
    auto stored = app::RegisterEnterprise(c.platform, *enterprise, c.user());
    if (!stored.ok()) return Fail(stored);
    auto meters = app::ListMeters(c.platform, stored->credit_code, c.user());
    return Ok(EnterpriseJson(*stored, meters.ok() ? meters->size() : 0), 201);
  });

  add("GET", "/api/v1/monitor/enterprises/{enterprise}/meters", Access::kUser,
      [](RequestContext& c) {
        auto meters = app::ListMeters(c.platform, c.req.path_params.at(0), c.user());
        if (!meters.ok()) return Fail(meters);
        json items = json::array();
        for (const domain::Meter& m : *meters) items.push_back(MeterJson(m));
        return Ok(json{{"items", items}, {"total", meters->size()}});
      });

  add("POST", "/api/v1/monitor/enterprises/{enterprise}/meters", Access::kUser,
      [](RequestContext& c) {
        auto body = ParseBody(c.req);
        if (!body.ok()) return ErrorWithField(body.status());
        auto meter = MeterFromBody(*body, c.req.path_params.at(0));
        if (!meter.ok()) return Fail(meter);
        auto stored = app::RegisterMeter(c.platform, *meter, c.user());
        if (!stored.ok()) return Fail(stored);
        return Ok(MeterJson(*stored), 201);
      });

  // ----- ingest
  add("POST", "/api/v1/monitor/readings", Access::kUser, [](RequestContext& c) {
    auto result = app::IngestReadings(c.platform, c.req.body, app::BatchFormat::kJson, "batch.json",
                                      c.user());
    if (!result.ok()) return Error(result.status());
    if (!result->accepted) return Refused(*result);
    return Ok(IngestJson(*result));
  });

  // ----- queries
  add("GET", "/api/v1/monitor/series", Access::kUser, [](RequestContext& c) {
    app::SeriesQuery query;
    if (c.req.HasQuery("level")) {
      auto level = monitor::ParseLevel(c.req.Query("level"));
      if (!level) {
        return Error(Status::InvalidArgument("level: '" + c.req.Query("level") +
                                             "' is not one of meter, enterprise, industry, "
                                             "township, county"),
                     "level");
      }
      query.level = *level;
    }
    query.code = c.req.Query("code");
    auto granularity = GranularityParam(c.req, Granularity::kHour);
    if (!granularity.ok()) return Fail(granularity);
    query.granularity = *granularity;
    auto from = TimeParam(c.req, "from");
    if (!from.ok()) return Fail(from);
    auto to = TimeParam(c.req, "to");
    if (!to.ok()) return Fail(to);
    query.from = *from;
    query.to = *to;
    auto report = app::QuerySeries(c.platform, query, c.user());
    if (!report.ok()) return Fail(report);
    const bool meter = report->entity.level == Level::kMeter;
    json points = json::array();
    for (const monitor::SeriesPoint& p : report->points) {
      json point = FiguresJson(p.state, meter);
      point["start"] = Time(p.start);
      points.push_back(std::move(point));
    }
    return Ok(json{{"level", monitor::LevelName(report->entity.level)},
                   {"code", report->entity.code},
                   {"name", report->name},
                   {"granularity", monitor::GranularityName(report->granularity)},
                   {"from", Time(report->from)},
                   {"to", Time(report->to)},
                   {"unit", meter ? json(report->unit) : json(nullptr)},
                   {"points", points},
                   {"total", FiguresJson(report->total, meter)}});
  });

  add("GET", "/api/v1/monitor/top", Access::kUser, [](RequestContext& c) {
    app::TopQuery query;
    const std::string by = c.req.Query("by", "energy");
    if (by == "energy") {
      query.by = Measure::kTceCalorific;
    } else if (by == "co2") {
      query.by = Measure::kCo2;
    } else {
      return Error(Status::InvalidArgument("by: '" + by + "' is not energy or co2"), "by");
    }
    auto granularity = GranularityParam(c.req, Granularity::kMonth);
    if (!granularity.ok()) return Fail(granularity);
    query.granularity = *granularity;
    auto at = TimeParam(c.req, "at");
    if (!at.ok()) return Fail(at);
    query.at = *at;
    auto n = CountParam(c.req, "n", 10, 100);
    if (!n.ok()) return Fail(n);
    query.n = *n;
    auto report = app::QueryTop(c.platform, query, c.user());
    if (!report.ok()) return Fail(report);
    json items = json::array();
    for (size_t idx = 0; idx < report->items.size(); ++idx) {
      const monitor::RankedEnterprise& r = report->items[idx];
      json item = FiguresJson(r.state);
      item["rank"] = idx + 1;
      item["credit_code"] = r.credit_code;
      item["name"] = r.name;
      items.push_back(std::move(item));
    }
    return Ok(json{{"by", by},
                   {"granularity", monitor::GranularityName(report->granularity)},
                   {"from", Time(report->from)},
                   {"to", Time(report->to)},
                   {"items", items}});
  });

  add("GET", "/api/v1/monitor/now", Access::kUser, [](RequestContext& c) {
    auto now = app::CountyMonthToDate(c.platform, c.req.Query("county"), c.user());
    if (!now.ok()) return Fail(now);
    return Ok(json{{"county", now->county},
                   {"name", now->name},
                   {"month_start", Time(now->month_start)},
                   {"day_start", Time(now->day_start)},
                   {"as_of", Time(now->as_of)},
                   {"month", FiguresJson(now->month)},
                   {"today", FiguresJson(now->today)},
                   {"enterprises", now->enterprises},
                   {"meters", now->meters},
                   {"readings", now->readings},
                   {"unacknowledged_alerts", now->unacknowledged_alerts},
                   {"synthetic", now->synthetic}});
  });

  // ----- alerts
  add("GET", "/api/v1/monitor/alerts", Access::kUser, [](RequestContext& c) {
    app::AlertQuery query;
    query.enterprise = c.req.Query("enterprise");
    if (c.req.HasQuery("kind")) {
      auto kind = domain::ParseAlertKind(c.req.Query("kind"));
      if (!kind) {
        return Error(Status::InvalidArgument("kind: '" + c.req.Query("kind") +
                                             "' is not an alert kind (gap, stuck, spike, …)"),
                     "kind");
      }
      query.kind = *kind;
    }
    const std::string unack = c.req.Query("unacknowledged");
    if (!unack.empty() && unack != "true" && unack != "false") {
      return Error(Status::InvalidArgument("unacknowledged: must be true or false"),
                   "unacknowledged");
    }
    query.unacknowledged_only = unack == "true";
    if (c.req.HasQuery("after_id")) {
      auto after = ParseId(c.req.Query("after_id"));
      if (!after) {
        return Error(Status::InvalidArgument("after_id: must be a whole number ≥ 0"), "after_id");
      }
      query.after_id = *after;
    }
    auto limit = CountParam(c.req, "limit", 100, 1000);
    if (!limit.ok()) return Fail(limit);
    query.limit = *limit;
    auto alerts = app::ListAlerts(c.platform, query, c.user());
    if (!alerts.ok()) return Fail(alerts);
    auto engine = c.platform.Monitor();
    if (!engine.ok()) return Error(engine.status());
    std::map<std::string, std::string> names;
    for (const domain::Enterprise& e : (*engine)->Enterprises()) names[e.credit_code] = e.name;
    json items = json::array();
    for (const domain::Alert& a : *alerts) items.push_back(AlertJson(a, names[a.enterprise]));
    return Ok(json{{"items", items}, {"total", alerts->size()}});
  });

  add("POST", "/api/v1/monitor/alerts/{alert_id}/ack", Access::kUser, [](RequestContext& c) {
    auto id = ParseId(c.req.path_params.at(0));
    if (!id) return Error(Status::InvalidArgument("alert_id: must be a number"), "alert_id");
    auto alert = app::AcknowledgeAlert(c.platform, *id, c.user());
    if (!alert.ok()) return Fail(alert);
    return Ok(AlertJson(*alert, app::EnterpriseName(c.platform, alert->enterprise)));
  });
}

}  // namespace carbonpeak::server::api
