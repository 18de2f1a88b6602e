// What the route groups of the JSON API share: the request context a handler receives, the
// function that adds a route, and the request/response helpers (errors as JSON, paging, bodies).
// Each group of routes lives in its own file and is registered from Api::Register:
//
//   void RegisterAccountingRoutes(const AddRoute& add) {
//     add("GET", "/api/v1/regions/{region}/balance", Access::kUser, [](RequestContext& c) {
//       CPK_ASSIGN_OR_RETURN_RESPONSE …
//       return Ok(json{{"rows", …}});
//     });
//   }
//
// Internal to server/api (not included by other modules). Thread safety: the helpers are pure;
// handlers run concurrently and must only touch thread-safe state (the Platform is).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "app/app.h"
#include "base/status.h"
#include "server/api/api.h"
#include "server/auth/auth.h"
#include "server/auth/permissions.h"
#include "server/http/http.h"

namespace carbonpeak::server::api {

using nlohmann::json;

/// What a handler sees of its request. `principal` is null on public routes.
struct RequestContext {
  const http::Request& req;
  const auth::Principal* principal = nullptr;
  auth::Scope scope;
  app::Platform& platform;
  auth::Authenticator& authn;

  const store::User& user() const { return principal->user; }
  const std::string& actor() const { return principal->user.username; }
};

using Handler = std::function<http::Response(RequestContext&)>;

/// Adds a route: records it in the route table (checked against openapi.json), authenticates
/// kUser routes, computes the caller's scope and audits refusals.
using AddRoute = std::function<void(const std::string& method, const std::string& path_template,
                                    Access access, Handler handler)>;

// Route groups, one file each.
void RegisterAccountingRoutes(const AddRoute& add);  // accounting_routes.cc
void RegisterMonitorRoutes(const AddRoute& add);     // monitor_routes.cc

inline constexpr size_t kDefaultPageSize = 50;
inline constexpr size_t kMaxPageSize = 500;

/// Compact JSON; invalid UTF-8 is replaced, never thrown.
std::string Dump(const json& j);
http::Response Error(const Status& status, const std::string& field = "");
http::Response Ok(const json& body, int status = 200);
/// The parameter name a Status message starts with ("period: …" → "period"), for `field`.
std::string FieldOf(const Status& status);
http::Response ErrorWithField(const Status& status);

/// Digits only, at most 18; nullopt otherwise.
std::optional<int64_t> ParseId(const std::string& text);

struct Page {
  size_t limit = kDefaultPageSize;
  size_t offset = 0;
};
/// ?limit=&offset= (limit 1…500).
Result<Page> PageOf(const http::Request& req);
/// {"items": [...the page...], "total", "limit", "offset"}.
json Paged(const json& all, const Page& page);

/// The body as a JSON object; InvalidArgument "body: …" otherwise.
Result<json> ParseBody(const http::Request& req);
/// A string field of `body`; InvalidArgument naming it when missing (if required) or not text.
Result<std::string> StringField(const json& body, const std::string& name, bool required);

json Nullable(const std::optional<double>& v);
json Nullable(const std::optional<int>& v);

/// Resolves a {plan} path parameter (id or region code) and checks the caller may read it.
Result<domain::Plan> ReadablePlan(app::Platform& platform, const auth::Principal& principal,
                                  const auth::Scope& scope, const std::string& selector);

}  // namespace carbonpeak::server::api
