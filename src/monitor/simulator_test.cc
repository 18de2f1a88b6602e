#include "monitor/simulator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <string>

#include "monitor/monitor.h"
#include "monitor/test_util.h"
#include "tests/testing/fake_clock.h"

namespace carbonpeak::monitor {
namespace {

using testing::Local;

const refdata::RefData& Ref() {
  static const Result<refdata::RefData> ref = refdata::LoadRefData(CPK_DATA_DIR);
  if (!ref.ok()) {
    ADD_FAILURE() << ref.status().ToString();
    std::abort();
  }
  return *ref;
}

SimulatorOptions Opts(int enterprises, uint64_t seed, double fault_rate = 0) {
  SimulatorOptions options;
  options.enterprises = enterprises;
  options.seed = seed;
  options.fault_rate = fault_rate;
  return options;
}

IngestRequest Source(std::string name) {
  IngestRequest request;
  request.source_name = std::move(name);
  return request;
}

TEST(SimulatorTest, SameSeedSameStreamOtherSeedOtherStream) {
  SimulatorOptions options = Opts(6, 7, 0.2);
  Simulator a(options), b(options);
  const std::string csv_a = ReadingsToCsv(a.Generate(Local(2023, 5, 1), Local(2023, 5, 4)));
  const std::string csv_b = ReadingsToCsv(b.Generate(Local(2023, 5, 1), Local(2023, 5, 4)));
  EXPECT_EQ(csv_a, csv_b);
  EXPECT_EQ(a.faults().size(), b.faults().size());
  EXPECT_FALSE(a.faults().empty());

  options.seed = 8;
  Simulator c(options);
  EXPECT_NE(csv_a, ReadingsToCsv(c.Generate(Local(2023, 5, 1), Local(2023, 5, 4))));
  // Registry: the same made-up enterprises, every credit code valid, names marked SYNTHETIC.
  ASSERT_EQ(a.enterprises().size(), 6u);
  std::set<std::string> industries;
  for (const domain::Enterprise& e : a.enterprises()) {
    EXPECT_TRUE(domain::ValidateEnterprise(e).ok()) << domain::ValidateEnterprise(e).ToString();
    EXPECT_EQ(e.name.rfind("SYNTHETIC", 0), 0u) << e.name;
    industries.insert(e.industry_code);
  }
  EXPECT_EQ(industries.size(), 5u);
  for (const domain::Meter& m : a.meters()) EXPECT_TRUE(domain::ValidateMeter(m).ok());
}

TEST(SimulatorTest, ChunkedGenerationEqualsOneCall) {
  SimulatorOptions options = Opts(5, 3);
  Simulator whole(options), chunked(options);
  std::vector<domain::Reading> all = whole.Generate(Local(2023, 5, 1), Local(2023, 5, 3));
  std::vector<domain::Reading> parts = chunked.Generate(Local(2023, 5, 1), Local(2023, 5, 1, 13));
  std::vector<domain::Reading> rest = chunked.Generate(Local(2023, 5, 1, 13), Local(2023, 5, 3));
  parts.insert(parts.end(), rest.begin(), rest.end());
  EXPECT_EQ(ReadingsToCsv(all), ReadingsToCsv(parts));
  // Two days: 15-minute, hourly and daily meters all reported.
  size_t daily = 0;
  for (const auto& r : all) daily += r.statistics == domain::StatisticsType::kDay ? 1 : 0;
  EXPECT_EQ(daily, 2u);  // one cement plant, one coal meter, two days
}

TEST(SimulatorTest, LoadProfilesShowDayNightAndWeekends) {
  Simulator sim(Opts(5, 11));
  // 2023-05-01 was a Monday; 2023-05-07 a Sunday. Food plant (one shift): enterprise 4, E01.
  std::vector<domain::Reading> readings = sim.Generate(Local(2023, 5, 1), Local(2023, 5, 8));
  const std::string food = sim.enterprises()[3].credit_code;
  double monday_noon = 0, monday_night = 0, sunday_noon = 0;
  for (const auto& r : readings) {
    if (r.enterprise != food || r.meter != "E01") continue;
    if (r.period_start == Local(2023, 5, 1, 12)) monday_noon = r.value;
    if (r.period_start == Local(2023, 5, 1, 2)) monday_night = r.value;
    if (r.period_start == Local(2023, 5, 7, 12)) sunday_noon = r.value;
  }
  EXPECT_GT(monday_noon, 5 * monday_night);
  EXPECT_GT(monday_noon, 5 * sunday_noon);
}

class SimulatorEngineTest : public ::testing::Test {
 protected:
  std::unique_ptr<Engine> Open() {
    ConversionSpec spec{testing::TestFactorSet(Ref()), {}};
    auto engine = Engine::Open(Ref(), std::move(spec), clock_, {});
    EXPECT_TRUE(engine.ok()) << engine.status().ToString();
    return engine.ok() ? std::move(*engine) : nullptr;
  }
  FakeClock clock_{Local(2023, 6, 1)};
};

TEST_F(SimulatorEngineTest, CleanStreamIsAcceptedWithoutQualityAlerts) {
  Simulator sim(Opts(5, 5));
  std::unique_ptr<Engine> engine = Open();
  ASSERT_NE(engine, nullptr);
  ASSERT_TRUE(engine->RegisterAll(sim.enterprises(), sim.meters()).ok());
  std::vector<domain::Reading> readings = sim.Generate(Local(2023, 5, 1), Local(2023, 5, 12));
  IngestResult r = engine->IngestCsv(ReadingsToCsv(readings), Source("sim.csv"));
  ASSERT_TRUE(r.accepted) << (r.errors.empty() ? r.status.ToString() : r.errors[0].ToString());
  EXPECT_EQ(r.new_readings, readings.size());
  for (domain::AlertKind kind :
       {domain::AlertKind::kGap, domain::AlertKind::kStuck, domain::AlertKind::kSpike,
        domain::AlertKind::kCounterReset, domain::AlertKind::kIncomplete}) {
    AlertFilter filter;
    filter.kind = kind;
    for (const domain::Alert& a : engine->Alerts(filter)) {
      // The spike baseline is one level per day, blind to the time of day, so the night of a
      // shift plant (textiles, food) stands out against its day; continuous processes must
      // stay quiet.
      const bool shift_plant = a.enterprise == sim.enterprises()[2].credit_code ||
                               a.enterprise == sim.enterprises()[3].credit_code;
      if (kind == domain::AlertKind::kSpike && shift_plant) continue;
      ADD_FAILURE() << domain::AlertKindName(kind) << ": " << a.message;
    }
  }
  EXPECT_TRUE(engine->CheckRollups().ok());
}

TEST_F(SimulatorEngineTest, InjectedFaultsAreFoundByTheQualityChecks) {
  Simulator sim(Opts(5, 21, 0.25));
  std::unique_ptr<Engine> engine = Open();
  ASSERT_NE(engine, nullptr);
  ASSERT_TRUE(engine->RegisterAll(sim.enterprises(), sim.meters()).ok());
  // Whole days in batches of one day, then a little of the next to close the last day.
  size_t duplicates = 0, corrections = 0;
  for (int day = 1; day <= 14; ++day) {
    std::vector<domain::Reading> readings =
        sim.Generate(Local(2023, 5, day), Local(2023, 5, day + 1));
    IngestResult r = engine->IngestCsv(ReadingsToCsv(readings), Source("day.csv"));
    ASSERT_TRUE(r.accepted) << (r.errors.empty() ? r.status.ToString() : r.errors[0].ToString());
    duplicates += r.duplicates;
    corrections += r.corrections;
  }
  ASSERT_TRUE(
      engine
          ->IngestCsv(ReadingsToCsv(sim.Generate(Local(2023, 5, 15), Local(2023, 5, 15, 3))),
                      Source("close.csv"))
          .accepted);
  // Each injected fault is reported by the check that belongs to it, for its meter.
  size_t checked = 0;
  for (const InjectedFault& f : sim.faults()) {
    if (f.start >= Local(2023, 5, 15)) continue;
    std::optional<domain::AlertKind> expected;
    switch (f.kind) {
      case FaultKind::kGap:
        expected = domain::AlertKind::kGap;
        break;
      case FaultKind::kStuck:
        expected = domain::AlertKind::kStuck;
        break;
      case FaultKind::kSpike:
        // The robust baseline needs three earlier days.
        if (f.start >= Local(2023, 5, 4)) expected = domain::AlertKind::kSpike;
        break;
      case FaultKind::kCounterReset:
        expected = domain::AlertKind::kCounterReset;
        break;
      default:
        break;
    }
    if (!expected) continue;
    AlertFilter filter;
    filter.enterprise = f.enterprise;
    filter.kind = *expected;
    std::vector<domain::Alert> alerts = engine->Alerts(filter);
    bool found = std::any_of(alerts.begin(), alerts.end(), [&](const domain::Alert& a) {
      return a.meter == f.meter && a.period_start < f.end && f.start < a.period_end;
    });
    EXPECT_TRUE(found) << FaultKindName(f.kind) << " of " << f.enterprise << "/" << f.meter
                       << " at " << FormatTimestamp(f.start) << " not reported";
    ++checked;
  }
  EXPECT_GE(checked, 8u);
  size_t sent_twice = 0, corrected = 0;
  for (const InjectedFault& f : sim.faults()) {
    sent_twice += f.kind == FaultKind::kDuplicate ? 1 : 0;
    corrected += f.kind == FaultKind::kCorrection ? 1 : 0;
  }
  EXPECT_EQ(duplicates, sent_twice);
  EXPECT_EQ(corrections, corrected);
  EXPECT_TRUE(engine->CheckRollups().ok());
}

}  // namespace
}  // namespace carbonpeak::monitor
