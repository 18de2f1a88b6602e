// Event-time arithmetic of the monitor: 15-minute slots, hours, days and months in the
// county's local time (China Standard Time, UTC+8, by default; no daylight saving), and a fast
// parser for the timestamps meters send.
//
// A slot is the index of a 15-minute period counted from 1970-01-01T00:00 local time; every
// coarser bucket is derived from it (hour = slot / 4, day = slot / 96, month = calendar month
// of the day). Readings are filed under the slot of their period start.
//
// Thread safety: pure functions. Failure contract: ParseLocalTimestamp returns false; callers
// build the message.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace carbonpeak::monitor::internal {

using Slot = int32_t;

inline constexpr int64_t kSecondsPerSlot = 15 * 60;
inline constexpr int64_t kSlotsPerHour = 4;
inline constexpr int64_t kSlotsPerDay = 96;
inline constexpr int64_t kMicrosPerSecond = 1000000;

/// floor(a / b) for b > 0.
constexpr int64_t FloorDiv(int64_t a, int64_t b) {
  const int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
constexpr int64_t DaysFromCivilDate(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct CivilDate {
  int32_t year;
  int32_t month;  // 1..12
  int32_t day;    // 1..31
};

/// Inverse of DaysFromCivilDate (Howard Hinnant's civil_from_days).
constexpr CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp + (mp < 10 ? 3 : -9);
  return CivilDate{static_cast<int32_t>(y + (m <= 2 ? 1 : 0)), static_cast<int32_t>(m),
                   static_cast<int32_t>(d)};
}

/// Month index: year * 12 + (month - 1).
constexpr int32_t MonthIndexOfDay(int64_t day) {
  const CivilDate c = CivilFromDays(day);
  return c.year * 12 + (c.month - 1);
}
/// First day (days since epoch) of a month index.
constexpr int64_t FirstDayOfMonth(int32_t month_index) {
  return DaysFromCivilDate(FloorDiv(month_index, 12),
                           FloorDiv(month_index, 12) * -12 + month_index + 1, 1);
}
constexpr int32_t DaysInMonth(int32_t month_index) {
  return static_cast<int32_t>(FirstDayOfMonth(month_index + 1) - FirstDayOfMonth(month_index));
}

constexpr int64_t SlotToDay(int64_t slot) { return FloorDiv(slot, kSlotsPerDay); }
constexpr int64_t SlotToHour(int64_t slot) { return FloorDiv(slot, kSlotsPerHour); }

/// The time-zone rule: a fixed offset from UTC in seconds (China has no daylight saving).
struct LocalZone {
  int32_t offset_seconds = 8 * 3600;

  /// Local seconds since 1970-01-01T00:00 local for a UTC instant in microseconds.
  constexpr int64_t LocalSeconds(int64_t utc_micros) const {
    return FloorDiv(utc_micros, kMicrosPerSecond) + offset_seconds;
  }
  constexpr int64_t UtcMicros(int64_t local_seconds) const {
    return (local_seconds - offset_seconds) * kMicrosPerSecond;
  }
  constexpr int64_t SlotStartMicros(int64_t slot) const {
    return UtcMicros(slot * kSecondsPerSlot);
  }
};

/// A parsed timestamp: seconds since the epoch in local time of `zone`, plus whether the text
/// had sub-second digits that are not zero (never aligned to a period).
struct ParsedTime {
  int64_t local_seconds = 0;
  bool fractional = false;
};

inline bool ParseDigits(std::string_view s, size_t pos, size_t count, int64_t& out) {
  if (pos + count > s.size()) return false;
  int64_t v = 0;
  for (size_t k = 0; k < count; ++k) {
    const unsigned d = static_cast<unsigned char>(s[pos + k]) - '0';
    if (d > 9) return false;
    v = v * 10 + d;
  }
  out = v;
  return true;
}

/// The last date parsed, so that a stream of timestamps of one day parses only the time.
struct DateCache {
  char text[10] = {};
  int64_t days = 0;
  bool valid = false;
};

/// Parses "YYYY-MM-DD", "YYYY-MM-DD[T ]HH:MM[:SS[.f...]]" with an optional "Z" or "±HH:MM" /
/// "±HHMM" offset. Without an offset the time is local time of `zone`. Returns false when the
/// text is not one of these forms or a field is out of range.
inline bool ParseLocalTimestamp(std::string_view s, const LocalZone& zone, ParsedTime& out,
                                DateCache* cache = nullptr) {
  int64_t days;
  if (cache != nullptr && cache->valid && s.size() >= 10 &&
      std::memcmp(s.data(), cache->text, 10) == 0) {
    days = cache->days;
  } else {
    int64_t year, month, day;
    if (s.size() < 10 || s[4] != '-' || s[7] != '-' || !ParseDigits(s, 0, 4, year) ||
        !ParseDigits(s, 5, 2, month) || !ParseDigits(s, 8, 2, day)) {
      return false;
    }
    if (month < 1 || month > 12 || day < 1) return false;
    days = DaysFromCivilDate(year, month, day);
    if (day > 28 && CivilFromDays(days).day != day) return false;  // 2023-02-30
    if (cache != nullptr) {
      std::memcpy(cache->text, s.data(), 10);
      cache->days = days;
      cache->valid = true;
    }
  }
  int64_t hour = 0, minute = 0, second = 0;
  bool fractional = false;
  size_t pos = 10;
  if (pos < s.size()) {
    if (s[pos] != 'T' && s[pos] != ' ' && s[pos] != 't') return false;
    if (!ParseDigits(s, pos + 1, 2, hour) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !ParseDigits(s, pos + 4, 2, minute)) {
      return false;
    }
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (!ParseDigits(s, pos + 1, 2, second)) return false;
      pos += 3;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        const size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          if (s[pos] != '0') fractional = true;
          ++pos;
        }
        if (pos == start) return false;
      }
    }
    if (hour > 23 || minute > 59 || second > 60) return false;
  }
  int64_t offset = zone.offset_seconds;
  if (pos < s.size()) {
    const char c = s[pos];
    if ((c == 'Z' || c == 'z') && pos + 1 == s.size()) {
      offset = 0;
    } else if (c == '+' || c == '-') {
      int64_t oh, om;
      if (!ParseDigits(s, pos + 1, 2, oh)) return false;
      size_t mpos = pos + 3;
      if (mpos < s.size() && s[mpos] == ':') ++mpos;
      if (!ParseDigits(s, mpos, 2, om) || mpos + 2 != s.size() || oh > 14 || om > 59) {
        return false;
      }
      offset = (c == '+' ? 1 : -1) * (oh * 3600 + om * 60);
    } else {
      return false;
    }
  }
  // Local seconds in `zone`: the instant (given in `offset`) moved to the zone's offset.
  const int64_t written = days * 86400 + hour * 3600 + minute * 60 + second;
  out.local_seconds = written - offset + zone.offset_seconds;
  out.fractional = fractional;
  return true;
}

}  // namespace carbonpeak::monitor::internal
