// Time as the program sees it: a Timestamp (UTC microseconds since the Unix epoch) read from an
// injected Clock. Compute modules never read a clock; edges pass time in (Envoy TimeSource).
//
//   SystemClock clock;
//   Timestamp now = clock.Now();
//   std::string iso = FormatTimestamp(now);            // "2024-03-27T08:00:00.000000Z"
//   Result<Timestamp> t = ParseTimestamp("2024-03-27"); // midnight UTC
//
// Thread safety: SystemClock is stateless and safe; other clocks document their own.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace carbonpeak {

/// An instant, UTC, microseconds since 1970-01-01T00:00:00Z.
struct Timestamp {
  int64_t micros = 0;
  auto operator<=>(const Timestamp&) const = default;
};

/// ISO 8601 in UTC with microseconds: "2024-03-27T08:00:00.000000Z".
std::string FormatTimestamp(Timestamp t);

/// Accepts "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.ffffff]][Z|+hh:mm]" (space allowed for 'T').
Result<Timestamp> ParseTimestamp(std::string_view text);

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int year, unsigned month, unsigned day);

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
};

}  // namespace carbonpeak
