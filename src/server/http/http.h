// The HTTP adapter: the only place that includes the HTTP library (cpp-httplib). The rest of
// the server sees these small request/response values and a router.
//
//   http::Server server;
//   server.Route("GET", R"(/api/v1/plans/([^/]+))", [](const http::Request& req) {
//     return http::Response::Json(200, "{\"id\": \"" + req.path_params[0] + "\"}");
//   });
//   CPK_ASSIGN_OR_RETURN(int port, server.Bind("127.0.0.1", 0));  // 0: any free port
//   server.Run();  // blocks until Stop() from another thread
//
// Thread safety: handlers run on a pool of worker threads and must be thread-safe. Route and
// ServeStatic are called before Bind. Stop may be called from any thread.
// Failure: a handler that throws produces a 500 JSON error; the server keeps running.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace carbonpeak::server::http {

struct Request {
  std::string method;
  std::string path;
  std::vector<std::string> path_params;  ///< Regex capture groups of the route.
  std::multimap<std::string, std::string> query;
  std::map<std::string, std::string> headers;  ///< Names lower-cased.
  std::string body;
  std::string remote_addr;

  /// First value of a query parameter, or `fallback`.
  std::string Query(const std::string& name, const std::string& fallback = "") const;
  bool HasQuery(const std::string& name) const { return query.count(name) > 0; }
  /// Header value (name in any case), or empty.
  std::string Header(const std::string& name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response Json(int status, std::string body) {
    return Response{status, "application/json; charset=utf-8", std::move(body), {}};
  }
};

using Handler = std::function<Response(const Request&)>;

class Server {
 public:
  Server();
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Registers `handler` for `method` ("GET", "POST", "PUT", "PATCH", "DELETE") and a path
  /// regex matched against the whole path.
  void Route(const std::string& method, const std::string& pattern, Handler handler);

  /// Serves files of `dir` under `mount` ("/"), refusing paths that leave the directory.
  /// Requests for unknown paths without a file extension get `dir`/index.html (single-page
  /// app routing). Returns kNotFound when `dir` does not exist.
  Status ServeStatic(const std::string& mount, const std::string& dir);

  /// Handler for requests no route or file matched (defaults to a JSON 404).
  void SetNotFound(Handler handler);

  /// Largest request body accepted; larger ones get 413 before any handler runs.
  void SetPayloadMaxLength(size_t bytes);

  /// Every (method, pattern) registered with Route, in registration order.
  const std::vector<std::pair<std::string, std::string>>& routes() const;

  /// Binds to `host`:`port` (0 picks a free port) and returns the bound port.
  Result<int> Bind(const std::string& host, int port);

  /// Serves until Stop(). Returns an error if the server could not run.
  Status Run();
  void Stop();
  bool running() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// A minimal blocking client for tests and health checks (loopback use).
struct ClientResponse {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  ///< Names lower-cased.
};
Result<ClientResponse> Fetch(const std::string& method, const std::string& host, int port,
                             const std::string& path, const std::string& body = "",
                             const std::map<std::string, std::string>& headers = {});

}  // namespace carbonpeak::server::http
