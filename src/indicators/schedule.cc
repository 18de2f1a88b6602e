#include "indicators/schedule.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace carbonpeak::indicators {
namespace {

double Tolerance(double a, double b) {
  return kRelativeEpsilon * std::max({1.0, std::fabs(a), std::fabs(b)});
}

Status CheckYears(int base_year, int target_year, int year) {
  if (target_year <= base_year) {
    return Status::InvalidArgument(
        fmt::format("the target year {} is not after the base year {}; a time schedule needs a "
                    "target year later than its base year — check the target's year and base year",
                    target_year, base_year));
  }
  if (year < base_year || year > target_year) {
    return Status::InvalidArgument(fmt::format(
        "year {} is outside the time schedule {}–{}; the schedule is defined only from the base "
        "year to the target year",
        year, base_year, target_year));
  }
  return Status::Ok();
}

}  // namespace

double RoundToDecimals(double value, int decimals) {
  // Callers pass a compile-time number of decimals; a bad one is a bug, not user input.
  CPK_CHECK(decimals >= 0 && decimals <= 12);
  if (!std::isfinite(value)) return value;
  const double scale = std::pow(10.0, decimals);
  const double scaled = std::fabs(value) * scale;
  const double whole = std::floor(scaled);
  const double fraction = scaled - whole;
  double magnitude = 0;
  if (std::fabs(fraction - 0.5) <= kRelativeEpsilon * std::max(1.0, scaled)) {
    magnitude = whole + 1;  // a half, or within floating-point noise of one: away from zero
  } else {
    magnitude = std::round(scaled);
  }
  return std::copysign(magnitude / scale, value);
}

Result<double> IntensityReductionPercent(double base_intensity, double intensity) {
  if (!std::isfinite(base_intensity) || !std::isfinite(intensity) || base_intensity < 0 ||
      intensity < 0) {
    return Status::InvalidArgument(
        fmt::format("intensities must be finite and not negative (base year {}, year {}); check "
                    "the energy or CO2 total and the GDP they are computed from",
                    base_intensity, intensity));
  }
  const double base_rounded = RoundToDecimals(base_intensity, kIntensityDecimals);
  const double rounded = RoundToDecimals(intensity, kIntensityDecimals);
  if (base_rounded == 0) {
    return Status::InvalidArgument(fmt::format(
        "the base-year intensity {} rounds to 0 at {} decimals, so no reduction can be computed; "
        "check the base year's energy or CO2 total and GDP",
        base_intensity, kIntensityDecimals));
  }
  return (1.0 - rounded / base_rounded) * 100.0;
}

Result<double> ExpectedCumulativeReduction(double reduction, int base_year, int target_year,
                                           int year) {
  CPK_RETURN_IF_ERROR(CheckYears(base_year, target_year, year));
  if (!std::isfinite(reduction) || reduction >= 1.0) {
    return Status::InvalidArgument(fmt::format(
        "a cumulative reduction of {}% cannot be scheduled; it must be below 100% (write 14.5% "
        "as 14.5 in the target)",
        reduction * 100.0));
  }
  const double elapsed = static_cast<double>(year - base_year) / (target_year - base_year);
  return 1.0 - std::pow(1.0 - reduction, elapsed);
}

Result<double> LinearPathValue(double base_value, double target_value, int base_year,
                               int target_year, int year) {
  CPK_RETURN_IF_ERROR(CheckYears(base_year, target_year, year));
  const double elapsed = static_cast<double>(year - base_year) / (target_year - base_year);
  return base_value + (target_value - base_value) * elapsed;
}

bool AtLeastAsGood(refdata::Direction direction, double a, double b) {
  const double tolerance = Tolerance(a, b);
  switch (direction) {
    case refdata::Direction::kHigherIsBetter:
      return a >= b - tolerance;
    case refdata::Direction::kLowerIsBetter:
      return a <= b + tolerance;
    case refdata::Direction::kNeutral:
      return std::fabs(a - b) <= tolerance;
  }
  return false;
}

bool NearlyEqual(double a, double b) { return std::fabs(a - b) <= Tolerance(a, b); }

std::string_view WarningLevelName(WarningLevel level) {
  switch (level) {
    case WarningLevel::kNone:
      return "none";
    case WarningLevel::kLevel1:
      return "level1";
    case WarningLevel::kLevel2:
      return "level2";
    case WarningLevel::kLevel3:
      return "level3";
  }
  return "none";
}

std::string_view WarningColour(WarningLevel level) {
  switch (level) {
    case WarningLevel::kNone:
      return "";
    case WarningLevel::kLevel1:
      return "red";
    case WarningLevel::kLevel2:
      return "yellow";
    case WarningLevel::kLevel3:
      return "green";
  }
  return "";
}

std::string_view WarningLevelNameZh(WarningLevel level) {
  switch (level) {
    case WarningLevel::kNone:
      return "";
    case WarningLevel::kLevel1:
      return "一级预警";
    case WarningLevel::kLevel2:
      return "二级预警";
    case WarningLevel::kLevel3:
      return "三级预警";
  }
  return "";
}

WarningLevel ClassifyWarning(refdata::Direction direction, double actual, double previous,
                             double expected) {
  if (direction == refdata::Direction::kNeutral) return WarningLevel::kNone;
  if (!AtLeastAsGood(direction, actual, previous)) return WarningLevel::kLevel1;
  if (!AtLeastAsGood(direction, actual, expected)) return WarningLevel::kLevel2;
  return WarningLevel::kLevel3;
}

}  // namespace carbonpeak::indicators
