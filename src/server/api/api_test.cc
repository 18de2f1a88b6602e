// End-to-end tests of the API with login, roles and progress reports: a real server on port 0,
// the demo plans in an in-memory store, a FakeClock for session expiry.
#include "server/api/api.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>

#include "app/progress.h"
#include "app/users.h"
#include "server/auth/auth.h"
#include "server/http/http.h"
#include "server/server.h"
#include "store/progress.h"
#include "store/users.h"
#include "tests/testing/fake_clock.h"

namespace carbonpeak::server {
namespace {

using nlohmann::json;

struct Reply {
  int status = 0;
  json body;
  std::map<std::string, std::string> headers;
};

class ApiEndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app::Options options;
    options.resource_dir = CPK_DATA_DIR;
    options.database = ":memory:";
    auto p = app::Platform::Open(options, clock_);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    platform_ = std::move(*p);
    ASSERT_TRUE(platform_->LoadDemo().ok());
    for (const auto& demo : app::DemoAccounts()) {
      auto hash = auth::HashPassword(demo.password, auth::HashCost::kMinimum);
      ASSERT_TRUE(hash.ok());
      auto user = app::AddUser(*platform_, demo.user, *hash, "test");
      ASSERT_TRUE(user.ok()) << user.status().ToString();
    }
    ServeOptions serve;
    serve.port = 0;
    server_ = std::make_unique<PlatformServer>(*platform_, serve, &clock_);
    auto port = server_->Start();
    ASSERT_TRUE(port.ok()) << port.status().ToString();
    port_ = *port;

    progress_ = store::ProgressOf(platform_->store());
    auto plan_id = platform_->ResolvePlan("430703");
    ASSERT_TRUE(plan_id.ok());
    plan_id_ = *plan_id;
    auto tasks = progress_->ListTasks(plan_id_);
    ASSERT_TRUE(tasks.ok());
    for (const auto& t : *tasks) {
      bool fgj = std::count(t.lead_units.begin(), t.lead_units.end(), kFgj) > 0;
      if (fgj && own_task_ == 0) own_task_ = t.id;
      bool involved =
          fgj || std::count(t.cooperating_units.begin(), t.cooperating_units.end(), kFgj) > 0;
      if (!involved && other_task_ == 0) other_task_ = t.id;
    }
    ASSERT_NE(own_task_, 0);
    ASSERT_NE(other_task_, 0);
  }

  void TearDown() override { server_.reset(); }

  Reply Call(const std::string& method, const std::string& path, const std::string& body = "",
             std::map<std::string, std::string> headers = {}) {
    auto res = http::Fetch(method, "127.0.0.1", port_, path, body, headers);
    EXPECT_TRUE(res.ok()) << res.status().ToString();
    Reply reply;
    if (!res.ok()) return reply;
    reply.status = res->status;
    reply.headers = res->headers;
    reply.body = json::parse(res->body, nullptr, /*allow_exceptions=*/false);
    return reply;
  }

  struct Login {
    std::string cookie;  // "cpk_session=…"
    std::string csrf;
  };

  Login LogIn(const std::string& user, const std::string& password) {
    Reply r =
        Call("POST", "/api/v1/session", json{{"username", user}, {"password", password}}.dump());
    EXPECT_EQ(r.status, 200) << r.body.dump();
    Login login;
    std::string set_cookie = r.headers["set-cookie"];
    login.cookie = set_cookie.substr(0, set_cookie.find(';'));
    login.csrf = r.body.value("csrf_token", "");
    return login;
  }

  std::map<std::string, std::string> As(const Login& login, bool with_csrf = true) {
    std::map<std::string, std::string> h{{"Cookie", login.cookie}};
    if (with_csrf) h["X-CSRF-Token"] = login.csrf;
    return h;
  }

  std::vector<store::AuditEntry> Audit(const std::string& action) {
    auto entries = platform_->store().audit().List(store::AuditQuery{"", 0, 10000});
    std::vector<store::AuditEntry> out;
    for (const auto& e : *entries) {
      if (e.action == action) out.push_back(e);
    }
    return out;
  }

  size_t ReportCount() {
    auto reports = progress_->ListReports({});
    return reports.ok() ? reports->size() : 0;
  }

  static constexpr const char* kFgj = "区发展和改革局（区国动办）";
  FakeClock clock_;
  std::unique_ptr<app::Platform> platform_;
  std::unique_ptr<PlatformServer> server_;
  store::ProgressStore* progress_ = nullptr;
  int port_ = 0;
  int64_t plan_id_ = 0;
  int64_t own_task_ = 0;
  int64_t other_task_ = 0;
};

std::string Report(const std::string& status = "in_progress") {
  return json{{"period", "2025"},
              {"status", status},
              {"narrative", "光伏项目完成备案"},
              {"figures", {{{"name", "新增光伏装机"}, {"value", 12.5}, {"unit", "万千瓦"}}}}}
      .dump();
}

TEST_F(ApiEndToEndTest, LoginSetsAStrictHttpOnlyCookie) {
  Reply r = Call("POST", "/api/v1/session",
                 json{{"username", "office"}, {"password", "demo-office-2030"}}.dump());
  ASSERT_EQ(r.status, 200) << r.body.dump();
  std::string cookie = r.headers["set-cookie"];
  EXPECT_NE(cookie.find("cpk_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(r.body["user"]["role"], "office");
  EXPECT_FALSE(r.body["csrf_token"].get<std::string>().empty());
  EXPECT_EQ(r.body["user"].count("password_hash"), 0u);

  Login login = LogIn("office", "demo-office-2030");
  Reply me = Call("GET", "/api/v1/session", "", As(login));
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(me.body["user"]["username"], "office");
  EXPECT_EQ(me.body["csrf_token"], login.csrf);
}

TEST_F(ApiEndToEndTest, WrongPasswordAndLoggedOutRequestsAreRefused) {
  Reply wrong = Call("POST", "/api/v1/session",
                     json{{"username", "office"}, {"password", "demo-office-2031"}}.dump());
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(wrong.body["error"]["code"], "unauthenticated");
  EXPECT_EQ(wrong.headers.count("set-cookie"), 0u);
  EXPECT_EQ(Audit("auth.login_failed").size(), 1u);
  EXPECT_EQ(Audit("session.create").size(), 0u);
  for (const char* path : {"/api/v1/plans", "/api/v1/overview", "/api/v1/audit", "/api/v1/users"}) {
    EXPECT_EQ(Call("GET", path).status, 401) << path;
  }
  EXPECT_EQ(Call("GET", "/api/v1/plans", "", {{"Cookie", "cpk_session=forged"}}).status, 401);
  EXPECT_EQ(Audit("auth.refused").size(), 1u);  // the forged cookie; anonymous GETs are not
  EXPECT_EQ(
      Call("POST", "/api/v1/tasks/" + std::to_string(own_task_) + "/reports", Report()).status,
      401);
  EXPECT_EQ(ReportCount(), 0u);
}

TEST_F(ApiEndToEndTest, MalformedLoginBodyNamesTheField) {
  Reply r = Call("POST", "/api/v1/session", "{\"username\": \"office\",");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body["error"]["field"], "body");
  Reply missing = Call("POST", "/api/v1/session", json{{"username", "office"}}.dump());
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.body["error"]["field"], "password");
}

TEST_F(ApiEndToEndTest, ExpiredSessionIsRefused) {
  Login login = LogIn("office", "demo-office-2030");
  EXPECT_EQ(Call("GET", "/api/v1/plans", "", As(login)).status, 200);
  clock_.Advance(std::chrono::hours(9));
  Reply r = Call("GET", "/api/v1/plans", "", As(login));
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body["error"]["message"].get<std::string>().find("expired"), std::string::npos);
  EXPECT_GE(Audit("auth.refused").size(), 1u);
}

TEST_F(ApiEndToEndTest, LogoutEndsTheSession) {
  Login login = LogIn("fgj", "demo-fgj-2030");
  Reply out = Call("DELETE", "/api/v1/session", "", As(login));
  EXPECT_EQ(out.status, 200);
  EXPECT_NE(out.headers["set-cookie"].find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(Call("GET", "/api/v1/session", "", As(login)).status, 401);
}

TEST_F(ApiEndToEndTest, CsrfMissingOrForgedIsRefusedAndNothingStored) {
  Login login = LogIn("fgj", "demo-fgj-2030");
  std::string path = "/api/v1/tasks/" + std::to_string(own_task_) + "/reports";
  Reply missing = Call("POST", path, Report(), As(login, /*with_csrf=*/false));
  EXPECT_EQ(missing.status, 403);
  EXPECT_NE(missing.body["error"]["message"].get<std::string>().find("CSRF"), std::string::npos);
  auto forged_headers = As(login);
  forged_headers["X-CSRF-Token"] = auth::CsrfTokenFor(auth::RandomSecret());
  EXPECT_EQ(Call("POST", path, Report(), forged_headers).status, 403);
  EXPECT_EQ(ReportCount(), 0u);
  EXPECT_EQ(Audit("auth.refused").size(), 2u);
  Reply ok = Call("POST", path, Report(), As(login));
  EXPECT_EQ(ok.status, 201) << ok.body.dump();
  EXPECT_EQ(ReportCount(), 1u);
}

TEST_F(ApiEndToEndTest, RateLimitingAnswers429) {
  for (int idx = 0; idx < 5; ++idx) {
    EXPECT_EQ(
        Call("POST", "/api/v1/session",
             json{{"username", "office"}, {"password", "guess-" + std::to_string(idx)}}.dump())
            .status,
        401);
  }
  Reply locked = Call("POST", "/api/v1/session",
                      json{{"username", "office"}, {"password", "demo-office-2030"}}.dump());
  EXPECT_EQ(locked.status, 429);
  EXPECT_FALSE(locked.headers["retry-after"].empty());
  EXPECT_EQ(Audit("auth.login_throttled").size(), 1u);
  clock_.Advance(std::chrono::minutes(16));
  LogIn("office", "demo-office-2030");
}

TEST_F(ApiEndToEndTest, DisabledUsersTokenIsRefused) {
  Login fgj = LogIn("fgj", "demo-fgj-2030");
  Reply token = Call("POST", "/api/v1/tokens", json{{"name", "upload script"}}.dump(), As(fgj));
  ASSERT_EQ(token.status, 201) << token.body.dump();
  std::map<std::string, std::string> bearer{
      {"Authorization", "Bearer " + token.body["token"].get<std::string>()}};
  EXPECT_EQ(Call("GET", "/api/v1/me/tasks", "", bearer).status, 200);

  Login admin = LogIn("admin", "demo-admin-2030");
  Reply disabled = Call("POST", "/api/v1/users/fgj/disable", "", As(admin));
  ASSERT_EQ(disabled.status, 200) << disabled.body.dump();
  EXPECT_TRUE(disabled.body["disabled"].get<bool>());
  Reply refused = Call("GET", "/api/v1/me/tasks", "", bearer);
  EXPECT_EQ(refused.status, 401);
  EXPECT_NE(refused.body["error"]["message"].get<std::string>().find("disabled"),
            std::string::npos);
  EXPECT_EQ(Call("GET", "/api/v1/session", "", As(fgj)).status, 401);  // the session too
  // Writing with the token is refused and stores nothing.
  EXPECT_EQ(
      Call("POST", "/api/v1/tasks/" + std::to_string(own_task_) + "/reports", Report(), bearer)
          .status,
      401);
  EXPECT_EQ(ReportCount(), 0u);
  // Only admins disable users.
  Login office = LogIn("office", "demo-office-2030");
  EXPECT_EQ(Call("POST", "/api/v1/users/gxj/disable", "", As(office)).status, 403);
}

TEST_F(ApiEndToEndTest, DepartmentCannotWriteOrOpenAnotherUnitsTask) {
  Login fgj = LogIn("fgj", "demo-fgj-2030");
  std::string other = "/api/v1/tasks/" + std::to_string(other_task_) + "/reports";
  Reply write = Call("POST", other, Report(), As(fgj));
  EXPECT_EQ(write.status, 403);
  EXPECT_EQ(write.body["error"]["code"], "permission_denied");
  Reply form = Call("GET", other, "", As(fgj));
  EXPECT_EQ(form.status, 403);
  EXPECT_EQ(ReportCount(), 0u);
  auto denied = Audit("auth.denied");
  ASSERT_EQ(denied.size(), 2u);
  EXPECT_EQ(denied[0].actor, "fgj");
  EXPECT_NE(denied[0].entity.find(std::to_string(other_task_)), std::string::npos);

  // The office cannot submit in a unit's name either, and a viewer cannot review.
  Login office = LogIn("office", "demo-office-2030");
  EXPECT_EQ(Call("POST", other, Report(), As(office)).status, 403);
}

TEST_F(ApiEndToEndTest, ReportReviewAndResubmitKeepEveryRevision) {
  Login fgj = LogIn("fgj", "demo-fgj-2030");
  std::string path = "/api/v1/tasks/" + std::to_string(own_task_) + "/reports";
  Reply first = Call("POST", path, Report("at_risk"), As(fgj));
  ASSERT_EQ(first.status, 201) << first.body.dump();
  int64_t id = first.body["id"].get<int64_t>();
  EXPECT_EQ(first.body["state"], "submitted");
  EXPECT_EQ(first.body["unit"], kFgj);

  Login office = LogIn("office", "demo-office-2030");
  std::string review = "/api/v1/reports/" + std::to_string(id) + "/review";
  Reply no_comment =
      Call("POST", review, json{{"revision", 1}, {"decision", "returned"}}.dump(), As(office));
  EXPECT_EQ(no_comment.status, 400);
  EXPECT_EQ(no_comment.body["error"]["field"], "comment");
  Reply returned =
      Call("POST", review,
           json{{"revision", 1}, {"decision", "returned"}, {"comment", "补充验收材料"}}.dump(),
           As(office));
  ASSERT_EQ(returned.status, 200) << returned.body.dump();
  EXPECT_EQ(returned.body["state"], "returned");
  EXPECT_EQ(
      Call("POST", review, json{{"revision", 1}, {"decision", "accepted"}}.dump(), As(fgj)).status,
      403);

  Reply second = Call("POST", path, Report("done"), As(fgj));
  ASSERT_EQ(second.status, 201);
  EXPECT_EQ(second.body["revision"], 2);
  EXPECT_EQ(second.body["state"], "submitted");
  // Reviewing the old revision is refused; the latest is accepted.
  EXPECT_EQ(Call("POST", review, json{{"revision", 1}, {"decision", "accepted"}}.dump(), As(office))
                .status,
            412);
  Reply accepted =
      Call("POST", review, json{{"revision", 2}, {"decision", "accepted"}}.dump(), As(office));
  EXPECT_EQ(accepted.body["state"], "accepted");
  EXPECT_EQ(Call("POST", path, Report(), As(fgj)).status, 412);

  Reply detail = Call("GET", "/api/v1/reports/" + std::to_string(id), "", As(office));
  ASSERT_EQ(detail.status, 200);
  ASSERT_EQ(detail.body["revisions"].size(), 2u);
  EXPECT_EQ(detail.body["revisions"][0]["status"], "at_risk");
  EXPECT_EQ(detail.body["reviews"].size(), 2u);
  // The office sees it in the list; another department does not.
  Reply list = Call("GET", "/api/v1/reports?plan=430703", "", As(office));
  EXPECT_EQ(list.body["total"], 1);
  Login gxj = LogIn("gxj", "demo-gxj-2030");
  EXPECT_EQ(Call("GET", "/api/v1/reports?plan=430703", "", As(gxj)).body["total"], 0);
  EXPECT_EQ(Call("GET", "/api/v1/reports/" + std::to_string(id), "", As(gxj)).status, 403);
  EXPECT_EQ(Audit("report.submit").size(), 2u);
  EXPECT_EQ(Audit("report.review").size(), 2u);
}

TEST_F(ApiEndToEndTest, EvidenceUploadsAreCheckedForTypeAndSize) {
  Login fgj = LogIn("fgj", "demo-fgj-2030");
  Reply report =
      Call("POST", "/api/v1/tasks/" + std::to_string(own_task_) + "/reports", Report(), As(fgj));
  ASSERT_EQ(report.status, 201);
  std::string base =
      "/api/v1/reports/" + std::to_string(report.body["id"].get<int64_t>()) + "/evidence?name=";
  std::string pdf = "%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n";
  Reply ok = Call("POST", base + "acceptance.pdf", pdf, As(fgj));
  ASSERT_EQ(ok.status, 201) << ok.body.dump();
  EXPECT_EQ(ok.body["content_type"], "application/pdf");
  EXPECT_EQ(ok.body["size"], static_cast<int>(pdf.size()));

  Reply exe = Call("POST", base + "tool.exe", "MZ\x90", As(fgj));
  EXPECT_EQ(exe.status, 400);
  EXPECT_EQ(exe.body["error"]["field"], "file");
  Reply fake_pdf = Call("POST", base + "fake.pdf", "<html>not a pdf</html>", As(fgj));
  EXPECT_EQ(fake_pdf.status, 400);
  Reply traversal = Call("POST", base + "..%2F..%2Fetc%2Fpasswd.txt", "x", As(fgj));
  EXPECT_EQ(traversal.status, 400);
  std::string big(static_cast<size_t>(app::kMaxEvidenceBytes) + 1, 'a');
  Reply too_big = Call("POST", base + "big.txt", big, As(fgj));
  EXPECT_EQ(too_big.status, 400);
  std::string huge(static_cast<size_t>(app::kMaxEvidenceBytes) + 2 * 1024 * 1024, 'a');
  EXPECT_EQ(Call("POST", base + "huge.txt", huge, As(fgj)).status, 413);
  EXPECT_EQ(Audit("report.evidence").size(), 1u);
  EXPECT_GE(Audit("request.refused").size(), 4u);

  Login office = LogIn("office", "demo-office-2030");
  auto file = http::Fetch("GET", "127.0.0.1", port_,
                          "/api/v1/evidence/" + std::to_string(ok.body["id"].get<int64_t>()), "",
                          As(office));
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->status, 200);
  EXPECT_EQ(file->body, pdf);
  EXPECT_EQ(file->headers["content-disposition"], "attachment");
}

TEST_F(ApiEndToEndTest, OverviewShowsMainTargetsHonestlyAndFollowsNewReports) {
  Login office = LogIn("office", "demo-office-2030");
  Reply overview = Call("GET", "/api/v1/overview?plan=430703", "", As(office));
  ASSERT_EQ(overview.status, 200) << overview.body.dump();
  EXPECT_EQ(overview.body["plan"]["region_code"], "430703");
  ASSERT_GT(overview.body["main_targets"].size(), 0u);
  for (const auto& t : overview.body["main_targets"]) {
    EXPECT_TRUE(t["target"]["main_target"].get<bool>());
    EXPECT_EQ(t["warning"], "no_data");
    EXPECT_TRUE(t["actual"].is_null());
  }
  int total = overview.body["tasks"]["total"];
  EXPECT_EQ(overview.body["tasks"]["by_status"]["no_report"], total);

  Login fgj = LogIn("fgj", "demo-fgj-2030");
  ASSERT_EQ(Call("POST", "/api/v1/tasks/" + std::to_string(own_task_) + "/reports",
                 Report("at_risk"), As(fgj))
                .status,
            201);
  Reply after = Call("GET", "/api/v1/overview?plan=430703", "", As(office));
  EXPECT_EQ(after.body["tasks"]["by_status"]["at_risk"], 1);
  EXPECT_EQ(after.body["tasks"]["by_status"]["no_report"], total - 1);
  ASSERT_EQ(after.body["alerts"].size(), 1u);
  EXPECT_EQ(after.body["alerts"][0]["kind"], "task_at_risk");
  // A user bound to 鼎城区 cannot read another county's overview.
  EXPECT_EQ(Call("GET", "/api/v1/overview?plan=431202", "", As(office)).status, 403);
}

TEST_F(ApiEndToEndTest, TargetsAreFilteredAndPaged) {
  Login viewer = LogIn("viewer", "demo-viewer-2030");
  Reply all = Call("GET", "/api/v1/plans/430703/targets?limit=5", "", As(viewer));
  ASSERT_EQ(all.status, 200) << all.body.dump();
  EXPECT_EQ(all.body["items"].size(), 5u);
  EXPECT_GT(all.body["total"].get<int>(), 5);
  Reply next = Call("GET", "/api/v1/plans/430703/targets?limit=5&offset=5", "", As(viewer));
  EXPECT_NE(next.body["items"][0]["id"], all.body["items"][0]["id"]);
  Reply y2025 = Call("GET", "/api/v1/plans/430703/targets?year=2025&limit=500", "", As(viewer));
  ASSERT_GT(y2025.body["total"].get<int>(), 0);
  for (const auto& t : y2025.body["items"]) EXPECT_EQ(t["year"], 2025);
  Reply main = Call("GET", "/api/v1/plans/430703/targets?main=true&limit=500", "", As(viewer));
  for (const auto& t : main.body["items"]) EXPECT_TRUE(t["main_target"].get<bool>());
  EXPECT_EQ(
      Call("GET", "/api/v1/plans/430703/targets?limit=0", "", As(viewer)).body["error"]["field"],
      "limit");
  Reply tasks = Call("GET", "/api/v1/plans/430703/tasks?action=1", "", As(viewer));
  ASSERT_GT(tasks.body["total"].get<int>(), 0);
  for (const auto& t : tasks.body["items"]) EXPECT_EQ(t["action"], 1);
  Reply empty = Call("GET", "/api/v1/plans/430703/inventory", "", As(viewer));
  EXPECT_FALSE(empty.body["available"].get<bool>());
}

TEST_F(ApiEndToEndTest, IndicatorValuesOnlyByTheLeadUnit) {
  Login fgj = LogIn("fgj", "demo-fgj-2030");
  // Find an indicator led by development_reform units and one that is not.
  std::string own, foreign;
  for (const auto& def : platform_->refdata().indicators.all()) {
    if (def.lead_unit_type == "development_reform" && own.empty()) own = def.key;
    if (def.lead_unit_type == "forestry" && foreign.empty()) foreign = def.key;
  }
  ASSERT_FALSE(own.empty());
  ASSERT_FALSE(foreign.empty());
  std::string path = "/api/v1/plans/430703/indicator-values";
  Reply ok = Call(
      "POST", path,
      json{{"indicator", own}, {"year", 2024}, {"value", 1.5}, {"source", "年报"}}.dump(), As(fgj));
  EXPECT_EQ(ok.status, 201) << ok.body.dump();
  Reply no = Call("POST", path, json{{"indicator", foreign}, {"year", 2024}, {"value", 60}}.dump(),
                  As(fgj));
  EXPECT_EQ(no.status, 403);
  Reply list = Call("GET", path, "", As(fgj));
  EXPECT_EQ(list.body["total"], 1);
}

TEST_F(ApiEndToEndTest, AuditLogIsForAdminsAndHoldsRefusals) {
  Login fgj = LogIn("fgj", "demo-fgj-2030");
  EXPECT_EQ(Call("GET", "/api/v1/audit", "", As(fgj)).status, 403);
  Login admin = LogIn("admin", "demo-admin-2030");
  Reply audit = Call("GET", "/api/v1/audit?action=auth.", "", As(admin));
  ASSERT_EQ(audit.status, 200);
  ASSERT_GE(audit.body["items"].size(), 1u);
  EXPECT_EQ(audit.body["items"][0]["action"], "auth.denied");
  EXPECT_EQ(audit.body["items"][0]["actor"], "fgj");
  Reply users = Call("GET", "/api/v1/users", "", As(admin));
  EXPECT_EQ(users.body["total"], static_cast<int>(app::DemoAccounts().size()));
  for (const auto& u : users.body["items"]) EXPECT_EQ(u.count("password_hash"), 0u);
}

// The OpenAPI document lists exactly the routes the server registers.
TEST_F(ApiEndToEndTest, OpenApiDocumentMatchesTheRouteTable) {
  Reply doc = Call("GET", "/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  EXPECT_EQ(doc.body["openapi"].get<std::string>().substr(0, 2), "3.");
  std::set<std::pair<std::string, std::string>> documented;
  for (const auto& [path, item] : doc.body["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      std::string upper = method;
      std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
      documented.emplace(upper, path);
      EXPECT_TRUE(op.contains("summary")) << method << " " << path;
      // Every path parameter in the template is declared.
      size_t pos = 0;
      while ((pos = path.find('{', pos)) != std::string::npos) {
        std::string name = path.substr(pos + 1, path.find('}', pos) - pos - 1);
        bool declared = false;
        for (const auto& p : op.value("parameters", json::array())) {
          declared |= p["name"] == name && p["in"] == "path";
        }
        EXPECT_TRUE(declared) << method << " " << path << " lacks parameter " << name;
        ++pos;
      }
    }
  }
  http::Server http;
  auth::Authenticator authn(*store::AccountsOf(platform_->store()), clock_);
  api::Api api(*platform_, authn);
  api.Register(http);
  std::set<std::pair<std::string, std::string>> registered;
  for (const auto& route : api.routes()) registered.emplace(route.method, route.path_template);
  for (const auto& r : registered) {
    EXPECT_TRUE(documented.count(r)) << r.first << " " << r.second << " is not in openapi.json";
  }
  for (const auto& d : documented) {
    EXPECT_TRUE(registered.count(d))
        << d.first << " " << d.second << " is in openapi.json but not served";
  }
  // And the HTTP router has exactly these routes.
  ASSERT_EQ(http.routes().size(), api.routes().size());
  for (size_t idx = 0; idx < http.routes().size(); ++idx) {
    EXPECT_EQ(http.routes()[idx].second, api::TemplateToPattern(api.routes()[idx].path_template));
  }
}

TEST(TemplateTest, PatternsFromTemplates) {
  EXPECT_EQ(api::TemplateToPattern("/api/v1/plans/{plan}/tasks"), "/api/v1/plans/([^/]+)/tasks");
  EXPECT_EQ(api::TemplateToPattern("/api/v1/tasks/{task_id}"), R"(/api/v1/tasks/(\d+))");
  EXPECT_EQ(api::TemplateToPattern("/api/v1/openapi.json"), R"(/api/v1/openapi\.json)");
}

}  // namespace
}  // namespace carbonpeak::server
