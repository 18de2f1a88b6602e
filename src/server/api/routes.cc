#include "server/api/routes.h"

#include <algorithm>

namespace carbonpeak::server::api {

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

http::Response Error(const Status& status, const std::string& field) {
  return http::Response::Json(ToHttpStatus(status.code()), ErrorJson(status, field));
}

http::Response Ok(const json& body, int status) { return http::Response::Json(status, Dump(body)); }

std::string FieldOf(const Status& status) {
  const std::string& m = status.message();
  size_t colon = m.find(": ");
  if (colon == std::string::npos || colon > 20) return "";
  std::string field = m.substr(0, colon);
  bool word = std::all_of(field.begin(), field.end(),
                          [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
  return word ? field : "";
}

http::Response ErrorWithField(const Status& status) { return Error(status, FieldOf(status)); }

std::optional<int64_t> ParseId(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  return std::stoll(text);
}

Result<Page> PageOf(const http::Request& req) {
  Page page;
  for (const char* name : {"limit", "offset"}) {
    if (!req.HasQuery(name)) continue;
    auto value = ParseId(req.Query(name));
    if (!value) {
      return Status::InvalidArgument(std::string(name) + ": must be a whole number ≥ 0");
    }
    if (std::string(name) == "limit") {
      if (*value < 1 || *value > static_cast<int64_t>(kMaxPageSize)) {
        return Status::InvalidArgument("limit: must be between 1 and 500");
      }
      page.limit = static_cast<size_t>(*value);
    } else {
      page.offset = static_cast<size_t>(*value);
    }
  }
  return page;
}

json Paged(const json& all, const Page& page) {
  json items = json::array();
  for (size_t idx = page.offset; idx < all.size() && idx < page.offset + page.limit; ++idx) {
    items.push_back(all[idx]);
  }
  return json{
      {"items", items}, {"total", all.size()}, {"limit", page.limit}, {"offset", page.offset}};
}

Result<json> ParseBody(const http::Request& req) {
  if (req.body.empty()) {
    return Status::InvalidArgument("body: the request has no JSON body");
  }
  try {
    json body = json::parse(req.body);
    if (!body.is_object()) {
      return Status::InvalidArgument("body: expected a JSON object {…}");
    }
    return body;
  } catch (const json::parse_error& e) {
    return Status::InvalidArgument("body: malformed JSON at byte " + std::to_string(e.byte) +
                                   "; check quotes, commas and braces");
  }
}

Result<std::string> StringField(const json& body, const std::string& name, bool required) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) return Status::InvalidArgument(name + ": is required");
    return std::string();
  }
  if (!it->is_string()) return Status::InvalidArgument(name + ": must be text");
  return it->get<std::string>();
}

json Nullable(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }
json Nullable(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }

Result<domain::Plan> ReadablePlan(app::Platform& platform, const auth::Principal& principal,
                                  const auth::Scope& scope, const std::string& selector) {
  CPK_ASSIGN_OR_RETURN(int64_t id, platform.ResolvePlan(selector));
  CPK_ASSIGN_OR_RETURN(domain::Plan plan, platform.store().plans().Get(id));
  CPK_RETURN_IF_ERROR(auth::CanReadCounty(principal, scope, plan.region_code));
  return plan;
}

}  // namespace carbonpeak::server::api
