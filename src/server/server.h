// The carbonpeak HTTP server: the JSON API under /api/v1 (with login, sessions, API tokens and
// role checks, server/auth/) plus the web dashboard's static files.
//
//   server::PlatformServer server(platform, {.host = "127.0.0.1", .port = 8080,
//                                            .web_dir = "web/dist"});
//   CPK_ASSIGN_OR_RETURN(int port, server.Start());   // binds, serves on a thread
//   server.Wait();                                    // until Stop() or a signal handler stops it
//
// Thread safety: Stop() may be called from any thread. Failure: Start() reports a port that
// cannot be bound; request failures become JSON errors, never crashes.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "app/app.h"
#include "base/clock.h"
#include "base/status.h"
#include "server/auth/auth.h"

namespace carbonpeak::server {

namespace http {
class Server;
}
namespace api {
class Api;
}

struct ServeOptions {
  std::string host = "127.0.0.1";
  int port = 8080;      ///< 0 picks a free port.
  std::string web_dir;  ///< Built dashboard (web/dist); a built-in page is served when absent.
};

class PlatformServer {
 public:
  /// `clock` (sessions, rate limits) defaults to the system clock; it must outlive the server.
  PlatformServer(app::Platform& platform, ServeOptions options, const Clock* clock = nullptr,
                 auth::AuthOptions auth_options = auth::AuthOptions());
  ~PlatformServer();

  /// Binds and starts serving on a background thread. Returns the bound port.
  Result<int> Start();
  /// Blocks until the server stops.
  void Wait();
  void Stop();

 private:
  app::Platform& platform_;
  ServeOptions options_;
  SystemClock system_clock_;
  std::unique_ptr<auth::Authenticator> authn_;
  std::unique_ptr<api::Api> api_;
  std::unique_ptr<http::Server> http_;
  std::thread thread_;
};

}  // namespace carbonpeak::server
