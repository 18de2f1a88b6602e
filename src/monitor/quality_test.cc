// Quality checks and alerts.

#include "monitor/quality.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <mutex>
#include <string>

#include "monitor/internal/decimal.h"
#include "monitor/monitor.h"
#include "monitor/test_util.h"
#include "tests/testing/fake_clock.h"

namespace carbonpeak::monitor {
namespace {

using domain::Alert;
using domain::AlertKind;
using domain::MeterInterval;
using domain::MeterKind;
using testing::CreditCode;
using testing::Local;

TEST(RobustStatsTest, MedianAndMad) {
  std::vector<int64_t> v = {1, 2, 3, 4, 100};
  RobustStats s = ComputeRobustStats(v);
  EXPECT_EQ(s.median, 3);
  EXPECT_EQ(s.mad, 1);  // deviations 2 1 0 1 97
  std::vector<int64_t> none;
  EXPECT_EQ(ComputeRobustStats(none).median, 0);
  EXPECT_FALSE(Baseline({{10, 1}, {12, 2}}).has_value()) << "fewer than 3 days";
  std::optional<RobustStats> b = Baseline({{10, 1}, {12, 2}, {11, 9}, {1000, 500}});
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->median, 11);
  EXPECT_EQ(b->mad, 2);
}

DayInput RegularDay(int64_t value = 100) {
  DayInput d;
  d.use.assign(96, value);
  d.raw.assign(96, std::nullopt);
  for (int k = 0; k < 96; ++k) d.raw[static_cast<size_t>(k)] = value + k % 7;  // not stuck
  d.received.assign(96, true);
  return d;
}

TEST(CheckDayTest, CompletenessAndGaps) {
  DayInput d = RegularDay();
  for (int k = 10; k < 20; ++k) {
    d.received[static_cast<size_t>(k)] = false;
    d.use[static_cast<size_t>(k)].reset();
    d.raw[static_cast<size_t>(k)].reset();
  }
  d.received[50] = false;
  QualityOptions options;
  DayFindings f = CheckDay(d, options);
  EXPECT_EQ(f.received, 85);
  EXPECT_EQ(f.expected, 96);
  EXPECT_NEAR(f.completeness, 85.0 / 96, 1e-12);
  EXPECT_EQ(f.longest_gap, 10);
  EXPECT_EQ(f.gap_start, 10);
  EXPECT_EQ(f.gaps, 1) << "the single missing period is shorter than an hour";
}

TEST(CheckDayTest, StuckValuesOnlyWhenNonZeroAndLong) {
  DayInput d = RegularDay();
  for (int k = 30; k < 50; ++k) d.raw[static_cast<size_t>(k)] = 777;
  for (int k = 60; k < 90; ++k) d.raw[static_cast<size_t>(k)] = 0;  // a plant that is off
  DayFindings f = CheckDay(d, QualityOptions());
  EXPECT_EQ(f.stuck_run, 20);
  EXPECT_EQ(f.stuck_start, 30);
  EXPECT_EQ(f.stuck_value, 777);
  for (int k = 30; k < 44; ++k) d.raw[static_cast<size_t>(k)] = k;
  EXPECT_EQ(CheckDay(d, QualityOptions()).stuck_run, 0) << "6 repeats are under 4 hours";
}

TEST(CheckDayTest, SpikesAgainstTheBaseline) {
  DayInput d = RegularDay(1000);
  d.use[40] = 1000 + 6 * 15 + 5;  // just beyond 6 × 1.4826 × 10 (≈ 89)... and the 1 % floor
  d.use[41] = 5000;
  d.baseline = RobustStats{1000, 10};
  DayFindings f = CheckDay(d, QualityOptions());
  EXPECT_EQ(f.spikes, 2);
  EXPECT_EQ(f.spike_period, 41);
  EXPECT_EQ(f.spike_value, 5000);
  d.baseline.reset();
  EXPECT_EQ(CheckDay(d, QualityOptions()).spikes, 0) << "no history, no spike verdict";
}

TEST(CheckPaceTest, ExtrapolatesLinearly) {
  PaceFinding p = CheckPace(100, 10, 30, 250);
  EXPECT_DOUBLE_EQ(p.projected, 300);
  EXPECT_TRUE(p.over_pace);
  EXPECT_FALSE(p.exceeded);
  EXPECT_TRUE(CheckPace(300, 10, 30, 250).exceeded);
  EXPECT_FALSE(CheckPace(10, 10, 30, 250).over_pace);
}

// ---------------------------------------------------------------------------------------------

const refdata::RefData& Ref() {
  static const Result<refdata::RefData> ref = refdata::LoadRefData(CPK_DATA_DIR);
  if (!ref.ok()) {
    ADD_FAILURE() << ref.status().ToString();
    std::abort();
  }
  return *ref;
}

class CollectingSink final : public MonitorSink {
 public:
  void OnAlerts(const std::vector<Alert>& alerts) override {
    std::lock_guard lock(mu_);
    received_.insert(received_.end(), alerts.begin(), alerts.end());
  }
  size_t size() {
    std::lock_guard lock(mu_);
    return received_.size();
  }

 private:
  std::mutex mu_;
  std::vector<Alert> received_;
};

class AlertsTest : public ::testing::Test {
 protected:
  std::unique_ptr<Engine> Open(const std::string& dir = "") {
    EngineOptions options;
    options.data_dir = dir;
    options.sink = &sink_;
    Result<std::unique_ptr<Engine>> engine =
        Engine::Open(Ref(), {testing::TestFactorSet(Ref()), {}}, clock_, options);
    EXPECT_TRUE(engine.ok()) << engine.status().ToString();
    return std::move(*engine);
  }

  void Register(Engine& engine) {
    domain::Enterprise e = testing::MakeEnterprise(1);
    e.annual_energy_budget_tce = 60;  // small: the test load runs over it
    e.annual_carbon_budget_tco2 = 100000;
    ASSERT_TRUE(engine.RegisterEnterprise(e).ok());
    ASSERT_TRUE(engine.RegisterMeter(testing::MakeMeter(1, "E01")).ok());
    domain::Meter counter = testing::MakeMeter(1, "C1", "electricity", "kWh", MeterKind::kCounter,
                                               MeterInterval::k1Hour);
    counter.register_max = 10000;
    ASSERT_TRUE(engine.RegisterMeter(counter).ok());
  }

  /// Ten days of 15-minute data for E01 from 2023-05-01 with faults on days 8, 9 and 10; an
  /// hourly counter with a rollover on day 5 and a reset on day 6; a monthly report for May.
  std::string Data() {
    std::string csv = "enterprise,meter,statistics,period_start,value\n";
    const std::string e1 = CreditCode(1);
    for (int day = 1; day <= 10; ++day) {
      for (int q = 0; q < 96; ++q) {
        if (day == 8 && q >= 40 && q < 60) continue;  // 5 hours missing: incomplete + gap
        double value = 100 + 40 * std::sin(q / 96.0 * 6.283) + (q * 37 % 11);
        if (day == 9 && q >= 20 && q < 40) value = 123.45;  // stuck
        if (day == 10 && q == 50) value = 5000;             // spike
        char text[32];
        std::snprintf(text, sizeof text, "%.2f", value);
        csv += e1 + ",E01,," + FormatTimestamp(Local(2023, 5, day, q / 4, (q % 4) * 15)) + "," +
               text + "\n";
      }
    }
    double reg = 9000;
    for (int day = 1; day <= 10; ++day) {
      for (int h = 0; h < 24; ++h) {
        reg += 20;
        if (reg >= 10000) reg -= 10000;    // day 5-ish: rollover
        if (day == 6 && h == 12) reg = 3;  // reset
        char text[32];
        std::snprintf(text, sizeof text, "%.0f", reg);
        csv += e1 + ",C1,," + FormatTimestamp(Local(2023, 5, day, h)) + "," + text + "\n";
      }
    }
    csv += e1 + ",E01,month," + FormatTimestamp(Local(2023, 5, 1)) + ",500000\n";
    // Close May: the latest period start must pass June 1 by an hour.
    csv += e1 + ",E01,," + FormatTimestamp(Local(2023, 6, 1, 2)) + ",100\n";
    return csv;
  }

  static std::vector<Alert> OfKind(const Engine& engine, AlertKind kind) {
    AlertFilter filter;
    filter.kind = kind;
    return engine.Alerts(filter);
  }

  FakeClock clock_{Local(2023, 6, 2)};
  CollectingSink sink_;
};

TEST_F(AlertsTest, FaultsInTheDataRaiseTheRightAlerts) {
  std::unique_ptr<Engine> engine = Open();
  Register(*engine);
  IngestResult r = engine->IngestCsv(Data(), {"month.csv", ""});
  ASSERT_TRUE(r.accepted) << (r.errors.empty() ? "" : r.errors[0].ToString());
  EXPECT_GT(r.alerts, 0u);
  EXPECT_EQ(sink_.size(), r.alerts) << "the sink hears about every new alert";

  std::vector<Alert> incomplete = OfKind(*engine, AlertKind::kIncomplete);
  ASSERT_EQ(incomplete.size(), 1u);
  EXPECT_EQ(incomplete[0].meter, "E01");
  EXPECT_EQ(incomplete[0].period_start, Local(2023, 5, 8));
  EXPECT_NEAR(incomplete[0].observed, 76.0 / 96, 1e-9);
  EXPECT_NE(incomplete[0].message.find("76 of 96"), std::string::npos) << incomplete[0].message;

  std::vector<Alert> gaps = OfKind(*engine, AlertKind::kGap);
  ASSERT_GE(gaps.size(), 1u);
  bool day8_gap = false;
  for (const Alert& a : gaps) {
    if (a.meter == "E01" && a.period_start == Local(2023, 5, 8, 10)) {
      day8_gap = true;
      EXPECT_EQ(a.period_end, Local(2023, 5, 8, 15));
    }
  }
  EXPECT_TRUE(day8_gap);

  std::vector<Alert> stuck = OfKind(*engine, AlertKind::kStuck);
  ASSERT_EQ(stuck.size(), 1u);
  EXPECT_EQ(stuck[0].period_start, Local(2023, 5, 9, 5));
  EXPECT_DOUBLE_EQ(stuck[0].observed, 123.45);

  std::vector<Alert> spikes = OfKind(*engine, AlertKind::kSpike);
  ASSERT_EQ(spikes.size(), 1u);
  EXPECT_EQ(spikes[0].period_start, Local(2023, 5, 10, 12, 30));
  EXPECT_DOUBLE_EQ(spikes[0].observed, 5000);

  std::vector<Alert> rollovers = OfKind(*engine, AlertKind::kCounterRollover);
  std::vector<Alert> resets = OfKind(*engine, AlertKind::kCounterReset);
  ASSERT_EQ(rollovers.size(), 1u);
  ASSERT_EQ(resets.size(), 1u);
  EXPECT_EQ(resets[0].period_start, Local(2023, 5, 6, 12));
  EXPECT_DOUBLE_EQ(resets[0].observed, 3);

  // 960 readings of ~100 kWh ≈ 96 000 kWh ≈ 11.8 tce in 10 days of May: 36.6 tce projected
  // for the month against 60 × 31/365 = 5.1 tce.
  std::vector<Alert> budget = OfKind(*engine, AlertKind::kBudgetPace);
  ASSERT_FALSE(budget.empty());
  bool exceeded_month = false;
  for (const Alert& a : budget) {
    EXPECT_EQ(a.enterprise, CreditCode(1));
    EXPECT_TRUE(a.meter.empty());
    if (a.severity == domain::AlertSeverity::kCritical && a.period_start == Local(2023, 5, 1) &&
        a.period_end == Local(2023, 6, 1)) {
      exceeded_month = true;
      EXPECT_NEAR(a.expected, 60.0 * 31 / 365, 1e-9);
    }
  }
  EXPECT_TRUE(exceeded_month);
  EXPECT_EQ(OfKind(*engine, AlertKind::kBudgetPace).size(), budget.size())
      << "each budget alert is raised once, not daily";

  std::vector<Alert> mismatch = OfKind(*engine, AlertKind::kMonthlyMismatch);
  ASSERT_EQ(mismatch.size(), 1u);
  EXPECT_DOUBLE_EQ(mismatch[0].expected, 500000);
}

TEST_F(AlertsTest, LateReadingsAndMissingFactorsAreReported) {
  std::unique_ptr<Engine> engine = Open();
  Register(*engine);
  ASSERT_TRUE(
      engine->IngestCsv("meter,period_start,value\nE01,2023-05-20 08:00,1\n", {"a", ""}).accepted);
  IngestResult late = engine->IngestCsv(
      "meter,period_start,value\nE01,2023-05-10 08:00,1\nE01,2023-05-10 08:15,1\n", {"b", ""});
  EXPECT_EQ(late.late, 2u);
  std::vector<Alert> alerts = OfKind(*engine, AlertKind::kLateReading);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_DOUBLE_EQ(alerts[0].observed, 2);
  EXPECT_EQ(alerts[0].raised_at, clock_.Now());
  clock_.Set(Local(2024, 2, 2));
  ASSERT_TRUE(
      engine->IngestCsv("meter,period_start,value\nE01,2024-02-01 08:00,1\n", {"c", ""}).accepted);
  // 2023 and 2024 lack a 发电煤耗 (等价值), 2024 also the grid factor: one alert each, not one
  // per reading.
  std::vector<Alert> missing = OfKind(*engine, AlertKind::kMissingFactor);
  ASSERT_EQ(missing.size(), 3u);
  int grid = 0;
  for (const Alert& a : missing) {
    if (a.message.find("grid_co2_ef@2024") != std::string::npos) {
      ++grid;
      EXPECT_EQ(a.period_start, Local(2024, 1, 1));
      EXPECT_EQ(a.meter, "E01");
    }
  }
  EXPECT_EQ(grid, 1);
}

TEST_F(AlertsTest, AlertsAndAcknowledgementsSurviveRestartsAndCompaction) {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() /
      ("cpk-alerts-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
       std::to_string(reinterpret_cast<uintptr_t>(this)));
  std::filesystem::remove_all(dir);
  std::vector<Alert> before;
  {
    std::unique_ptr<Engine> engine = Open(dir.string());
    Register(*engine);
    ASSERT_TRUE(engine->IngestCsv(Data(), {"month.csv", ""}).accepted);
    before = engine->Alerts({});
    ASSERT_GT(before.size(), 3u);
    EXPECT_EQ(engine->AcknowledgeAlert(before[0].id, "").code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(engine->AcknowledgeAlert(9999, "wang").code(), StatusCode::kNotFound);
    clock_.Set(Local(2023, 6, 3));
    ASSERT_TRUE(engine->AcknowledgeAlert(before[0].id, "wang").ok());
  }
  for (int round = 0; round < 2; ++round) {
    std::unique_ptr<Engine> engine = Open(dir.string());
    std::vector<Alert> after = engine->Alerts({});
    ASSERT_EQ(after.size(), before.size());
    for (size_t k = 0; k < after.size(); ++k) {
      EXPECT_EQ(after[k].id, before[k].id);
      EXPECT_EQ(after[k].message, before[k].message);
      EXPECT_EQ(after[k].raised_at, before[k].raised_at) << "kept from the log, not re-stamped";
    }
    EXPECT_TRUE(after[0].acknowledged);
    EXPECT_EQ(after[0].acknowledged_by, "wang");
    EXPECT_EQ(after[0].acknowledged_at, Local(2023, 6, 3));
    AlertFilter open;
    open.unacknowledged_only = true;
    EXPECT_EQ(engine->Alerts(open).size(), before.size() - 1);
    // Resending the data raises nothing new.
    EXPECT_EQ(engine->IngestCsv(Data(), {"again.csv", ""}).alerts, 0u);
    if (round == 0) {
      ASSERT_TRUE(engine->Compact().ok());
    }
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace carbonpeak::monitor
