#include "server/server.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "server/api/api.h"
#include "server/auth/auth.h"
#include "server/http/http.h"
#include "store/users.h"
#include "tests/testing/fake_clock.h"

namespace carbonpeak::server {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app::Options options;
    options.resource_dir = CPK_DATA_DIR;
    options.database = ":memory:";
    auto p = app::Platform::Open(options, clock_);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    platform_ = std::move(*p);
    ASSERT_TRUE(platform_->LoadDemo().ok());
    // Every API route but health needs a login: an admin's API token for these tests.
    store::AccountStore* accounts = store::AccountsOf(platform_->store());
    ASSERT_NE(accounts, nullptr);
    store::User admin;
    admin.username = "admin";
    admin.role = store::Role::kAdmin;
    admin.password_hash = *auth::HashPassword("admin-password-1", auth::HashCost::kMinimum);
    auto id = accounts->CreateUser(admin, {"test", "test", ""});
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    token_ = "cpk_test_token_for_the_server_tests_0123456789";
    store::ApiToken token;
    token.user_id = *id;
    token.name = "tests";
    token.token_hash = auth::HashSecret(token_);
    ASSERT_TRUE(accounts->CreateToken(token, {"test", "test", ""}).ok());
  }

  void Start(const std::string& web_dir = "") {
    server_ = std::make_unique<PlatformServer>(*platform_, ServeOptions{"127.0.0.1", 0, web_dir});
    auto port = server_->Start();
    ASSERT_TRUE(port.ok()) << port.status().ToString();
    port_ = *port;
  }

  http::ClientResponse Get(const std::string& path) {
    auto res =
        http::Fetch("GET", "127.0.0.1", port_, path, "", {{"Authorization", "Bearer " + token_}});
    EXPECT_TRUE(res.ok()) << res.status().ToString();
    return res.ok() ? *res : http::ClientResponse{};
  }

  FakeClock clock_;
  std::unique_ptr<app::Platform> platform_;
  std::unique_ptr<PlatformServer> server_;
  int port_ = 0;
  std::string token_;
};

TEST_F(ServerTest, HealthRegionsPlans) {
  Start();
  auto health = Get("/api/v1/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(json::parse(health.body)["status"], "ok");

  auto regions = json::parse(Get("/api/v1/regions").body);
  EXPECT_GE(regions["total"].get<int>(), 10);
  auto children = json::parse(Get("/api/v1/regions?parent=430700").body);
  for (const auto& r : children["items"]) EXPECT_EQ(r["parent_code"], "430700");
  EXPECT_EQ(children["total"].get<int>(), 2);  // 鼎城区, 津市市

  auto plans = json::parse(Get("/api/v1/plans").body);
  ASSERT_EQ(plans["total"].get<int>(), 3);
  auto one = json::parse(Get("/api/v1/plans?region=430703").body);
  ASSERT_EQ(one["total"].get<int>(), 1);
  EXPECT_EQ(one["items"][0]["region_name"], "鼎城区");
}

TEST_F(ServerTest, PlanDetailByRegionAndId) {
  Start();
  auto res = Get("/api/v1/plans/430703");
  ASSERT_EQ(res.status, 200) << res.body;
  auto plan = json::parse(res.body);
  bool found = false;
  for (const auto& t : plan["targets"]) {
    // The main target (line 13); the appendix table repeats it as a point value.
    if (t["indicator"] == "non_fossil_share" && t["year"] == 2025 && t["kind"] == "about") {
      found = true;
      EXPECT_DOUBLE_EQ(t["value"].get<double>(), 23);
      EXPECT_GT(t["id"].get<int>(), 0);
    }
  }
  EXPECT_TRUE(found);
  auto id = platform_->ResolvePlan("430703");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(Get("/api/v1/plans/" + std::to_string(*id)).status, 200);
}

TEST_F(ServerTest, ErrorsAreJsonWithCodes) {
  Start();
  auto missing = Get("/api/v1/plans/99");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(json::parse(missing.body)["error"]["code"], "not_found");
  auto bad_time = Get("/api/v1/plans/430703?as_of=yesterday");
  EXPECT_EQ(bad_time.status, 400);
  EXPECT_EQ(json::parse(bad_time.body)["error"]["field"], "as_of");
  auto nothing = Get("/api/v1/nothing-here");
  EXPECT_EQ(nothing.status, 404);
  EXPECT_EQ(json::parse(nothing.body)["error"]["code"], "not_found");
  EXPECT_EQ(Get("/api/v1/targets/123456/history").status, 404);
}

TEST_F(ServerTest, ApiNeedsLogin) {
  Start();
  auto res = http::Fetch("GET", "127.0.0.1", port_, "/api/v1/plans");
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(json::parse(res->body)["error"]["code"], "unauthenticated");
  auto health = http::Fetch("GET", "127.0.0.1", port_, "/api/v1/health");
  ASSERT_TRUE(health.ok());
  EXPECT_EQ(health->status, 200);
}

TEST_F(ServerTest, LandingPageWithoutDashboard) {
  Start();
  auto root = Get("/");
  EXPECT_EQ(root.status, 200);
  EXPECT_NE(root.body.find("/api/v1/plans"), std::string::npos);
}

TEST_F(ServerTest, StaticFilesRefuseTraversal) {
  fs::path base = fs::temp_directory_path() / ("cpk_web_" + std::to_string(getpid()));
  fs::create_directories(base / "dist");
  std::ofstream(base / "dist" / "index.html") << "<html>dashboard</html>";
  std::ofstream(base / "secret.txt") << "do not serve";
  Start((base / "dist").string());
  EXPECT_NE(Get("/").body.find("dashboard"), std::string::npos);
  EXPECT_NE(Get("/overview").body.find("dashboard"), std::string::npos);  // SPA fallback
  for (const char* path : {"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt"}) {
    auto res = Get(path);
    EXPECT_EQ(res.body.find("do not serve"), std::string::npos) << path;
  }
  server_.reset();
  fs::remove_all(base);
}

TEST(ApiTest, StatusMapping) {
  EXPECT_EQ(api::ToHttpStatus(StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(api::ToHttpStatus(StatusCode::kNotFound), 404);
  EXPECT_EQ(api::ToHttpStatus(StatusCode::kAlreadyExists), 409);
  EXPECT_EQ(api::ToHttpStatus(StatusCode::kFailedPrecondition), 412);
  EXPECT_EQ(api::ToHttpStatus(StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(api::ToHttpStatus(StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(api::ToHttpStatus(StatusCode::kUnavailable), 503);
  EXPECT_EQ(api::ToHttpStatus(StatusCode::kDataLoss), 500);
  auto body = json::parse(api::ErrorJson(Status::InvalidArgument("bad \"x\""), "targets[0]"));
  EXPECT_EQ(body["error"]["message"], "bad \"x\"");
  EXPECT_EQ(body["error"]["field"], "targets[0]");
}

}  // namespace
}  // namespace carbonpeak::server
