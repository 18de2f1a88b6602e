// End-to-end tests of the /api/v1/monitor routes: a real server on port 0, an in-memory store,
// SYNTHETIC enterprises from the simulator, an office user and an enterprise user with a token.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "app/monitoring.h"
#include "app/users.h"
#include "monitor/simulator.h"
#include "server/auth/auth.h"
#include "server/http/http.h"
#include "server/server.h"
#include "store/users.h"
#include "tests/testing/fake_clock.h"

namespace carbonpeak::server {
namespace {

using nlohmann::json;

/// A local (UTC+8) time in March 2024.
Timestamp Local(int day, int hour = 0) {
  return Timestamp{
      (DaysFromCivil(2024, 3, static_cast<unsigned>(day)) * 86400 + hour * 3600 - 8 * 3600) *
      1000000};
}

struct Reply {
  int status = 0;
  json body;
};

class MonitorRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    app::Options options;
    options.resource_dir = CPK_DATA_DIR;
    options.database = ":memory:";
    auto p = app::Platform::Open(options, clock_);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    platform_ = std::move(*p);
    monitor::SimulatorOptions sim;
    sim.enterprises = 3;
    sim.seed = 4;
    sim.townships = {"430703100"};
    simulator_ = std::make_unique<monitor::Simulator>(sim);
    AddUser("office", store::Role::kOffice, "");
    AddUser("qiye", store::Role::kEnterprise, Code(1));
    AddUser("viewer", store::Role::kViewer, "");
    ServeOptions serve;
    serve.port = 0;
    server_ = std::make_unique<PlatformServer>(*platform_, serve, &clock_);
    auto port = server_->Start();
    ASSERT_TRUE(port.ok()) << port.status().ToString();
    port_ = *port;
    office_ = Token("office");
    qiye_ = Token("qiye");
    viewer_ = Token("viewer");
  }
  void TearDown() override { server_.reset(); }

  void AddUser(const std::string& name, store::Role role, const std::string& enterprise) {
    app::NewUser spec;
    spec.username = name;
    spec.display_name = name;
    spec.role = role;
    spec.region_code = "430703";
    spec.enterprise = enterprise;
    auto hash = auth::HashPassword("a long demo password", auth::HashCost::kMinimum);
    ASSERT_TRUE(hash.ok());
    auto user = app::AddUser(*platform_, spec, *hash, "test");
    ASSERT_TRUE(user.ok()) << user.status().ToString();
  }

  std::string Token(const std::string& name) {
    auth::Authenticator authn(*store::AccountsOf(platform_->store()), clock_);
    auto user = store::AccountsOf(platform_->store())->FindUser(name);
    EXPECT_TRUE(user.ok());
    auto token = authn.CreateToken(*user, "test", std::nullopt, "test");
    EXPECT_TRUE(token.ok());
    return token.ok() ? token->second : "";
  }

  Reply Call(const std::string& method, const std::string& path, const std::string& token,
             const std::string& body = "") {
    auto res =
        http::Fetch(method, "127.0.0.1", port_, path, body, {{"Authorization", "Bearer " + token}});
    EXPECT_TRUE(res.ok()) << res.status().ToString();
    Reply reply;
    if (!res.ok()) return reply;
    reply.status = res->status;
    reply.body = json::parse(res->body, nullptr, /*allow_exceptions=*/false);
    return reply;
  }

  std::string Code(int i) const {
    return simulator_->enterprises()[static_cast<size_t>(i)].credit_code;
  }

  void RegisterAll() {
    for (const domain::Enterprise& e : simulator_->enterprises()) {
      json body{{"credit_code", e.credit_code},     {"name", e.name},
                {"industry_code", e.industry_code}, {"township_code", e.township_code},
                {"key_unit", e.key_unit},           {"annual_energy_budget_tce", 5000}};
      Reply r = Call("POST", "/api/v1/monitor/enterprises", office_, body.dump());
      ASSERT_EQ(r.status, 201) << r.body.dump();
      EXPECT_EQ(r.body["county_code"], "430703");  // the office user's county
    }
    for (const domain::Meter& m : simulator_->meters()) {
      json body{{"code", m.code},
                {"name", m.name},
                {"carrier", m.carrier},
                {"unit", m.unit},
                {"multiplier", m.multiplier},
                {"kind", domain::MeterKindName(m.kind)},
                {"interval", domain::MeterIntervalName(m.interval)},
                {"register_max", m.register_max ? json(*m.register_max) : json(nullptr)}};
      Reply r = Call("POST", "/api/v1/monitor/enterprises/" + m.enterprise + "/meters", office_,
                     body.dump());
      ASSERT_EQ(r.status, 201) << r.body.dump();
    }
  }

  size_t AuditCount(const std::string& action) {
    auto entries = platform_->store().audit().List(store::AuditQuery{"", 0, 10000});
    size_t n = 0;
    for (const auto& e : *entries) n += e.action == action;
    return n;
  }

  FakeClock clock_{Local(20, 12)};
  std::unique_ptr<app::Platform> platform_;
  std::unique_ptr<PlatformServer> server_;
  std::unique_ptr<monitor::Simulator> simulator_;
  int port_ = 0;
  std::string office_, qiye_, viewer_;
};

TEST_F(MonitorRoutesTest, RegistryIsScopedAndWritableByTheOfficeOnly) {
  RegisterAll();
  Reply all = Call("GET", "/api/v1/monitor/enterprises", office_);
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(all.body["total"], 3);
  EXPECT_TRUE(all.body["items"][0]["synthetic"].get<bool>());
  Reply own = Call("GET", "/api/v1/monitor/enterprises", qiye_);
  ASSERT_EQ(own.status, 200);
  ASSERT_EQ(own.body["total"], 1);
  EXPECT_EQ(own.body["items"][0]["credit_code"], Code(1));
  Reply meters = Call("GET", "/api/v1/monitor/enterprises/" + Code(0) + "/meters", office_);
  ASSERT_EQ(meters.status, 200);
  EXPECT_EQ(meters.body["total"], 3);
  EXPECT_EQ(meters.body["items"][0]["kind"], "counter");
  EXPECT_EQ(Call("GET", "/api/v1/monitor/enterprises/" + Code(0) + "/meters", qiye_).status, 403);
  // Only admin and office register.
  json e{{"credit_code", Code(2)},
         {"name", "x"},
         {"industry_code", "C3011"},
         {"township_code", "430703100"}};
  const size_t denied = AuditCount("auth.denied");
  EXPECT_EQ(Call("POST", "/api/v1/monitor/enterprises", viewer_, e.dump()).status, 403);
  EXPECT_EQ(AuditCount("auth.denied"), denied + 1);
  // A wrong check character is refused with the field named.
  std::string bad = Code(2);
  bad.back() = bad.back() == '0' ? '1' : '0';
  e["credit_code"] = bad;
  Reply refused = Call("POST", "/api/v1/monitor/enterprises", office_, e.dump());
  EXPECT_EQ(refused.status, 400) << refused.body.dump();
}

TEST_F(MonitorRoutesTest, ReadingsAreAllOrNothingAndTokensWriteOnlyTheirOwnMeters) {
  RegisterAll();
  std::vector<domain::Reading> day = simulator_->Generate(Local(19), Local(20));
  std::vector<domain::Reading> mine, others;
  for (const auto& r : day) (r.enterprise == Code(1) ? mine : others).push_back(r);

  // An enterprise token writing another enterprise's meters: 403, audited, nothing stored.
  const size_t denied = AuditCount("auth.denied");
  Reply foreign =
      Call("POST", "/api/v1/monitor/readings", qiye_, monitor::ReadingsToJson(others, "foreign"));
  EXPECT_EQ(foreign.status, 403) << foreign.body.dump();
  EXPECT_FALSE(foreign.body["accepted"].get<bool>());
  EXPECT_GT(foreign.body["error_count"].get<int>(), 0);
  EXPECT_EQ(AuditCount("auth.denied"), denied + 1);

  // Its own meters: accepted, and acknowledged with counts.
  Reply ok = Call("POST", "/api/v1/monitor/readings", qiye_, monitor::ReadingsToJson(mine, "b1"));
  ASSERT_EQ(ok.status, 200) << ok.body.dump();
  EXPECT_TRUE(ok.body["accepted"].get<bool>());
  EXPECT_EQ(ok.body["batch_id"], "b1");
  EXPECT_EQ(ok.body["new_readings"].get<size_t>(), mine.size());

  // One bad row refuses the whole batch with its position and reason.
  std::string text = monitor::ReadingsToJson(others, "b2");
  const std::string needle = "\"value\":";
  const size_t at = text.find(needle, text.size() / 2);
  ASSERT_NE(at, std::string::npos);
  text.insert(at + needle.size(), "-");
  Reply bad = Call("POST", "/api/v1/monitor/readings", office_, text);
  ASSERT_EQ(bad.status, 400) << bad.body.dump();
  ASSERT_EQ(bad.body["errors"].size(), 1u);
  EXPECT_NE(bad.body["errors"][0]["field"].get<std::string>().find(".value"), std::string::npos);
  EXPECT_EQ(bad.body["error"]["code"], "invalid_argument");
  EXPECT_EQ(platform_->Monitor().value()->Stats().readings, mine.size());

  // Malformed JSON: 400 too.
  EXPECT_EQ(Call("POST", "/api/v1/monitor/readings", office_, "{\"version\":").status, 400);
  // Viewers do not write.
  EXPECT_EQ(Call("POST", "/api/v1/monitor/readings", viewer_, monitor::ReadingsToJson(others, "v"))
                .status,
            403);
}

TEST_F(MonitorRoutesTest, SeriesTopNowAndAlerts) {
  RegisterAll();
  monitor::SimulatorOptions faulty;
  faulty.enterprises = 3;
  faulty.seed = 4;
  faulty.townships = {"430703100"};
  faulty.fault_rate = 0.4;
  faulty.fault_kinds = {monitor::FaultKind::kGap};
  monitor::Simulator sim(faulty);
  Reply ok = Call("POST", "/api/v1/monitor/readings", office_,
                  monitor::ReadingsToJson(sim.Generate(Local(17), Local(20, 6)), "days"));
  ASSERT_EQ(ok.status, 200) << ok.body.dump();

  Reply county =
      Call("GET", "/api/v1/monitor/series?granularity=day&from=2024-03-17&to=2024-03-20", viewer_);
  ASSERT_EQ(county.status, 200) << county.body.dump();
  EXPECT_EQ(county.body["code"], "430703");
  ASSERT_EQ(county.body["points"].size(), 3u);
  EXPECT_EQ(county.body["points"][0]["start"], "2024-03-16T16:00:00.000000Z");
  double sum = 0;
  for (const auto& p : county.body["points"]) sum += p["tce_calorific"].get<double>();
  EXPECT_NEAR(sum, county.body["total"]["tce_calorific"].get<double>(), 1e-9);
  EXPECT_GT(sum, 1.0);

  Reply meter = Call("GET",
                     "/api/v1/monitor/series?level=meter&code=" + Code(1) +
                         "/E01&granularity=hour&from=2024-03-19&to=2024-03-20",
                     qiye_);
  ASSERT_EQ(meter.status, 200) << meter.body.dump();
  EXPECT_EQ(meter.body["unit"], "kWh");
  EXPECT_TRUE(meter.body["points"][0].contains("quantity"));
  EXPECT_EQ(Call("GET", "/api/v1/monitor/series?level=enterprise&code=" + Code(0), qiye_).status,
            403);
  Reply bad = Call("GET", "/api/v1/monitor/series?from=tomorrow", viewer_);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.body["error"]["field"], "from");

  Reply top =
      Call("GET", "/api/v1/monitor/top?by=energy&granularity=day&at=2024-03-19T12:00&n=2", viewer_);
  ASSERT_EQ(top.status, 200) << top.body.dump();
  ASSERT_EQ(top.body["items"].size(), 2u);
  EXPECT_EQ(top.body["items"][0]["rank"], 1);
  EXPECT_GE(top.body["items"][0]["tce_calorific"].get<double>(),
            top.body["items"][1]["tce_calorific"].get<double>());
  // No 2024 grid factor ships and no monitor region supplies one: CO2 of electricity is
  // missing, never zero.
  Reply co2 =
      Call("GET", "/api/v1/monitor/top?by=co2&granularity=day&at=2024-03-19T12:00", viewer_);
  ASSERT_EQ(co2.status, 200) << co2.body.dump();
  for (const auto& item : co2.body["items"]) {
    EXPECT_FALSE(item["complete"]["co2"].get<bool>()) << item.dump();
  }
  EXPECT_EQ(Call("GET", "/api/v1/monitor/top", qiye_).status, 403);

  Reply now = Call("GET", "/api/v1/monitor/now", viewer_);
  ASSERT_EQ(now.status, 200) << now.body.dump();
  EXPECT_EQ(now.body["enterprises"], 3);
  EXPECT_GT(now.body["month"]["tce_calorific"].get<double>(), sum - 1e-9);
  EXPECT_TRUE(now.body["synthetic"].get<bool>());

  Reply alerts = Call("GET", "/api/v1/monitor/alerts?kind=gap&unacknowledged=true", viewer_);
  ASSERT_EQ(alerts.status, 200) << alerts.body.dump();
  ASSERT_GT(alerts.body["total"].get<int>(), 0);
  const int64_t id = alerts.body["items"][0]["id"];
  const std::string owner = alerts.body["items"][0]["enterprise"];
  EXPECT_FALSE(alerts.body["items"][0]["enterprise_name"].get<std::string>().empty());
  Reply own = Call("GET", "/api/v1/monitor/alerts", qiye_);
  ASSERT_EQ(own.status, 200);
  for (const auto& a : own.body["items"]) EXPECT_EQ(a["enterprise"], Code(1));

  const std::string ack = "/api/v1/monitor/alerts/" + std::to_string(id) + "/ack";
  EXPECT_EQ(Call("POST", ack, viewer_).status, 403);
  if (owner != Code(1)) {
    EXPECT_EQ(Call("POST", ack, qiye_).status, 403);
  }
  Reply acked = Call("POST", ack, office_);
  ASSERT_EQ(acked.status, 200) << acked.body.dump();
  EXPECT_TRUE(acked.body["acknowledged"].get<bool>());
  EXPECT_EQ(acked.body["acknowledged_by"], "office");
  EXPECT_EQ(AuditCount("monitor.alert_ack"), 1u);
  EXPECT_EQ(Call("POST", "/api/v1/monitor/alerts/999999/ack", office_).status, 404);
  Reply newer = Call("GET", "/api/v1/monitor/alerts?after_id=" + std::to_string(id), viewer_);
  ASSERT_EQ(newer.status, 200);
  for (const auto& a : newer.body["items"]) EXPECT_GT(a["id"].get<int64_t>(), id);
}

}  // namespace
}  // namespace carbonpeak::server
