// The shipped demo plans (data/demo/*.json, made by tools/make_demo_plans.py) must load, pass
// validation against the real catalogue and region table, and be in the writer's canonical form.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/file.h"
#include "planimport/planimport.h"
#include "refdata/refdata.h"

namespace carbonpeak::planimport {
namespace {

using domain::Plan;
using domain::Target;
using domain::TargetKind;

const refdata::RefData& RealRefData() {
  static const Result<refdata::RefData>* const kData =
      new Result<refdata::RefData>(refdata::LoadRefData(CPK_DATA_DIR));
  return kData->value();
}

class DemoPlanTest : public testing::TestWithParam<const char*> {};

TEST_P(DemoPlanTest, LoadsValidatesAndIsCanonical) {
  Result<refdata::RefData> ref = refdata::LoadRefData(CPK_DATA_DIR);
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  std::string path = std::string(CPK_DATA_DIR) + "/demo/" + GetParam();
  Result<std::string> text = ReadFile(path);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  Result<Plan> plan = PlanFromJson(*text, GetParam());
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  Status valid = ValidatePlan(*plan, ref->indicators, ref->regions);
  EXPECT_TRUE(valid.ok()) << valid.message();
  EXPECT_EQ(PlanToJson(*plan), *text)
      << "the file is not in canonical form; regenerate it with tools/make_demo_plans.py";
  EXPECT_EQ(plan->actions.size(), 10u);
  EXPECT_FALSE(plan->targets.empty());
  EXPECT_FALSE(plan->units.empty());
  EXPECT_FALSE(plan->projects.empty());
  std::string code = std::string(GetParam()).substr(std::string(GetParam()).size() - 11, 6);
  EXPECT_EQ(plan->region_code, code);
}

INSTANTIATE_TEST_SUITE_P(Shipped, DemoPlanTest,
                         testing::Values("dingcheng_430703.json", "hecheng_431202.json",
                                         "anhua_430923.json"));

const Target* FindTarget(const Plan& plan, const std::string& indicator, int year,
                         TargetKind kind) {
  for (const Target& t : plan.targets) {
    if (t.indicator == indicator && t.year == year && t.kind == kind) return &t;
  }
  return nullptr;
}

TEST(DemoPlanFactsTest, DingchengMainTargets) {
  Result<std::string> text = ReadFile(std::string(CPK_DATA_DIR) + "/demo/dingcheng_430703.json");
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  Result<Plan> plan = PlanFromJson(*text, "dingcheng_430703.json");
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  EXPECT_EQ(plan->title, "鼎城区碳达峰实施方案");
  EXPECT_EQ(plan->base_year, 2020);

  const Target* share = FindTarget(*plan, "non_fossil_share", 2025, TargetKind::kAbout);
  ASSERT_NE(share, nullptr);
  EXPECT_EQ(share->value, 23.0);
  EXPECT_EQ(share->unit, "%");
  EXPECT_TRUE(share->main_target);
  EXPECT_EQ(share->provenance.line, 13);

  const Target* capacity = FindTarget(*plan, "new_energy_capacity", 2025, TargetKind::kAtLeast);
  ASSERT_NE(capacity, nullptr);
  EXPECT_EQ(capacity->value, 58.0);
  EXPECT_EQ(capacity->unit, "万千瓦");
  EXPECT_EQ(capacity->provenance.line, 13);

  const Target* intensity =
      FindTarget(*plan, "energy_intensity_reduction", 2025, TargetKind::kDelegated);
  ASSERT_NE(intensity, nullptr);
  EXPECT_FALSE(intensity->value.has_value());
}

TEST(DemoPlanFactsTest, RealCatalogueRejectsAShareInPowerUnits) {
  const refdata::RefData& ref = RealRefData();
  Plan plan;
  plan.region_code = "430703";
  plan.title = "鼎城区碳达峰实施方案";
  Target t;
  t.indicator = "non_fossil_share";
  t.year = 2025;
  t.kind = TargetKind::kAbout;
  t.value = 23;
  t.unit = "万千瓦";
  plan.targets.push_back(t);
  std::vector<PlanProblem> problems = FindPlanProblems(plan, ref.indicators, ref.regions);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].path, "targets[0].unit");
}

// The example in docs/formats/plan.md must stay a valid plan in canonical form.
TEST(PlanFormatDocTest, ExampleIsAValidCanonicalPlan) {
  Result<std::string> doc = ReadFile(std::string(CPK_SOURCE_DIR) + "/docs/formats/plan.md");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const std::string open = "```json\n";
  size_t begin = doc->find(open);
  ASSERT_NE(begin, std::string::npos) << "plan.md has no ```json example";
  begin += open.size();
  size_t end = doc->find("```", begin);
  ASSERT_NE(end, std::string::npos);
  std::string example = doc->substr(begin, end - begin);
  Result<Plan> plan = PlanFromJson(example, "plan.md example");
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  const refdata::RefData& ref = RealRefData();
  Status valid = ValidatePlan(*plan, ref.indicators, ref.regions);
  EXPECT_TRUE(valid.ok()) << valid.message();
  EXPECT_EQ(PlanToJson(*plan), example);
}

}  // namespace
}  // namespace carbonpeak::planimport
