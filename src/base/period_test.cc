#include "base/period.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace carbonpeak {
namespace {

Period P(std::string_view text) {
  Result<Period> p = ParsePeriod(text);
  EXPECT_TRUE(p.ok()) << text << ": " << p.status().ToString();
  return p.value_or(Period::ForYear(2000).value());
}

TEST(PeriodTest, ParsesEachForm) {
  const Period year = P("2023");
  EXPECT_EQ(year.granularity(), Granularity::kYear);
  EXPECT_EQ(year.Year(), 2023);

  const Period quarter = P("2023Q2");
  EXPECT_EQ(quarter.granularity(), Granularity::kQuarter);
  EXPECT_EQ(quarter.Quarter(), 2);
  EXPECT_EQ(quarter.Month(), 4);

  const Period month = P("2023-05");
  EXPECT_EQ(month.granularity(), Granularity::kMonth);
  EXPECT_EQ(month.Month(), 5);
  EXPECT_EQ(month.Quarter(), 2);

  const Period day = P("2023-05-17");
  EXPECT_EQ(day.granularity(), Granularity::kDay);
  EXPECT_EQ(day.Day(), 17);
}

TEST(PeriodTest, LenientSpellings) {
  EXPECT_EQ(P("2023q1"), P("2023Q1"));
  EXPECT_EQ(P("2023-Q1"), P("2023Q1"));
  EXPECT_EQ(P(" 2023-5 "), P("2023-05"));
  EXPECT_EQ(P("２０２３－０５"), P("2023-05"));  // full-width digits and hyphen
  EXPECT_EQ(P("\u30002024\u3000"), P("2024"));
}

TEST(PeriodTest, ToStringRoundTrips) {
  for (const char* text :
       {"2023", "2023Q1", "2023Q4", "2023-01", "2023-12", "2024-02-29", "0001", "9999-12-31"}) {
    EXPECT_EQ(P(text).ToString(), text);
    EXPECT_EQ(ToString(P(text)), text);
  }
}

TEST(PeriodTest, RejectsBadTextWithHelpfulMessage) {
  for (const char* text :
       {"", "   ", "23", "20231", "2023Q0", "2023Q5", "2023Q12", "2023-13", "2023-00", "2023-02-29",
        "2023-04-31", "2023-05-17x", "2023/05", "year", "2023-", "2023-05-", "0000", "\xFF"}) {
    Result<Period> p = ParsePeriod(text);
    ASSERT_FALSE(p.ok()) << "accepted \"" << text << "\"";
    EXPECT_EQ(p.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(p.status().message().find("2023Q1"), std::string::npos) << p.status().message();
  }
  const std::string message = ParsePeriod("2023-13").status().message();
  EXPECT_NE(message.find("\"2023-13\""), std::string::npos) << message;
  EXPECT_NE(message.find("1 to 12"), std::string::npos) << message;
  const std::string leap = ParsePeriod("2023-02-29").status().message();
  EXPECT_NE(leap.find("28 days"), std::string::npos) << leap;
}

TEST(PeriodTest, FactoriesValidate) {
  EXPECT_FALSE(Period::ForYear(0).ok());
  EXPECT_FALSE(Period::ForYear(10000).ok());
  EXPECT_FALSE(Period::ForQuarter(2023, 5).ok());
  EXPECT_FALSE(Period::ForMonth(2023, 0).ok());
  EXPECT_FALSE(Period::ForDay(2023, 2, 29).ok());
  EXPECT_TRUE(Period::ForDay(2024, 2, 29).ok());
  EXPECT_TRUE(Period::ForDay(2000, 2, 29).ok());
  EXPECT_FALSE(Period::ForDay(1900, 2, 29).ok());
}

TEST(PeriodTest, Ordering) {
  std::vector<Period> periods = {P("2023Q2"), P("2023-01-02"), P("2023-01"), P("2022-12-31"),
                                 P("2023"),   P("2023-01-01"), P("2023Q1"),  P("2024")};
  std::sort(periods.begin(), periods.end());
  std::vector<std::string> texts;
  for (const Period& p : periods) texts.push_back(p.ToString());
  EXPECT_EQ(texts, (std::vector<std::string>{"2022-12-31", "2023", "2023Q1", "2023-01",
                                             "2023-01-01", "2023-01-02", "2023Q2", "2024"}));
  EXPECT_LT(P("2023"), P("2024"));
  EXPECT_NE(P("2023Q1"), P("2023-01"));
}

TEST(PeriodTest, Contains) {
  EXPECT_TRUE(P("2023").Contains(P("2023Q4")));
  EXPECT_TRUE(P("2023").Contains(P("2023-12-31")));
  EXPECT_TRUE(P("2023").Contains(P("2023")));
  EXPECT_FALSE(P("2023").Contains(P("2024-01-01")));
  EXPECT_TRUE(P("2023Q2").Contains(P("2023-06")));
  EXPECT_FALSE(P("2023Q2").Contains(P("2023-07")));
  EXPECT_TRUE(P("2023Q2").Contains(P("2023-04-01")));
  EXPECT_FALSE(P("2023Q2").Contains(P("2023-03-31")));
  EXPECT_FALSE(P("2023-05").Contains(P("2023Q2")));
  EXPECT_FALSE(P("2023-05-17").Contains(P("2023-05")));
}

TEST(PeriodTest, NextAndPrevious) {
  EXPECT_EQ(P("2023").Next(), P("2024"));
  EXPECT_EQ(P("2023Q4").Next(), P("2024Q1"));
  EXPECT_EQ(P("2023Q1").Next(), P("2023Q2"));
  EXPECT_EQ(P("2023-12").Next(), P("2024-01"));
  EXPECT_EQ(P("2024-02-28").Next(), P("2024-02-29"));
  EXPECT_EQ(P("2023-02-28").Next(), P("2023-03-01"));
  EXPECT_EQ(P("2023-12-31").Next(), P("2024-01-01"));
  EXPECT_EQ(P("2024Q1").Previous(), P("2023Q4"));
  EXPECT_EQ(P("2024-01").Previous(), P("2023-12"));
  EXPECT_EQ(P("2024-03-01").Previous(), P("2024-02-29"));
  EXPECT_EQ(P("9999").Next().ToString(), "10000");
}

TEST(PeriodTest, FirstAndLastDay) {
  EXPECT_EQ(FormatTimestamp(P("2023Q2").FirstDay()), "2023-04-01T00:00:00.000000Z");
  EXPECT_EQ(FormatTimestamp(P("2023Q2").LastDay()), "2023-06-30T00:00:00.000000Z");
  EXPECT_EQ(FormatTimestamp(P("2024-02").LastDay()), "2024-02-29T00:00:00.000000Z");
  EXPECT_EQ(FormatTimestamp(P("2023").End()), "2024-01-01T00:00:00.000000Z");
  EXPECT_EQ(P("2023-05-17").FirstDay(), P("2023-05-17").LastDay());
  EXPECT_EQ(P("1970").FirstDay().micros, 0);
  EXPECT_EQ(P("2023-05-17").FirstDay(), ParseTimestamp("2023-05-17").value());
  EXPECT_EQ(P("2023").DayCount(), 365);
  EXPECT_EQ(P("2024").DayCount(), 366);
  EXPECT_EQ(P("2024Q1").DayCount(), 91);
  EXPECT_EQ(P("2023-02").DayCount(), 28);
  EXPECT_EQ(P("2023-02-11").DayCount(), 1);
}

TEST(PeriodTest, Containing) {
  const Timestamp t = ParseTimestamp("2023-08-15T13:45:00Z").value();
  EXPECT_EQ(Period::Containing(t, Granularity::kYear), P("2023"));
  EXPECT_EQ(Period::Containing(t, Granularity::kQuarter), P("2023Q3"));
  EXPECT_EQ(Period::Containing(t, Granularity::kMonth), P("2023-08"));
  EXPECT_EQ(Period::Containing(t, Granularity::kDay), P("2023-08-15"));
  // One microsecond before the epoch is still 1969-12-31.
  EXPECT_EQ(Period::Containing(Timestamp{-1}, Granularity::kDay), P("1969-12-31"));
}

}  // namespace
}  // namespace carbonpeak
