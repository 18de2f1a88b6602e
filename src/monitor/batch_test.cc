#include "monitor/batch.h"

#include <gtest/gtest.h>

#include <string>

#include "monitor/test_util.h"

namespace carbonpeak::monitor {
namespace {

using domain::MeterInterval;
using domain::MeterKind;
using testing::CreditCode;
using testing::Local;
using testing::MakeEnterprise;
using testing::MakeMeter;
using testing::SlotOf;

class BatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(registry_.AddEnterprise(MakeEnterprise(1)).ok());
    ASSERT_TRUE(registry_.AddEnterprise(MakeEnterprise(2, "D4411", "430703101")).ok());
    ASSERT_TRUE(registry_.AddMeter(MakeMeter(1, "E01")).ok());
    ASSERT_TRUE(registry_.AddMeter(MakeMeter(1, "NG1", "natural_gas", "m³")).ok());
    ASSERT_TRUE(registry_
                    .AddMeter(MakeMeter(1, "H1", "electricity", "kWh", MeterKind::kCounter,
                                        MeterInterval::k1Hour))
                    .ok());
    ASSERT_TRUE(registry_.AddMeter(MakeMeter(2, "E01")).ok());  // same code, other enterprise
    ASSERT_TRUE(
        registry_
            .AddMeter(MakeMeter(2, "D1", "diesel", "t", MeterKind::kInterval, MeterInterval::kDay))
            .ok());
    options_.registry = &registry_;
    options_.now = Local(2024, 3, 28);
    options_.source_name = "upload.csv";
  }

  std::string Errors(const DecodedBatch& batch) {
    std::string all;
    for (const RowError& e : batch.errors) all += e.ToString() + "\n";
    return all;
  }

  Registry registry_;
  DecodeOptions options_;
};

TEST_F(BatchTest, CsvDecodesRowsIntoSlotsAndMicros) {
  const std::string csv =
      "\xEF\xBB\xBF"
      "enterprise,meter,period_start,value,unit,quality\r\n" +
      CreditCode(1) + ",E01,2024-03-27T08:15:00+08:00,123.45,kWh,good\r\n" + CreditCode(1) +
      ",E01,2024-03-27 08:30,1.5,MWh,\r\n" + "\r\n" + CreditCode(1) +
      ",NG1,2024-03-27T00:30:00Z,\"2.25\",m3,estimated\n" + CreditCode(2) +
      ",D1,2024-03-26,3,t,补录\n";
  DecodedBatch batch = DecodeCsvBatch(csv, options_);
  ASSERT_TRUE(batch.ok()) << Errors(batch);
  ASSERT_EQ(batch.rows.size(), 4u);
  EXPECT_EQ(batch.rows[0].meter, 0u);
  EXPECT_EQ(batch.rows[0].slot, SlotOf(2024, 3, 27, 8, 15));
  EXPECT_EQ(batch.rows[0].value, 123450000);
  EXPECT_EQ(batch.rows[1].value, 1500000000) << "1.5 MWh is 1500 kWh";
  EXPECT_EQ(batch.rows[2].meter, 1u);
  EXPECT_EQ(batch.rows[2].slot, SlotOf(2024, 3, 27, 8, 30)) << "00:30Z is 08:30 local";
  EXPECT_EQ(batch.rows[2].quality_flag(), domain::ReadingQuality::kEstimated);
  EXPECT_EQ(batch.rows[3].meter, 4u);
  EXPECT_EQ(batch.rows[3].statistics_type(), domain::StatisticsType::kDay);
  EXPECT_EQ(batch.rows[3].slot, SlotOf(2024, 3, 26));
}

TEST_F(BatchTest, CsvWithoutEnterpriseUsesUniqueMeterCodes) {
  DecodedBatch ok = DecodeCsvBatch("meter,period_start,value\nNG1,2024-03-27 08:00,1\n", options_);
  ASSERT_TRUE(ok.ok()) << Errors(ok);
  EXPECT_EQ(ok.rows[0].meter, 1u);
  DecodedBatch ambiguous =
      DecodeCsvBatch("meter,period_start,value\nE01,2024-03-27 08:00,1\n", options_);
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_NE(ambiguous.errors[0].message.find("several enterprises"), std::string::npos);
}

TEST_F(BatchTest, CsvRejectsWholeBatchWithReasonsPerRow) {
  const std::string e1 = CreditCode(1);
  const std::string csv = "enterprise,meter,period_start,value,unit\n" +       // line 1
                          e1 + ",E01,2024-03-27 08:00,1,kWh\n" +               // 2 ok
                          e1 + ",E99,2024-03-27 08:00,1,kWh\n" +               // 3 meter
                          e1 + ",E01,2024-03-27 08:10,1,kWh\n" +               // 4 boundary
                          e1 + ",E01,2024-03-29 08:00,1,kWh\n" +               // 5 future
                          e1 + ",E01,2024-03-27 08:00,-1,kWh\n" +              // 6 negative
                          e1 + ",E01,2024-03-27 08:00,1 234,kWh\n" +           // 7 syntax
                          e1 + ",E01,2024-03-27 08:00,1,m³\n" +                // 8 unit
                          e1 + ",H1,2024-03-27 08:15,1,kWh\n" +                // 9 hourly
                          e1 + ",E01,2024-03-27 08:00\n" +                     // 10 cells
                          "91430703MA4L00009X,E01,2024-03-27 08:00,1,kWh\n" +  // 11 ent.
                          e1 + ",E01,27/03/2024 08:00,1,kWh\n";                // 12 date
  DecodedBatch batch = DecodeCsvBatch(csv, options_);
  EXPECT_FALSE(batch.ok());
  EXPECT_TRUE(batch.rows.empty()) << "a rejected batch keeps no rows";
  ASSERT_EQ(batch.error_count, 10u) << Errors(batch);
  const std::vector<std::pair<int, std::string>> expected = {
      {3, "not registered for enterprise"},
      {4, "15min boundary"},
      {5, "in the future"},
      {6, "negative"},
      {7, "not a number"},
      {8, "cannot be converted"},
      {9, "1h boundary"},
      {10, "has 3 cells"},
      {11, "enterprise '91430703MA4L00009X' is not registered"},
      {12, "is not a date and time"}};
  for (size_t k = 0; k < expected.size(); ++k) {
    EXPECT_EQ(batch.errors[k].line, expected[k].first) << Errors(batch);
    EXPECT_NE(batch.errors[k].message.find(expected[k].second), std::string::npos)
        << batch.errors[k].ToString();
  }
  EXPECT_EQ(batch.errors[1].ToString().substr(0, 32), "upload.csv:4:3: period_start: '2");
}

TEST_F(BatchTest, CsvHeaderProblemsAreReportedOnce) {
  DecodedBatch batch = DecodeCsvBatch("meter,time_stamp,value\nE01,x,1\n", options_);
  ASSERT_EQ(batch.error_count, 2u) << Errors(batch);
  EXPECT_NE(batch.errors[0].message.find("unknown column 'time_stamp'"), std::string::npos);
  EXPECT_NE(batch.errors[1].message.find("no period_start column"), std::string::npos);
  EXPECT_FALSE(DecodeCsvBatch("", options_).ok());
  EXPECT_FALSE(DecodeCsvBatch("meter,period_start,value\n", options_).ok());
  // Chinese headers are understood.
  DecodedBatch zh = DecodeCsvBatch("数据项编码,开始时间,数值\nNG1,2024-03-27 08:00,1\n", options_);
  EXPECT_TRUE(zh.ok()) << Errors(zh);
}

TEST_F(BatchTest, CsvQuotedCellsMayHoldCommasQuotesAndLineBreaks) {
  ASSERT_TRUE(registry_.AddMeter(MakeMeter(1, "A \"B\"\nC")).ok() == false)
      << "codes with quotes are refused at registration";
  ASSERT_TRUE(registry_.AddMeter(MakeMeter(1, "X Y")).ok());
  const std::string csv =
      "meter,period_start,value,unit\n\"X Y\",\"2024-03-27\n08:00\",1,kWh\n"
      "  \"X Y\" ,2024-03-27 08:15,\"2\",kWh\n\"X Y,2024-03-27 08:30,3,kWh\n";
  DecodedBatch batch = DecodeCsvBatch(csv, options_);
  ASSERT_EQ(batch.error_count, 2u) << Errors(batch);
  EXPECT_EQ(batch.errors[0].line, 2);
  EXPECT_NE(batch.errors[0].message.find("not a date and time"), std::string::npos);
  EXPECT_EQ(batch.errors[1].line, 5) << "line numbers count the line break inside quotes";
  EXPECT_NE(batch.errors[1].message.find("not closed"), std::string::npos);
}

TEST_F(BatchTest, ScopeLimitsAnEnterpriseTokenToItsOwnMeters) {
  options_.scope_enterprise = CreditCode(2);
  const std::string csv = "enterprise,meter,period_start,value\n" + CreditCode(1) +
                          ",E01,2024-03-27 08:00,1\n" + CreditCode(2) + ",E01,2024-03-27 08:00,1\n";
  DecodedBatch batch = DecodeCsvBatch(csv, options_);
  ASSERT_EQ(batch.error_count, 1u) << Errors(batch);
  EXPECT_EQ(batch.errors[0].line, 2);
  EXPECT_NE(batch.errors[0].message.find("may write only"), std::string::npos);
}

TEST_F(BatchTest, StatisticsTypeMustNotBeFinerThanTheMeter) {
  const std::string e2 = CreditCode(2);
  DecodedBatch batch = DecodeCsvBatch(
      "enterprise,meter,statistics,period_start,value\n" + e2 + ",D1,interval,2024-03-27,1\n" + e2 +
          ",D1,month,2024-03-01,30\n" + e2 + ",D1,month,2024-03-02,30\n",
      options_);
  ASSERT_EQ(batch.error_count, 2u) << Errors(batch);
  EXPECT_NE(batch.errors[0].message.find("finer"), std::string::npos);
  EXPECT_NE(batch.errors[1].message.find("1st"), std::string::npos);
}

TEST_F(BatchTest, JsonBatchDecodes) {
  options_.source_name = "batch.json";
  const std::string json = R"({
  "format": "carbonpeak.monitoring.batch",
  "version": 1,
  "batch_id": "b-1",
  "readings": [
    {"meter": "E01", "period_start": "2024-03-27T08:15:00+08:00", "value": 12.5, "unit": "kWh"},
    {"meter": "NG1", "statistics": "interval", "period_start": "2024-03-27T08:15:00+08:00",
     "value": "3", "unit": "m\u00b3", "quality": "suspect"}
  ],
  "enterprise": ")" + CreditCode(1) +
                           R"("
})";
  DecodedBatch batch = DecodeJsonBatch(json, options_);
  ASSERT_TRUE(batch.ok()) << Errors(batch);
  ASSERT_EQ(batch.rows.size(), 2u);
  EXPECT_EQ(batch.batch_id, "b-1");
  EXPECT_EQ(batch.enterprise, CreditCode(1));
  EXPECT_EQ(batch.rows[0].value, 12500000);
  EXPECT_EQ(batch.rows[1].meter, 1u);
  EXPECT_EQ(batch.rows[1].value, 3000000);
  EXPECT_EQ(batch.rows[1].quality_flag(), domain::ReadingQuality::kSuspect);
}

TEST_F(BatchTest, JsonErrorsNameTheLineColumnAndPath) {
  options_.source_name = "batch.json";
  const std::string json = "{\"version\": 1, \"enterprise\": \"" + CreditCode(1) +
                           "\",\n \"readings\": [\n"
                           "  {\"meter\": \"E01\", \"period_start\": \"2024-03-27T08:15\", "
                           "\"value\": 1},\n"
                           "  {\"meter\": \"E01\", \"period_start\": \"2024-03-27T08:15\", "
                           "\"value\": -2, \"colour\": \"red\"}\n]}";
  DecodedBatch batch = DecodeJsonBatch(json, options_);
  ASSERT_EQ(batch.error_count, 2u) << Errors(batch);
  EXPECT_EQ(batch.errors[0].field, "readings[1].colour");
  EXPECT_EQ(batch.errors[0].line, 4);
  EXPECT_EQ(batch.errors[1].field, "readings[1].value");
  EXPECT_EQ(batch.errors[1].line, 4);
  EXPECT_EQ(batch.errors[1].column, 65);
  EXPECT_NE(batch.errors[1].message.find("negative"), std::string::npos);
}

TEST_F(BatchTest, JsonSyntaxErrorsArePositioned) {
  options_.source_name = "batch.json";
  DecodedBatch batch =
      DecodeJsonBatch("{\"version\": 1,\n \"readings\": [{\"meter\": E01}]}", options_);
  ASSERT_EQ(batch.error_count, 1u);
  EXPECT_EQ(batch.errors[0].line, 2);
  EXPECT_EQ(batch.errors[0].column, 25);
  EXPECT_NE(batch.errors[0].message.find("not valid JSON"), std::string::npos);
  for (std::string_view bad :
       {"", "[]", "{", "{\"version\": 1", "{\"version\": 1} x", "{\"readings\": [1]}",
        "{\"version\": 01}", "{\"version\":1,\"readings\":[]}", "\"\\ud800\""}) {
    EXPECT_FALSE(DecodeJsonBatch(bad, options_).ok()) << bad;
  }
}

TEST_F(BatchTest, JsonSkipsNothingSilently) {
  // Unknown top-level fields are refused even when they hold nested values.
  DecodedBatch batch = DecodeJsonBatch(
      R"({"version":1,"extra":{"a":[1,{"b":"]"}],"c":null},"readings":[{"meter":"NG1",)"
      R"("period_start":"2024-03-27 08:00","value":1}]})",
      options_);
  ASSERT_EQ(batch.error_count, 1u) << Errors(batch);
  EXPECT_EQ(batch.errors[0].field, "extra");
}

}  // namespace
}  // namespace carbonpeak::monitor

namespace carbonpeak::monitor {
namespace {

TEST_F(BatchTest, LargeCsvDecodedInTwoHalvesGivesTheSameRowsAndPositions) {
  // About 10 MB: large enough for the two-thread path.
  std::string csv = "meter,period_start,value,unit\n";
  const int rows = 300000;
  for (int k = 0; k < rows; ++k) {
    const int64_t slot = testing::SlotOf(2024, 1, 1) + k % 5000;
    csv += "NG1," + FormatTimestamp(Timestamp{(slot * 900 - 8 * 3600) * 1000000}) + "," +
           std::to_string(k % 977) + "." + std::to_string(k % 10) + ",m³\n";
  }
  ASSERT_GT(csv.size(), size_t{8} << 20);
  options_.now = Local(2024, 6, 1);
  DecodedBatch whole = DecodeCsvBatch(csv, options_);
  ASSERT_TRUE(whole.ok()) << Errors(whole);
  ASSERT_EQ(whole.rows.size(), static_cast<size_t>(rows));
  ASSERT_EQ(whole.data_rows, static_cast<size_t>(rows));
  // The same rows as decoding the lines one by one in small pieces.
  for (int k : {0, 1, rows / 2, rows / 2 + 1, rows - 1}) {
    EXPECT_EQ(whole.rows[static_cast<size_t>(k)].value,
              static_cast<int64_t>(k % 977) * 1000000 + (k % 10) * 100000);
    EXPECT_EQ(whole.rows[static_cast<size_t>(k)].slot, testing::SlotOf(2024, 1, 1) + k % 5000);
  }
  // Errors in both halves keep their line and row numbers.
  std::string bad = csv;
  auto break_row = [&bad](int row) {  // row is 1-based; its line is row + 1
    size_t pos = 0;
    for (int line = 1; line < row + 1; ++line) pos = bad.find('\n', pos) + 1;
    bad.replace(bad.find(',', bad.find(',', pos) + 1) + 1, 1, "x");
  };
  break_row(10);
  break_row(rows - 5);
  DecodedBatch refused = DecodeCsvBatch(bad, options_);
  ASSERT_EQ(refused.error_count, 2u) << Errors(refused);
  EXPECT_EQ(refused.errors[0].row, 10u);
  EXPECT_EQ(refused.errors[0].line, 11);
  EXPECT_EQ(refused.errors[1].row, static_cast<size_t>(rows - 5));
  EXPECT_EQ(refused.errors[1].line, rows - 4);
  EXPECT_TRUE(refused.rows.empty());
}

}  // namespace
}  // namespace carbonpeak::monitor
