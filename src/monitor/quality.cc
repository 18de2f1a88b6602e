#include "monitor/quality.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace carbonpeak::monitor {
namespace {

/// Median of values (reordered); the lower middle for an even count, so it is an actual value.
int64_t Median(std::vector<int64_t>& values) {
  const size_t mid = (values.size() - 1) / 2;
  std::nth_element(values.begin(), values.begin() + static_cast<ptrdiff_t>(mid), values.end());
  return values[mid];
}

// 1.4826 makes the MAD an estimate of the standard deviation for normal data (Rousseeuw and
// Croux 1993, "Alternatives to the Median Absolute Deviation", JASA 88:1273, the consistency
// constant 1/Φ⁻¹(3/4)).
constexpr double kMadToSigma = 1.4826;

}  // namespace

RobustStats ComputeRobustStats(std::vector<int64_t>& values) {
  RobustStats s;
  if (values.empty()) return s;
  s.median = Median(values);
  for (int64_t& v : values) v = v >= s.median ? v - s.median : s.median - v;
  s.mad = Median(values);
  return s;
}

std::optional<RobustStats> Baseline(const std::vector<RobustStats>& days) {
  if (days.size() < 3) return std::nullopt;
  std::vector<int64_t> medians, mads;
  for (const RobustStats& d : days) {
    medians.push_back(d.median);
    mads.push_back(d.mad);
  }
  return RobustStats{Median(medians), Median(mads)};
}

DayFindings CheckDay(const DayInput& day, const QualityOptions& options) {
  DayFindings f;
  const int periods = static_cast<int>(day.received.size());
  f.expected = periods;
  const int gap_limit = std::max(1, options.gap_minutes / day.minutes_per_period);
  const int stuck_limit = std::max(2, options.stuck_minutes / day.minutes_per_period);
  int run = 0;
  for (int p = 0; p <= periods; ++p) {
    const bool missing = p < periods && !day.received[static_cast<size_t>(p)];
    if (p < periods && !missing) ++f.received;
    if (missing) {
      ++run;
      continue;
    }
    if (run > 0) {
      if (run >= gap_limit) ++f.gaps;
      if (run > f.longest_gap) {
        f.longest_gap = run;
        f.gap_start = p - run;
      }
    }
    run = 0;
  }
  f.completeness = periods > 0 ? static_cast<double>(f.received) / periods : 1.0;

  if (day.interval_meter) {
    int stuck = 0;
    for (int p = 0; p <= periods; ++p) {
      const std::optional<int64_t> v =
          p < periods ? day.raw[static_cast<size_t>(p)] : std::optional<int64_t>();
      const bool continues = v && *v != 0 && p > 0 && day.raw[static_cast<size_t>(p - 1)] == v;
      if (continues) {
        stuck = stuck == 0 ? 2 : stuck + 1;
        continue;
      }
      if (stuck >= stuck_limit && stuck > f.stuck_run) {
        f.stuck_run = stuck;
        f.stuck_start = p - stuck;
        f.stuck_value = *day.raw[static_cast<size_t>(p - 1)];
      }
      stuck = 0;
    }
  }

  std::vector<int64_t> uses;
  for (const std::optional<int64_t>& u : day.use) {
    if (u) uses.push_back(*u);
  }
  if (!uses.empty()) {
    f.stats = ComputeRobustStats(uses);
    f.has_stats = true;
  }
  if (day.baseline) {
    const double median = static_cast<double>(day.baseline->median);
    // A floor keeps a perfectly flat history (MAD 0) from flagging every small change.
    const double spread = std::max(
        {kMadToSigma * static_cast<double>(day.baseline->mad), 0.01 * std::fabs(median), 1.0});
    const double limit = options.spike_mads * spread;
    double largest = 0;
    for (int p = 0; p < periods; ++p) {
      const std::optional<int64_t>& u = day.use[static_cast<size_t>(p)];
      if (!u) continue;
      const double deviation = std::fabs(static_cast<double>(*u) - median);
      if (deviation > limit) {
        ++f.spikes;
        if (deviation > largest) {
          largest = deviation;
          f.spike_period = p;
          f.spike_value = *u;
        }
      }
    }
  }
  return f;
}

PaceFinding CheckPace(double used, int days_elapsed, int days_in_period, double budget) {
  PaceFinding p;
  if (days_elapsed <= 0 || days_in_period <= 0) return p;
  p.projected = used * days_in_period / days_elapsed;
  p.over_pace = p.projected > budget;
  p.exceeded = used > budget;
  return p;
}

}  // namespace carbonpeak::monitor
