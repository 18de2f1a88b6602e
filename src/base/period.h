// Reporting periods: a year, a quarter, a month or a day, as statistics are reported.
//
//   Result<Period> q = ParsePeriod("2023Q2");
//   q->Year();                              // 2023
//   q->Contains(*ParsePeriod("2023-05"));   // true
//   q->Next().ToString();                   // "2023Q3"
//   Timestamp first = q->FirstDay();        // 2023-04-01T00:00:00Z
//
// Periods are ordered by their first day, and a coarser period sorts before a finer one that
// starts on the same day: 2023 < 2023Q1 < 2023-01 < 2023-01-01 < 2023-01-02 < 2023Q2.
//
// Thread safety: a value type; copy freely. Failure contract: ParsePeriod and the For*
// factories return InvalidArgument naming the bad text or field and the accepted forms;
// nothing throws.
#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "base/status.h"

namespace carbonpeak {

/// How long a period is. Stored: append only.
enum class Granularity { kYear, kQuarter, kMonth, kDay };

/// Short English name: "year", "quarter", "month", "day".
std::string_view GranularityName(Granularity granularity);

class Period {
 public:
  /// Years 1..9999. Quarter 1..4, month 1..12, day valid for the month (leap years included).
  static Result<Period> ForYear(int year);
  static Result<Period> ForQuarter(int year, int quarter);
  static Result<Period> ForMonth(int year, int month);
  static Result<Period> ForDay(int year, int month, int day);

  /// The period of the given granularity that contains the UTC day of `t`.
  static Period Containing(Timestamp t, Granularity granularity);

  Granularity granularity() const { return granularity_; }
  int Year() const { return year_; }
  /// 1..4; for a month or day, the quarter it falls in; for a year, 1 (its first quarter).
  int Quarter() const { return (month_ - 1) / 3 + 1; }
  /// First month of the period (1 for a year, 4 for 2023Q2).
  int Month() const { return month_; }
  /// First day of the period within its month (1 unless a day period).
  int Day() const { return day_; }

  /// True when every day of `other` lies in this period (a period contains itself).
  bool Contains(const Period& other) const;

  /// The following period of the same granularity (2023Q4 -> 2024Q1, 2024-02-28 ->
  /// 2024-02-29). After 9999 the year is 10000, which ToString prints but ParsePeriod rejects.
  Period Next() const;
  /// The preceding period of the same granularity.
  Period Previous() const;

  /// Midnight UTC of the first and of the last day of the period.
  Timestamp FirstDay() const;
  Timestamp LastDay() const;
  /// Midnight UTC of the day after the period: the exclusive end of [FirstDay(), End()).
  Timestamp End() const;
  /// Number of days in the period (365 or 366 for a year).
  int DayCount() const;

  /// "2023", "2023Q1", "2023-05", "2023-05-17": the forms ParsePeriod accepts.
  std::string ToString() const;

  friend bool operator==(const Period&, const Period&) = default;
  friend std::strong_ordering operator<=>(const Period& a, const Period& b);

 private:
  Period(Granularity granularity, int year, int month, int day)
      : granularity_(granularity), year_(year), month_(month), day_(day) {}

  Granularity granularity_ = Granularity::kYear;
  int year_ = 1970;
  int month_ = 1;  // first month of the period
  int day_ = 1;    // first day of the period
};

/// Parses "2023", "2023Q1" (also "2023q1", "2023-Q1"), "2023-05" and "2023-05-17". Surrounding
/// white space and full-width digits are accepted. Errors name the text and the accepted forms.
Result<Period> ParsePeriod(std::string_view text);

/// Same as period.ToString().
std::string ToString(const Period& period);

}  // namespace carbonpeak
