#include "server/server.h"

#include "server/api/api.h"
#include "server/http/http.h"
#include "store/users.h"

namespace carbonpeak::server {
namespace {

// Shown at / when the dashboard has not been built (web/dist missing).
constexpr const char* kLandingPage = R"(<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>碳达峰管控平台 carbonpeak</title>
<style>body{font-family:sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}
code{background:#f3f3f3;padding:0 .2rem}</style></head>
<body><h1>碳达峰管控平台 carbonpeak</h1>
<p>The web dashboard is not built in this installation. The JSON API is available:</p>
<ul>
<li><a href="/api/v1/health">/api/v1/health</a></li>
<li><a href="/api/v1/regions">/api/v1/regions</a> 行政区划</li>
<li><a href="/api/v1/plans">/api/v1/plans</a> 实施方案</li>
<li><a href="/api/v1/indicators">/api/v1/indicators</a> 指标目录</li>
</ul></body></html>
)";

}  // namespace

PlatformServer::PlatformServer(app::Platform& platform, ServeOptions options,
                               const Clock* clock_override, auth::AuthOptions auth_options)
    : platform_(platform), options_(std::move(options)), http_(std::make_unique<http::Server>()) {
  store::AccountStore* accounts = store::AccountsOf(platform_.store());
  // Every store backend the platform opens (SQLite) implements AccountStore.
  CPK_CHECK(accounts != nullptr);
  const Clock& clock = clock_override != nullptr ? *clock_override : system_clock_;
  authn_ = std::make_unique<auth::Authenticator>(*accounts, clock, auth_options);
  api_ = std::make_unique<api::Api>(platform_, *authn_);
}

PlatformServer::~PlatformServer() {
  Stop();
  Wait();
}

Result<int> PlatformServer::Start() {
  api_->Register(*http_);
  bool have_web = false;
  if (!options_.web_dir.empty()) have_web = http_->ServeStatic("/", options_.web_dir).ok();
  if (!have_web) {
    http_->Route("GET", "/", [](const http::Request&) {
      return http::Response{200, "text/html; charset=utf-8", kLandingPage, {}};
    });
  }
  CPK_ASSIGN_OR_RETURN(int port, http_->Bind(options_.host, options_.port));
  thread_ = std::thread([this] { (void)http_->Run(); });
  return port;
}

void PlatformServer::Wait() {
  if (thread_.joinable()) thread_.join();
}

void PlatformServer::Stop() {
  if (http_) http_->Stop();
}

}  // namespace carbonpeak::server
