#include "app/monitoring.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>

#include "app/accounting.h"
#include "tests/testing/fake_clock.h"

namespace carbonpeak::app {
namespace {

namespace fs = std::filesystem;

// 2024-03-20T12:00 local time (UTC+8).
constexpr Timestamp kNow{.micros = (1710907200LL - 8 * 3600 + 12 * 3600) * 1000000};

store::User MakeUser(std::string name, store::Role role, std::string region = "",
                     std::string enterprise = "") {
  store::User u;
  u.username = std::move(name);
  u.role = role;
  u.region_code = std::move(region);
  u.enterprise = std::move(enterprise);
  return u;
}

class MonitoringTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("cpk_monitoring_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    Reopen();
    monitor::SimulatorOptions sim;
    sim.enterprises = 3;
    sim.seed = 9;
    sim.townships = {"430703100"};
    simulator_ = std::make_unique<monitor::Simulator>(sim);
  }
  void TearDown() override {
    platform_.reset();
    fs::remove_all(dir_);
  }
  void Reopen() {
    platform_.reset();
    Options options;
    options.resource_dir = CPK_DATA_DIR;
    options.data_dir = dir_.string();
    auto p = Platform::Open(options, clock_);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    platform_ = std::move(*p);
  }
  void RegisterAll() {
    for (const auto& e : simulator_->enterprises()) {
      ASSERT_TRUE(RegisterEnterprise(*platform_, e, office_).ok());
    }
    for (const auto& m : simulator_->meters()) {
      auto r = RegisterMeter(*platform_, m, office_);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
    }
  }
  std::string Code(int i) { return simulator_->enterprises()[static_cast<size_t>(i)].credit_code; }
  // Readings of one day (2024-03-19 local) for all enterprises, as CSV.
  std::string DayCsv(int day = 19) {
    return monitor::ReadingsToCsv(simulator_->Generate(Local(day), Local(day + 1)));
  }
  /// A local (UTC+8) time in March 2024.
  static Timestamp Local(int day, int hour = 0) {
    return Timestamp{
        (DaysFromCivil(2024, 3, static_cast<unsigned>(day)) * 86400 + hour * 3600 - 8 * 3600) *
        1000000};
  }

  FakeClock clock_{kNow};
  fs::path dir_;
  std::unique_ptr<Platform> platform_;
  std::unique_ptr<monitor::Simulator> simulator_;
  store::User office_ = MakeUser("office", store::Role::kOffice, "430703");
};

TEST_F(MonitoringTest, LocalHelperIsMarch) {
  EXPECT_EQ(FormatTimestamp(Local(1)), "2024-02-29T16:00:00.000000Z");
  EXPECT_EQ(FormatTimestamp(BucketStart(kNow, monitor::Granularity::kMonth)),
            "2024-02-29T16:00:00.000000Z");
  EXPECT_EQ(FormatTimestamp(NextBucket(Local(1), monitor::Granularity::kMonth)),
            "2024-03-31T16:00:00.000000Z");
  auto t = ParseLocalTime("2024-03-01", "from");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(*t, Local(1));
  EXPECT_EQ(*ParseLocalTime("2024-03-01T00:00:00+08:00", "from"), Local(1));
  EXPECT_EQ(*ParseLocalTime("2024-02-29T16:00:00Z", "from"), Local(1));
  auto bad = ParseLocalTime("yesterday", "from");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("from:"), std::string::npos);
}

TEST_F(MonitoringTest, RegistryNeedsOfficeAndValidatesCreditCode) {
  domain::Enterprise e = simulator_->enterprises()[0];
  auto viewer = MakeUser("viewer", store::Role::kViewer, "430703");
  auto refused = RegisterEnterprise(*platform_, e, viewer);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied);
  e.credit_code.back() = e.credit_code.back() == '0' ? '1' : '0';  // wrong check character
  auto bad = RegisterEnterprise(*platform_, e, office_);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  e = simulator_->enterprises()[0];
  e.county_code = "999999";
  EXPECT_EQ(RegisterEnterprise(*platform_, e, office_).status().code(),
            StatusCode::kInvalidArgument);
  RegisterAll();
  auto all = ListEnterprises(*platform_, office_);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 3u);
  auto meters = ListMeters(*platform_, Code(0), office_);
  ASSERT_TRUE(meters.ok());
  EXPECT_EQ(meters->size(), 3u);  // the cement plant
  // Registrations are audited.
  auto audit = platform_->store().audit().List({});
  ASSERT_TRUE(audit.ok());
  size_t registered = 0;
  for (const auto& entry : *audit) registered += entry.action.rfind("monitor.", 0) == 0;
  EXPECT_EQ(registered, 3u + simulator_->meters().size());
}

TEST_F(MonitoringTest, EnterpriseUsersSeeAndWriteOnlyTheirOwn) {
  RegisterAll();
  auto own = MakeUser("qiye", store::Role::kEnterprise, "430703", Code(1));
  auto listed = ListEnterprises(*platform_, own);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].credit_code, Code(1));
  EXPECT_EQ(ListMeters(*platform_, Code(0), own).status().code(), StatusCode::kPermissionDenied);

  // A batch with rows of another enterprise is refused as a whole, with reasons.
  auto r = IngestReadings(*platform_, DayCsv(), BatchFormat::kCsv, "day.csv", own);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->accepted);
  EXPECT_TRUE(RefusedForScope(*r));
  EXPECT_GT(r->error_count, 0u);
  EXPECT_EQ(platform_->Monitor().value()->Stats().readings, 0u);

  // Its own meters only: accepted.
  std::vector<domain::Reading> mine;
  for (const auto& reading : simulator_->Generate(Local(20), Local(20, 6))) {
    if (reading.enterprise == Code(1)) mine.push_back(reading);
  }
  auto ok =
      IngestReadings(*platform_, monitor::ReadingsToCsv(mine), BatchFormat::kCsv, "own.csv", own);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok->accepted) << (ok->errors.empty() ? "" : ok->errors[0].ToString());
  EXPECT_EQ(ok->new_readings, mine.size());

  // Queries: its own series yes, the county and the ranking no.
  SeriesQuery q;
  q.level = monitor::Level::kEnterprise;
  q.code = Code(1);
  auto series = QuerySeries(*platform_, q, own);
  ASSERT_TRUE(series.ok()) << series.status().ToString();
  EXPECT_FALSE(series->points.empty());
  q.code = Code(0);
  EXPECT_EQ(QuerySeries(*platform_, q, own).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(QuerySeries(*platform_, SeriesQuery{}, own).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(QueryTop(*platform_, {}, own).status().code(), StatusCode::kPermissionDenied);

  // Viewers and departments may not write.
  auto viewer = MakeUser("viewer", store::Role::kViewer, "430703");
  EXPECT_EQ(
      IngestReadings(*platform_, DayCsv(20), BatchFormat::kCsv, "x.csv", viewer).status().code(),
      StatusCode::kPermissionDenied);
}

TEST_F(MonitoringTest, BatchesAreAllOrNothingAndQueriesAddUp) {
  RegisterAll();
  std::string csv = DayCsv();
  std::string broken = csv + Code(0) + ",E02,interval,2024-03-19T08:00:00+08:00,-5,good\n";
  auto refused = IngestReadings(*platform_, broken, BatchFormat::kCsv, "broken.csv", office_);
  ASSERT_TRUE(refused.ok());
  EXPECT_FALSE(refused->accepted);
  ASSERT_EQ(refused->error_count, 1u);
  EXPECT_NE(refused->errors[0].ToString().find("broken.csv:"), std::string::npos);
  EXPECT_FALSE(RefusedForScope(*refused));
  EXPECT_EQ(platform_->Monitor().value()->Stats().readings, 0u);

  auto accepted = IngestReadings(*platform_, csv, BatchFormat::kCsv, "day.csv", office_);
  ASSERT_TRUE(accepted.ok());
  ASSERT_TRUE(accepted->accepted);
  // Resending is a no-op.
  auto again = IngestReadings(*platform_, csv, BatchFormat::kCsv, "day.csv", office_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->new_readings, 0u);
  EXPECT_EQ(again->duplicates, accepted->new_readings);

  // County day total = sum of the enterprises' day totals = sum of the hourly series.
  SeriesQuery county;
  county.granularity = monitor::Granularity::kDay;
  county.from = Local(19);
  county.to = Local(20);
  auto c = QuerySeries(*platform_, county, office_);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(c->points.size(), 1u);
  EXPECT_EQ(c->entity.code, "430703");
  const double county_tce = *FiguresOf(c->total).tonnes[0];
  EXPECT_GT(county_tce, 1.0);
  int64_t sum = 0;
  for (int i = 0; i < 3; ++i) {
    SeriesQuery q;
    q.level = monitor::Level::kEnterprise;
    q.code = Code(i);
    q.granularity = monitor::Granularity::kHour;
    q.from = Local(19);
    q.to = Local(20);
    auto s = QuerySeries(*platform_, q, office_);
    ASSERT_TRUE(s.ok());
    sum += s->total.measure[0].sum;
  }
  EXPECT_EQ(sum, c->total.measure[0].sum);

  TopQuery top;
  top.at = Local(19, 12);
  top.granularity = monitor::Granularity::kDay;
  auto t = QueryTop(*platform_, top, office_);
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->items.size(), 3u);
  EXPECT_GE(t->items[0].state.measure[0].sum, t->items[1].state.measure[0].sum);

  auto now = CountyMonthToDate(*platform_, "", office_);
  ASSERT_TRUE(now.ok()) << now.status().ToString();
  EXPECT_EQ(now->county, "430703");
  EXPECT_EQ(now->month.measure[0].sum, c->total.measure[0].sum);  // only the 19th has data
  EXPECT_EQ(now->enterprises, 3u);
  EXPECT_TRUE(now->synthetic);
  auto other = MakeUser("other", store::Role::kViewer, "430923");
  EXPECT_EQ(CountyMonthToDate(*platform_, "430703", other).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_F(MonitoringTest, RestartKeepsRegistryReadingsAndAcknowledgements) {
  RegisterAll();
  // Days with a gap so that alerts exist.
  monitor::SimulatorOptions faulty;
  faulty.enterprises = 3;
  faulty.seed = 9;
  faulty.townships = {"430703100"};
  faulty.fault_rate = 0.5;
  faulty.fault_kinds = {monitor::FaultKind::kGap};
  monitor::Simulator sim(faulty);
  auto r = IngestReadings(*platform_, monitor::ReadingsToCsv(sim.Generate(Local(15), Local(20, 2))),
                          BatchFormat::kCsv, "days.csv", office_);
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->accepted);
  auto alerts = ListAlerts(*platform_, {}, office_);
  ASSERT_TRUE(alerts.ok());
  ASSERT_FALSE(alerts->empty());
  const int64_t id = alerts->front().id;

  auto viewer = MakeUser("viewer", store::Role::kViewer, "430703");
  EXPECT_EQ(AcknowledgeAlert(*platform_, id, viewer).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(AcknowledgeAlert(*platform_, 999999, office_).status().code(), StatusCode::kNotFound);
  auto acked = AcknowledgeAlert(*platform_, id, office_);
  ASSERT_TRUE(acked.ok()) << acked.status().ToString();
  EXPECT_TRUE(acked->acknowledged);
  EXPECT_EQ(acked->acknowledged_by, "office");
  AlertQuery open;
  open.unacknowledged_only = true;
  const size_t open_before = ListAlerts(*platform_, open, office_)->size();

  const monitor::EngineStats before = platform_->Monitor().value()->Stats();
  Reopen();
  auto engine = platform_->Monitor();
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  const monitor::EngineStats after = (*engine)->Stats();
  EXPECT_EQ(after.readings, before.readings);
  EXPECT_EQ(after.enterprises, 3u);
  EXPECT_EQ(after.meters, simulator_->meters().size());
  EXPECT_EQ(ListAlerts(*platform_, open, office_)->size(), open_before);
  EXPECT_TRUE((*engine)->CheckRollups().ok());
  // The enterprise user sees only its own alerts.
  auto own = MakeUser("qiye", store::Role::kEnterprise, "430703", Code(2));
  auto own_alerts = ListAlerts(*platform_, {}, own);
  ASSERT_TRUE(own_alerts.ok());
  for (const auto& a : *own_alerts) EXPECT_EQ(a.enterprise, Code(2));
  // The acknowledgement is in the audit log.
  store::AuditQuery q;
  auto audit = platform_->store().audit().List(q);
  ASSERT_TRUE(audit.ok());
  bool found = false;
  for (const auto& entry : *audit) {
    found = found || (entry.action == "monitor.alert_ack" &&
                      entry.entity == "alert:" + std::to_string(id) && entry.actor == "office");
  }
  EXPECT_TRUE(found);
}

TEST_F(MonitoringTest, DemoRegistersBackfillsAndFeeds) {
  ASSERT_TRUE(platform_->LoadDemo().ok());
  ASSERT_TRUE(LoadDemoStatistics(*platform_).ok());
  MonitorDemoOptions options;
  options.enterprises = 5;
  options.live_interval_seconds = 1;
  auto demo = LoadMonitorDemo(*platform_, options);
  ASSERT_TRUE(demo.ok()) << demo.status().ToString();
  EXPECT_EQ(demo->enterprises.size(), 5u);
  EXPECT_GT(demo->backfilled_readings, 1000u);
  EXPECT_EQ(MonitorRegion(*platform_), "430703");
  auto now = CountyMonthToDate(*platform_, "", office_);
  ASSERT_TRUE(now.ok());
  EXPECT_TRUE(now->synthetic);
  // Grid factor and 发电煤耗 of 2024 supplied as demo values: CO2 and 等价值 are complete.
  RollupFigures f = FiguresOf(now->month);
  EXPECT_TRUE(f.complete[2]) << "CO2 incomplete";
  EXPECT_TRUE(f.complete[1]) << "等价值 incomplete";
  // The live feed moves the figures as time passes.
  const uint64_t readings = now->readings;
  clock_.Advance(std::chrono::minutes(30));
  for (int i = 0; i < 50; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (platform_->Monitor().value()->Stats().readings > readings) break;
  }
  EXPECT_GT(platform_->Monitor().value()->Stats().readings, readings);
  platform_->CloseMonitor();  // stops the feed, then closes
}

}  // namespace
}  // namespace carbonpeak::app
