#include <gtest/gtest.h>

#include <string>

#include "monitor/monitor.h"
#include "monitor/test_util.h"
#include "tests/testing/fake_clock.h"

namespace carbonpeak::monitor {
namespace {

using domain::MeterInterval;
using domain::MeterKind;
using testing::CreditCode;
using testing::Local;
using testing::MakeEnterprise;
using testing::MakeMeter;

const refdata::RefData& Ref() {
  static const Result<refdata::RefData> ref = refdata::LoadRefData(CPK_DATA_DIR);
  if (!ref.ok()) {
    ADD_FAILURE() << ref.status().ToString();
    std::abort();
  }
  return *ref;
}

constexpr int64_t kMg = 1;  // readability: values below are milligrams

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override { Open({}); }

  void Open(std::vector<domain::GenerationCoalRate> rates, EngineOptions options = {}) {
    ConversionSpec spec{testing::TestFactorSet(Ref()), std::move(rates)};
    Result<std::unique_ptr<Engine>> engine = Engine::Open(Ref(), std::move(spec), clock_, options);
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(*engine);
    ASSERT_TRUE(engine_->RegisterEnterprise(MakeEnterprise(1)).ok());
    ASSERT_TRUE(engine_->RegisterEnterprise(MakeEnterprise(2, "D4411", "430703101")).ok());
    ASSERT_TRUE(engine_->RegisterMeter(MakeMeter(1, "E01")).ok());
    ASSERT_TRUE(engine_->RegisterMeter(MakeMeter(1, "NG1", "natural_gas", "m³")).ok());
    ASSERT_TRUE(engine_
                    ->RegisterMeter(MakeMeter(2, "C1", "electricity", "kWh", MeterKind::kCounter,
                                              MeterInterval::k1Hour))
                    .ok());
  }

  IngestResult Csv(const std::string& body) {
    return engine_->IngestCsv(
        "enterprise,meter,statistics,period_start,value,unit,quality\n" + body, {"test.csv", ""});
  }

  std::string Row(int enterprise, const std::string& meter, const std::string& when,
                  const std::string& value, const std::string& extra = ",,") {
    // extra: ",unit,quality" without statistics; statistics is the first field after meter.
    return CreditCode(enterprise) + "," + meter + ",," + when + "," + value + extra + "\n";
  }

  RollupState MeterTotal(const std::string& meter, Timestamp from, Timestamp to) {
    Result<RollupState> total = engine_->Total({Level::kMeter, meter}, from, to);
    EXPECT_TRUE(total.ok()) << total.status().ToString();
    return total.ok() ? *total : RollupState();
  }

  FakeClock clock_{Local(2023, 7, 2)};
  std::unique_ptr<Engine> engine_;
};

TEST_F(EngineTest, RegistrationChecksCarrierAndUnit) {
  Status s = engine_->RegisterMeter(MakeMeter(1, "X", "steam_coal"));
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("energy_carriers.csv"), std::string::npos) << s.message();
  s = engine_->RegisterMeter(MakeMeter(1, "X", "natural_gas", "kWh"));
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("does not measure natural_gas"), std::string::npos) << s.message();
  s = engine_->RegisterMeter(MakeMeter(3, "X"));
  EXPECT_FALSE(s.ok()) << "enterprise 3 is not registered";
  domain::Meter changed = MakeMeter(1, "E01");
  changed.multiplier = 2;
  EXPECT_EQ(engine_->RegisterMeter(changed).code(), StatusCode::kFailedPrecondition);
}

TEST_F(EngineTest, ConvertsElectricityAndGasWithReferenceFactors) {
  IngestResult r =
      Csv(Row(1, "E01", "2023-07-01 08:00", "1000") + Row(1, "NG1", "2023-07-01 08:00", "100"));
  ASSERT_TRUE(r.accepted) << (r.errors.empty() ? "" : r.errors[0].ToString());
  EXPECT_EQ(r.new_readings, 2u);
  const RollupState e = MeterTotal("E01", Local(2023, 7, 1), Local(2023, 7, 2));
  EXPECT_EQ(e.count, 1u);
  EXPECT_EQ(e.quantity.sum, 1000000000);
  // 1000 kWh × 0.1229 kgce/kWh (电力 当量值) = 122.9 kgce.
  EXPECT_EQ(e.measure[0].sum, 122900000 * kMg);
  // 1000 kWh × 0.4976 kgCO2/kWh (湖南 2023 provincial average) = 497.6 kg.
  EXPECT_EQ(e.measure[2].sum, 497600000 * kMg);
  EXPECT_EQ(e.missing[1], 1u) << "no 发电煤耗 for 2023: 等价值 is missing, not zero";
  const RollupState g = MeterTotal(CreditCode(1) + "/NG1", Local(2023, 7, 1), Local(2023, 7, 2));
  // 100 m³ × 1.2143 kgce/m³ = 121.43 kgce; 等价值 equals 当量值 for fuels.
  EXPECT_EQ(g.measure[0].sum, 121430000 * kMg);
  EXPECT_EQ(g.measure[1].sum, 121430000 * kMg);
  // 389.31 GJ/10^4 m³ × 15.3 tC/TJ × 0.99 × 44/12 = 21.6219 tCO2 per 10^4 m³ → 216.219 kg.
  EXPECT_NEAR(static_cast<double>(g.measure[2].sum), 216218.9e3, 1e3);
  EXPECT_EQ(g.missing[2], 0u);
}

TEST_F(EngineTest, EquivalentCaliberUsesTheYearsCoalRate) {
  Open({domain::GenerationCoalRate{2023, 300, "test value"}});
  ASSERT_TRUE(Csv(Row(1, "E01", "2023-07-01 08:00", "1000")).accepted);
  const RollupState e = MeterTotal("E01", Local(2023, 7, 1), Local(2023, 7, 2));
  EXPECT_EQ(e.measure[1].sum, 300000000 * kMg) << "1000 kWh × 300 gce/kWh = 300 kgce";
  EXPECT_EQ(e.missing[1], 0u);
}

TEST_F(EngineTest, MissingFactorIsReportedNeverZero) {
  clock_.Set(Local(2024, 7, 2));
  ASSERT_TRUE(Csv(Row(1, "E01", "2024-07-01 08:00", "1000")).accepted);
  const RollupState e = MeterTotal("E01", Local(2024, 7, 1), Local(2024, 7, 2));
  EXPECT_EQ(e.count, 1u);
  EXPECT_EQ(e.missing[2], 1u);
  EXPECT_EQ(e.measure[2].sum, 0);
  EXPECT_FALSE(e.Complete(Measure::kCo2));
  bool found = false;
  for (const MissingFactor& f : engine_->MissingFactors()) {
    if (f.measure == Measure::kCo2) {
      found = true;
      EXPECT_EQ(f.key.year, 2024);
      EXPECT_NE(f.message.find("grid_co2_ef@2024"), std::string::npos) << f.message;
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(EngineTest, ResendIsANoOpAndACorrectionIsKeptAsARevision) {
  ASSERT_TRUE(Csv(Row(1, "E01", "2023-07-01 08:00", "1000")).accepted);
  IngestResult again = Csv(Row(1, "E01", "2023-07-01 08:00", "1000.000"));
  EXPECT_EQ(again.duplicates, 1u);
  EXPECT_EQ(again.new_readings, 0u);
  IngestResult fix = Csv(Row(1, "E01", "2023-07-01 08:00", "1200"));
  EXPECT_EQ(fix.corrections, 1u);
  const RollupState e = MeterTotal("E01", Local(2023, 7, 1), Local(2023, 7, 2));
  EXPECT_EQ(e.count, 1u);
  EXPECT_EQ(e.quantity.sum, 1200000000);
  Result<std::vector<ReadingRevision>> revisions =
      engine_->Revisions({Level::kMeter, "E01"}, Local(2023, 7, 1), Local(2023, 7, 2));
  ASSERT_TRUE(revisions.ok());
  ASSERT_EQ(revisions->size(), 1u);
  EXPECT_EQ((*revisions)[0].value, 1000);
  EXPECT_FALSE((*revisions)[0].refused_late);
  // A quality change alone is a correction too.
  IngestResult quality = Csv(Row(1, "E01", "2023-07-01 08:00", "1200", ",,estimated"));
  EXPECT_EQ(quality.corrections, 1u);
  EXPECT_EQ(MeterTotal("E01", Local(2023, 7, 1), Local(2023, 7, 2)).flagged, 1u);
}

TEST_F(EngineTest, LateReadingsAreKeptButNotCounted) {
  // In one batch the watermark of the batch's arrival applies (none yet): both are counted.
  ASSERT_TRUE(Csv(Row(1, "E01", "2023-07-01 08:00", "5") + Row(1, "E01", "2023-06-20 08:00", "7"))
                  .accepted);
  ASSERT_TRUE(Csv(Row(1, "E01", "2023-07-01 23:45", "1")).accepted);
  // The watermark is now 2023-06-29T23:45 (2 days of lateness): 06-25 is too late.
  IngestResult late =
      Csv(Row(1, "E01", "2023-06-25 08:00", "9") + Row(1, "E01", "2023-06-20 08:00", "8"));
  EXPECT_EQ(late.late, 1u);
  EXPECT_EQ(late.refused_late, 1u);
  const RollupState e = MeterTotal("E01", Local(2023, 6, 1), Local(2023, 7, 2));
  EXPECT_EQ(e.count, 3u);
  EXPECT_EQ(e.quantity.sum, 13000000) << "5 + 7 + 1; the late 9 and the late correction 8 "
                                         "are not counted";
  Result<std::vector<StoredReading>> stored =
      engine_->Readings({Level::kMeter, "E01"}, Local(2023, 6, 1), Local(2023, 7, 2));
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 4u);
  EXPECT_EQ((*stored)[0].value, 7);
  EXPECT_EQ((*stored)[0].revisions, 1);
  EXPECT_TRUE((*stored)[1].late);
  EXPECT_FALSE((*stored)[1].counted);
}

TEST_F(EngineTest, CounterUseIsTheDifferenceFiledUnderTheEarlierPeriod) {
  ASSERT_TRUE(Csv(Row(2, "C1", "2023-07-01 08:00", "100") +
                  Row(2, "C1", "2023-07-01 09:00", "150") + Row(2, "C1", "2023-07-01 10:00", "180"))
                  .accepted);
  Result<std::vector<SeriesPoint>> hours =
      engine_->Series({Level::kMeter, CreditCode(2) + "/C1"}, Granularity::kHour, Local(2023, 7, 1),
                      Local(2023, 7, 2));
  ASSERT_TRUE(hours.ok());
  ASSERT_EQ(hours->size(), 2u);
  EXPECT_EQ((*hours)[0].start, Local(2023, 7, 1, 8));
  EXPECT_EQ((*hours)[0].state.quantity.sum, 50000000);
  EXPECT_EQ((*hours)[1].start, Local(2023, 7, 1, 9));
  EXPECT_EQ((*hours)[1].state.quantity.sum, 30000000);
  // A reading in between, sent late but within the lateness, splits the difference exactly.
  ASSERT_TRUE(Csv(Row(2, "C1", "2023-07-01 07:00", "90")).accepted);
  const RollupState total = MeterTotal("C1", Local(2023, 7, 1), Local(2023, 7, 2));
  EXPECT_EQ(total.quantity.sum, 90000000);
  EXPECT_EQ(total.count, 3u);
}

TEST_F(EngineTest, CounterRolloverAndReset) {
  domain::Meter wrapping =
      MakeMeter(2, "C2", "electricity", "kWh", MeterKind::kCounter, MeterInterval::k1Hour);
  wrapping.register_max = 1000;
  ASSERT_TRUE(engine_->RegisterMeter(wrapping).ok());
  ASSERT_TRUE(Csv(Row(2, "C2", "2023-07-01 08:00", "990") + Row(2, "C2", "2023-07-01 09:00", "10") +
                  Row(2, "C2", "2023-07-01 10:00", "500") + Row(2, "C2", "2023-07-01 11:00", "20") +
                  Row(2, "C1", "2023-07-01 08:00", "500") + Row(2, "C1", "2023-07-01 09:00", "100"))
                  .accepted);
  EXPECT_EQ(MeterTotal(CreditCode(2) + "/C2", Local(2023, 7, 1), Local(2023, 7, 2)).quantity.sum,
            (20 + 490) * 1000000)
      << "990→10 wraps (20); 10→500 is use (490); 500→20 is a reset, not counted";
  EXPECT_EQ(MeterTotal(CreditCode(2) + "/C1", Local(2023, 7, 1), Local(2023, 7, 2)).count, 0u)
      << "a backwards step without register_max is a reset";
}

TEST_F(EngineTest, MultiplierAndUnitConversion) {
  domain::Meter ct = MakeMeter(1, "CT", "electricity", "kWh");
  ct.multiplier = 200;
  ASSERT_TRUE(engine_->RegisterMeter(ct).ok());
  ASSERT_TRUE(Csv(Row(1, "CT", "2023-07-01 08:00", "1.5") +
                  Row(1, "CT", "2023-07-01 08:15", "0.002", ",MWh,"))
                  .accepted);
  const RollupState t = MeterTotal("CT", Local(2023, 7, 1), Local(2023, 7, 2));
  EXPECT_EQ(t.quantity.sum, (300 + 400) * 1000000) << "1.5×200 and 2 kWh×200";
  EXPECT_EQ(t.quantity.max, 400000000);
  EXPECT_EQ(t.quantity.last, 400000000);
  EXPECT_EQ(t.last_slot, testing::SlotOf(2023, 7, 1, 8, 15));
}

TEST_F(EngineTest, ReportedTotalsAreKeptApartFromRollups) {
  IngestResult r = engine_->IngestCsv("enterprise,meter,statistics,period_start,value\n" +
                                          CreditCode(1) + ",E01,day,2023-07-01,24000\n" +
                                          CreditCode(1) + ",E01,interval,2023-07-01 00:00,10\n",
                                      {"t.csv", ""});
  ASSERT_TRUE(r.accepted);
  EXPECT_EQ(r.reported_totals, 1u);
  EXPECT_EQ(r.new_readings, 1u);
  EXPECT_EQ(MeterTotal("E01", Local(2023, 7, 1), Local(2023, 7, 2)).quantity.sum, 10000000);
  EXPECT_EQ(engine_->Stats().reported_totals, 1u);
}

TEST_F(EngineTest, RefusedBatchChangesNothing) {
  IngestResult r =
      Csv(Row(1, "E01", "2023-07-01 08:00", "1") + Row(1, "E01", "2023-07-01 08:05", "1"));
  EXPECT_FALSE(r.accepted);
  EXPECT_EQ(r.error_count, 1u);
  EXPECT_EQ(engine_->Stats().readings, 0u);
  EXPECT_EQ(engine_->Stats().batches, 0u);
}

}  // namespace
}  // namespace carbonpeak::monitor
