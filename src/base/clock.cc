#include "base/clock.h"

#include <chrono>
#include <cstdio>

namespace carbonpeak {

int64_t DaysFromCivil(int year, unsigned month, unsigned day) {
  const int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = (static_cast<int64_t>(month) + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + static_cast<int64_t>(day) - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

namespace {

void CivilFromDays(int64_t z, int& year, unsigned& month, unsigned& day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  day = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

bool ReadInt(std::string_view s, size_t pos, size_t len, int& out) {
  if (pos + len > s.size()) return false;
  int v = 0;
  for (size_t idx = pos; idx < pos + len; ++idx) {
    if (s[idx] < '0' || s[idx] > '9') return false;
    v = v * 10 + (s[idx] - '0');
  }
  out = v;
  return true;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int y, int m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (m == 2 && IsLeap(y)) ? 29u : kDays[m - 1];
}

}  // namespace

std::string FormatTimestamp(Timestamp t) {
  int64_t secs = t.micros >= 0 ? t.micros / 1000000 : (t.micros - 999999) / 1000000;
  const int64_t micros = t.micros - secs * 1000000;
  int64_t days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  const int64_t sod = secs - days * 86400;
  int y;
  unsigned mo, d;
  CivilFromDays(days, y, mo, d);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%06dZ", y, mo, d,
                static_cast<int>(sod / 3600), static_cast<int>(sod % 3600 / 60),
                static_cast<int>(sod % 60), static_cast<int>(micros));
  return buf;
}

Result<Timestamp> ParseTimestamp(std::string_view s) {
  auto bad = [&]() {
    return Status::InvalidArgument("'" + std::string(s) +
                                   "' is not a date or time; write it as 2024-03-27 or "
                                   "2024-03-27T08:00:00Z");
  };
  int y, mo, d;
  if (s.size() < 10 || !ReadInt(s, 0, 4, y) || s[4] != '-' || !ReadInt(s, 5, 2, mo) ||
      s[7] != '-' || !ReadInt(s, 8, 2, d)) {
    return bad();
  }
  if (mo < 1 || mo > 12 || d < 1 || static_cast<unsigned>(d) > DaysInMonth(y, mo)) return bad();
  int64_t micros_of_day = 0;
  int64_t offset_secs = 0;
  size_t pos = 10;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != ' ') return bad();
    int hh, mm, ss = 0;
    if (!ReadInt(s, pos + 1, 2, hh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !ReadInt(s, pos + 4, 2, mm)) {
      return bad();
    }
    pos += 6;
    int64_t frac = 0;
    if (pos < s.size() && s[pos] == ':') {
      if (!ReadInt(s, pos + 1, 2, ss)) return bad();
      pos += 3;
      if (pos < s.size() && s[pos] == '.') {
        ++pos;
        int digits = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          if (digits < 6) {
            frac = frac * 10 + (s[pos] - '0');
            ++digits;
          }
          ++pos;
        }
        if (digits == 0) return bad();
        for (; digits < 6; ++digits) frac *= 10;
      }
    }
    if (hh > 23 || mm > 59 || ss > 60) return bad();
    micros_of_day = (static_cast<int64_t>(hh) * 3600 + mm * 60 + ss) * 1000000 + frac;
    if (pos < s.size()) {
      if (s[pos] == 'Z' && pos + 1 == s.size()) {
        // UTC
      } else if ((s[pos] == '+' || s[pos] == '-') && pos + 6 == s.size() && s[pos + 3] == ':') {
        int oh, om;
        if (!ReadInt(s, pos + 1, 2, oh) || !ReadInt(s, pos + 4, 2, om)) return bad();
        offset_secs = (oh * 3600 + om * 60) * (s[pos] == '+' ? 1 : -1);
      } else {
        return bad();
      }
    }
  }
  const int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return Timestamp{days * 86400 * 1000000 + micros_of_day - offset_secs * 1000000};
}

Timestamp SystemClock::Now() const {
  using namespace std::chrono;
  return Timestamp{duration_cast<microseconds>(system_clock::now().time_since_epoch()).count()};
}

}  // namespace carbonpeak
