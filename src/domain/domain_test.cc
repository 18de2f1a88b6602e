#include <gtest/gtest.h>

#include "domain/plan.h"
#include "domain/region.h"

namespace carbonpeak::domain {
namespace {

TEST(DomainTest, TargetKindNamesRoundTrip) {
  for (TargetKind k :
       {TargetKind::kPoint, TargetKind::kAtLeast, TargetKind::kAtMost, TargetKind::kAbout,
        TargetKind::kRange, TargetKind::kQualitative, TargetKind::kDelegated}) {
    auto parsed = ParseTargetKind(TargetKindName(k));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, k);
  }
  EXPECT_FALSE(ParseTargetKind("roughly").has_value());
}

TEST(DomainTest, PlanStatusAcceptsChinese) {
  EXPECT_EQ(ParsePlanStatus("正式"), PlanStatus::kFinal);
  EXPECT_EQ(ParsePlanStatus("征求意见稿"), PlanStatus::kDraft);
  EXPECT_EQ(ParsePlanStatus("draft"), PlanStatus::kDraft);
  EXPECT_FALSE(ParsePlanStatus("送审稿").has_value());
}

TEST(DomainTest, RegionLevels) {
  EXPECT_EQ(ParseRegionLevel("township"), RegionLevel::kTownship);
  EXPECT_EQ(RegionLevelName(RegionLevel::kCity), "city");
  EXPECT_FALSE(ParseRegionLevel("village").has_value());
}

}  // namespace
}  // namespace carbonpeak::domain
