#include "server/api/api.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "app/progress.h"
#include "app/users.h"
#include "base/clock.h"
#include "planimport/planimport.h"
#include "server/api/routes.h"
#include "server/auth/permissions.h"
#include "store/progress.h"
#include "store/users.h"

namespace carbonpeak::server::api {

// ----------------------------------------------------------------------------- helpers

namespace {

json RegionJson(const domain::Region& r) {
  return json{{"code", r.code},
              {"name", r.name},
              {"name_en", r.name_en},
              {"level", std::string(domain::RegionLevelName(r.level))},
              {"parent_code", r.parent_code}};
}

json UserJson(const store::User& u) {
  return json{{"id", u.id},
              {"username", u.username},
              {"display_name", u.display_name},
              {"role", std::string(store::RoleName(u.role))},
              {"region_code", u.region_code},
              {"unit", u.unit},
              {"enterprise", u.enterprise},
              {"disabled", u.disabled},
              {"revision", u.revision},
              {"created_at", FormatTimestamp(u.created_at)},
              {"updated_at", FormatTimestamp(u.updated_at)}};
}

json FiguresJson(const std::vector<store::ReportFigure>& figures) {
  json items = json::array();
  for (const auto& f : figures) {
    items.push_back(json{{"name", f.name}, {"value", f.value}, {"unit", f.unit}});
  }
  return items;
}

json EvidenceJson(const store::EvidenceFile& e) {
  return json{{"id", e.id},
              {"revision", e.revision},
              {"file_name", e.file_name},
              {"content_type", e.content_type},
              {"size", e.size},
              {"sha256", e.sha256},
              {"uploaded_by", e.uploaded_by},
              {"uploaded_at", FormatTimestamp(e.uploaded_at)},
              {"url", "/api/v1/evidence/" + std::to_string(e.id)}};
}

json ReviewJson(const store::ReviewRecord& r) {
  return json{
      {"revision", r.revision},
      {"decision", r.decision == store::ReviewDecision::kAccepted ? "accepted" : "returned"},
      {"comment", r.comment},
      {"reviewer", r.reviewer},
      {"recorded_at", FormatTimestamp(r.recorded_at)}};
}

json ReportJson(const store::ProgressReport& r) {
  json j{{"id", r.id},
         {"task_id", r.task_id},
         {"plan_id", r.plan_id},
         {"unit", r.unit},
         {"period", r.period},
         {"revision", r.revision},
         {"status", std::string(store::TaskStatusName(r.status))},
         {"narrative", r.narrative},
         {"figures", FiguresJson(r.figures)},
         {"author", r.author},
         {"recorded_at", FormatTimestamp(r.recorded_at)},
         {"state", std::string(store::ReviewStateName(r.state))},
         {"last_review", r.last_review ? ReviewJson(*r.last_review) : json(nullptr)}};
  json evidence = json::array();
  for (const auto& e : r.evidence) evidence.push_back(EvidenceJson(e));
  j["evidence"] = evidence;
  return j;
}

json TaskJson(const store::TaskInfo& t) {
  return json{{"id", t.id},
              {"plan_id", t.plan_id},
              {"region_code", t.region_code},
              {"action", t.action_number},
              {"action_title", t.action_title},
              {"number", t.number},
              {"title", t.title},
              {"lead_units", t.lead_units},
              {"cooperating_units", t.cooperating_units}};
}

store::ReportQuery MakeQuery(int64_t plan_id, int64_t task_id, const std::string& unit) {
  store::ReportQuery query;
  query.plan_id = plan_id;
  query.task_id = task_id;
  query.unit = unit;
  return query;
}

std::string KindName(domain::TargetKind k) { return std::string(domain::TargetKindName(k)); }

}  // namespace

// ----------------------------------------------------------------------------- public helpers

int ToHttpStatus(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
    case StatusCode::kOutOfRange:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
      return 409;
    case StatusCode::kFailedPrecondition:
      return 412;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kUnimplemented:
      return 501;
    case StatusCode::kInternal:
    case StatusCode::kDataLoss:
      return 500;
  }
  return 500;
}

std::string ErrorJson(const Status& status, const std::string& field) {
  json err{{"code", std::string(StatusCodeName(status.code()))}, {"message", status.message()}};
  if (!field.empty()) err["field"] = field;
  return json{{"error", err}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string TemplateToPattern(const std::string& path_template) {
  std::string pattern;
  size_t pos = 0;
  while (pos < path_template.size()) {
    size_t open = path_template.find('{', pos);
    if (open == std::string::npos) {
      pattern += path_template.substr(pos);
      break;
    }
    size_t close = path_template.find('}', open);
    CPK_CHECK(close != std::string::npos);  // templates are literals in this file
    pattern += path_template.substr(pos, open - pos);
    std::string name = path_template.substr(open + 1, close - open - 1);
    bool numeric = name.size() >= 2 && name.substr(name.size() - 2) == "id";
    pattern += numeric ? R"((\d+))" : "([^/]+)";
    pos = close + 1;
  }
  // Escape the dot of "openapi.json".
  std::string escaped;
  for (char c : pattern) {
    if (c == '.') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

// ----------------------------------------------------------------------------- Api

struct Api::OverviewCache {
  std::mutex mutex;
  std::map<int64_t, std::pair<int64_t, std::string>> by_plan;  // plan id → (audit id, body)
};

Api::Api(app::Platform& platform, auth::Authenticator& authn)
    : platform_(platform), authn_(authn), overview_cache_(std::make_unique<OverviewCache>()) {}

Api::~Api() = default;

void Api::Add(http::Server& server, const std::string& method, const std::string& path_template,
              Access access, Handler handler) {
  routes_.push_back(RouteInfo{method, path_template, access});
  app::Platform* platform = &platform_;
  auth::Authenticator* authn = &authn_;
  server.Route(
      method, TemplateToPattern(path_template),
      [platform, authn, access, method,
       handler = std::move(handler)](const http::Request& req) -> http::Response {
        RequestContext ctx{req, nullptr, {}, *platform, *authn};
        std::optional<auth::Principal> principal;
        if (access == Access::kUser) {
          auth::AuthOutcome outcome = authn->Authenticate(req);
          if (!outcome.ok()) {
            return http::Response::Json(outcome.http_status, ErrorJson(outcome.status));
          }
          principal = std::move(outcome.principal);
          ctx.principal = &*principal;
          std::string parent;
          if (principal->user.role == store::Role::kTownship) {
            if (auto r = platform->store().regions().Get(principal->user.region_code); r.ok()) {
              parent = r->parent_code;
            }
          }
          ctx.scope = auth::ScopeOf(*principal, parent);
        }
        http::Response res = handler(ctx);
        // Every refusal of an authenticated request is audited: all 403s, and any
        // refused write (bad JSON, wrong file type, too large …).
        bool write = method != "GET";
        if (ctx.principal != nullptr &&
            (res.status == 403 || (write && res.status >= 400 && res.status < 500))) {
          Status why(
              res.status == 403 ? StatusCode::kPermissionDenied : StatusCode::kInvalidArgument, "");
          try {
            json body = json::parse(res.body);
            why = Status(why.code(), body["error"]["message"].get<std::string>());
          } catch (const json::exception&) {
          }
          authn->RecordRefusal(res.status == 403 ? "auth.denied" : "request.refused", ctx.actor(),
                               method + " " + req.path, req, why);
        }
        return res;
      });
}

namespace {

const refdata::IndicatorDef* Def(app::Platform& p, const std::string& key) {
  return p.refdata().indicators.Find(key);
}

/// Units of `plan` whose type is `type`.
std::vector<std::string> UnitsOfType(const domain::Plan& plan, const std::string& type) {
  std::vector<std::string> names;
  if (type.empty()) return names;
  for (const auto& u : plan.units) {
    if (u.type == type) names.push_back(u.canonical_name);
  }
  return names;
}

json TargetJson(app::Platform& p, const domain::Plan& plan, const domain::Target& t) {
  const refdata::IndicatorDef* def = Def(p, t.indicator);
  std::string lead_type = def != nullptr ? def->lead_unit_type : "";
  return json{{"id", t.id},
              {"indicator", t.indicator},
              {"name_zh", def != nullptr ? def->name_zh : t.indicator},
              {"name_en", def != nullptr ? def->name_en : t.indicator},
              {"direction",
               def != nullptr ? std::string(refdata::DirectionName(def->direction)) : "neutral"},
              {"year", t.year == 0 ? json(nullptr) : json(t.year)},
              {"kind", KindName(t.kind)},
              {"value", Nullable(t.value)},
              {"value_high", Nullable(t.value_high)},
              {"unit", t.unit},
              {"qualifier", t.qualifier},
              {"base_year", Nullable(t.base_year)},
              {"note", t.note},
              {"main_target", t.main_target},
              {"action", t.action},
              {"lead_unit_type", lead_type},
              {"lead_units", UnitsOfType(plan, lead_type)},
              {"line", t.provenance.line}};
}

/// The status of a target against its actual value. The indicators engine (being built)
/// computes actual values, schedules and warnings; until it does, a target shows a value a
/// lead unit reported for the target year (figures) and the warning "no_data".
json TargetStatusJson(app::Platform& p, const domain::Plan& plan, const domain::Target& t) {
  json status{{"target_id", t.id},     {"target", TargetJson(p, plan, t)},
              {"actual", nullptr},     {"expected", nullptr},
              {"warning", "no_data"},  {"warning_level", nullptr},
              {"assessed_by", nullptr}};
  if (t.year != 0) {
    store::FigureKey key{plan.region_code, t.indicator, std::to_string(t.year), ""};
    if (auto rev = p.store().figures().Get(key); rev.ok()) {
      status["actual"] =
          json{{"value", rev->value},   {"unit", rev->unit},
               {"period", key.period},  {"source", rev->source},
               {"author", rev->author}, {"recorded_at", FormatTimestamp(rev->recorded_at)}};
      status["warning"] = "not_assessed";
    }
  }
  return status;
}

/// Latest report per task (newest activity first in ListReports, so the first seen wins).
std::map<int64_t, const store::ProgressReport*> LatestByTask(
    const std::vector<store::ProgressReport>& reports) {
  std::map<int64_t, const store::ProgressReport*> latest;
  for (const auto& r : reports) latest.emplace(r.task_id, &r);
  return latest;
}

}  // namespace

void Api::Register(http::Server& server) {
  server.SetPayloadMaxLength(static_cast<size_t>(app::kMaxEvidenceBytes) + 1024 * 1024);

  // --------------------------------------------------------------- public
  Add(server, "GET", "/api/v1/health", Access::kPublic, [](RequestContext& c) {
    return Ok(json{{"status", "ok"},
                   {"schema_version", c.platform.store().schema_version()},
                   {"indicators", c.platform.refdata().indicators.all().size()}});
  });

  Add(server, "GET", "/api/v1/openapi.json", Access::kPublic,
      [](RequestContext&) { return http::Response::Json(200, std::string(OpenApiDocument())); });

  Add(server, "POST", "/api/v1/session", Access::kPublic, [](RequestContext& c) {
    auto body = ParseBody(c.req);
    if (!body.ok()) return ErrorWithField(body.status());
    auto username = StringField(*body, "username", true);
    if (!username.ok()) return ErrorWithField(username.status());
    auto password = StringField(*body, "password", true);
    if (!password.ok()) return ErrorWithField(password.status());
    auto login = c.authn.Login(*username, *password, c.req.remote_addr);
    if (!login.ok()) {
      if (login.status().code() == StatusCode::kUnavailable) {
        http::Response res = Error(login.status());
        res.status = 429;
        res.headers.emplace_back("Retry-After", "900");
        return res;
      }
      return Error(login.status());
    }
    bool secure = c.req.Header("X-Forwarded-Proto") == "https";
    http::Response res = Ok(json{{"user", UserJson(login->user)},
                                 {"csrf_token", login->csrf_token},
                                 {"expires_at", FormatTimestamp(login->expires_at)}});
    res.headers.emplace_back(
        "Set-Cookie",
        auth::SessionCookie(login->session_token, c.authn.options().session_lifetime, secure));
    return res;
  });

  // --------------------------------------------------------------- session
  Add(server, "GET", "/api/v1/session", Access::kUser, [](RequestContext& c) {
    return Ok(json{{"user", UserJson(c.user())},
                   {"csrf_token", c.principal->csrf_token},
                   {"method", c.principal->method == auth::Principal::Method::kSession ? "session"
                                                                                       : "token"}});
  });

  Add(server, "DELETE", "/api/v1/session", Access::kUser, [](RequestContext& c) {
    Status s = c.authn.Logout(*c.principal);
    if (!s.ok()) return Error(s);
    http::Response res = Ok(json{{"logged_out", true}});
    res.headers.emplace_back(
        "Set-Cookie", auth::ClearedSessionCookie(c.req.Header("X-Forwarded-Proto") == "https"));
    return res;
  });

  // --------------------------------------------------------------- reference data
  Add(server, "GET", "/api/v1/regions", Access::kUser, [](RequestContext& c) {
    auto regions = c.platform.store().regions().List();
    if (!regions.ok()) return Error(regions.status());
    std::string parent = c.req.Query("parent");
    json items = json::array();
    for (const auto& r : *regions) {
      if (!parent.empty() && r.parent_code != parent) continue;
      items.push_back(RegionJson(r));
    }
    return Ok(json{{"items", items}, {"total", items.size()}});
  });

  Add(server, "GET", "/api/v1/indicators", Access::kUser, [](RequestContext& c) {
    json items = json::array();
    for (const auto& def : c.platform.refdata().indicators.all()) {
      items.push_back(json{{"key", def.key},
                           {"name_zh", def.name_zh},
                           {"name_en", def.name_en},
                           {"unit", def.unit},
                           {"computed", def.source == refdata::IndicatorSource::kComputed},
                           {"direction", std::string(refdata::DirectionName(def.direction))},
                           {"lead_unit_type", def.lead_unit_type}});
    }
    return Ok(json{{"items", items}, {"total", items.size()}});
  });

  // --------------------------------------------------------------- plans
  Add(server, "GET", "/api/v1/plans", Access::kUser, [](RequestContext& c) {
    auto plans = c.platform.store().plans().List();
    if (!plans.ok()) return Error(plans.status());
    std::string region = c.req.Query("region");
    json items = json::array();
    for (const auto& s : *plans) {
      if (!region.empty() && s.region_code != region) continue;
      if (!auth::CanReadCounty(*c.principal, c.scope, s.region_code).ok()) continue;
      std::string region_name, region_name_en;
      if (auto r = c.platform.store().regions().Get(s.region_code); r.ok()) {
        region_name = r->name;
        region_name_en = r->name_en;
      }
      items.push_back(json{{"id", s.id},
                           {"region_code", s.region_code},
                           {"region_name", region_name},
                           {"region_name_en", region_name_en},
                           {"title", s.title},
                           {"doc_number", s.doc_number},
                           {"status", std::string(domain::PlanStatusName(s.status))},
                           {"base_year", s.base_year},
                           {"targets", s.target_count},
                           {"tasks", s.task_count},
                           {"projects", s.project_count},
                           {"created_at", FormatTimestamp(s.created_at)}});
    }
    return Ok(json{{"items", items}, {"total", items.size()}});
  });

  Add(server, "GET", "/api/v1/plans/{plan}", Access::kUser, [](RequestContext& c) {
    std::optional<Timestamp> as_of;
    if (c.req.HasQuery("as_of")) {
      auto t = ParseTimestamp(c.req.Query("as_of"));
      if (!t.ok()) return Error(t.status().WithContext("query parameter as_of"), "as_of");
      as_of = *t;
    }
    auto plan = c.platform.GetPlan(c.req.path_params[0], as_of);
    if (!plan.ok()) return Error(plan.status());
    Status allowed = auth::CanReadCounty(*c.principal, c.scope, plan->region_code);
    if (!allowed.ok()) return Error(allowed);
    return http::Response::Json(200, planimport::PlanToJson(*plan));
  });

  Add(server, "GET", "/api/v1/plans/{plan}/targets", Access::kUser, [](RequestContext& c) {
    auto plan = ReadablePlan(c.platform, *c.principal, c.scope, c.req.path_params[0]);
    if (!plan.ok()) return Error(plan.status());
    auto page = PageOf(c.req);
    if (!page.ok()) return ErrorWithField(page.status());
    std::string action = c.req.Query("action"), year = c.req.Query("year");
    std::string unit = c.req.Query("lead_unit"), warning = c.req.Query("warning");
    std::string main = c.req.Query("main"), indicator = c.req.Query("indicator");
    json all = json::array();
    for (const auto& t : plan->targets) {
      if (!action.empty() && std::to_string(t.action) != action) continue;
      if (!year.empty() && std::to_string(t.year) != year) continue;
      if (!indicator.empty() && t.indicator != indicator) continue;
      if (main == "true" && !t.main_target) continue;
      if (main == "false" && t.main_target) continue;
      json status = TargetStatusJson(c.platform, *plan, t);
      if (!warning.empty() && status["warning"] != warning) continue;
      if (!unit.empty()) {
        const auto& units = status["target"]["lead_units"];
        if (std::find(units.begin(), units.end(), unit) == units.end()) continue;
      }
      json item = status["target"];
      item["actual"] = status["actual"];
      item["warning"] = status["warning"];
      all.push_back(item);
    }
    return Ok(Paged(all, *page));
  });

  Add(server, "GET", "/api/v1/plans/{plan}/targets/status", Access::kUser, [](RequestContext& c) {
    auto plan = ReadablePlan(c.platform, *c.principal, c.scope, c.req.path_params[0]);
    if (!plan.ok()) return Error(plan.status());
    json items = json::array();
    std::map<std::string, int> counts;
    for (const auto& t : plan->targets) {
      if (c.req.Query("main") == "true" && !t.main_target) continue;
      json status = TargetStatusJson(c.platform, *plan, t);
      counts[status["warning"].get<std::string>()]++;
      items.push_back(status);
    }
    return Ok(json{{"plan_id", plan->id},
                   {"items", items},
                   {"total", items.size()},
                   {"by_warning", counts},
                   {"engine", "pending"},
                   {"note",
                    "actual values, time-schedule expectations and warning levels come from the "
                    "indicators engine; until it is connected, targets show the value a lead unit "
                    "entered for the target year, and warning no_data or not_assessed"}});
  });

  Add(server, "GET", "/api/v1/plans/{plan}/tasks", Access::kUser, [](RequestContext& c) {
    auto plan = ReadablePlan(c.platform, *c.principal, c.scope, c.req.path_params[0]);
    if (!plan.ok()) return Error(plan.status());
    auto page = PageOf(c.req);
    if (!page.ok()) return ErrorWithField(page.status());
    auto progress = app::Progress(c.platform);
    if (!progress.ok()) return Error(progress.status());
    auto tasks = (*progress)->ListTasks(plan->id);
    if (!tasks.ok()) return Error(tasks.status());
    auto reports = (*progress)->ListReports(MakeQuery(plan->id, 0, ""));
    if (!reports.ok()) return Error(reports.status());
    auto latest = LatestByTask(*reports);
    std::string action = c.req.Query("action"), unit = c.req.Query("unit");
    std::string status_filter = c.req.Query("status");
    json all = json::array();
    for (const auto& t : *tasks) {
      if (!action.empty() && std::to_string(t.action_number) != action) continue;
      if (!unit.empty() &&
          std::find(t.lead_units.begin(), t.lead_units.end(), unit) == t.lead_units.end() &&
          std::find(t.cooperating_units.begin(), t.cooperating_units.end(), unit) ==
              t.cooperating_units.end()) {
        continue;
      }
      json item = TaskJson(t);
      auto it = latest.find(t.id);
      std::string status =
          it == latest.end() ? "no_report" : std::string(store::TaskStatusName(it->second->status));
      if (!status_filter.empty() && status != status_filter) continue;
      item["status"] = status;
      item["latest_report"] =
          it == latest.end()
              ? json(nullptr)
              : json{{"id", it->second->id},
                     {"unit", it->second->unit},
                     {"period", it->second->period},
                     {"state", std::string(store::ReviewStateName(it->second->state))},
                     {"recorded_at", FormatTimestamp(it->second->recorded_at)}};
      all.push_back(item);
    }
    return Ok(Paged(all, *page));
  });

  Add(server, "GET", "/api/v1/plans/{plan}/units", Access::kUser, [](RequestContext& c) {
    auto plan = ReadablePlan(c.platform, *c.principal, c.scope, c.req.path_params[0]);
    if (!plan.ok()) return Error(plan.status());
    std::map<std::string, std::pair<int, int>> counts;  // unit → (lead, cooperating)
    for (const auto& a : plan->actions) {
      for (const auto& t : a.tasks) {
        for (const auto& u : t.lead_units) counts[u].first++;
        for (const auto& u : t.cooperating_units) counts[u].second++;
      }
    }
    json items = json::array();
    for (const auto& u : plan->units) {
      items.push_back(json{{"name", u.canonical_name},
                           {"aliases", u.aliases},
                           {"type", u.type},
                           {"lead_tasks", counts[u.canonical_name].first},
                           {"cooperating_tasks", counts[u.canonical_name].second}});
    }
    return Ok(json{{"items", items}, {"total", items.size()}});
  });

  Add(server, "GET", "/api/v1/plans/{plan}/projects", Access::kUser, [](RequestContext& c) {
    auto plan = ReadablePlan(c.platform, *c.principal, c.scope, c.req.path_params[0]);
    if (!plan.ok()) return Error(plan.status());
    auto page = PageOf(c.req);
    if (!page.ok()) return ErrorWithField(page.status());
    std::string sector = c.req.Query("sector"), status = c.req.Query("status");
    json all = json::array();
    for (const auto& p : plan->projects) {
      if (!sector.empty() && p.sector.rfind(sector, 0) != 0) continue;
      if (!status.empty() && p.status != status) continue;
      all.push_back(json{{"id", p.id},
                         {"name", p.name},
                         {"sector", p.sector},
                         {"capacity", p.capacity},
                         {"investment", Nullable(p.investment)},
                         {"start_year", Nullable(p.start_year)},
                         {"end_year", Nullable(p.end_year)},
                         {"status", p.status},
                         {"line", p.provenance.line}});
    }
    return Ok(Paged(all, *page));
  });

  for (const char* what : {"inventory", "energy-balance"}) {
    std::string kind = what;
    Add(server, "GET", "/api/v1/plans/{plan}/" + kind, Access::kUser, [kind](RequestContext& c) {
      auto plan = ReadablePlan(c.platform, *c.principal, c.scope, c.req.path_params[0]);
      if (!plan.ok()) return Error(plan.status());
      return Ok(json{
          {"plan_id", plan->id},
          {"region_code", plan->region_code},
          {"available", false},
          {"years", json::array()},
          {"items", json::array()},
          {"note", kind == "inventory" ? "no greenhouse-gas inventory has been computed for this "
                                         "county yet; it appears once the energy statistics are "
                                         "imported and accounted"
                                       : "no energy balance has been computed for this county yet; "
                                         "it appears once the energy statistics are imported"}});
    });
  }

  Add(server, "GET", "/api/v1/plans/{plan}/indicator-values", Access::kUser, [](RequestContext& c) {
    auto plan = ReadablePlan(c.platform, *c.principal, c.scope, c.req.path_params[0]);
    if (!plan.ok()) return Error(plan.status());
    auto figures = c.platform.store().figures().List(plan->region_code, c.req.Query("indicator"));
    if (!figures.ok()) return Error(figures.status());
    json items = json::array();
    for (const auto& f : *figures) {
      if (!f.key.dims.empty() || Def(c.platform, f.key.item) == nullptr) continue;
      items.push_back(json{{"indicator", f.key.item},
                           {"period", f.key.period},
                           {"value", f.revision.value},
                           {"unit", f.revision.unit},
                           {"revision", f.revision.revision},
                           {"author", f.revision.author},
                           {"source", f.revision.source},
                           {"recorded_at", FormatTimestamp(f.revision.recorded_at)}});
    }
    return Ok(json{{"items", items}, {"total", items.size()}});
  });

  Add(server, "POST", "/api/v1/plans/{plan}/indicator-values", Access::kUser,
      [](RequestContext& c) {
        auto plan = ReadablePlan(c.platform, *c.principal, c.scope, c.req.path_params[0]);
        if (!plan.ok()) return Error(plan.status());
        auto body = ParseBody(c.req);
        if (!body.ok()) return ErrorWithField(body.status());
        auto indicator = StringField(*body, "indicator", true);
        if (!indicator.ok()) return ErrorWithField(indicator.status());
        const refdata::IndicatorDef* def = Def(c.platform, *indicator);
        if (def == nullptr) {
          return Error(Status::InvalidArgument("indicator: '" + *indicator +
                                               "' is not in the indicator catalogue; see "
                                               "/api/v1/indicators"),
                       "indicator");
        }
        if (!body->contains("year") || !(*body)["year"].is_number_integer()) {
          return Error(Status::InvalidArgument("year: a whole year such as 2024 is required"),
                       "year");
        }
        int year = (*body)["year"].get<int>();
        if (year < 2000 || year > 2100) {
          return Error(Status::InvalidArgument("year: must be between 2000 and 2100"), "year");
        }
        if (!body->contains("value") || !(*body)["value"].is_number() ||
            !std::isfinite((*body)["value"].get<double>())) {
          return Error(Status::InvalidArgument("value: a number is required"), "value");
        }
        auto unit = StringField(*body, "unit", false);
        if (!unit.ok()) return ErrorWithField(unit.status());
        auto source = StringField(*body, "source", false);
        if (!source.ok()) return ErrorWithField(source.status());
        auto reason = StringField(*body, "reason", false);
        if (!reason.ok()) return ErrorWithField(reason.status());
        std::string user_type = c.user().role == store::Role::kDepartment
                                    ? app::UnitType(c.platform, plan->region_code, c.user().unit)
                                    : "";
        Status allowed = auth::CanEnterIndicator(*c.principal, c.scope, plan->region_code,
                                                 def->lead_unit_type, user_type);
        if (!allowed.ok()) return Error(allowed);
        store::FigureKey key{plan->region_code, def->key, std::to_string(year), ""};
        auto rev = c.platform.store().figures().Put(
            key, (*body)["value"].get<double>(), unit->empty() ? def->unit : *unit,
            store::WriteContext{c.actor(), source->empty() ? "web form" : *source, *reason});
        if (!rev.ok()) return ErrorWithField(rev.status());
        return Ok(json{{"indicator", def->key},
                       {"period", key.period},
                       {"value", rev->value},
                       {"unit", rev->unit},
                       {"revision", rev->revision}},
                  201);
      });

  Add(server, "GET", "/api/v1/targets/{target_id}/history", Access::kUser, [](RequestContext& c) {
    auto id = ParseId(c.req.path_params[0]);
    auto history = c.platform.store().plans().TargetHistory(id.value_or(0));
    if (!history.ok()) return Error(history.status());
    json items = json::array();
    for (const auto& rev : *history) {
      items.push_back(json{{"revision", rev.revision},
                           {"target", json::parse(planimport::TargetToJson(rev.target))},
                           {"author", rev.author},
                           {"recorded_at", FormatTimestamp(rev.recorded_at)},
                           {"source", rev.source},
                           {"reason", rev.reason}});
    }
    return Ok(json{{"items", items}, {"total", items.size()}});
  });

  // --------------------------------------------------------------- overview
  OverviewCache* cache = overview_cache_.get();
  Add(server, "GET", "/api/v1/overview", Access::kUser, [cache](RequestContext& c) {
    std::string selector = c.req.Query("plan");
    if (selector.empty()) {
      selector = !c.scope.county.empty() ? c.scope.county : "";
      if (selector.empty()) {
        auto plans = c.platform.store().plans().List();
        if (!plans.ok()) return Error(plans.status());
        if (plans->empty()) {
          return Error(Status::NotFound("no plan is stored yet; import one first"), "plan");
        }
        selector = std::to_string(plans->front().id);
      }
    }
    auto plan_id = c.platform.ResolvePlan(selector);
    if (!plan_id.ok()) return Error(plan_id.status(), "plan");
    auto accounts = app::Accounts(c.platform);
    if (!accounts.ok()) return Error(accounts.status());
    auto audit_id = (*accounts)->LastAuditId();
    if (!audit_id.ok()) return Error(audit_id.status());
    std::string region_code;
    {
      std::lock_guard lock(cache->mutex);
      auto it = cache->by_plan.find(*plan_id);
      if (it != cache->by_plan.end() && it->second.first == *audit_id) {
        // The cached body starts with the region code line for the permission check.
        const std::string& body = it->second.second;
        size_t nl = body.find('\n');
        region_code = body.substr(0, nl);
        Status allowed = auth::CanReadCounty(*c.principal, c.scope, region_code);
        if (!allowed.ok()) return Error(allowed);
        return http::Response::Json(200, body.substr(nl + 1));
      }
    }
    auto plan = ReadablePlan(c.platform, *c.principal, c.scope, std::to_string(*plan_id));
    if (!plan.ok()) return Error(plan.status());
    auto progress = app::Progress(c.platform);
    if (!progress.ok()) return Error(progress.status());
    auto tasks = (*progress)->ListTasks(plan->id);
    if (!tasks.ok()) return Error(tasks.status());
    auto reports = (*progress)->ListReports(MakeQuery(plan->id, 0, ""));
    if (!reports.ok()) return Error(reports.status());
    auto latest = LatestByTask(*reports);

    json targets = json::array();
    std::map<std::string, int> by_warning;
    for (const auto& t : plan->targets) {
      if (!t.main_target) continue;
      json status = TargetStatusJson(c.platform, *plan, t);
      by_warning[status["warning"].get<std::string>()]++;
      targets.push_back(status);
    }
    std::map<std::string, int> by_status{
        {"not_started", 0}, {"in_progress", 0}, {"done", 0}, {"at_risk", 0}, {"no_report", 0}};
    std::map<int, std::map<std::string, int>> by_action;
    for (const auto& t : *tasks) {
      auto it = latest.find(t.id);
      std::string s =
          it == latest.end() ? "no_report" : std::string(store::TaskStatusName(it->second->status));
      by_status[s]++;
      by_action[t.action_number][s]++;
    }
    json actions = json::array();
    for (const auto& a : plan->actions) {
      actions.push_back(json{{"number", a.number},
                             {"title", a.title},
                             {"tasks", a.tasks.size()},
                             {"by_status", by_action[a.number]}});
    }
    std::map<std::string, int> by_state{{"submitted", 0}, {"accepted", 0}, {"returned", 0}};
    json alerts = json::array();
    for (const auto& r : *reports) {
      by_state[std::string(store::ReviewStateName(r.state))]++;
      if (alerts.size() < 10 &&
          (r.status == store::TaskStatus::kAtRisk || r.state == store::ReviewState::kReturned)) {
        alerts.push_back(json{
            {"kind", r.status == store::TaskStatus::kAtRisk ? "task_at_risk" : "report_returned"},
            {"report_id", r.id},
            {"task_id", r.task_id},
            {"unit", r.unit},
            {"period", r.period},
            {"time", FormatTimestamp(r.recorded_at)}});
      }
    }
    double investment = 0;
    for (const auto& p : plan->projects) investment += p.investment.value_or(0);
    std::string region_name, region_name_en;
    if (auto r = c.platform.store().regions().Get(plan->region_code); r.ok()) {
      region_name = r->name;
      region_name_en = r->name_en;
    }
    json body{{"plan",
               {{"id", plan->id},
                {"region_code", plan->region_code},
                {"region_name", region_name},
                {"region_name_en", region_name_en},
                {"title", plan->title},
                {"doc_number", plan->doc_number},
                {"base_year", plan->base_year}}},
              {"main_targets", targets},
              {"targets_total", plan->targets.size()},
              {"by_warning", by_warning},
              {"tasks", {{"total", tasks->size()}, {"by_status", by_status}}},
              {"actions", actions},
              {"reports", by_state},
              {"projects", {{"total", plan->projects.size()}, {"investment_yi_yuan", investment}}},
              {"alerts", alerts},
              {"engine", "pending"}};
    std::string text = Dump(body);
    {
      std::lock_guard lock(cache->mutex);
      cache->by_plan[plan->id] = {*audit_id, plan->region_code + "\n" + text};
    }
    return http::Response::Json(200, text);
  });

  // --------------------------------------------------------------- tasks and reports
  Add(server, "GET", "/api/v1/tasks/{task_id}", Access::kUser, [](RequestContext& c) {
    auto progress = app::Progress(c.platform);
    if (!progress.ok()) return Error(progress.status());
    auto task = (*progress)->GetTask(ParseId(c.req.path_params[0]).value_or(0));
    if (!task.ok()) return Error(task.status());
    Status allowed = auth::CanReadCounty(*c.principal, c.scope, task->region_code);
    if (!allowed.ok()) return Error(allowed);
    json item = TaskJson(*task);
    item["can_report"] = auth::CanReportOnTask(*c.principal, c.scope, *task).ok();
    auto reports = (*progress)->ListReports(MakeQuery(0, task->id, ""));
    if (!reports.ok()) return Error(reports.status());
    json visible = json::array();
    for (const auto& r : *reports) {
      if (auth::CanReadReport(*c.principal, c.scope, *task, r).ok()) {
        visible.push_back(ReportJson(r));
      }
    }
    item["reports"] = visible;
    return Ok(item);
  });

  Add(server, "GET", "/api/v1/tasks/{task_id}/reports", Access::kUser, [](RequestContext& c) {
    auto progress = app::Progress(c.platform);
    if (!progress.ok()) return Error(progress.status());
    auto task = (*progress)->GetTask(ParseId(c.req.path_params[0]).value_or(0));
    if (!task.ok()) return Error(task.status());
    // A department opens the report form of its own tasks only.
    if (c.user().role == store::Role::kDepartment) {
      Status allowed = auth::CanReportOnTask(*c.principal, c.scope, *task);
      if (!allowed.ok()) return Error(allowed);
    }
    store::ReportQuery query = MakeQuery(0, task->id, "");
    if (c.user().role == store::Role::kDepartment) query.unit = c.user().unit;
    auto reports = (*progress)->ListReports(query);
    if (!reports.ok()) return Error(reports.status());
    json items = json::array();
    for (const auto& r : *reports) {
      if (!auth::CanReadReport(*c.principal, c.scope, *task, r).ok()) continue;
      json item = ReportJson(r);
      if (auto history = (*progress)->ReportHistory(r.id); history.ok()) {
        json revisions = json::array();
        for (const auto& rev : *history) {
          revisions.push_back(json{{"revision", rev.revision},
                                   {"status", std::string(store::TaskStatusName(rev.status))},
                                   {"narrative", rev.narrative},
                                   {"figures", FiguresJson(rev.figures)},
                                   {"author", rev.author},
                                   {"recorded_at", FormatTimestamp(rev.recorded_at)}});
        }
        item["revisions"] = revisions;
      }
      items.push_back(item);
    }
    return Ok(json{{"task", TaskJson(*task)}, {"items", items}, {"total", items.size()}});
  });

  Add(server, "POST", "/api/v1/tasks/{task_id}/reports", Access::kUser, [](RequestContext& c) {
    auto progress = app::Progress(c.platform);
    if (!progress.ok()) return Error(progress.status());
    auto task = (*progress)->GetTask(ParseId(c.req.path_params[0]).value_or(0));
    if (!task.ok()) return Error(task.status());
    Status allowed = auth::CanReportOnTask(*c.principal, c.scope, *task);
    if (!allowed.ok()) return Error(allowed);
    auto body = ParseBody(c.req);
    if (!body.ok()) return ErrorWithField(body.status());
    store::ReportSubmission s;
    s.task_id = task->id;
    s.unit = c.user().unit;
    auto period = StringField(*body, "period", true);
    if (!period.ok()) return ErrorWithField(period.status());
    s.period = *period;
    auto status = StringField(*body, "status", true);
    if (!status.ok()) return ErrorWithField(status.status());
    auto parsed = store::ParseTaskStatus(*status);
    if (!parsed) {
      return Error(Status::InvalidArgument("status: '" + *status +
                                           "' is not a status; use not_started, in_progress, "
                                           "done or at_risk"),
                   "status");
    }
    s.status = *parsed;
    auto narrative = StringField(*body, "narrative", false);
    if (!narrative.ok()) return ErrorWithField(narrative.status());
    s.narrative = *narrative;
    if (body->contains("figures")) {
      const json& figures = (*body)["figures"];
      if (!figures.is_array()) {
        return Error(Status::InvalidArgument("figures: must be a list"), "figures");
      }
      for (size_t idx = 0; idx < figures.size(); ++idx) {
        const json& f = figures[idx];
        std::string field = "figures[" + std::to_string(idx) + "]";
        if (!f.is_object() || !f.contains("name") || !f["name"].is_string() ||
            !f.contains("value") || !f["value"].is_number()) {
          return Error(Status::InvalidArgument(field + ": needs a name (text) and a value "
                                                       "(number)"),
                       field);
        }
        s.figures.push_back(store::ReportFigure{
            f["name"].get<std::string>(), f["value"].get<double>(),
            f.contains("unit") && f["unit"].is_string() ? f["unit"].get<std::string>() : ""});
      }
    }
    auto report = app::SubmitReport(c.platform, s, c.actor());
    if (!report.ok()) return ErrorWithField(report.status());
    return Ok(ReportJson(*report), 201);
  });

  Add(server, "GET", "/api/v1/reports", Access::kUser, [](RequestContext& c) {
    auto progress = app::Progress(c.platform);
    if (!progress.ok()) return Error(progress.status());
    auto page = PageOf(c.req);
    if (!page.ok()) return ErrorWithField(page.status());
    store::ReportQuery query;
    if (c.req.HasQuery("plan")) {
      auto plan_id = c.platform.ResolvePlan(c.req.Query("plan"));
      if (!plan_id.ok()) return Error(plan_id.status(), "plan");
      query.plan_id = *plan_id;
    }
    query.task_id = ParseId(c.req.Query("task")).value_or(0);
    query.unit = c.req.Query("unit");
    query.period = c.req.Query("period");
    std::string state = c.req.Query("state");
    if (state == "submitted") query.state = store::ReviewState::kSubmitted;
    if (state == "accepted") query.state = store::ReviewState::kAccepted;
    if (state == "returned") query.state = store::ReviewState::kReturned;
    if (!state.empty() && !query.state) {
      return Error(Status::InvalidArgument("state: use submitted, accepted or returned"), "state");
    }
    if (c.user().role == store::Role::kDepartment) query.unit = c.user().unit;
    auto reports = (*progress)->ListReports(query);
    if (!reports.ok()) return Error(reports.status());
    json all = json::array();
    std::map<int64_t, std::optional<store::TaskInfo>> tasks;
    for (const auto& r : *reports) {
      auto& task = tasks[r.task_id];
      if (!task) {
        auto t = (*progress)->GetTask(r.task_id);
        if (!t.ok()) continue;
        task = *t;
      }
      if (!auth::CanReadReport(*c.principal, c.scope, *task, r).ok()) continue;
      json item = ReportJson(r);
      item["task"] = TaskJson(*task);
      all.push_back(item);
    }
    return Ok(Paged(all, *page));
  });

  Add(server, "GET", "/api/v1/reports/{report_id}", Access::kUser, [](RequestContext& c) {
    auto progress = app::Progress(c.platform);
    if (!progress.ok()) return Error(progress.status());
    auto report = (*progress)->GetReport(ParseId(c.req.path_params[0]).value_or(0));
    if (!report.ok()) return Error(report.status());
    auto task = (*progress)->GetTask(report->task_id);
    if (!task.ok()) return Error(task.status());
    Status allowed = auth::CanReadReport(*c.principal, c.scope, *task, *report);
    if (!allowed.ok()) return Error(allowed);
    json item = ReportJson(*report);
    item["task"] = TaskJson(*task);
    json revisions = json::array();
    if (auto history = (*progress)->ReportHistory(report->id); history.ok()) {
      for (const auto& rev : *history) {
        revisions.push_back(json{{"revision", rev.revision},
                                 {"status", std::string(store::TaskStatusName(rev.status))},
                                 {"narrative", rev.narrative},
                                 {"figures", FiguresJson(rev.figures)},
                                 {"author", rev.author},
                                 {"recorded_at", FormatTimestamp(rev.recorded_at)}});
      }
    }
    item["revisions"] = revisions;
    json reviews = json::array();
    if (auto list = (*progress)->ReportReviews(report->id); list.ok()) {
      for (const auto& r : *list) reviews.push_back(ReviewJson(r));
    }
    item["reviews"] = reviews;
    return Ok(item);
  });

  Add(server, "POST", "/api/v1/reports/{report_id}/review", Access::kUser, [](RequestContext& c) {
    auto progress = app::Progress(c.platform);
    if (!progress.ok()) return Error(progress.status());
    auto report = (*progress)->GetReport(ParseId(c.req.path_params[0]).value_or(0));
    if (!report.ok()) return Error(report.status());
    auto task = (*progress)->GetTask(report->task_id);
    if (!task.ok()) return Error(task.status());
    Status allowed = auth::CanReview(*c.principal, c.scope, *task);
    if (!allowed.ok()) return Error(allowed);
    auto body = ParseBody(c.req);
    if (!body.ok()) return ErrorWithField(body.status());
    auto decision = StringField(*body, "decision", true);
    if (!decision.ok()) return ErrorWithField(decision.status());
    if (*decision != "accepted" && *decision != "returned") {
      return Error(Status::InvalidArgument("decision: use accepted or returned"), "decision");
    }
    if (!body->contains("revision") || !(*body)["revision"].is_number_integer()) {
      return Error(Status::InvalidArgument("revision: the revision you reviewed is required"),
                   "revision");
    }
    auto comment = StringField(*body, "comment", false);
    if (!comment.ok()) return ErrorWithField(comment.status());
    auto reviewed = app::ReviewReport(c.platform, report->id, (*body)["revision"].get<int64_t>(),
                                      *decision == "accepted" ? store::ReviewDecision::kAccepted
                                                              : store::ReviewDecision::kReturned,
                                      *comment, c.actor());
    if (!reviewed.ok()) {
      return Error(reviewed.status(),
                   reviewed.status().code() == StatusCode::kInvalidArgument ? "comment" : "");
    }
    return Ok(ReportJson(*reviewed));
  });

  Add(server, "POST", "/api/v1/reports/{report_id}/evidence", Access::kUser, [](RequestContext& c) {
    auto progress = app::Progress(c.platform);
    if (!progress.ok()) return Error(progress.status());
    auto report = (*progress)->GetReport(ParseId(c.req.path_params[0]).value_or(0));
    if (!report.ok()) return Error(report.status());
    auto task = (*progress)->GetTask(report->task_id);
    if (!task.ok()) return Error(task.status());
    Status allowed = auth::CanReportOnTask(*c.principal, c.scope, *task);
    if (allowed.ok() && report->unit != c.user().unit) {
      allowed = Status::PermissionDenied("this report belongs to " + report->unit +
                                         "; attach files to your own unit's reports");
    }
    if (!allowed.ok()) return Error(allowed);
    app::Upload upload{c.req.Query("name"), c.req.body};
    auto file =
        app::AttachEvidence(c.platform, report->id, upload, auth::Sha256Hex(c.req.body), c.actor());
    if (!file.ok()) return ErrorWithField(file.status());
    return Ok(EvidenceJson(*file), 201);
  });

  Add(server, "GET", "/api/v1/evidence/{evidence_id}", Access::kUser, [](RequestContext& c) {
    auto progress = app::Progress(c.platform);
    if (!progress.ok()) return Error(progress.status());
    auto file = (*progress)->GetEvidence(ParseId(c.req.path_params[0]).value_or(0));
    if (!file.ok()) return Error(file.status());
    auto report = (*progress)->GetReport(file->first.report_id);
    if (!report.ok()) return Error(report.status());
    auto task = (*progress)->GetTask(report->task_id);
    if (!task.ok()) return Error(task.status());
    Status allowed = auth::CanReadReport(*c.principal, c.scope, *task, *report);
    if (!allowed.ok()) return Error(allowed);
    http::Response res{200, file->first.content_type, std::move(file->second), {}};
    // Never let the browser render an upload inline as a page of this site.
    res.headers.emplace_back("Content-Disposition", "attachment");
    res.headers.emplace_back("X-Content-Type-Options", "nosniff");
    return res;
  });

  Add(server, "GET", "/api/v1/me/tasks", Access::kUser, [](RequestContext& c) {
    if (c.user().role != store::Role::kDepartment) {
      return Ok(json{{"items", json::array()}, {"total", 0}, {"unit", ""}});
    }
    auto progress = app::Progress(c.platform);
    if (!progress.ok()) return Error(progress.status());
    auto plan_id = c.platform.ResolvePlan(c.user().region_code);
    if (!plan_id.ok()) return Error(plan_id.status());
    auto tasks = (*progress)->ListTasks(*plan_id);
    if (!tasks.ok()) return Error(tasks.status());
    auto reports = (*progress)->ListReports(MakeQuery(*plan_id, 0, c.user().unit));
    if (!reports.ok()) return Error(reports.status());
    auto latest = LatestByTask(*reports);
    json items = json::array();
    for (const auto& t : *tasks) {
      bool lead =
          std::find(t.lead_units.begin(), t.lead_units.end(), c.user().unit) != t.lead_units.end();
      bool coop = std::find(t.cooperating_units.begin(), t.cooperating_units.end(),
                            c.user().unit) != t.cooperating_units.end();
      if (!lead && !coop) continue;
      json item = TaskJson(t);
      item["role"] = lead ? "lead" : "cooperating";
      auto it = latest.find(t.id);
      item["latest_report"] = it == latest.end() ? json(nullptr) : ReportJson(*it->second);
      items.push_back(item);
    }
    return Ok(json{
        {"items", items}, {"total", items.size()}, {"unit", c.user().unit}, {"plan_id", *plan_id}});
  });

  // --------------------------------------------------------------- users, tokens, audit
  Add(server, "GET", "/api/v1/users", Access::kUser, [](RequestContext& c) {
    Status allowed = auth::RequireAdmin(*c.principal, "the user list");
    if (!allowed.ok()) return Error(allowed);
    auto users = app::ListUsers(c.platform);
    if (!users.ok()) return Error(users.status());
    json items = json::array();
    for (const auto& u : *users) items.push_back(UserJson(u));
    return Ok(json{{"items", items}, {"total", items.size()}});
  });

  Add(server, "POST", "/api/v1/users", Access::kUser, [](RequestContext& c) {
    Status allowed = auth::RequireAdmin(*c.principal, "adding users");
    if (!allowed.ok()) return Error(allowed);
    auto body = ParseBody(c.req);
    if (!body.ok()) return ErrorWithField(body.status());
    app::NewUser spec;
    for (auto [name, target] : {std::pair{"username", &spec.username},
                                {"display_name", &spec.display_name},
                                {"region_code", &spec.region_code},
                                {"unit", &spec.unit},
                                {"enterprise", &spec.enterprise}}) {
      auto value = StringField(*body, name, std::string(name) == "username");
      if (!value.ok()) return ErrorWithField(value.status());
      *target = *value;
    }
    auto role_text = StringField(*body, "role", true);
    if (!role_text.ok()) return ErrorWithField(role_text.status());
    auto role = store::ParseRole(*role_text);
    if (!role) {
      return Error(Status::InvalidArgument("role: use admin, office, department, township, "
                                           "enterprise or viewer"),
                   "role");
    }
    spec.role = *role;
    auto password = StringField(*body, "password", true);
    if (!password.ok()) return ErrorWithField(password.status());
    auto hash = auth::HashPassword(*password);
    if (!hash.ok()) return Error(hash.status(), "password");
    auto user = app::AddUser(c.platform, spec, *hash, c.actor());
    if (!user.ok()) return ErrorWithField(user.status());
    return Ok(UserJson(*user), 201);
  });

  Add(server, "POST", "/api/v1/users/{username}/disable", Access::kUser, [](RequestContext& c) {
    Status allowed = auth::RequireAdmin(*c.principal, "disabling users");
    if (!allowed.ok()) return Error(allowed);
    if (c.req.path_params[0] == c.actor()) {
      return Error(Status::FailedPrecondition("you cannot disable your own account"));
    }
    auto user = app::SetUserDisabled(c.platform, c.req.path_params[0], true, c.actor(), "");
    if (!user.ok()) return Error(user.status());
    return Ok(UserJson(*user));
  });

  Add(server, "POST", "/api/v1/users/{username}/enable", Access::kUser, [](RequestContext& c) {
    Status allowed = auth::RequireAdmin(*c.principal, "enabling users");
    if (!allowed.ok()) return Error(allowed);
    auto user = app::SetUserDisabled(c.platform, c.req.path_params[0], false, c.actor(), "");
    if (!user.ok()) return Error(user.status());
    return Ok(UserJson(*user));
  });

  Add(server, "POST", "/api/v1/users/{username}/password", Access::kUser, [](RequestContext& c) {
    bool self = c.req.path_params[0] == c.actor();
    if (!self) {
      Status allowed = auth::RequireAdmin(*c.principal, "setting another user's password");
      if (!allowed.ok()) return Error(allowed);
    }
    auto body = ParseBody(c.req);
    if (!body.ok()) return ErrorWithField(body.status());
    auto password = StringField(*body, "password", true);
    if (!password.ok()) return ErrorWithField(password.status());
    auto hash = auth::HashPassword(*password);
    if (!hash.ok()) return Error(hash.status(), "password");
    auto user = app::SetPasswordHash(c.platform, c.req.path_params[0], *hash, c.actor(),
                                     self ? "password changed by the user" : "password reset");
    if (!user.ok()) return Error(user.status());
    return Ok(UserJson(*user));
  });

  Add(server, "GET", "/api/v1/tokens", Access::kUser, [](RequestContext& c) {
    auto accounts = app::Accounts(c.platform);
    if (!accounts.ok()) return Error(accounts.status());
    auto tokens = (*accounts)->ListTokens(c.user().id);
    if (!tokens.ok()) return Error(tokens.status());
    json items = json::array();
    for (const auto& t : *tokens) {
      items.push_back(
          json{{"id", t.id},
               {"name", t.name},
               {"created_at", FormatTimestamp(t.created_at)},
               {"expires_at", t.expires_at ? json(FormatTimestamp(*t.expires_at)) : json(nullptr)},
               {"revoked", t.revoked}});
    }
    return Ok(json{{"items", items}, {"total", items.size()}});
  });

  Add(server, "POST", "/api/v1/tokens", Access::kUser, [](RequestContext& c) {
    auto body = ParseBody(c.req);
    if (!body.ok()) return ErrorWithField(body.status());
    auto name = StringField(*body, "name", true);
    if (!name.ok()) return ErrorWithField(name.status());
    std::optional<Timestamp> expires;
    auto expires_text = StringField(*body, "expires_at", false);
    if (!expires_text.ok()) return ErrorWithField(expires_text.status());
    if (!expires_text->empty()) {
      auto t = ParseTimestamp(*expires_text);
      if (!t.ok()) return Error(t.status().WithContext("expires_at"), "expires_at");
      expires = *t;
    }
    auto created = c.authn.CreateToken(c.user(), *name, expires, c.actor());
    if (!created.ok()) return ErrorWithField(created.status());
    return Ok(json{{"id", created->first},
                   {"name", *name},
                   {"token", created->second},
                   {"note", "copy the token now: it is shown only once"}},
              201);
  });

  Add(server, "DELETE", "/api/v1/tokens/{token_id}", Access::kUser, [](RequestContext& c) {
    auto accounts = app::Accounts(c.platform);
    if (!accounts.ok()) return Error(accounts.status());
    int64_t id = ParseId(c.req.path_params[0]).value_or(0);
    auto tokens = (*accounts)->ListTokens(c.user().id);
    if (!tokens.ok()) return Error(tokens.status());
    bool own = std::any_of(tokens->begin(), tokens->end(),
                           [&](const store::ApiToken& t) { return t.id == id; });
    if (!own && c.user().role != store::Role::kAdmin) {
      return Error(Status::PermissionDenied("API token " + std::to_string(id) +
                                            " is not yours; only its owner or an administrator "
                                            "may revoke it"));
    }
    Status s = (*accounts)->RevokeToken(
        id, store::WriteContext{c.actor(), "DELETE /api/v1/tokens", "revoked"});
    if (!s.ok()) return Error(s);
    return Ok(json{{"id", id}, {"revoked", true}});
  });

  Add(server, "GET", "/api/v1/audit", Access::kUser, [](RequestContext& c) {
    Status allowed = auth::RequireAdmin(*c.principal, "the audit log");
    if (!allowed.ok()) return Error(allowed);
    store::AuditQuery query;
    query.entity_prefix = c.req.Query("entity");
    query.after_id = ParseId(c.req.Query("after_id")).value_or(0);
    auto limit = ParseId(c.req.Query("limit", "100"));
    if (!limit || *limit < 1 || *limit > 1000) {
      return Error(Status::InvalidArgument("limit: must be between 1 and 1000"), "limit");
    }
    query.limit = static_cast<int>(*limit);
    std::string action = c.req.Query("action"), actor = c.req.Query("actor");
    json items = json::array();
    int64_t next = query.after_id;
    bool more = true;
    // Filters apply to entries, so keep reading pages until `limit` entries match or the log
    // ends; otherwise a filtered page could come back empty while matches exist further on.
    while (more && static_cast<int64_t>(items.size()) < *limit) {
      query.after_id = next;
      auto entries = c.platform.store().audit().List(query);
      if (!entries.ok()) return Error(entries.status());
      more = static_cast<int64_t>(entries->size()) == *limit;
      for (const auto& e : *entries) {
        next = e.id;
        if (!action.empty() && e.action.rfind(action, 0) != 0) continue;
        if (!actor.empty() && e.actor != actor) continue;
        // Large documents (a whole plan) are summarised; the CLI shows them in full.
        auto cut = [](const std::string& text) {
          if (text.size() <= 4000) return text;
          size_t end = 4000;  // back off to the start of a UTF-8 sequence
          while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
          return text.substr(0, end) + "…";
        };
        items.push_back(json{{"id", e.id},
                             {"time", FormatTimestamp(e.time)},
                             {"actor", e.actor},
                             {"action", e.action},
                             {"entity", e.entity},
                             {"before", cut(e.before)},
                             {"after", cut(e.after)},
                             {"source", e.source},
                             {"reason", e.reason}});
        if (static_cast<int64_t>(items.size()) == *limit) {
          more = more || &e != &entries->back();
          break;
        }
      }
    }
    return Ok(
        json{{"items", items}, {"total", items.size()}, {"next_after_id", next}, {"more", more}});
  });

  // --------------------------------------------------------------- route groups
  AddRoute add = [this, &server](const std::string& method, const std::string& path_template,
                                 Access access, Handler handler) {
    Add(server, method, path_template, access, std::move(handler));
  };
  RegisterAccountingRoutes(add);
  RegisterMonitorRoutes(add);
}

}  // namespace carbonpeak::server::api
