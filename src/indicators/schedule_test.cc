#include "indicators/schedule.h"

#include <gtest/gtest.h>

#include <cmath>

namespace carbonpeak::indicators {
namespace {

using refdata::Direction;

// ----- Hunan rounding -----

TEST(RoundToDecimals, RoundsHalfAwayFromZeroAtFourDecimals) {
  EXPECT_DOUBLE_EQ(RoundToDecimals(0.12344, 4), 0.1234);
  EXPECT_DOUBLE_EQ(RoundToDecimals(0.12346, 4), 0.1235);
  EXPECT_DOUBLE_EQ(RoundToDecimals(-0.12346, 4), -0.1235);
  EXPECT_DOUBLE_EQ(RoundToDecimals(2.00005, 4), 2.0001);
  EXPECT_DOUBLE_EQ(RoundToDecimals(7.0, 4), 7.0);
}

TEST(RoundToDecimals, ExactHalvesFromDivisionRoundUpDespiteBinaryNoise) {
  // 1234.5 tce / 10,000 万元 = 0.12345 exactly in decimals; the double nearest to it may lie just
  // below the half. Statistical rounding still gives 0.1235.
  EXPECT_DOUBLE_EQ(RoundToDecimals(1234.5 / 10000.0, 4), 0.1235);
  EXPECT_DOUBLE_EQ(RoundToDecimals(1046900.0 / 2000000.0, 4), 0.5235);  // 0.52345
  EXPECT_DOUBLE_EQ(RoundToDecimals(0.00005, 4), 0.0001);
}

TEST(IntensityReductionPercent, RoundsBothYearsBeforeComparing) {
  // Base 0.52345 → 0.5235, year 0.47114 → 0.4711.
  // (1 − 0.4711 / 0.5235) × 100 = (0.0524 / 0.5235) × 100 = 10.00955…%,
  // whereas the unrounded values give (1 − 0.47114 / 0.52345) × 100 = 9.99331…%.
  Result<double> r = IntensityReductionPercent(0.52345, 0.47114);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NEAR(*r, 10.009551098376, 1e-9);
  EXPECT_GE(*r, 10.0);  // the rule turns a 9.99 % fall into a met 10 % target
  EXPECT_LT((1 - 0.47114 / 0.52345) * 100, 10.0);
}

TEST(IntensityReductionPercent, RejectsZeroBaseAndNegatives) {
  EXPECT_EQ(IntensityReductionPercent(0.00004, 0.1).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(IntensityReductionPercent(-1, 0.1).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(IntensityReductionPercent(0.5, -0.1).status().code(), StatusCode::kInvalidArgument);
}

// ----- time schedule -----

TEST(ExpectedCumulativeReduction, IsZeroInTheBaseYear) {
  Result<double> e = ExpectedCumulativeReduction(0.145, 2020, 2025, 2020);
  ASSERT_TRUE(e.ok());
  EXPECT_DOUBLE_EQ(*e, 0.0);
}

TEST(ExpectedCumulativeReduction, IsTheWholeReductionInTheTargetYear) {
  Result<double> e = ExpectedCumulativeReduction(0.145, 2020, 2025, 2025);
  ASSERT_TRUE(e.ok());
  EXPECT_NEAR(*e, 0.145, 1e-15);
}

TEST(ExpectedCumulativeReduction, FallsAtAConstantYearlyRateInBetween) {
  // R = 14.5 %, b = 2020, T = 2025, t = 2023: 1 − 0.855^(3/5).
  // ln 0.855 = −0.156654; × 0.6 = −0.093992; e^−0.093992 = 0.910290; 1 − 0.910290 = 0.089710.
  Result<double> e = ExpectedCumulativeReduction(0.145, 2020, 2025, 2023);
  ASSERT_TRUE(e.ok());
  EXPECT_NEAR(*e, 0.089710, 1e-6);
  // The geometric path runs above the straight line (3/5 × 14.5 % = 8.7 %).
  EXPECT_GT(*e, 0.6 * 0.145);
  // Each year falls by the same factor: (1 − e_2021) ^ 5 = 1 − R.
  Result<double> one = ExpectedCumulativeReduction(0.145, 2020, 2025, 2021);
  ASSERT_TRUE(one.ok());
  EXPECT_NEAR(std::pow(1 - *one, 5), 0.855, 1e-12);
}

TEST(ExpectedCumulativeReduction, RejectsYearsOutsideTheScheduleAndImpossibleReductions) {
  EXPECT_EQ(ExpectedCumulativeReduction(0.145, 2025, 2020, 2023).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ExpectedCumulativeReduction(0.145, 2020, 2025, 2019).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(ExpectedCumulativeReduction(0.145, 2020, 2025, 2026).status().code(),
            StatusCode::kInvalidArgument);
  Result<double> full = ExpectedCumulativeReduction(1.0, 2020, 2025, 2023);
  ASSERT_FALSE(full.ok());
  EXPECT_NE(full.status().message().find("below 100%"), std::string::npos);
}

TEST(LinearPathValue, RunsStraightFromBaseToTarget) {
  // 15 % in 2020 to 25 % in 2030: 15 + 10 × 3/10 = 18 in 2023.
  EXPECT_DOUBLE_EQ(*LinearPathValue(15, 25, 2020, 2030, 2023), 18.0);
  EXPECT_DOUBLE_EQ(*LinearPathValue(15, 25, 2020, 2030, 2020), 15.0);
  EXPECT_DOUBLE_EQ(*LinearPathValue(15, 25, 2020, 2030, 2030), 25.0);
  EXPECT_FALSE(LinearPathValue(15, 25, 2020, 2020, 2020).ok());
}

// ----- warning levels at their boundaries -----

TEST(ClassifyWarning, HigherIsBetterBoundaries) {
  const Direction up = Direction::kHigherIsBetter;
  // Previous 6.5, schedule 8.971.
  EXPECT_EQ(ClassifyWarning(up, 9.0, 6.5, 8.971), WarningLevel::kLevel3);
  EXPECT_EQ(ClassifyWarning(up, 8.971, 6.5, 8.971), WarningLevel::kLevel3);   // exactly on schedule
  EXPECT_EQ(ClassifyWarning(up, 8.9709, 6.5, 8.971), WarningLevel::kLevel2);  // just behind
  EXPECT_EQ(ClassifyWarning(up, 6.5, 6.5, 8.971), WarningLevel::kLevel2);     // unchanged: not red
  EXPECT_EQ(ClassifyWarning(up, 6.4999, 6.5, 8.971), WarningLevel::kLevel1);  // just worse
  // Worse than last year but still ahead of schedule is red: the barometer's level 1 is about the
  // year-on-year change.
  EXPECT_EQ(ClassifyWarning(up, 10.0, 10.5, 8.971), WarningLevel::kLevel1);
}

TEST(ClassifyWarning, EqualityUsesTheComputedScheduleValue) {
  const double expected = *ExpectedCumulativeReduction(0.145, 2020, 2025, 2023) * 100;
  EXPECT_EQ(ClassifyWarning(Direction::kHigherIsBetter, 8.971021583570515, 6.5, expected),
            WarningLevel::kLevel3);
}

TEST(ClassifyWarning, LowerIsBetterBoundaries) {
  const Direction down = Direction::kLowerIsBetter;
  // An energy total: previous 135, schedule 138.
  EXPECT_EQ(ClassifyWarning(down, 134, 135, 138), WarningLevel::kLevel3);
  EXPECT_EQ(ClassifyWarning(down, 135, 135, 138), WarningLevel::kLevel3);  // unchanged, on schedule
  EXPECT_EQ(ClassifyWarning(down, 135.0001, 135, 138), WarningLevel::kLevel1);
  EXPECT_EQ(ClassifyWarning(down, 137, 137.5, 136), WarningLevel::kLevel2);
  EXPECT_EQ(ClassifyWarning(down, 136, 137.5, 136), WarningLevel::kLevel3);  // exactly on schedule
}

TEST(ClassifyWarning, NeutralIndicatorsAreNotAssessed) {
  EXPECT_EQ(ClassifyWarning(Direction::kNeutral, 1, 2, 3), WarningLevel::kNone);
}

TEST(WarningLevelNames, AreStable) {
  EXPECT_EQ(WarningLevelName(WarningLevel::kLevel1), "level1");
  EXPECT_EQ(WarningColour(WarningLevel::kLevel1), "red");
  EXPECT_EQ(WarningColour(WarningLevel::kLevel2), "yellow");
  EXPECT_EQ(WarningColour(WarningLevel::kLevel3), "green");
  EXPECT_EQ(WarningLevelNameZh(WarningLevel::kLevel2), "二级预警");
}

}  // namespace
}  // namespace carbonpeak::indicators
