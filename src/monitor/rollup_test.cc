// Rollup states and the engine's rollups: exact under any order and partition of arrival.

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "monitor/internal/decimal.h"
#include "monitor/monitor.h"
#include "monitor/rollup_state.h"
#include "monitor/test_util.h"
#include "tests/testing/fake_clock.h"

namespace carbonpeak::monitor {
namespace {

using domain::MeterInterval;
using domain::MeterKind;
using testing::CreditCode;
using testing::Local;

Contribution RandomContribution(std::mt19937_64& rng) {
  Contribution c;
  c.slot = static_cast<int32_t>(rng() % 50);
  c.quantity = static_cast<int64_t>(rng() % 1000000);
  for (int64_t& m : c.measure) m = static_cast<int64_t>(rng() % 1000000000) - 1000;
  c.missing_mask = static_cast<uint8_t>(rng() % 8 == 0 ? rng() % 8 : 0);
  c.flagged = rng() % 5 == 0;
  return c;
}

TEST(RollupStateTest, AnyOrderAndPartitionGiveTheSameState) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::vector<Contribution> all(1 + rng() % 40);
    for (Contribution& c : all) c = RandomContribution(rng);
    RollupState reference;
    for (const Contribution& c : all) reference.Add(c);
    std::shuffle(all.begin(), all.end(), rng);
    // Split into random parts, fold each, merge the parts in random order.
    std::vector<RollupState> parts(1 + rng() % 5);
    for (const Contribution& c : all) parts[rng() % parts.size()].Add(c);
    std::shuffle(parts.begin(), parts.end(), rng);
    RollupState merged;
    for (const RollupState& p : parts) merged.Merge(p);
    ASSERT_EQ(merged, reference) << "round " << round;
  }
}

TEST(RollupStateTest, LastIsTheTotalOfTheLatestSlot) {
  RollupState s;
  Contribution a;
  a.slot = 10;
  a.quantity = 5;
  for (int64_t& m : a.measure) m = 5;
  Contribution b = a;
  b.slot = 12;
  b.quantity = 7;
  for (int64_t& m : b.measure) m = 7;
  Contribution c = b;
  c.quantity = 1;
  for (int64_t& m : c.measure) m = 1;
  c.missing_mask = 2;  // equivalent caliber missing
  s.Add(b);
  s.Add(a);
  s.Add(c);
  EXPECT_EQ(s.count, 3u);
  EXPECT_EQ(s.last_slot, 12);
  EXPECT_EQ(s.quantity.last, 8);
  EXPECT_EQ(s.measure[0].last, 8);
  EXPECT_EQ(s.measure[1].last, 7);
  EXPECT_EQ(s.missing[1], 1u);
  EXPECT_EQ(s.quantity.min, 1);
  EXPECT_EQ(s.quantity.max, 7);
  EXPECT_EQ(s.measure[1].sum, 12);
}

TEST(RollupStateTest, SerializeRoundTripsAndRefusesOtherVersions) {
  std::mt19937_64 rng(3);
  RollupState s;
  for (int k = 0; k < 10; ++k) s.Add(RandomContribution(rng));
  const std::string bytes = s.Serialize();
  EXPECT_EQ(bytes.size(), RollupState::kSerializedSize);
  EXPECT_EQ(bytes[0], static_cast<char>(RollupState::kVersion));
  Result<RollupState> back = RollupState::Deserialize(bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, s);
  std::string other = bytes;
  other[0] = 2;
  EXPECT_EQ(RollupState::Deserialize(other).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(RollupState::Deserialize(bytes.substr(0, 20)).status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(RollupState::Deserialize(RollupState().Serialize()).value(), RollupState());
}

// ---------------------------------------------------------------------------------------------
// The engine under random arrival.

const refdata::RefData& Ref() {
  static const Result<refdata::RefData> ref = refdata::LoadRefData(CPK_DATA_DIR);
  if (!ref.ok()) {
    ADD_FAILURE() << ref.status().ToString();
    std::abort();
  }
  return *ref;
}

struct TestMeter {
  int enterprise;
  std::string code;
  std::string carrier;
  std::string unit;
  MeterKind kind;
  MeterInterval interval;
};

struct Row {
  std::string text;
  int64_t key;  // identifies (meter, period) for "final value" bookkeeping
};

class RollupPropertyTest : public ::testing::Test {
 protected:
  static constexpr int kEnterprises = 6;

  std::unique_ptr<Engine> NewEngine(int64_t lateness_seconds = 10LL * 365 * 86400,
                                    int threads = 1) {
    EngineOptions options;
    options.allowed_lateness_seconds = lateness_seconds;
    options.threads = threads;
    options.parallel_min_rows = 1;  // every batch takes the multi-threaded path when threads > 1
    Result<std::unique_ptr<Engine>> engine = Engine::Open(
        Ref(), {testing::TestFactorSet(Ref()), {{2023, 305.5, "test value"}}}, clock_, options);
    EXPECT_TRUE(engine.ok()) << engine.status().ToString();
    const char* industries[] = {"C3011", "C3041", "D4411"};
    const char* townships[] = {"430703100", "430703101", "430703102"};
    for (int e = 0; e < kEnterprises; ++e) {
      domain::Enterprise ent =
          testing::MakeEnterprise(e, industries[e % 3], townships[e % 2 + e / 5]);
      if (e == kEnterprises - 1) {
        ent.township_code = "430781100";
        ent.county_code = "430781";
      }
      EXPECT_TRUE((*engine)->RegisterEnterprise(ent).ok());
    }
    for (const TestMeter& m : meters_) {
      domain::Meter meter =
          testing::MakeMeter(m.enterprise, m.code, m.carrier, m.unit, m.kind, m.interval);
      if (m.kind == MeterKind::kCounter) meter.register_max = 100000;
      if (m.code == "E1") meter.multiplier = 40;
      Status s = (*engine)->RegisterMeter(meter);
      EXPECT_TRUE(s.ok()) << s.ToString();
    }
    return std::move(*engine);
  }

  void SetUp() override {
    for (int e = 0; e < kEnterprises; ++e) {
      meters_.push_back(
          {e, "E1", "electricity", "kWh", MeterKind::kInterval, MeterInterval::k15Min});
      meters_.push_back(
          {e, "G1", "natural_gas", "m³", MeterKind::kInterval, MeterInterval::k1Hour});
      meters_.push_back(
          {e, "C1", "electricity", "kWh", MeterKind::kCounter, MeterInterval::k15Min});
      if (e % 2 == 0) {
        meters_.push_back({e, "D1", "diesel", "t", MeterKind::kInterval, MeterInterval::kDay});
        meters_.push_back({e, "M1", "raw_coal", "t", MeterKind::kInterval, MeterInterval::kMonth});
        meters_.push_back(
            {e, "C2", "natural_gas", "m³", MeterKind::kCounter, MeterInterval::k30Min});
      }
    }
    // Readings from 2023-06-29 to 2023-07-02 (a month boundary inside).
    std::mt19937_64 rng(20230701);
    const int64_t start = testing::SlotOf(2023, 6, 29);
    const int64_t end = testing::SlotOf(2023, 7, 2, 12);
    int64_t key = 0;
    for (size_t mi = 0; mi < meters_.size(); ++mi) {
      const TestMeter& m = meters_[mi];
      const int step = m.interval == MeterInterval::k15Min   ? 1
                       : m.interval == MeterInterval::k30Min ? 2
                       : m.interval == MeterInterval::k1Hour ? 4
                                                             : 96;
      int64_t counter = static_cast<int64_t>(rng() % 90000) * 1000000;
      std::vector<int64_t> slots;
      if (m.interval == MeterInterval::kMonth) {
        slots = {testing::SlotOf(2023, 6, 1), testing::SlotOf(2023, 7, 1)};
      } else {
        for (int64_t s = start; s < end; s += step) slots.push_back(s);
      }
      for (int64_t slot : slots) {
        ++key;
        if (rng() % 10 == 0) continue;  // gaps
        int64_t micros;
        if (m.kind == MeterKind::kCounter) {
          counter += static_cast<int64_t>(rng() % 2000000000);
          if (counter >= 100000LL * 1000000) counter -= 100000LL * 1000000;  // wraps
          if (rng() % 150 == 0) counter = 0;                                 // a reset
          micros = counter;
        } else {
          micros = static_cast<int64_t>(rng() % 5000000000) / 1000 * 1000;
        }
        const char* quality[] = {"good", "good",      "good",    "good",    "good",
                                 "good", "estimated", "suspect", "invalid", "good"};
        const std::string when = FormatTimestamp(Timestamp{(slot * 900 - 8 * 3600) * 1000000});
        rows_.push_back(Row{CreditCode(m.enterprise) + "," + m.code + "," + when + "," +
                                internal::MicrosToString(micros) + "," + quality[rng() % 10] + "\n",
                            key});
        wrong_.push_back(Row{
            CreditCode(m.enterprise) + "," + m.code + "," + when + "," +
                internal::MicrosToString(micros + 1000000 + static_cast<int64_t>(rng() % 1000)) +
                ",good\n",
            key});
      }
    }
  }

  static IngestResult Send(Engine& engine, const std::vector<Row>& rows, size_t from, size_t to) {
    std::string csv = "enterprise,meter,period_start,value,quality\n";
    for (size_t k = from; k < to; ++k) csv += rows[k].text;
    IngestResult r = engine.IngestCsv(csv, {"random.csv", ""});
    EXPECT_TRUE(r.accepted) << (r.errors.empty() ? "" : r.errors[0].ToString());
    return r;
  }

  /// Sends `rows` in random batches of 1..max_batch rows.
  void SendRandomly(Engine& engine, std::vector<Row> rows, std::mt19937_64& rng, size_t max_batch) {
    std::shuffle(rows.begin(), rows.end(), rng);
    for (size_t k = 0; k < rows.size();) {
      const size_t n = std::min(rows.size() - k, 1 + static_cast<size_t>(rng() % max_batch));
      Send(engine, rows, k, k + n);
      k += n;
    }
  }

  std::vector<EntityRef> Entities() const {
    std::vector<EntityRef> out = {{Level::kCounty, "430703"},      {Level::kCounty, "430781"},
                                  {Level::kIndustry, "C30"},       {Level::kIndustry, "D44"},
                                  {Level::kTownship, "430703100"}, {Level::kTownship, "430703101"},
                                  {Level::kTownship, "430781100"}};
    for (int e = 0; e < kEnterprises; ++e) out.push_back({Level::kEnterprise, CreditCode(e)});
    for (const TestMeter& m : meters_) {
      out.push_back({Level::kMeter, CreditCode(m.enterprise) + "/" + m.code});
    }
    return out;
  }

  /// Every series of every entity at every granularity, as text, for comparison.
  std::string Dump(const Engine& engine) const {
    std::string out;
    for (const EntityRef& entity : Entities()) {
      for (Granularity g :
           {Granularity::k15Min, Granularity::kHour, Granularity::kDay, Granularity::kMonth}) {
        Result<std::vector<SeriesPoint>> series =
            engine.Series(entity, g, Local(2023, 6, 1), Local(2023, 8, 1));
        EXPECT_TRUE(series.ok()) << series.status().ToString();
        if (!series.ok()) continue;
        for (const SeriesPoint& p : *series) {
          out += std::string(LevelName(entity.level)) + " " + entity.code + " " +
                 std::string(GranularityName(g)) + " " + FormatTimestamp(p.start) + " " +
                 std::to_string(p.state.count) + " " + p.state.Serialize() + "\n";
        }
      }
      Result<RollupState> total =
          engine.Total(entity, Local(2023, 6, 29, 5), Local(2023, 7, 1, 23));
      EXPECT_TRUE(total.ok());
      out += "total " + entity.code + " " + (total.ok() ? total->Serialize() : "") + "\n";
    }
    return out;
  }

  FakeClock clock_{Local(2023, 7, 5)};
  std::vector<TestMeter> meters_;
  std::vector<Row> rows_;
  std::vector<Row> wrong_;
};

TEST_F(RollupPropertyTest, AnyOrderAndBatchingGiveTheRollupsOfARecomputation) {
  std::unique_ptr<Engine> reference = NewEngine();
  Send(*reference, rows_, 0, rows_.size());
  ASSERT_TRUE(reference->CheckRollups().ok()) << reference->CheckRollups().ToString();
  const std::string expected = Dump(*reference);
  ASSERT_GT(expected.size(), 10000u);

  std::mt19937_64 rng(99);
  for (int round = 0; round < 4; ++round) {
    // Rounds 2 and 3 apply batches with 2 and 3 worker threads: the results must not change.
    std::unique_ptr<Engine> engine = NewEngine(10LL * 365 * 86400, round < 2 ? 1 : round);
    SendRandomly(*engine, rows_, rng, round == 0 ? 3 : 400);
    if (round == 3) Send(*engine, rows_, 0, rows_.size());  // one big resend, in parallel
    // Resends of random parts change nothing.
    std::vector<Row> again(rows_.begin(), rows_.begin() + static_cast<ptrdiff_t>(rows_.size() / 3));
    SendRandomly(*engine, again, rng, 100);
    Status check = engine->CheckRollups();
    ASSERT_TRUE(check.ok()) << check.ToString();
    ASSERT_EQ(Dump(*engine), expected) << "round " << round;
  }
}

TEST_F(RollupPropertyTest, CorrectionsLeaveTheRollupsOfTheFinalValues) {
  std::unique_ptr<Engine> reference = NewEngine();
  Send(*reference, rows_, 0, rows_.size());
  std::unique_ptr<Engine> corrected = NewEngine();
  std::mt19937_64 rng(5);
  // Wrong values first (a random half), then everything right, in random batches.
  std::vector<Row> wrong;
  for (const Row& r : wrong_) {
    if (rng() % 2 == 0) wrong.push_back(r);
  }
  SendRandomly(*corrected, wrong, rng, 200);
  SendRandomly(*corrected, rows_, rng, 200);
  Status check = corrected->CheckRollups();
  ASSERT_TRUE(check.ok()) << check.ToString();
  EXPECT_EQ(Dump(*corrected), Dump(*reference));
  EXPECT_EQ(corrected->Stats().revisions, wrong.size());
}

TEST_F(RollupPropertyTest, ShardsMergeIntoTheWhole) {
  std::unique_ptr<Engine> whole = NewEngine();
  Send(*whole, rows_, 0, rows_.size());
  // Two shards, split by meter (each row goes to the shard of its meter).
  std::unique_ptr<Engine> shard[2] = {NewEngine(), NewEngine()};
  std::vector<Row> part[2];
  for (const Row& r : rows_) part[std::hash<std::string>()(r.text.substr(0, 22)) % 2].push_back(r);
  for (int k = 0; k < 2; ++k) Send(*shard[k], part[k], 0, part[k].size());
  for (const EntityRef& entity : Entities()) {
    if (entity.level == Level::kMeter) continue;
    for (Granularity g :
         {Granularity::k15Min, Granularity::kHour, Granularity::kDay, Granularity::kMonth}) {
      std::map<int64_t, RollupState> merged;
      for (int k = 0; k < 2; ++k) {
        Result<std::vector<SeriesPoint>> s =
            shard[k]->Series(entity, g, Local(2023, 6, 1), Local(2023, 8, 1));
        ASSERT_TRUE(s.ok());
        for (const SeriesPoint& p : *s) merged[p.start.micros].Merge(p.state);
      }
      Result<std::vector<SeriesPoint>> w =
          whole->Series(entity, g, Local(2023, 6, 1), Local(2023, 8, 1));
      ASSERT_TRUE(w.ok());
      ASSERT_EQ(w->size(), merged.size()) << entity.code;
      for (const SeriesPoint& p : *w) ASSERT_EQ(merged[p.start.micros], p.state) << entity.code;
    }
  }
}

TEST_F(RollupPropertyTest, LateReadingsStayOutOfRollupsAndRecomputation) {
  std::unique_ptr<Engine> engine = NewEngine(6 * 3600, 2);  // six hours of lateness, 2 workers
  std::mt19937_64 rng(11);
  SendRandomly(*engine, rows_, rng, 300);
  const EngineStats stats = engine->Stats();
  EXPECT_GT(stats.readings, 0u);
  Status check = engine->CheckRollups();
  ASSERT_TRUE(check.ok()) << check.ToString();
}

TEST_F(RollupPropertyTest, TotalsAgreeWithSeriesAndTopEnterprisesRank) {
  std::unique_ptr<Engine> engine = NewEngine();
  Send(*engine, rows_, 0, rows_.size());
  for (const EntityRef& entity : Entities()) {
    Result<std::vector<SeriesPoint>> quarter =
        engine->Series(entity, Granularity::k15Min, Local(2023, 6, 29, 5), Local(2023, 7, 1, 23));
    ASSERT_TRUE(quarter.ok());
    RollupState summed;
    for (const SeriesPoint& p : *quarter) summed.Merge(p.state);
    Result<RollupState> total = engine->Total(entity, Local(2023, 6, 29, 5), Local(2023, 7, 1, 23));
    ASSERT_TRUE(total.ok());
    EXPECT_EQ(*total, summed) << entity.code;
  }
  std::vector<RankedEnterprise> top =
      engine->TopEnterprises(Measure::kCo2, Local(2023, 6, 1), Local(2023, 8, 1), 3);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_GE(top[0].state.measure[2].sum, top[1].state.measure[2].sum);
  EXPECT_GE(top[1].state.measure[2].sum, top[2].state.measure[2].sum);
  RollupState county;
  for (int e = 0; e < kEnterprises - 1; ++e) {
    county.Merge(
        *engine->Total({Level::kEnterprise, CreditCode(e)}, Local(2023, 6, 1), Local(2023, 8, 1)));
  }
  EXPECT_EQ(*engine->Total({Level::kCounty, "430703"}, Local(2023, 6, 1), Local(2023, 8, 1)),
            county);
}

}  // namespace
}  // namespace carbonpeak::monitor
