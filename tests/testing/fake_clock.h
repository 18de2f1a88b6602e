// FakeClock: a Clock whose time the test sets and advances (Envoy's SimulatedTimeSystem, in
// small). Code under test receives it as `const Clock&` and never reads the OS clock.
//
//   FakeClock clock;                                 // 2024-01-01T00:00:00Z
//   auto store = sqlite::OpenStore(":memory:", clock);
//   clock.Advance(std::chrono::hours(24));
//   clock.Set(Timestamp{.micros = 0});               // time may also go backwards
//
// Thread safety: Now(), Set() and Advance() may be called from any thread (one atomic value).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "base/clock.h"

namespace carbonpeak {

class FakeClock final : public Clock {
 public:
  /// 2024-01-01T00:00:00Z, a fixed and readable default.
  static constexpr Timestamp kDefaultStart{.micros = 1704067200LL * 1000000};

  FakeClock() : FakeClock(kDefaultStart) {}
  explicit FakeClock(Timestamp start) : micros_(start.micros) {}

  Timestamp Now() const override { return Timestamp{.micros = micros_.load()}; }

  /// Jumps to `t` (earlier or later than now).
  void Set(Timestamp t) { micros_.store(t.micros); }

  /// Moves time by `delta` (negative moves it back); any std::chrono duration converts.
  void Advance(std::chrono::microseconds delta) { micros_.fetch_add(delta.count()); }

 private:
  std::atomic<int64_t> micros_;
};

}  // namespace carbonpeak
