#include "app/app.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>

#include "planimport/planimport.h"
#include "tests/testing/fake_clock.h"

namespace carbonpeak::app {
namespace {

class AppTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Options options;
    options.resource_dir = CPK_DATA_DIR;
    options.database = ":memory:";
    auto p = Platform::Open(options, clock_);
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    platform_ = std::move(*p);
  }

  const domain::Target* Find(const domain::Plan& plan, const std::string& indicator, int year) {
    for (const auto& t : plan.targets) {
      if (t.indicator == indicator && t.year == year) return &t;
    }
    return nullptr;
  }

  size_t PlanCount() { return platform_->store().plans().List().value().size(); }

  FakeClock clock_;
  std::unique_ptr<Platform> platform_;
};

TEST_F(AppTest, OpenSeedsBuiltInRegionsOnce) {
  auto regions = platform_->store().regions().List();
  ASSERT_TRUE(regions.ok());
  EXPECT_EQ(regions->size(), platform_->refdata().regions.size());
  auto dingcheng = platform_->store().regions().Get("430703");
  ASSERT_TRUE(dingcheng.ok());
  EXPECT_EQ(dingcheng->name, "鼎城区");
  EXPECT_EQ(dingcheng->parent_code, "430700");
}

TEST_F(AppTest, DemoLoadsThreePlansWithDingchengMainTargets) {
  auto loaded = platform_->LoadDemo();
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(*loaded, 3);
  EXPECT_EQ(PlanCount(), 3u);
  // Loading again adds nothing.
  EXPECT_EQ(platform_->LoadDemo().value(), 0);
  EXPECT_EQ(PlanCount(), 3u);

  auto plan = platform_->GetPlan("430703");
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  const domain::Target* nf = Find(*plan, "non_fossil_share", 2025);
  ASSERT_NE(nf, nullptr);
  EXPECT_EQ(nf->kind, domain::TargetKind::kAbout);
  EXPECT_DOUBLE_EQ(nf->value.value_or(0), 23);
  EXPECT_GT(nf->provenance.line, 0);
  const domain::Target* cap = Find(*plan, "new_energy_capacity", 2025);
  ASSERT_NE(cap, nullptr);
  EXPECT_EQ(cap->kind, domain::TargetKind::kAtLeast);
  EXPECT_DOUBLE_EQ(cap->value.value_or(0), 58);
  EXPECT_EQ(cap->unit, "万千瓦");
  EXPECT_GT(cap->provenance.line, 0);
}

TEST_F(AppTest, ResolvePlanByIdAndRegion) {
  ASSERT_TRUE(platform_->LoadDemo().ok());
  auto by_region = platform_->ResolvePlan("431202");
  ASSERT_TRUE(by_region.ok());
  auto by_id = platform_->ResolvePlan(std::to_string(*by_region));
  ASSERT_TRUE(by_id.ok());
  EXPECT_EQ(*by_id, *by_region);
  EXPECT_EQ(platform_->ResolvePlan("431124").status().code(), StatusCode::kNotFound);  // 道县
  EXPECT_EQ(platform_->ResolvePlan("abc").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(platform_->ResolvePlan("999").status().code(), StatusCode::kNotFound);
}

TEST_F(AppTest, ExportThenReimportIsRefusedAsDuplicateAndStoresNothing) {
  ASSERT_TRUE(platform_->LoadDemo().ok());
  auto exported = platform_->ExportPlanJson("430703");
  ASSERT_TRUE(exported.ok());
  auto again = platform_->ImportPlanJson(*exported, "again.json", "tester");
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(PlanCount(), 3u);
}

TEST_F(AppTest, InvalidPlansStoreNothing) {
  auto audit_before = platform_->store().audit().List({}).value().size();
  EXPECT_EQ(platform_->ImportPlanJson("{ not json", "broken.json", "t").status().code(),
            StatusCode::kInvalidArgument);
  // A structurally valid plan for a region that does not exist.
  domain::Plan plan;
  plan.region_code = "999999";
  plan.title = "x";
  auto bad_region = platform_->ImportPlanJson(planimport::PlanToJson(plan), "x.json", "t");
  ASSERT_FALSE(bad_region.ok());
  EXPECT_NE(bad_region.status().message().find("999999"), std::string::npos);
  EXPECT_EQ(PlanCount(), 0u);
  EXPECT_EQ(platform_->store().audit().List({}).value().size(), audit_before);
}

TEST_F(AppTest, RevisionKeepsOldValueAndAsOfShowsIt) {
  ASSERT_TRUE(platform_->LoadDemo().ok());
  auto plan = platform_->GetPlan("430703");
  ASSERT_TRUE(plan.ok());
  const domain::Target* nf = Find(*plan, "non_fossil_share", 2025);
  ASSERT_NE(nf, nullptr);
  Timestamp before = clock_.Now();
  clock_.Advance(std::chrono::hours(24));

  domain::Target revised = *nf;
  revised.value = 24.5;
  EXPECT_EQ(platform_->ReviseTarget(nf->id, revised, {"office", "notice", ""}).status().code(),
            StatusCode::kInvalidArgument);  // a reason is required
  auto rev =
      platform_->ReviseTarget(nf->id, revised, {"office", "常发改 notice", "city raised it"});
  ASSERT_TRUE(rev.ok()) << rev.status().ToString();
  EXPECT_EQ(rev->revision, 2);

  auto latest = platform_->GetPlan("430703");
  EXPECT_DOUBLE_EQ(Find(*latest, "non_fossil_share", 2025)->value.value_or(0), 24.5);
  auto old = platform_->GetPlan("430703", before);
  ASSERT_TRUE(old.ok());
  EXPECT_DOUBLE_EQ(Find(*old, "non_fossil_share", 2025)->value.value_or(0), 23);
  auto history = platform_->store().plans().TargetHistory(nf->id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ(history->back().reason, "city raised it");
}

TEST_F(AppTest, AddTownshipUnderCounty) {
  domain::Region town{"430703100", "测试镇", domain::RegionLevel::kTownship, "430703", ""};
  ASSERT_TRUE(platform_->AddRegion(town, "office").ok());
  EXPECT_EQ(platform_->store().regions().Get("430703100").value().parent_code, "430703");
  domain::Region orphan{"999999100", "无主镇", domain::RegionLevel::kTownship, "999999", ""};
  EXPECT_FALSE(platform_->AddRegion(orphan, "office").ok());
}

}  // namespace
}  // namespace carbonpeak::app
