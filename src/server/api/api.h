// The JSON API under /api/v1: routes, request parsing, permission checks and the mapping of
// Status codes to HTTP. Handlers call app::Platform use cases; the only state they keep is a
// cache of the overview document, checked against the audit log on every request.
//
//   http::Server http;
//   auth::Authenticator authn(*store::AccountsOf(platform.store()), clock);
//   api::Api api(platform, authn);
//   api.Register(http);
//
// Every route is declared once with its OpenAPI path template ("/api/v1/plans/{plan}"); the
// document served at /api/v1/openapi.json (api/openapi.json) is checked against that table by
// server_tests. Routes other than health, openapi.json and login need a session or an API
// token; every 403 and every refused write is written to the audit log.
// Errors are JSON: {"error": {"code": "not_found", "message": "…", "field": "…"}}.
// Thread safety: handlers are safe to run concurrently (the Platform is; the cache has a mutex).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/app.h"
#include "base/status.h"
#include "server/auth/auth.h"
#include "server/http/http.h"

namespace carbonpeak::server::api {

/// kInvalidArgument→400, kNotFound→404, kAlreadyExists→409, kFailedPrecondition→412,
/// kUnauthenticated→401, kPermissionDenied→403, kUnavailable→503, others→500.
int ToHttpStatus(StatusCode code);

/// The error body for a non-OK status.
std::string ErrorJson(const Status& status, const std::string& field = "");

/// The OpenAPI 3 document served at /api/v1/openapi.json.
std::string_view OpenApiDocument();

/// "/api/v1/plans/{plan}/tasks" → "/api/v1/plans/([^/]+)/tasks"; parameters whose name ends in
/// "id" match digits only.
std::string TemplateToPattern(const std::string& path_template);

enum class Access { kPublic, kUser };

struct RequestContext;  // routes.h

struct RouteInfo {
  std::string method;
  std::string path_template;
  Access access = Access::kUser;
};

class Api {
 public:
  Api(app::Platform& platform, auth::Authenticator& authn);
  ~Api();

  /// Registers every route on `server`.
  void Register(http::Server& server);
  /// The route table (after Register).
  const std::vector<RouteInfo>& routes() const { return routes_; }

 private:
  using Handler = std::function<http::Response(RequestContext&)>;
  void Add(http::Server& server, const std::string& method, const std::string& path_template,
           Access access, Handler handler);

  app::Platform& platform_;
  auth::Authenticator& authn_;
  std::vector<RouteInfo> routes_;

  struct OverviewCache;
  std::unique_ptr<OverviewCache> overview_cache_;
};

}  // namespace carbonpeak::server::api
