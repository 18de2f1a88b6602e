#include "base/clock.h"

#include <gtest/gtest.h>

namespace carbonpeak {
namespace {

TEST(ClockTest, FormatsEpochAndKnownDate) {
  EXPECT_EQ(FormatTimestamp(Timestamp{0}), "1970-01-01T00:00:00.000000Z");
  // 2024-03-27 is day 19809 since the epoch.
  EXPECT_EQ(DaysFromCivil(2024, 3, 27), 19809);
  EXPECT_EQ(FormatTimestamp(Timestamp{19809LL * 86400 * 1000000 + 1}),
            "2024-03-27T00:00:00.000001Z");
}

TEST(ClockTest, ParseRoundTrips) {
  for (const char* text : {"2024-03-27T08:15:30.250000Z", "1999-12-31T23:59:59.000000Z",
                           "2020-02-29T00:00:00.000000Z"}) {
    Result<Timestamp> t = ParseTimestamp(text);
    ASSERT_TRUE(t.ok()) << text;
    EXPECT_EQ(FormatTimestamp(*t), text);
  }
}

TEST(ClockTest, ParseAcceptsDateAndOffset) {
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("2024-03-27")), "2024-03-27T00:00:00.000000Z");
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("2024-03-27 08:00+08:00")),
            "2024-03-27T00:00:00.000000Z");
}

TEST(ClockTest, ParseRejectsNonsense) {
  for (const char* text : {"", "2024", "2024-13-01", "2023-02-29", "2024-03-27T25:00",
                           "2024-03-27Tab", "2024-03-27T08:00:00.Z", "2024/03/27"}) {
    EXPECT_FALSE(ParseTimestamp(text).ok()) << text;
  }
}

TEST(ClockTest, SystemClockIsAfter2020) {
  SystemClock clock;
  EXPECT_GT(clock.Now(), *ParseTimestamp("2020-01-01"));
}

}  // namespace
}  // namespace carbonpeak
