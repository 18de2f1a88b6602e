// The arithmetic of target tracking: Hunan's 4-decimal intensity rounding, the time schedule
// (时序进度) of a cumulative reduction, the linear path of a level target, and the three warning
// levels of the 能耗双控 barometer. Formulas and sources: docs/methodology/tracking.md.
//
//   double e = *ExpectedCumulativeReduction(0.145, 2020, 2025, 2023);  // 0.089710...
//   double r = *IntensityReductionPercent(0.52345, 0.48761);           // rounds both, then
//   compares WarningLevel w = ClassifyWarning(Direction::kHigherIsBetter, 9.0, 7.5, 8.99);  //
//   kLevel3
//
// Thread safety: pure functions. Failure contract: InvalidArgument for arguments outside the
// formula's domain (target year not after the base year, a year outside the schedule, a zero base
// intensity), with a message that says which number is wrong. Nothing throws.
#pragma once

#include <string_view>

#include "base/status.h"
#include "refdata/refdata.h"

namespace carbonpeak::indicators {

/// Decimals each year's intensity is rounded to before two years are compared (Hunan rule,
/// DESIGN.md §4).
inline constexpr int kIntensityDecimals = 4;

/// Two values closer than this, relative to the larger magnitude (at least 1), count as equal
/// in every comparison of this module: floating-point noise must not turn "exactly on schedule"
/// into "behind".
inline constexpr double kRelativeEpsilon = 1e-9;

/// Rounds half away from zero to `decimals` places (0 ≤ decimals ≤ 12). A value within
/// kRelativeEpsilon of a half is treated as the half, so 1234.5 / 10000 gives 0.1235 although the
/// nearest double to 0.12345 lies just below it.
double RoundToDecimals(double value, int decimals);

/// Cumulative reduction in percent, (1 − I_t ÷ I_base) × 100, with both intensities first
/// rounded to kIntensityDecimals (Hunan rule). Positive = the intensity fell. Fails when the base
/// intensity rounds to zero or either intensity is negative.
Result<double> IntensityReductionPercent(double base_intensity, double intensity);

/// Time schedule of a cumulative reduction: the reduction expected by `year` when `reduction`
/// (a fraction, 0.145 = 14.5 %) is due from `base_year` to `target_year`, falling at a constant
/// yearly rate: 1 − (1 − R)^((t − b)/(T − b)). Returns a fraction. Requires b < T, b ≤ t ≤ T and
/// R < 1.
Result<double> ExpectedCumulativeReduction(double reduction, int base_year, int target_year,
                                           int year);

/// Linear path of a level target (a share, a capacity) from `base_value` in `base_year` to
/// `target_value` in `target_year`: V_b + (V_T − V_b)(t − b)/(T − b). Requires b < T, b ≤ t ≤ T.
Result<double> LinearPathValue(double base_value, double target_value, int base_year,
                               int target_year, int year);

/// True when `a` is at least as good as `b` for an indicator with `direction` (equal within
/// kRelativeEpsilon counts as as good). Neutral indicators: true only when they are equal.
bool AtLeastAsGood(refdata::Direction direction, double a, double b);

/// True when `a` and `b` are equal within kRelativeEpsilon.
bool NearlyEqual(double a, double b);

/// The warning levels of the 能耗双控 barometer (发改办环资〔2021〕629号,
/// data/refdata/warning_levels.csv). Stored as text: append only.
enum class WarningLevel {
  kNone,    ///< Not assessed: no schedule, no previous-year value, or a neutral indicator.
  kLevel1,  ///< 一级预警, red: the indicator worsened year on year.
  kLevel2,  ///< 二级预警, yellow: it improved (or held) but slower than the schedule.
  kLevel3,  ///< 三级预警, green: on schedule.
};

/// "none", "level1", "level2", "level3".
std::string_view WarningLevelName(WarningLevel level);
/// "", "red", "yellow", "green".
std::string_view WarningColour(WarningLevel level);
/// "", "一级预警", "二级预警", "三级预警".
std::string_view WarningLevelNameZh(WarningLevel level);

/// Classifies one year: level 1 when `actual` is worse than `previous` (the year before; for a
/// cumulative reduction the previous cumulative reduction, 0 in the base year); otherwise level 2
/// when `actual` is worse than `expected` (the schedule); otherwise level 3. Equal to the previous
/// year is not worse (not level 1); equal to the schedule is on schedule (level 3). kNone for a
/// neutral direction.
WarningLevel ClassifyWarning(refdata::Direction direction, double actual, double previous,
                             double expected);

}  // namespace carbonpeak::indicators
