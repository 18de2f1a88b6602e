#include "planimport/validate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace carbonpeak::planimport {
namespace {

using domain::Action;
using domain::Plan;
using domain::Project;
using domain::Region;
using domain::RegionLevel;
using domain::ResponsibleUnit;
using domain::Target;
using domain::TargetKind;
using domain::Task;

refdata::IndicatorDef Def(std::string key, std::string name_zh, std::string unit) {
  refdata::IndicatorDef def;
  def.key = std::move(key);
  def.name_zh = std::move(name_zh);
  def.unit = std::move(unit);
  return def;
}

refdata::IndicatorCatalogue Catalogue() {
  std::vector<refdata::IndicatorDef> defs;
  defs.push_back(Def("non_fossil_share", "非化石能源消费比重", "%"));
  defs.push_back(Def("new_energy_capacity", "新能源装机容量", "万千瓦"));
  defs.push_back(Def("forest_coverage", "森林覆盖率", "%"));
  defs.push_back(Def("forest_stock", "森林蓄积量", "万立方米"));
  defs.push_back(Def("energy_intensity_reduction", "单位GDP能耗下降率", "%"));
  defs.push_back(Def("msw_sorting_coverage", "生活垃圾分类覆盖", "-"));
  defs.push_back(Def("charging_piles", "充电桩", "个"));
  Result<refdata::IndicatorCatalogue> catalogue = refdata::IndicatorCatalogue::FromDefs(defs);
  CPK_CHECK(catalogue.ok());
  return *catalogue;
}

std::vector<Region> Regions() {
  return {
      Region{"430000", "湖南省", RegionLevel::kProvince, "", "Hunan"},
      Region{"430700", "常德市", RegionLevel::kCity, "430000", "Changde"},
      Region{"430703", "鼎城区", RegionLevel::kCounty, "430700", "Dingcheng"},
      Region{"430923", "安化县", RegionLevel::kCounty, "430900", "Anhua"},
  };
}

Target MakeTarget(std::string indicator, int year, TargetKind kind, std::optional<double> value,
                  std::string unit) {
  Target t;
  t.indicator = std::move(indicator);
  t.year = year;
  t.kind = kind;
  t.value = value;
  t.unit = std::move(unit);
  return t;
}

ResponsibleUnit Unit(std::string name, std::vector<std::string> aliases, std::string type) {
  ResponsibleUnit unit;
  unit.canonical_name = std::move(name);
  unit.aliases = std::move(aliases);
  unit.type = std::move(type);
  return unit;
}

// A small plan that passes every rule.
Plan GoodPlan() {
  Plan plan;
  plan.region_code = "430703";
  plan.title = "鼎城区碳达峰实施方案";
  plan.issue_date = "2024-03-27";
  plan.base_year = 2020;
  Target share = MakeTarget("non_fossil_share", 2025, TargetKind::kAbout, 23, "%");
  share.main_target = true;
  share.provenance.line = 13;
  plan.targets.push_back(share);
  plan.targets.push_back(
      MakeTarget("new_energy_capacity", 2025, TargetKind::kAtLeast, 580, "MW"));  // same dimension
  plan.targets.push_back(
      MakeTarget("energy_intensity_reduction", 2025, TargetKind::kDelegated, std::nullopt, "%"));
  Target assigned = MakeTarget("energy_intensity_reduction", 2030, TargetKind::kDelegated, 14, "%");
  assigned.base_year = 2020;
  plan.targets.push_back(assigned);
  plan.targets.push_back(
      MakeTarget("msw_sorting_coverage", 2030, TargetKind::kQualitative, std::nullopt, ""));
  Target range = MakeTarget("charging_piles", 0, TargetKind::kRange, 5, "家");  // no year stated
  range.value_high = 10;
  range.action = 1;
  plan.targets.push_back(range);

  Task task;
  task.number = "1";
  task.title = "大力发展可再生能源";
  task.lead_units = {"区发展和改革局", "区工信局"};  // an alias counts
  task.cooperating_units = {"区供电公司"};
  task.commitments.push_back(
      MakeTarget("forest_stock", 2030, TargetKind::kPoint, 321.46, "万立方米"));
  Action action;
  action.number = 1;
  action.title = "能源绿色低碳转型行动";
  action.tasks.push_back(task);
  plan.actions.push_back(action);

  plan.units.push_back(Unit("区发展和改革局", {}, "development_reform"));
  plan.units.push_back(Unit("区工业和信息化局", {"区工信局"}, "industry_it"));
  plan.units.push_back(Unit("区供电公司", {}, ""));

  Project project;
  project.name = "风电场项目";
  project.investment = 3.27;
  project.start_year = 2023;
  project.end_year = 2025;
  project.status = "planned";
  plan.projects.push_back(project);
  return plan;
}

std::vector<PlanProblem> Problems(const Plan& plan) {
  return FindPlanProblems(plan, Catalogue(), Regions());
}

// The message of the problem at `path`, or "" when there is none.
std::string MessageAt(const std::vector<PlanProblem>& problems, const std::string& path) {
  for (const PlanProblem& p : problems) {
    if (p.path == path) return p.message;
  }
  return "";
}

std::string Dump(const std::vector<PlanProblem>& problems) {
  std::string out;
  for (const PlanProblem& p : problems) out += p.path + ": " + p.message + "\n";
  return out;
}

TEST(ValidatePlanTest, GoodPlanPasses) {
  std::vector<PlanProblem> problems = Problems(GoodPlan());
  EXPECT_TRUE(problems.empty()) << Dump(problems);
  EXPECT_TRUE(ValidatePlan(GoodPlan(), Catalogue(), Regions()).ok());
}

TEST(ValidatePlanTest, UnknownRegionListsTheCounties) {
  Plan plan = GoodPlan();
  plan.region_code = "439999";
  std::vector<PlanProblem> problems = Problems(plan);
  ASSERT_EQ(problems.size(), 1u) << Dump(problems);
  EXPECT_EQ(problems[0].path, "region_code");
  EXPECT_EQ(problems[0].message,
            "\"439999\" is not in the region table (data/regions.csv); county-level regions "
            "known: 430703 鼎城区 or 430923 安化县");
}

TEST(ValidatePlanTest, CityLevelRegionIsRejected) {
  Plan plan = GoodPlan();
  plan.region_code = "430700";
  std::string message = MessageAt(Problems(plan), "region_code");
  EXPECT_NE(message.find("\"430700\" is 常德市, a city-level region"), std::string::npos)
      << message;
  plan.region_code = "";
  EXPECT_NE(MessageAt(Problems(plan), "region_code").find("missing"), std::string::npos);
}

TEST(ValidatePlanTest, UnknownIndicatorSuggestsTheClosestKeys) {
  Plan plan = GoodPlan();
  plan.targets[0].indicator = "non_fosil_share";
  std::vector<PlanProblem> problems = Problems(plan);
  ASSERT_EQ(problems.size(), 1u) << Dump(problems);
  EXPECT_EQ(problems[0].path, "targets[0].indicator");
  EXPECT_EQ(problems[0].message,
            "\"non_fosil_share\" is not in the indicator catalogue; did you mean "
            "non_fossil_share?");

  plan.targets[0].indicator = "forest";
  EXPECT_EQ(MessageAt(Problems(plan), "targets[0].indicator"),
            "\"forest\" is not in the indicator catalogue; did you mean forest_stock or "
            "forest_coverage?");

  plan.targets[0].indicator = "非化石能源消费比重";
  EXPECT_EQ(MessageAt(Problems(plan), "targets[0].indicator"),
            "\"非化石能源消费比重\" is not in the indicator catalogue; write its key "
            "non_fossil_share instead");
}

TEST(ValidatePlanTest, UnitThatDoesNotFitTheIndicator) {
  Plan plan = GoodPlan();
  plan.targets[0].unit = "万千瓦";  // non_fossil_share is a share
  std::vector<PlanProblem> problems = Problems(plan);
  ASSERT_EQ(problems.size(), 1u) << Dump(problems);
  EXPECT_EQ(problems[0].path, "targets[0].unit");
  EXPECT_EQ(problems[0].message,
            "\"万千瓦\" does not fit indicator non_fossil_share, which is measured in \"%\"; use a "
            "unit of that kind or pick the right indicator");

  plan = GoodPlan();
  plan.targets[1].unit = "万立方米";  // capacity in a volume
  EXPECT_NE(MessageAt(Problems(plan), "targets[1].unit").find("does not fit"), std::string::npos);

  plan = GoodPlan();
  plan.targets[0].unit = "";  // a number needs its unit
  EXPECT_NE(MessageAt(Problems(plan), "targets[0].unit").find("has a value but no unit"),
            std::string::npos);

  plan = GoodPlan();
  plan.targets[4].unit = "%";  // msw_sorting_coverage has no unit
  EXPECT_NE(MessageAt(Problems(plan), "targets[4].unit").find("has no unit in the catalogue"),
            std::string::npos);
}

TEST(ValidatePlanTest, RangeWithLowAboveHigh) {
  Plan plan = GoodPlan();
  plan.targets[5].value = 12;
  plan.targets[5].value_high = 10;
  std::vector<PlanProblem> problems = Problems(plan);
  ASSERT_EQ(problems.size(), 1u) << Dump(problems);
  EXPECT_EQ(problems[0].path, "targets[5].value_high");
  EXPECT_EQ(problems[0].message,
            "the range runs from 12 to 10: the low end is above the high end; swap them");
  plan.targets[5].value_high = std::nullopt;
  EXPECT_NE(MessageAt(Problems(plan), "targets[5].value_high").find("needs its high end"),
            std::string::npos);
}

TEST(ValidatePlanTest, KindAndValueMustAgree) {
  Plan plan = GoodPlan();
  plan.targets[0].value = std::nullopt;  // about without a number
  plan.targets[1].value_high = 900;      // at_least with a high end
  plan.targets[4].value = 100;           // qualitative with a number
  plan.targets[2].value_high = 3;        // delegated with two numbers
  std::vector<PlanProblem> problems = Problems(plan);
  EXPECT_NE(MessageAt(problems, "targets[0].value").find("kind about needs a value"),
            std::string::npos)
      << Dump(problems);
  EXPECT_NE(MessageAt(problems, "targets[1].value_high").find("only a target of kind range"),
            std::string::npos);
  EXPECT_NE(MessageAt(problems, "targets[4].value").find("qualitative target"), std::string::npos);
  EXPECT_NE(MessageAt(problems, "targets[2].value_high").find("delegated"), std::string::npos);
  plan = GoodPlan();
  plan.targets[0].value = std::numeric_limits<double>::infinity();
  EXPECT_NE(MessageAt(Problems(plan), "targets[0].value").find("not a finite number"),
            std::string::npos);
}

TEST(ValidatePlanTest, YearsMustBePlausible) {
  Plan plan = GoodPlan();
  plan.targets[0].year = 1999;
  plan.targets[1].year = 2101;
  plan.targets[3].base_year = 2030;  // not before its year 2030
  plan.targets[2].year = 2020;       // not after the plan's base year
  std::vector<PlanProblem> problems = Problems(plan);
  EXPECT_NE(MessageAt(problems, "targets[0].year").find("1999 is not a plausible target year"),
            std::string::npos)
      << Dump(problems);
  EXPECT_NE(MessageAt(problems, "targets[1].year").find("2101"), std::string::npos);
  EXPECT_EQ(MessageAt(problems, "targets[3].base_year"),
            "the target year 2030 is not after the base year 2030; check both years");
  EXPECT_EQ(MessageAt(problems, "targets[2].year"),
            "the target year 2020 is not after the base year 2020; check both years");
  plan = GoodPlan();
  plan.base_year = 1900;
  plan.issue_date = "2024-02-30";
  problems = Problems(plan);
  EXPECT_NE(MessageAt(problems, "base_year").find("1900"), std::string::npos) << Dump(problems);
  EXPECT_NE(MessageAt(problems, "issue_date").find("YYYY-MM-DD"), std::string::npos);
}

TEST(ValidatePlanTest, TaskMustNameDeclaredUnits) {
  Plan plan = GoodPlan();
  plan.actions[0].tasks[0].lead_units.push_back("区工业和信息化");
  plan.actions[0].tasks[0].cooperating_units.push_back("区统计局");
  std::vector<PlanProblem> problems = Problems(plan);
  ASSERT_EQ(problems.size(), 2u) << Dump(problems);
  EXPECT_EQ(problems[0].path, "actions[0].tasks[0].lead_units[2]");
  EXPECT_EQ(problems[0].message,
            "\"区工业和信息化\" is not declared in the plan's units; add it to \"units\" (or as "
            "an alias of the unit it stands for); did you mean 区工业和信息化局?");
  EXPECT_EQ(problems[1].path, "actions[0].tasks[0].cooperating_units[1]");
}

TEST(ValidatePlanTest, UnitsMustBeUniqueAndTyped) {
  Plan plan = GoodPlan();
  plan.units.push_back(Unit("区发展和改革局", {}, ""));
  plan.units.push_back(Unit("区统计局", {"区工信局"}, "statistic"));
  std::vector<PlanProblem> problems = Problems(plan);
  EXPECT_EQ(MessageAt(problems, "units[3].canonical_name"),
            "\"区发展和改革局\" is already declared as units[0]; merge the two entries")
      << Dump(problems);
  EXPECT_NE(MessageAt(problems, "units[4].aliases[0]").find("also names units[1]"),
            std::string::npos);
  EXPECT_NE(MessageAt(problems, "units[4].type").find("\"statistic\" is not a lead-unit type"),
            std::string::npos);
  EXPECT_EQ(problems.size(), 4u) << Dump(problems);  // the clash is seen from both sides
}

TEST(ValidatePlanTest, TitlesActionsAndProjects) {
  Plan plan = GoodPlan();
  plan.title = "";
  plan.actions[0].tasks[0].title = "";
  Action second;
  second.number = 1;  // repeats action 1
  plan.actions.push_back(second);
  plan.targets[0].action = 7;  // no such action
  plan.projects[0].status = "finished";
  plan.projects[0].start_year = 2026;
  plan.projects[0].investment = -1;
  std::vector<PlanProblem> problems = Problems(plan);
  for (const char* path : {"title", "actions[0].tasks[0].title", "actions[1].number",
                           "actions[1].title", "targets[0].action", "projects[0].status",
                           "projects[0].end_year", "projects[0].investment"}) {
    EXPECT_FALSE(MessageAt(problems, path).empty()) << path << "\n" << Dump(problems);
  }
  EXPECT_EQ(problems.size(), 8u) << Dump(problems);
}

TEST(ValidatePlanTest, CommitmentsAreCheckedLikeTargets) {
  Plan plan = GoodPlan();
  plan.actions[0].tasks[0].commitments[0].unit = "%";
  std::vector<PlanProblem> problems = Problems(plan);
  ASSERT_EQ(problems.size(), 1u) << Dump(problems);
  EXPECT_EQ(problems[0].path, "actions[0].tasks[0].commitments[0].unit");
}

TEST(ValidatePlanTest, StatusCollectsEveryProblemInOrder) {
  Plan plan = GoodPlan();
  plan.region_code = "430700";
  plan.targets[0].unit = "万千瓦";
  plan.targets[5].value = 12;
  plan.actions[0].tasks[0].lead_units[0] = "区发改局";
  Status status = ValidatePlan(plan, Catalogue(), Regions());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  const std::string message = status.message();
  EXPECT_EQ(message.rfind("the plan 430703", 0), std::string::npos);
  EXPECT_EQ(message.rfind("the plan 430700 (鼎城区碳达峰实施方案) has 4 problems; fix them and "
                          "load it again:\n  region_code: ",
                          0),
            0u)
      << message;
  size_t region = message.find("\n  region_code:");
  size_t unit = message.find("\n  targets[0].unit:");
  size_t range = message.find("\n  targets[5].value_high:");
  size_t lead = message.find("\n  actions[0].tasks[0].lead_units[0]:");
  EXPECT_LT(region, unit);
  EXPECT_LT(unit, range);
  EXPECT_LT(range, lead);
  EXPECT_NE(lead, std::string::npos);
}

TEST(ValidatePlanTest, LongListsAreCapped) {
  Plan plan = GoodPlan();
  for (int idx = 0; idx < 60; ++idx) {
    plan.targets.push_back(MakeTarget("no_such_key", 2025, TargetKind::kPoint, 1, "%"));
  }
  Status status = ValidatePlan(plan, Catalogue(), Regions());
  ASSERT_FALSE(status.ok());
  const std::string message = status.message();
  EXPECT_NE(message.find("has 60 problems"), std::string::npos);
  EXPECT_EQ(std::count(message.begin(), message.end(), '\n'),
            static_cast<std::ptrdiff_t>(kMaxListedProblems) + 1);
  EXPECT_NE(message.find("\n  … and 10 more"), std::string::npos) << message;
}

}  // namespace
}  // namespace carbonpeak::planimport
