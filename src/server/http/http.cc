#include "server/http/http.h"

#include <httplib.h>

#include <algorithm>
#include <cctype>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>

namespace carbonpeak::server::http {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string JsonError(int status, const std::string& code, const std::string& message) {
  // Messages here are fixed ASCII strings, so no escaping is needed.
  (void)status;
  return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
}

Request Convert(const httplib::Request& in) {
  Request out;
  out.method = in.method;
  out.path = in.path;
  for (size_t idx = 1; idx < in.matches.size(); ++idx) out.path_params.push_back(in.matches[idx]);
  for (const auto& [k, v] : in.params) out.query.emplace(k, v);
  for (const auto& [k, v] : in.headers) out.headers[Lower(k)] = v;
  out.body = in.body;
  out.remote_addr = in.remote_addr;
  return out;
}

void Apply(const Response& in, httplib::Response& out) {
  out.status = in.status;
  for (const auto& [k, v] : in.headers) out.set_header(k, v);
  out.set_content(in.body, in.content_type);
}

}  // namespace

std::string Request::Query(const std::string& name, const std::string& fallback) const {
  auto it = query.find(name);
  return it == query.end() ? fallback : it->second;
}

std::string Request::Header(const std::string& name) const {
  auto it = headers.find(Lower(name));
  return it == headers.end() ? std::string() : it->second;
}

struct Server::Impl {
  httplib::Server server;
  Handler not_found;
  std::string static_dir;
  bool bound = false;
  std::vector<std::pair<std::string, std::string>> routes;
};

Server::Server() : impl_(std::make_unique<Impl>()) {
  impl_->server.new_task_queue = [] {
    unsigned n = std::max(4u, 2 * std::thread::hardware_concurrency());
    return new httplib::ThreadPool(n);
  };
  // Headers and body go out in separate writes; without TCP_NODELAY, Nagle's algorithm and
  // delayed ACKs hold every keep-alive response back by ~40 ms.
  impl_->server.set_tcp_nodelay(true);
  impl_->server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        res.status = 500;
        res.set_content(JsonError(500, "internal",
                                  "the server failed while handling this request; it has been "
                                  "logged, try again or report it"),
                        "application/json; charset=utf-8");
      });
  impl_->server.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
    if (res.status == 413) {
      res.set_content(JsonError(413, "invalid_argument",
                                "the request body is too large (evidence files: at most 10 MiB "
                                "each); compress or split the file"),
                      "application/json; charset=utf-8");
      return;
    }
    if (res.status != 404) return;
    if (impl_->not_found) {
      Apply(impl_->not_found(Convert(req)), res);
      return;
    }
    // Single-page app: extension-less GETs outside the API fall back to index.html.
    if (!impl_->static_dir.empty() && req.method == "GET" && req.path.rfind("/api/", 0) != 0 &&
        std::filesystem::path(req.path).extension().empty()) {
      std::filesystem::path index = std::filesystem::path(impl_->static_dir) / "index.html";
      std::error_code ec;
      if (std::filesystem::is_regular_file(index, ec)) {
        httplib::detail::read_file(index.string(), res.body);
        res.status = 200;
        res.set_header("Content-Type", "text/html; charset=utf-8");
        return;
      }
    }
    res.set_content(JsonError(404, "not_found", "no such resource; see /api/v1/health"),
                    "application/json; charset=utf-8");
  });
}

Server::~Server() { Stop(); }

void Server::Route(const std::string& method, const std::string& pattern, Handler handler) {
  impl_->routes.emplace_back(method, pattern);
  auto wrapped = [handler = std::move(handler)](const httplib::Request& req,
                                                httplib::Response& res) {
    Apply(handler(Convert(req)), res);
  };
  if (method == "GET") {
    impl_->server.Get(pattern, wrapped);
  } else if (method == "POST") {
    impl_->server.Post(pattern, wrapped);
  } else if (method == "PUT") {
    impl_->server.Put(pattern, wrapped);
  } else if (method == "PATCH") {
    impl_->server.Patch(pattern, wrapped);
  } else if (method == "DELETE") {
    impl_->server.Delete(pattern, wrapped);
  } else {
    CPK_CHECK(false && "unsupported HTTP method in a route table");
  }
}

Status Server::ServeStatic(const std::string& mount, const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    return Status::NotFound("static directory '" + dir + "' does not exist");
  }
  // httplib refuses paths containing ".." segments that leave the mount (detail::is_valid_path).
  if (!impl_->server.set_mount_point(mount, dir)) {
    return Status::NotFound("cannot serve static directory '" + dir + "'");
  }
  impl_->static_dir = dir;
  return Status::Ok();
}

void Server::SetNotFound(Handler handler) { impl_->not_found = std::move(handler); }

void Server::SetPayloadMaxLength(size_t bytes) { impl_->server.set_payload_max_length(bytes); }

const std::vector<std::pair<std::string, std::string>>& Server::routes() const {
  return impl_->routes;
}

Result<int> Server::Bind(const std::string& host, int port) {
  int bound_port = port;
  if (port == 0) {
    bound_port = impl_->server.bind_to_any_port(host);
    if (bound_port < 0) {
      return Status::Unavailable("cannot bind to any port on " + host);
    }
  } else if (!impl_->server.bind_to_port(host, port)) {
    return Status::Unavailable("cannot listen on " + host + ":" + std::to_string(port) +
                               " — the port is in use or not allowed; choose another with --port");
  }
  impl_->bound = true;
  return bound_port;
}

Status Server::Run() {
  if (!impl_->bound) return Status::FailedPrecondition("Run() called before Bind()");
  if (!impl_->server.listen_after_bind()) {
    return Status::Unavailable("the HTTP server stopped unexpectedly");
  }
  return Status::Ok();
}

void Server::Stop() {
  if (impl_->server.is_running()) impl_->server.stop();
}

bool Server::running() const { return impl_->server.is_running(); }

Result<ClientResponse> Fetch(const std::string& method, const std::string& host, int port,
                             const std::string& path, const std::string& body,
                             const std::map<std::string, std::string>& headers) {
  httplib::Client client(host, port);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(30, 0);
  httplib::Headers h;
  for (const auto& [k, v] : headers) h.emplace(k, v);
  auto send = [&]() -> httplib::Result {
    if (method == "GET") return client.Get(path, h);
    if (method == "POST") return client.Post(path, h, body, "application/json");
    if (method == "PUT") return client.Put(path, h, body, "application/json");
    return client.Delete(path, h, body, "application/json");
  };
  if (method != "GET" && method != "POST" && method != "PUT" && method != "DELETE") {
    return Status::InvalidArgument("unsupported method " + method);
  }
  httplib::Result res = send();
  if (!res) {
    return Status::Unavailable("request " + method + " " + path + " to " + host + ":" +
                               std::to_string(port) +
                               " failed: " + httplib::to_string(res.error()));
  }
  ClientResponse out;
  out.status = res->status;
  out.body = res->body;
  for (const auto& [k, v] : res->headers) out.headers[Lower(k)] = v;
  return out;
}

}  // namespace carbonpeak::server::http
