#include "base/period.h"

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <tuple>

#include "base/text.h"

namespace carbonpeak {
namespace {

constexpr int kMinYear = 1;
constexpr int kMaxYear = 9999;
constexpr int64_t kMicrosPerDay = int64_t{86400} * 1000000;

constexpr std::string_view kAcceptedForms =
    "write a year (2023), a quarter (2023Q1), a month (2023-05) or a day (2023-05-17)";

bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (month == 2 && IsLeap(year)) ? 29 : kDays[month - 1];
}

int64_t DayNumber(int year, int month, int day) {
  return DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

// Inverse of DaysFromCivil (Howard Hinnant's civil_from_days, public domain).
void CivilFromDays(int64_t z, int& year, int& month, int& day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

Status YearError(int year) {
  return Status::InvalidArgument(
      fmt::format("year {} is outside {}..{}; check the year", year, kMinYear, kMaxYear));
}

// Reads 1..max_len ASCII digits at `pos`; advances `pos`.
std::optional<int> ReadNumber(std::string_view s, size_t& pos, size_t min_len, size_t max_len) {
  size_t len = 0;
  int value = 0;
  while (pos + len < s.size() && len < max_len && s[pos + len] >= '0' && s[pos + len] <= '9') {
    value = value * 10 + (s[pos + len] - '0');
    ++len;
  }
  if (len < min_len) return std::nullopt;
  pos += len;
  return value;
}

}  // namespace

std::string_view GranularityName(Granularity granularity) {
  switch (granularity) {
    case Granularity::kYear:
      return "year";
    case Granularity::kQuarter:
      return "quarter";
    case Granularity::kMonth:
      return "month";
    case Granularity::kDay:
      return "day";
  }
  return "unknown granularity";
}

Result<Period> Period::ForYear(int year) {
  if (year < kMinYear || year > kMaxYear) return YearError(year);
  return Period(Granularity::kYear, year, 1, 1);
}

Result<Period> Period::ForQuarter(int year, int quarter) {
  if (year < kMinYear || year > kMaxYear) return YearError(year);
  if (quarter < 1 || quarter > 4) {
    return Status::InvalidArgument(
        fmt::format("quarter {} of {} does not exist; quarters are 1 to 4", quarter, year));
  }
  return Period(Granularity::kQuarter, year, (quarter - 1) * 3 + 1, 1);
}

Result<Period> Period::ForMonth(int year, int month) {
  if (year < kMinYear || year > kMaxYear) return YearError(year);
  if (month < 1 || month > 12) {
    return Status::InvalidArgument(
        fmt::format("month {} of {} does not exist; months are 1 to 12", month, year));
  }
  return Period(Granularity::kMonth, year, month, 1);
}

Result<Period> Period::ForDay(int year, int month, int day) {
  CPK_RETURN_IF_ERROR(ForMonth(year, month));
  const int days = DaysInMonth(year, month);
  if (day < 1 || day > days) {
    return Status::InvalidArgument(fmt::format(
        "day {} of {}-{:02} does not exist; that month has {} days", day, year, month, days));
  }
  return Period(Granularity::kDay, year, month, day);
}

Period Period::Containing(Timestamp t, Granularity granularity) {
  int year = 0;
  int month = 0;
  int day = 0;
  CivilFromDays(FloorDiv(t.micros, kMicrosPerDay), year, month, day);
  switch (granularity) {
    case Granularity::kYear:
      return Period(granularity, year, 1, 1);
    case Granularity::kQuarter:
      return Period(granularity, year, (month - 1) / 3 * 3 + 1, 1);
    case Granularity::kMonth:
      return Period(granularity, year, month, 1);
    case Granularity::kDay:
      return Period(granularity, year, month, day);
  }
  return Period(Granularity::kDay, year, month, day);
}

bool Period::Contains(const Period& other) const {
  return FirstDay() <= other.FirstDay() && other.End() <= End();
}

Period Period::Next() const {
  switch (granularity_) {
    case Granularity::kYear:
      return Period(granularity_, year_ + 1, 1, 1);
    case Granularity::kQuarter:
      return month_ >= 10 ? Period(granularity_, year_ + 1, 1, 1)
                          : Period(granularity_, year_, month_ + 3, 1);
    case Granularity::kMonth:
      return month_ == 12 ? Period(granularity_, year_ + 1, 1, 1)
                          : Period(granularity_, year_, month_ + 1, 1);
    case Granularity::kDay:
      break;
  }
  int year = 0;
  int month = 0;
  int day = 0;
  CivilFromDays(DayNumber(year_, month_, day_) + 1, year, month, day);
  return Period(granularity_, year, month, day);
}

Period Period::Previous() const {
  switch (granularity_) {
    case Granularity::kYear:
      return Period(granularity_, year_ - 1, 1, 1);
    case Granularity::kQuarter:
      return month_ <= 3 ? Period(granularity_, year_ - 1, 10, 1)
                         : Period(granularity_, year_, month_ - 3, 1);
    case Granularity::kMonth:
      return month_ == 1 ? Period(granularity_, year_ - 1, 12, 1)
                         : Period(granularity_, year_, month_ - 1, 1);
    case Granularity::kDay:
      break;
  }
  int year = 0;
  int month = 0;
  int day = 0;
  CivilFromDays(DayNumber(year_, month_, day_) - 1, year, month, day);
  return Period(granularity_, year, month, day);
}

Timestamp Period::FirstDay() const {
  return Timestamp{DayNumber(year_, month_, day_) * kMicrosPerDay};
}

Timestamp Period::End() const { return Next().FirstDay(); }

Timestamp Period::LastDay() const { return Timestamp{End().micros - kMicrosPerDay}; }

int Period::DayCount() const {
  return static_cast<int>((End().micros - FirstDay().micros) / kMicrosPerDay);
}

std::string Period::ToString() const {
  switch (granularity_) {
    case Granularity::kYear:
      return fmt::format("{:04}", year_);
    case Granularity::kQuarter:
      return fmt::format("{:04}Q{}", year_, Quarter());
    case Granularity::kMonth:
      return fmt::format("{:04}-{:02}", year_, month_);
    case Granularity::kDay:
      return fmt::format("{:04}-{:02}-{:02}", year_, month_, day_);
  }
  return "?";
}

std::strong_ordering operator<=>(const Period& a, const Period& b) {
  return std::tie(a.year_, a.month_, a.day_, a.granularity_) <=>
         std::tie(b.year_, b.month_, b.day_, b.granularity_);
}

std::string ToString(const Period& period) { return period.ToString(); }

Result<Period> ParsePeriod(std::string_view text) {
  const std::string half = text::ToHalfWidth(text);
  const std::string_view s = text::Trim(half);
  std::string shown(s);
  if (!text::IsValidUtf8(shown)) shown = text::EncodeUtf8(text::DecodeUtf8(shown));
  const auto bad = [&](std::string_view why) {
    return Status::InvalidArgument(
        fmt::format("\"{}\" is not a period{}; {}", shown, why, kAcceptedForms));
  };
  if (s.empty()) return Status::InvalidArgument(fmt::format("no period given; {}", kAcceptedForms));

  size_t pos = 0;
  const std::optional<int> year = ReadNumber(s, pos, 4, 4);
  if (!year || (pos < s.size() && s[pos] >= '0' && s[pos] <= '9')) {
    return bad(": the year must have exactly four digits");
  }
  const auto with_context = [&](Status status) {
    return Status::InvalidArgument(
        fmt::format("\"{}\" is not a period: {}; {}", shown, status.message(), kAcceptedForms));
  };
  if (pos == s.size()) {
    Result<Period> p = Period::ForYear(*year);
    return p.ok() ? p : with_context(p.status());
  }
  // Quarter: 2023Q1, 2023q1, 2023-Q1.
  size_t q_pos = pos;
  if (s[q_pos] == '-' && q_pos + 1 < s.size() && (s[q_pos + 1] == 'Q' || s[q_pos + 1] == 'q')) {
    ++q_pos;
  }
  if (s[q_pos] == 'Q' || s[q_pos] == 'q') {
    ++q_pos;
    const std::optional<int> quarter = ReadNumber(s, q_pos, 1, 1);
    if (!quarter || q_pos != s.size()) return bad(": a quarter is written Q1 to Q4");
    Result<Period> p = Period::ForQuarter(*year, *quarter);
    return p.ok() ? p : with_context(p.status());
  }
  if (s[pos] != '-') return bad("");
  ++pos;
  const std::optional<int> month = ReadNumber(s, pos, 1, 2);
  if (!month) return bad(": the month must follow the year as 2023-05");
  if (pos == s.size()) {
    Result<Period> p = Period::ForMonth(*year, *month);
    return p.ok() ? p : with_context(p.status());
  }
  if (s[pos] != '-') return bad("");
  ++pos;
  const std::optional<int> day = ReadNumber(s, pos, 1, 2);
  if (!day || pos != s.size()) return bad(": a day is written 2023-05-17");
  Result<Period> p = Period::ForDay(*year, *month, *day);
  return p.ok() ? p : with_context(p.status());
}

}  // namespace carbonpeak
