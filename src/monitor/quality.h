// Data-quality checks of one meter-day and the budget pace of an enterprise, as pure functions
// (the engine gathers the inputs and turns findings into alerts).
//
//   monitor::DayInput day;                 // the day's periods, counter events, baseline
//   monitor::DayFindings f = monitor::CheckDay(day, options);
//   if (f.completeness < options.completeness_threshold) { ... }
//
// Checks (docs/design/monitor-quality.md):
//   completeness  received periods / expected periods of the day < 90 %     (GB/T 37947 practice)
//   gap           the longest run of missing periods ≥ gap_minutes
//   stuck         an interval meter repeats the same non-zero value for ≥ stuck_minutes
//   spike         |use − baseline median| > spike_mads × 1.4826 × baseline MAD, where the baseline
//                 is the median of the previous days' medians and MADs (robust to the outliers
//                 it looks for); at least 3 days of history
//   counter       a backwards step: rollover (register wrapped) or reset
//   budget pace   use so far, extrapolated to the whole month or year, above the budget
//
// Thread safety: pure functions. Failure contract: none (inputs are the engine's own).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace carbonpeak::monitor {

struct QualityOptions {
  bool enabled = true;
  double completeness_threshold = 0.9;
  int gap_minutes = 60;
  int stuck_minutes = 240;
  double spike_mads = 6.0;
  int baseline_days = 7;
  /// A day is checked once the latest period start seen is this far past the day's end.
  int64_t close_delay_seconds = 3600;
};

/// Median and median absolute deviation of a day's values.
struct RobustStats {
  int64_t median = 0;
  int64_t mad = 0;
};

/// Median and MAD of `values` (reordered). Empty input gives zeros.
RobustStats ComputeRobustStats(std::vector<int64_t>& values);

/// The baseline from earlier days: median of their medians and of their MADs; nullopt with
/// fewer than 3 days.
std::optional<RobustStats> Baseline(const std::vector<RobustStats>& days);

struct CounterEvent {
  int period = 0;  ///< Index of the later reading within the day.
  int64_t previous = 0;
  int64_t value = 0;
  bool rollover = false;  ///< false: a reset
};

struct DayInput {
  int minutes_per_period = 15;
  bool interval_meter = true;
  /// Per period of the day: the use (interval value, or counter difference filed there), or
  /// nullopt when nothing usable was received. `received` says whether a reading arrived.
  std::vector<std::optional<int64_t>> use;
  std::vector<bool> received;
  /// Interval meters: the raw values, for the stuck check (nullopt when missing).
  std::vector<std::optional<int64_t>> raw;
  std::vector<CounterEvent> counter_events;
  std::optional<RobustStats> baseline;
};

struct DayFindings {
  double completeness = 1.0;
  int received = 0;
  int expected = 0;
  int longest_gap = 0;  ///< In periods.
  int gap_start = 0;    ///< First period of the longest gap.
  int gaps = 0;         ///< Runs of missing periods at least gap_minutes long.
  int stuck_run = 0;    ///< Longest run of one repeated non-zero value (periods), if ≥ the limit.
  int stuck_start = 0;
  int64_t stuck_value = 0;
  int spikes = 0;
  int spike_period = 0;  ///< The largest spike.
  int64_t spike_value = 0;
  RobustStats stats;  ///< Of this day's uses (feeds later baselines).
  bool has_stats = false;
};

DayFindings CheckDay(const DayInput& day, const QualityOptions& options);

/// Use so far extrapolated linearly to the whole period.
struct PaceFinding {
  double projected = 0;
  bool over_pace = false;  ///< projected > budget
  bool exceeded = false;   ///< used > budget already
};
PaceFinding CheckPace(double used, int days_elapsed, int days_in_period, double budget);

}  // namespace carbonpeak::monitor
