#include "server/api/api.h"

#include <nlohmann/json.hpp>
#include <optional>

#include "base/clock.h"
#include "planimport/planimport.h"

namespace carbonpeak::server::api {
namespace {

using nlohmann::json;

http::Response Error(const Status& status, const std::string& field = "") {
  return http::Response::Json(ToHttpStatus(status.code()), ErrorJson(status, field));
}

http::Response Ok(const json& body) { return http::Response::Json(200, body.dump()); }

json RegionJson(const domain::Region& r) {
  return json{{"code", r.code},
              {"name", r.name},
              {"name_en", r.name_en},
              {"level", std::string(domain::RegionLevelName(r.level))},
              {"parent_code", r.parent_code}};
}

Result<std::optional<Timestamp>> AsOf(const http::Request& req) {
  if (!req.HasQuery("as_of")) return std::optional<Timestamp>();
  auto t = ParseTimestamp(req.Query("as_of"));
  if (!t.ok()) return t.status().WithContext("query parameter as_of");
  return std::optional<Timestamp>(*t);
}

}  // namespace

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

void RegisterRoutes(http::Server& server, app::Platform& platform) {
  app::Platform* p = &platform;

  server.Route("GET", "/api/v1/health", [p](const http::Request&) {
    return Ok(json{{"status", "ok"},
                   {"schema_version", p->store().schema_version()},
                   {"indicators", p->refdata().indicators.all().size()}});
  });

  server.Route("GET", "/api/v1/regions", [p](const http::Request& req) {
    auto regions = p->store().regions().List();
    if (!regions.ok()) return Error(regions.status());
    std::string parent = req.Query("parent");
    json items = json::array();
    for (const auto& r : *regions) {
      if (!parent.empty() && r.parent_code != parent) continue;
      items.push_back(RegionJson(r));
    }
    return Ok(json{{"items", items}, {"total", items.size()}});
  });

  server.Route("GET", "/api/v1/indicators", [p](const http::Request&) {
    json items = json::array();
    for (const auto& def : p->refdata().indicators.all()) {
      items.push_back(json{{"key", def.key},
                           {"name_zh", def.name_zh},
                           {"name_en", def.name_en},
                           {"unit", def.unit},
                           {"computed", def.source == refdata::IndicatorSource::kComputed},
                           {"lead_unit_type", def.lead_unit_type}});
    }
    return Ok(json{{"items", items}, {"total", items.size()}});
  });

  server.Route("GET", "/api/v1/plans", [p](const http::Request& req) {
    auto plans = p->store().plans().List();
    if (!plans.ok()) return Error(plans.status());
    std::string region = req.Query("region");
    json items = json::array();
    for (const auto& s : *plans) {
      if (!region.empty() && s.region_code != region) continue;
      std::string region_name;
      if (auto r = p->store().regions().Get(s.region_code); r.ok()) region_name = r->name;
      items.push_back(json{{"id", s.id},
                           {"region_code", s.region_code},
                           {"region_name", region_name},
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

  server.Route("GET", R"(/api/v1/plans/([^/]+))", [p](const http::Request& req) {
    auto as_of = AsOf(req);
    if (!as_of.ok()) return Error(as_of.status(), "as_of");
    auto plan = p->GetPlan(req.path_params[0], *as_of);
    if (!plan.ok()) return Error(plan.status());
    return http::Response::Json(200, planimport::PlanToJson(*plan));
  });

  server.Route("GET", R"(/api/v1/targets/(\d+)/history)", [p](const http::Request& req) {
    auto history = p->store().plans().TargetHistory(std::stoll(req.path_params[0]));
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
}

}  // namespace carbonpeak::server::api
