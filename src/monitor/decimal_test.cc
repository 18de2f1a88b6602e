#include "monitor/internal/decimal.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>

#include "monitor/internal/hash.h"
#include "monitor/internal/time_slots.h"

namespace carbonpeak::monitor::internal {
namespace {

int64_t Micros(std::string_view text, DecimalStatus expected = DecimalStatus::kOk) {
  int64_t out = -999;
  EXPECT_EQ(ParseMicros(text, out), expected) << text;
  return out;
}

TEST(DecimalTest, ParsesExactlyIntoMillionths) {
  EXPECT_EQ(Micros("0"), 0);
  EXPECT_EQ(Micros("123.456"), 123456000);
  EXPECT_EQ(Micros("+7"), 7000000);
  EXPECT_EQ(Micros("-0.5"), -500000);
  EXPECT_EQ(Micros("0.000001"), 1);
  EXPECT_EQ(Micros("1e3"), 1000000000);
  EXPECT_EQ(Micros("1.5E-3"), 1500);
  EXPECT_EQ(Micros(".5"), 500000);
  EXPECT_EQ(Micros("5."), 5000000);
  EXPECT_EQ(Micros("000123.4500"), 123450000);
  EXPECT_EQ(Micros("9000000000000"), 9000000000000000000);
  // 0.1 + 0.2 style values that a double would blur are exact.
  EXPECT_EQ(Micros("0.3") - Micros("0.1"), Micros("0.2"));
}

TEST(DecimalTest, RoundsBelowOneMillionthHalfAwayFromZero) {
  EXPECT_EQ(Micros("0.0000005", DecimalStatus::kRounded), 1);
  EXPECT_EQ(Micros("0.0000004999", DecimalStatus::kRounded), 0);
  EXPECT_EQ(Micros("-0.0000015", DecimalStatus::kRounded), -2);
  EXPECT_EQ(Micros("1.23456789", DecimalStatus::kRounded), 1234568);
  EXPECT_EQ(Micros("1000000000000.0000001", DecimalStatus::kRounded), 1000000000000000000);
  EXPECT_EQ(Micros("1e-30", DecimalStatus::kRounded), 0);
  EXPECT_EQ(Micros("0.12345678901234567890123456789", DecimalStatus::kRounded), 123457);
}

TEST(DecimalTest, RejectsSyntaxAndOverflow) {
  int64_t out;
  for (std::string_view bad : {"", "-", "abc", "1,5", "1.2.3", "1e", "1e+", " 1", "1 ", "0x10",
                               "nan", "inf", "--1", "1e5x"}) {
    EXPECT_EQ(ParseMicros(bad, out), DecimalStatus::kSyntax) << bad;
  }
  EXPECT_EQ(ParseMicros("9000000000001", out), DecimalStatus::kTooLarge);
  EXPECT_EQ(ParseMicros("1e20", out), DecimalStatus::kTooLarge);
  EXPECT_EQ(ParseMicros("123456789012345678901234", out), DecimalStatus::kTooLarge);
  EXPECT_EQ(ParseMicros("1e99999999999", out), DecimalStatus::kTooLarge);
}

TEST(DecimalTest, AgreesWithPrintfOnRandomValues) {
  std::mt19937_64 rng(42);
  for (int k = 0; k < 20000; ++k) {
    const int64_t micros = static_cast<int64_t>(rng() % 2000000000000ULL) - 1000000000000LL;
    const std::string text = MicrosToString(micros);
    int64_t back;
    ASSERT_EQ(ParseMicros(text, back), DecimalStatus::kOk) << text;
    ASSERT_EQ(back, micros) << text;
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.6f", static_cast<double>(micros) / 1e6);
    ASSERT_EQ(ParseMicros(buffer, back), DecimalStatus::kOk) << buffer;
    ASSERT_LE(std::llabs(back - micros), 1) << buffer;
  }
  EXPECT_EQ(MicrosToString(-500000), "-0.5");
  EXPECT_EQ(MicrosToString(7000000), "7");
  EXPECT_EQ(MicrosToString(1), "0.000001");
}

TEST(TimeSlotsTest, CivilRoundTripAndMonths) {
  for (int64_t day = -1000; day < 80000; day += 7) {
    const CivilDate c = CivilFromDays(day);
    ASSERT_EQ(DaysFromCivilDate(c.year, c.month, c.day), day);
  }
  EXPECT_EQ(DaysInMonth(2024 * 12 + 1), 29);  // February 2024
  EXPECT_EQ(DaysInMonth(2023 * 12 + 1), 28);
  EXPECT_EQ(DaysInMonth(2024 * 12 + 11), 31);
  EXPECT_EQ(FirstDayOfMonth(2024 * 12 + 2), DaysFromCivilDate(2024, 3, 1));
  EXPECT_EQ(MonthIndexOfDay(DaysFromCivilDate(2024, 3, 31)), 2024 * 12 + 2);
  EXPECT_EQ(FloorDiv(-1, 96), -1);
  EXPECT_EQ(FloorDiv(-96, 96), -1);
  EXPECT_EQ(FloorDiv(95, 96), 0);
}

TEST(TimeSlotsTest, ParsesLocalAndOffsetTimestamps) {
  const LocalZone zone;  // UTC+8
  ParsedTime t;
  const int64_t midnight = DaysFromCivilDate(2024, 3, 27) * 86400;
  ASSERT_TRUE(ParseLocalTimestamp("2024-03-27", zone, t));
  EXPECT_EQ(t.local_seconds, midnight);
  ASSERT_TRUE(ParseLocalTimestamp("2024-03-27T08:15", zone, t));
  EXPECT_EQ(t.local_seconds, midnight + 8 * 3600 + 15 * 60);
  ASSERT_TRUE(ParseLocalTimestamp("2024-03-27 08:15:00+08:00", zone, t));
  EXPECT_EQ(t.local_seconds, midnight + 8 * 3600 + 15 * 60);
  ASSERT_TRUE(ParseLocalTimestamp("2024-03-27T00:15:00Z", zone, t));
  EXPECT_EQ(t.local_seconds, midnight + 8 * 3600 + 15 * 60);
  ASSERT_TRUE(ParseLocalTimestamp("2024-03-27T05:45:00+0530", zone, t));
  EXPECT_EQ(t.local_seconds, midnight + 8 * 3600 + 15 * 60);
  ASSERT_TRUE(ParseLocalTimestamp("2024-03-27T08:15:00.000", zone, t));
  EXPECT_FALSE(t.fractional);
  ASSERT_TRUE(ParseLocalTimestamp("2024-03-27T08:15:00.25", zone, t));
  EXPECT_TRUE(t.fractional);
  for (std::string_view bad : {"2024-3-27", "2024-02-30", "2024-13-01", "2024-03-27T24:00",
                               "2024-03-27T08", "2024-03-27X08:00", "2024-03-27T08:00+8",
                               "2024-03-27T08:00:00.", "2024-03-27T08:00Zjunk", ""}) {
    EXPECT_FALSE(ParseLocalTimestamp(bad, zone, t)) << bad;
  }
}

TEST(StringIndexTest, FindsWhatWasPutAndNothingElse) {
  StringIndex index;
  for (uint32_t k = 0; k < 5000; ++k) index.Put("meter-" + std::to_string(k), k);
  for (uint32_t k = 0; k < 5000; ++k) {
    ASSERT_EQ(index.Find("meter-" + std::to_string(k)), k);
  }
  EXPECT_FALSE(index.Find("meter-5000").has_value());
  EXPECT_FALSE(index.Find("").has_value());
  index.Put("meter-7", 99);
  EXPECT_EQ(index.Find("meter-7"), 99u);
  EXPECT_EQ(index.size(), 5000u);
}

}  // namespace
}  // namespace carbonpeak::monitor::internal
