// The JSON API under /api/v1: routes, request parsing and the mapping of Status codes to HTTP.
// Handlers call app::Platform use cases only; they hold no state of their own.
//
//   http::Server http;
//   api::RegisterRoutes(http, platform);
//
// Errors are JSON: {"error": {"code": "not_found", "message": "…", "field": "…"}}.
// Thread safety: handlers are safe to run concurrently (the Platform is).
#pragma once

#include <string>

#include "app/app.h"
#include "base/status.h"
#include "server/http/http.h"

namespace carbonpeak::server::api {

/// kInvalidArgument→400, kNotFound→404, kAlreadyExists→409, kFailedPrecondition→412,
/// kUnauthenticated→401, kPermissionDenied→403, kUnavailable→503, others→500.
int ToHttpStatus(StatusCode code);

/// The error body for a non-OK status.
std::string ErrorJson(const Status& status, const std::string& field = "");

void RegisterRoutes(http::Server& server, app::Platform& platform);

}  // namespace carbonpeak::server::api
