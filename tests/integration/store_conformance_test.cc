// The store conformance suite (see store_conformance.h), instantiated for SQLite in memory and
// in a temp file that is reopened between writes.
#include "tests/integration/store_conformance.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "domain/plan.h"
#include "domain/region.h"
#include "store/sqlite/sqlite_store.h"
#include "tests/testing/sample_plan.h"

namespace carbonpeak::store {
namespace {

using domain::Plan;
using domain::PlanStatus;
using domain::Region;
using domain::RegionLevel;
using domain::Target;
using domain::TargetKind;
using fixtures::DescribePlan;
using fixtures::Ids;
using ::testing::HasSubstr;

#define ASSERT_OK(expr)                                                         \
  do {                                                                          \
    const ::carbonpeak::Status cpk_s_ = ::carbonpeak::internal::AsStatus(expr); \
    ASSERT_TRUE(cpk_s_.ok()) << cpk_s_.ToString();                              \
  } while (false)

WriteContext Ctx(std::string reason = "") {
  return WriteContext{.author = "tester", .source = "conformance", .reason = std::move(reason)};
}

Timestamp Plus(Timestamp t, std::chrono::microseconds d) {
  return Timestamp{.micros = t.micros + d.count()};
}

AuditQuery Query(std::string prefix, int64_t after_id, int limit) {
  AuditQuery query;
  query.entity_prefix = std::move(prefix);
  query.after_id = after_id;
  query.limit = limit;
  return query;
}

Figure Fig(FigureKey key, double value, std::string unit, std::string source = "",
           std::string reason = "") {
  Figure figure;
  figure.key = std::move(key);
  figure.revision.value = value;
  figure.revision.unit = std::move(unit);
  figure.revision.source = std::move(source);
  figure.revision.reason = std::move(reason);
  return figure;
}

constexpr std::chrono::microseconds kTick{1};
constexpr std::chrono::hours kDay{24};

/// Copies the ids of `stored` into `plan` (same shape expected; a shape mismatch shows up in
/// the description comparison that follows).
Plan WithIdsFrom(Plan plan, const Plan& stored) {
  plan.id = stored.id;
  for (size_t idx = 0; idx < plan.targets.size() && idx < stored.targets.size(); ++idx) {
    plan.targets[idx].id = stored.targets[idx].id;
  }
  for (size_t a = 0; a < plan.actions.size() && a < stored.actions.size(); ++a) {
    auto& tasks = plan.actions[a].tasks;
    const auto& stored_tasks = stored.actions[a].tasks;
    for (size_t t = 0; t < tasks.size() && t < stored_tasks.size(); ++t) {
      tasks[t].id = stored_tasks[t].id;
      for (size_t c = 0; c < tasks[t].commitments.size() && c < stored_tasks[t].commitments.size();
           ++c) {
        tasks[t].commitments[c].id = stored_tasks[t].commitments[c].id;
      }
    }
  }
  for (size_t idx = 0; idx < plan.projects.size() && idx < stored.projects.size(); ++idx) {
    plan.projects[idx].id = stored.projects[idx].id;
  }
  return plan;
}

std::vector<int64_t> AllTargetIds(const Plan& plan) {
  std::vector<int64_t> ids;
  for (const Target& t : plan.targets) ids.push_back(t.id);
  for (const auto& action : plan.actions) {
    for (const auto& task : action.tasks) {
      for (const Target& t : task.commitments) ids.push_back(t.id);
    }
  }
  return ids;
}

}  // namespace

void StoreConformanceTest::AddRegions() {
  // Deliberately not in code order; parents before children.
  for (const Region& r : {
           Region{"430000", "湖南省", RegionLevel::kProvince, "", "Hunan"},
           Region{"431200", "怀化市", RegionLevel::kCity, "430000", ""},
           Region{"430700", "常德市", RegionLevel::kCity, "430000", "Changde"},
           Region{"431202", "鹤城区", RegionLevel::kCounty, "431200", ""},
           Region{"430703", "鼎城区", RegionLevel::kCounty, "430700", "Dingcheng"},
       }) {
    ASSERT_OK(store().regions().Add(r, Ctx()));
  }
}

std::vector<AuditEntry> StoreConformanceTest::Audit(const std::string& prefix) {
  auto entries = store().audit().List(Query(prefix, 0, 10000));
  EXPECT_TRUE(entries.ok()) << entries.status().ToString();
  return entries.ok() ? *entries : std::vector<AuditEntry>{};
}

int64_t StoreConformanceTest::CreatePlan(const Plan& plan) {
  auto id = store().plans().Create(plan, Ctx());
  EXPECT_TRUE(id.ok()) << id.status().ToString();
  return id.value_or(0);
}

Plan StoreConformanceTest::GetPlan(int64_t id, std::optional<Timestamp> as_of) {
  auto plan = store().plans().Get(id, as_of);
  EXPECT_TRUE(plan.ok()) << plan.status().ToString();
  return plan.value_or(Plan{});
}

namespace {

// ----------------------------------------------------------------------------- schema

TEST_P(StoreConformanceTest, SchemaVersionIsSetAndStableAcrossReopen) {
  int version = store().schema_version();
  EXPECT_GE(version, 1);
  Reopen();
  EXPECT_EQ(store().schema_version(), version);
}

// ----------------------------------------------------------------------------- regions

TEST_P(StoreConformanceTest, RegionsAreListedByCodeAndSurviveReopen) {
  AddRegions();
  // A township added at run time under its county.
  ASSERT_OK(store().regions().Add(
      Region{"430703100", "玉霞街道", RegionLevel::kTownship, "430703", ""}, Ctx()));
  Reopen();
  auto regions = store().regions().List();
  ASSERT_TRUE(regions.ok()) << regions.status().ToString();
  std::vector<std::string> codes;
  for (const Region& r : *regions) codes.push_back(r.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"430000", "430700", "430703", "430703100", "431200",
                                             "431202"}));
  auto county = store().regions().Get("430703");
  ASSERT_TRUE(county.ok()) << county.status().ToString();
  EXPECT_EQ(county->name, "鼎城区");
  EXPECT_EQ(county->level, RegionLevel::kCounty);
  EXPECT_EQ(county->parent_code, "430700");
  EXPECT_EQ(county->name_en, "Dingcheng");
  auto province = store().regions().Get("430000");
  ASSERT_TRUE(province.ok());
  EXPECT_EQ(province->parent_code, "");
  EXPECT_EQ(province->level, RegionLevel::kProvince);
  EXPECT_EQ(store().regions().Get("439999").status().code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, RegionAddRefusesBadRegionsAndStoresNothing) {
  AddRegions();
  size_t audit_before = Audit().size();

  Status unknown_parent =
      store().regions().Add(Region{"439901", "某县", RegionLevel::kCounty, "439900", ""}, Ctx());
  EXPECT_EQ(unknown_parent.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(unknown_parent.message(), HasSubstr("439900"));

  Status duplicate =
      store().regions().Add(Region{"430703", "鼎城区", RegionLevel::kCounty, "430700", ""}, Ctx());
  EXPECT_EQ(duplicate.code(), StatusCode::kAlreadyExists);
  EXPECT_THAT(duplicate.message(), HasSubstr("430703"));

  EXPECT_EQ(store()
                .regions()
                .Add(Region{"439902", "无上级县", RegionLevel::kCounty, "", ""}, Ctx())
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store()
                .regions()
                .Add(Region{"440000", "广东省", RegionLevel::kProvince, "430000", ""}, Ctx())
                .code(),
            StatusCode::kInvalidArgument);
  // A city cannot sit under a county.
  EXPECT_EQ(store()
                .regions()
                .Add(Region{"439903", "某市", RegionLevel::kCity, "430703", ""}, Ctx())
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      store().regions().Add(Region{"", "无代码", RegionLevel::kProvince, "", ""}, Ctx()).code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(store()
                .regions()
                .Add(Region{"450000", "广西", RegionLevel::kProvince, "", ""},
                     WriteContext{.author = "", .source = "x", .reason = ""})
                .code(),
            StatusCode::kInvalidArgument);

  auto regions = store().regions().List();
  ASSERT_TRUE(regions.ok());
  EXPECT_EQ(regions->size(), 5u);
  EXPECT_EQ(Audit().size(), audit_before);
}

// ----------------------------------------------------------------------------- plans

TEST_P(StoreConformanceTest, RichPlanRoundTripsExactly) {
  AddRegions();
  clock_.Advance(std::chrono::seconds(5));
  Timestamp created = clock_.Now();
  const Plan plan = fixtures::RichPlan("430703");
  int64_t id = CreatePlan(plan);
  ASSERT_GT(id, 0);

  Plan got = GetPlan(id);
  EXPECT_EQ(got.id, id);
  std::vector<int64_t> target_ids = AllTargetIds(got);
  EXPECT_EQ(target_ids.size(), 11u);
  EXPECT_EQ(std::set<int64_t>(target_ids.begin(), target_ids.end()).size(), target_ids.size());
  for (int64_t target_id : target_ids) EXPECT_GT(target_id, 0);
  for (const auto& action : got.actions) {
    for (const auto& task : action.tasks) EXPECT_GT(task.id, 0);
  }
  for (const auto& project : got.projects) EXPECT_GT(project.id, 0);

  EXPECT_EQ(DescribePlan(got, Ids::kOmit), DescribePlan(plan, Ids::kOmit));
  EXPECT_EQ(DescribePlan(got), DescribePlan(WithIdsFrom(plan, got)));
  // Bit-exact doubles (0.1 + 0.2 is not 0.3).
  ASSERT_TRUE(got.targets[5].value.has_value());
  EXPECT_EQ(*got.targets[5].value, 0.1 + 0.2);

  Reopen();
  EXPECT_EQ(DescribePlan(GetPlan(id)), DescribePlan(got));

  auto list = store().plans().List();
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), 1u);
  const PlanSummary& summary = (*list)[0];
  EXPECT_EQ(summary.id, id);
  EXPECT_EQ(summary.region_code, "430703");
  EXPECT_EQ(summary.title, plan.title);
  EXPECT_EQ(summary.doc_number, plan.doc_number);
  EXPECT_EQ(summary.status, PlanStatus::kFinal);
  EXPECT_EQ(summary.base_year, 2020);
  EXPECT_EQ(summary.target_count, 7);
  EXPECT_EQ(summary.task_count, 4);
  EXPECT_EQ(summary.project_count, 2);
  EXPECT_EQ(summary.created_at, created);

  auto found = store().plans().FindByRegion("430703");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(*found, id);
}

TEST_P(StoreConformanceTest, EmptyPlanRoundTrips) {
  AddRegions();
  Plan plan;
  plan.region_code = "431202";
  plan.status = PlanStatus::kDraft;
  int64_t id = CreatePlan(plan);
  EXPECT_EQ(DescribePlan(GetPlan(id), Ids::kOmit), DescribePlan(plan, Ids::kOmit));
}

TEST_P(StoreConformanceTest, DuplicateRegionAndStatusIsRefusedNamingTheExistingPlan) {
  AddRegions();
  int64_t final_id = CreatePlan(fixtures::MinimalPlan("430703"));
  auto again = store().plans().Create(fixtures::RichPlan("430703"), Ctx());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_THAT(again.status().message(), HasSubstr("plan id " + std::to_string(final_id)));

  int64_t draft_id = CreatePlan(fixtures::MinimalPlan("430703", PlanStatus::kDraft));
  EXPECT_NE(draft_id, final_id);
  Reopen();
  auto draft_again =
      store().plans().Create(fixtures::MinimalPlan("430703", PlanStatus::kDraft), Ctx());
  EXPECT_EQ(draft_again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_THAT(draft_again.status().message(), HasSubstr("plan id " + std::to_string(draft_id)));
  auto list = store().plans().List();
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 2u);
}

TEST_P(StoreConformanceTest, FindByRegionPrefersFinalOverDraft) {
  AddRegions();
  EXPECT_EQ(store().plans().FindByRegion("430703").status().code(), StatusCode::kNotFound);
  int64_t draft_id = CreatePlan(fixtures::MinimalPlan("430703", PlanStatus::kDraft));
  auto found = store().plans().FindByRegion("430703");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(*found, draft_id);
  int64_t final_id = CreatePlan(fixtures::MinimalPlan("430703", PlanStatus::kFinal));
  Reopen();
  found = store().plans().FindByRegion("430703");
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(*found, final_id);
  EXPECT_EQ(store().plans().FindByRegion("431202").status().code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, PlanForUnregisteredRegionIsRefused) {
  AddRegions();
  auto id = store().plans().Create(fixtures::RichPlan("430923"), Ctx());
  EXPECT_EQ(id.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(id.status().message(), HasSubstr("430923"));
  EXPECT_TRUE(store().plans().List()->empty());
  EXPECT_TRUE(Audit("plan:").empty());
}

TEST_P(StoreConformanceTest, FailedPlanCreateStoresNothing) {
  AddRegions();
  size_t audit_before = Audit().size();

  Plan bad_target = fixtures::RichPlan("430703");
  bad_target.targets[1].year = 1500;  // the second target breaks a rule after the first is written
  auto r1 = store().plans().Create(bad_target, Ctx());
  EXPECT_EQ(r1.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(r1.status().message(), HasSubstr("targets[1]"));

  Plan bad_unit = fixtures::RichPlan("430703");
  bad_unit.units[2].canonical_name = bad_unit.units[0].canonical_name;
  auto r2 = store().plans().Create(bad_unit, Ctx());
  EXPECT_EQ(r2.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(r2.status().message(), HasSubstr("units[0]"));

  Plan bad_commitment = fixtures::RichPlan("430703");
  bad_commitment.actions[0].tasks[1].commitments[0].value.reset();  // at_most without a value
  auto r3 = store().plans().Create(bad_commitment, Ctx());
  EXPECT_EQ(r3.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(r3.status().message(), HasSubstr("actions[0].tasks[1].commitments[0]"));

  Plan bad_range = fixtures::RichPlan("430703");
  bad_range.targets[4].value_high = 1;  // range 60～1
  EXPECT_EQ(store().plans().Create(bad_range, Ctx()).status().code(), StatusCode::kInvalidArgument);

  Plan nan_value = fixtures::RichPlan("430703");
  nan_value.targets[0].value = std::nan("");
  EXPECT_EQ(store().plans().Create(nan_value, Ctx()).status().code(), StatusCode::kInvalidArgument);

  Reopen();
  EXPECT_TRUE(store().plans().List()->empty());
  EXPECT_EQ(store().plans().FindByRegion("430703").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Audit().size(), audit_before);

  // Nothing half-written is left behind to collide with or leak into a good plan.
  const Plan good = fixtures::RichPlan("430703");
  int64_t id = CreatePlan(good);
  EXPECT_EQ(DescribePlan(GetPlan(id), Ids::kOmit), DescribePlan(good, Ids::kOmit));
}

// ----------------------------------------------------------------------------- revisions

TEST_P(StoreConformanceTest, TargetRevisionsAreReadAsOfAnyTime) {
  AddRegions();
  Timestamp t0 = clock_.Now();
  int64_t plan_id = CreatePlan(fixtures::RichPlan("430703"));
  Plan original = GetPlan(plan_id);
  Target target = original.targets[2];  // delegated, no value yet
  ASSERT_EQ(target.kind, TargetKind::kDelegated);

  clock_.Advance(kDay);
  Timestamp t1 = clock_.Now();
  Target assigned = target;
  assigned.kind = TargetKind::kAtLeast;
  assigned.value = 14;
  assigned.qualifier = "确保";
  auto rev2 = store().plans().ReviseTarget(
      target.id, assigned,
      WriteContext{.author = "fgj", .source = "市下达通知", .reason = "city assigned the value"});
  ASSERT_TRUE(rev2.ok()) << rev2.status().ToString();
  EXPECT_EQ(rev2->revision, 2);
  EXPECT_EQ(rev2->target.id, target.id);
  EXPECT_EQ(rev2->recorded_at, t1);
  EXPECT_EQ(rev2->author, "fgj");

  Reopen();
  clock_.Advance(kDay);
  Timestamp t2 = clock_.Now();
  Target corrected = assigned;
  corrected.value = 13.5;
  ASSERT_OK(store().plans().ReviseTarget(target.id, corrected, Ctx("typo in the notice")).status());

  EXPECT_EQ(store().plans().Get(plan_id, Plus(t0, -kTick)).status().code(), StatusCode::kNotFound);
  auto value_at = [&](std::optional<Timestamp> as_of) -> std::optional<double> {
    return GetPlan(plan_id, as_of).targets[2].value;
  };
  EXPECT_EQ(GetPlan(plan_id, t0).targets[2].kind, TargetKind::kDelegated);
  EXPECT_EQ(value_at(t0), std::nullopt);
  EXPECT_EQ(value_at(Plus(t1, -kTick)), std::nullopt);
  EXPECT_EQ(value_at(t1), 14.0);
  EXPECT_EQ(GetPlan(plan_id, t1).targets[2].kind, TargetKind::kAtLeast);
  EXPECT_EQ(GetPlan(plan_id, t1).targets[2].qualifier, "确保");
  EXPECT_EQ(value_at(Plus(t1, std::chrono::hours(12))), 14.0);
  EXPECT_EQ(value_at(t2), 13.5);
  EXPECT_EQ(value_at(std::nullopt), 13.5);
  // The other targets are untouched at every time.
  Plan latest = GetPlan(plan_id);
  latest.targets[2] = original.targets[2];
  EXPECT_EQ(DescribePlan(latest), DescribePlan(original));
  EXPECT_EQ(DescribePlan(GetPlan(plan_id, t0)), DescribePlan(original));

  auto history = store().plans().TargetHistory(target.id);
  ASSERT_TRUE(history.ok()) << history.status().ToString();
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[0].revision, 1);
  EXPECT_EQ((*history)[1].revision, 2);
  EXPECT_EQ((*history)[2].revision, 3);
  EXPECT_EQ((*history)[0].recorded_at, t0);
  EXPECT_EQ((*history)[1].recorded_at, t1);
  EXPECT_EQ((*history)[2].recorded_at, t2);
  EXPECT_EQ((*history)[0].target.value, std::nullopt);
  EXPECT_EQ((*history)[1].target.value, 14.0);
  EXPECT_EQ((*history)[2].target.value, 13.5);
  EXPECT_EQ((*history)[1].source, "市下达通知");
  EXPECT_EQ((*history)[1].reason, "city assigned the value");
  EXPECT_EQ((*history)[2].author, "tester");
  EXPECT_EQ((*history)[2].reason, "typo in the notice");
  for (const TargetRevision& rev : *history) {
    EXPECT_EQ(rev.target.id, target.id);
    EXPECT_EQ(rev.target.indicator, target.indicator);
  }
}

TEST_P(StoreConformanceTest, RevisionsAtTheSameInstantAreOrderedByNumber) {
  AddRegions();
  int64_t plan_id = CreatePlan(fixtures::RichPlan("430703"));
  Target target = GetPlan(plan_id).targets[0];
  clock_.Advance(std::chrono::seconds(1));
  Timestamp now = clock_.Now();
  for (double v : {30.0, 31.0}) {
    target.value = v;
    ASSERT_OK(store().plans().ReviseTarget(target.id, target, Ctx("same instant")).status());
  }
  EXPECT_EQ(GetPlan(plan_id, now).targets[0].value, 31.0);
  auto history = store().plans().TargetHistory(target.id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ((*history)[1].recorded_at, (*history)[2].recorded_at);
  EXPECT_EQ((*history)[2].target.value, 31.0);
}

TEST_P(StoreConformanceTest, ClockSteppingBackDoesNotReorderRevisions) {
  AddRegions();
  int64_t plan_id = CreatePlan(fixtures::RichPlan("430703"));
  Target target = GetPlan(plan_id).targets[0];
  clock_.Advance(std::chrono::seconds(10));
  Timestamp later = clock_.Now();
  target.value = 24;
  ASSERT_OK(store().plans().ReviseTarget(target.id, target, Ctx("first")).status());
  clock_.Advance(std::chrono::seconds(-5));  // e.g. the system clock was corrected
  target.value = 25;
  auto rev = store().plans().ReviseTarget(target.id, target, Ctx("second"));
  ASSERT_TRUE(rev.ok());
  EXPECT_EQ(rev->recorded_at, later);  // never before the previous revision
  EXPECT_EQ(GetPlan(plan_id).targets[0].value, 25.0);
  EXPECT_EQ(GetPlan(plan_id, later).targets[0].value, 25.0);

  FigureKey key{"430703", "gdp", "2023", ""};
  clock_.Set(later);
  ASSERT_OK(store().figures().Put(key, 1, "亿元", Ctx()).status());
  clock_.Advance(-kDay);
  auto fig = store().figures().Put(key, 2, "亿元", Ctx("fix"));
  ASSERT_TRUE(fig.ok());
  EXPECT_EQ(fig->recorded_at, later);
  EXPECT_EQ(store().figures().Get(key)->value, 2.0);
  EXPECT_EQ(store().figures().Get(key, later)->value, 2.0);
}

TEST_P(StoreConformanceTest, ReviseTargetRefusesIdentityChangesAndStoresNothing) {
  AddRegions();
  int64_t plan_id = CreatePlan(fixtures::RichPlan("430703"));
  const Target target = GetPlan(plan_id).targets[0];
  size_t audit_before = Audit().size();

  Target other_indicator = target;
  other_indicator.indicator = "coal_share";
  auto r1 = store().plans().ReviseTarget(target.id, other_indicator, Ctx("x"));
  EXPECT_EQ(r1.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(r1.status().message(), HasSubstr("indicator"));

  Target other_year = target;
  other_year.year = 2030;
  auto r2 = store().plans().ReviseTarget(target.id, other_year, Ctx("x"));
  EXPECT_EQ(r2.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(r2.status().message(), HasSubstr("year"));

  Target no_value = target;
  no_value.value.reset();  // kind "about" needs a value
  EXPECT_EQ(store().plans().ReviseTarget(target.id, no_value, Ctx("x")).status().code(),
            StatusCode::kInvalidArgument);

  Target fine = target;
  fine.value = 24;
  EXPECT_EQ(store().plans().ReviseTarget(target.id, fine, Ctx("")).status().code(),
            StatusCode::kInvalidArgument)
      << "a revision without a reason must be refused";
  EXPECT_EQ(store().plans().ReviseTarget(999999, fine, Ctx("x")).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store().plans().TargetHistory(999999).status().code(), StatusCode::kNotFound);

  auto history = store().plans().TargetHistory(target.id);
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->size(), 1u);
  EXPECT_EQ(Audit().size(), audit_before);
}

TEST_P(StoreConformanceTest, CommitmentRevisionShowsInItsTask) {
  AddRegions();
  int64_t plan_id = CreatePlan(fixtures::RichPlan("430703"));
  Plan before = GetPlan(plan_id);
  Target commitment = before.actions[0].tasks[1].commitments[1];
  ASSERT_EQ(commitment.indicator, "coal_consumption");
  clock_.Advance(std::chrono::minutes(1));
  commitment.value = 120;
  ASSERT_OK(store().plans().ReviseTarget(commitment.id, commitment, Ctx("quota")).status());
  Reopen();
  Plan after = GetPlan(plan_id);
  EXPECT_EQ(after.actions[0].tasks[1].commitments[1].value, 120.0);
  after.actions[0].tasks[1].commitments[1].value.reset();
  EXPECT_EQ(DescribePlan(after), DescribePlan(before));
}

// ----------------------------------------------------------------------------- audit

TEST_P(StoreConformanceTest, AuditRecordsEveryWriteWithBeforeAndAfter) {
  AddRegions();
  std::vector<AuditEntry> regions = Audit("region:");
  ASSERT_EQ(regions.size(), 5u);
  EXPECT_EQ(regions[0].action, "region.add");
  EXPECT_EQ(regions[0].entity, "region:430000");
  EXPECT_EQ(regions[0].before, "");
  EXPECT_EQ(nlohmann::json::parse(regions[0].after)["name"], "湖南省");
  EXPECT_EQ(regions[0].actor, "tester");
  EXPECT_EQ(regions[0].time, FakeClock::kDefaultStart);

  clock_.Advance(std::chrono::hours(1));
  int64_t plan_id = CreatePlan(fixtures::RichPlan("430703"));
  Plan plan = GetPlan(plan_id);
  std::vector<AuditEntry> created = Audit("plan:" + std::to_string(plan_id));
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].action, "plan.create");
  EXPECT_EQ(created[0].before, "");
  EXPECT_EQ(created[0].time, clock_.Now());
  nlohmann::json plan_json = nlohmann::json::parse(created[0].after);
  EXPECT_EQ(plan_json["id"], plan_id);
  EXPECT_EQ(plan_json["region_code"], "430703");
  ASSERT_EQ(plan_json["targets"].size(), 7u);
  EXPECT_EQ(plan_json["targets"][0]["id"], plan.targets[0].id);
  EXPECT_EQ(plan_json["targets"][0]["value"], 23.0);

  clock_.Advance(std::chrono::hours(1));
  Target target = plan.targets[0];
  target.value = 24;
  ASSERT_OK(
      store()
          .plans()
          .ReviseTarget(target.id, target,
                        WriteContext{.author = "fgj", .source = "会议纪要", .reason = "raised"})
          .status());
  std::vector<AuditEntry> revised = Audit("target:" + std::to_string(target.id));
  ASSERT_EQ(revised.size(), 1u);  // also proves "target:1" does not match "target:10"
  EXPECT_EQ(revised[0].action, "target.revise");
  EXPECT_EQ(revised[0].actor, "fgj");
  EXPECT_EQ(revised[0].source, "会议纪要");
  EXPECT_EQ(revised[0].reason, "raised");
  EXPECT_EQ(revised[0].time, clock_.Now());
  EXPECT_EQ(nlohmann::json::parse(revised[0].before)["value"], 23.0);
  EXPECT_EQ(nlohmann::json::parse(revised[0].before)["revision"], 1);
  EXPECT_EQ(nlohmann::json::parse(revised[0].after)["value"], 24.0);
  EXPECT_EQ(nlohmann::json::parse(revised[0].after)["revision"], 2);

  FigureKey gdp{"430703", "gdp", "2023", ""};
  FigureKey gdp_pc{"430703", "gdp_per_capita", "2023", ""};
  ASSERT_OK(store().figures().Put(gdp, 500, "亿元", Ctx()).status());
  ASSERT_OK(store().figures().Put(gdp_pc, 6.5, "万元", Ctx()).status());
  ASSERT_OK(store().figures().Put(gdp, 510, "亿元", Ctx("revised yearbook")).status());
  Reopen();
  std::vector<AuditEntry> gdp_entries = Audit("figure:430703/gdp");
  ASSERT_EQ(gdp_entries.size(), 2u);  // not gdp_per_capita
  EXPECT_EQ(gdp_entries[0].entity, "figure:430703/gdp/2023/");
  EXPECT_EQ(gdp_entries[0].action, "figure.put");
  EXPECT_EQ(gdp_entries[0].before, "");
  EXPECT_EQ(nlohmann::json::parse(gdp_entries[1].before)["value"], 500.0);
  EXPECT_EQ(nlohmann::json::parse(gdp_entries[1].after)["value"], 510.0);
  EXPECT_EQ(gdp_entries[1].reason, "revised yearbook");
  EXPECT_EQ(Audit("figure:430703/").size(), 3u);
  EXPECT_TRUE(Audit("figure:4307").empty());

  // Ids ascend, and paging visits every entry once.
  std::vector<AuditEntry> all = Audit();
  EXPECT_EQ(all.size(), 5u + 1u + 1u + 3u);
  std::vector<int64_t> paged;
  int64_t after_id = 0;
  while (true) {
    auto page = store().audit().List(Query("", after_id, 3));
    ASSERT_TRUE(page.ok());
    if (page->empty()) break;
    EXPECT_LE(page->size(), 3u);
    for (const AuditEntry& e : *page) paged.push_back(e.id);
    after_id = page->back().id;
  }
  ASSERT_EQ(paged.size(), all.size());
  for (size_t idx = 0; idx < all.size(); ++idx) {
    EXPECT_EQ(paged[idx], all[idx].id);
    if (idx > 0) {
      EXPECT_LT(all[idx - 1].id, all[idx].id);
    }
  }
  EXPECT_EQ(store().audit().List(Query("", 0, 0)).status().code(), StatusCode::kInvalidArgument);
}

// ----------------------------------------------------------------------------- figures

TEST_P(StoreConformanceTest, FigureRevisionsAreReadAsOfAnyTime) {
  AddRegions();
  FigureKey key{"430703", "energy_total", "2023", ""};
  Timestamp t0 = clock_.Now();
  auto first = store().figures().Put(
      key, 100.25, "万tce",
      WriteContext{.author = "tjj", .source = "2023年报.xlsx!B7", .reason = ""});
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->revision, 1);
  EXPECT_EQ(first->recorded_at, t0);
  Reopen();
  clock_.Advance(kDay);
  Timestamp t1 = clock_.Now();

  auto no_reason = store().figures().Put(key, 102, "万tce", Ctx(""));
  EXPECT_EQ(no_reason.status().code(), StatusCode::kInvalidArgument);
  auto second = store().figures().Put(key, 102, "万tce", Ctx("final yearbook"));
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->revision, 2);

  EXPECT_EQ(store().figures().Get(key, Plus(t0, -kTick)).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store().figures().Get(key, t0)->value, 100.25);
  EXPECT_EQ(store().figures().Get(key, Plus(t1, -kTick))->value, 100.25);
  EXPECT_EQ(store().figures().Get(key, t1)->value, 102.0);
  auto latest = store().figures().Get(key);
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->value, 102.0);
  EXPECT_EQ(latest->revision, 2);
  EXPECT_EQ(latest->reason, "final yearbook");

  auto history = store().figures().History(key);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].revision, 1);
  EXPECT_EQ((*history)[0].value, 100.25);
  EXPECT_EQ((*history)[0].unit, "万tce");
  EXPECT_EQ((*history)[0].author, "tjj");
  EXPECT_EQ((*history)[0].source, "2023年报.xlsx!B7");
  EXPECT_EQ((*history)[0].recorded_at, t0);
  EXPECT_EQ((*history)[1].revision, 2);
  EXPECT_EQ((*history)[1].recorded_at, t1);
  EXPECT_EQ(store().figures().History(FigureKey{"430703", "gdp", "2023", ""}).status().code(),
            StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, FiguresListByRegionAndItemAsOf) {
  AddRegions();
  Timestamp t0 = clock_.Now();
  std::vector<Figure> batch = {
      Fig({"430703", "gdp", "2023", ""}, 500, "亿元"),
      Fig({"430703", "gdp", "2022", ""}, 480, "亿元"),
      Fig({"430703", "energy_total", "2023", "sector=industry"}, 60, "万tce"),
      Fig({"430703", "energy_total", "2023", ""}, 100, "万tce"),
      Fig({"430700", "gdp", "2023", ""}, 4000, "亿元"),
  };
  auto stored = store().figures().PutAll(batch, Ctx());
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  ASSERT_EQ(stored->size(), 5u);
  clock_.Advance(kDay);
  ASSERT_OK(store().figures().Put({"430703", "gdp", "2023", ""}, 505, "亿元", Ctx("fix")).status());
  ASSERT_OK(
      store().figures().Put({"430703", "population", "2023", ""}, 72.1, "万人", Ctx()).status());
  Reopen();

  auto describe = [](const std::vector<Figure>& figures) {
    std::vector<std::string> out;
    for (const Figure& f : figures) {
      out.push_back(f.key.item + "/" + f.key.period + "/" + f.key.dims + "=" +
                    std::to_string(f.revision.value) + "#" + std::to_string(f.revision.revision));
    }
    return out;
  };
  auto latest = store().figures().List("430703");
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  EXPECT_EQ(
      describe(*latest),
      (std::vector<std::string>{
          "energy_total/2023/=100.000000#1", "energy_total/2023/sector=industry=60.000000#1",
          "gdp/2022/=480.000000#1", "gdp/2023/=505.000000#2", "population/2023/=72.100000#1"}));
  for (const Figure& f : *latest) EXPECT_EQ(f.key.region_code, "430703");

  auto gdp_only = store().figures().List("430703", "gdp");
  ASSERT_TRUE(gdp_only.ok());
  EXPECT_EQ(describe(*gdp_only),
            (std::vector<std::string>{"gdp/2022/=480.000000#1", "gdp/2023/=505.000000#2"}));

  auto then = store().figures().List("430703", "", t0);
  ASSERT_TRUE(then.ok());
  EXPECT_EQ(describe(*then),
            (std::vector<std::string>{"energy_total/2023/=100.000000#1",
                                      "energy_total/2023/sector=industry=60.000000#1",
                                      "gdp/2022/=480.000000#1", "gdp/2023/=500.000000#1"}));
  EXPECT_TRUE(store().figures().List("430703", "", Plus(t0, -kTick))->empty());
  EXPECT_TRUE(store().figures().List("431202")->empty());
  EXPECT_EQ(store().figures().List("439999").status().code(), StatusCode::kNotFound);
}

TEST_P(StoreConformanceTest, PutAllIsAllOrNothing) {
  AddRegions();
  ASSERT_OK(store().figures().Put({"430703", "gdp", "2022", ""}, 480, "亿元", Ctx()).status());
  size_t audit_before = Audit().size();
  const Figure good1 = Fig({"430703", "gdp", "2023", ""}, 500, "亿元");
  const Figure good2 = Fig({"430703", "population", "2023", ""}, 72, "万人");

  auto expect_refused = [&](std::vector<Figure> batch, const std::string& fragment) {
    auto result = store().figures().PutAll(batch, Ctx());
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument) << fragment;
    if (!result.ok()) {
      EXPECT_THAT(result.status().message(), HasSubstr(fragment));
    }
  };
  expect_refused({good1, good2, Fig({"439999", "gdp", "2023", ""}, 1, "亿元")}, "figures[2]");
  expect_refused({good1, Fig({"430703", "coal", "2023", ""}, std::nan(""), "t")}, "figures[1]");
  expect_refused({good1, Fig({"430703", "coal", "2023", ""}, 1, "")}, "figures[1]");
  expect_refused({good1, Fig({"430703", "coal", "2023", "sector=a;carrier=b"}, 1, "t")}, "sorted");
  expect_refused({good1, good2, good1}, "figures[0] and figures[2]");
  // A correction inside a batch needs a reason like any other.
  expect_refused({good1, Fig({"430703", "gdp", "2022", ""}, 481, "亿元")}, "reason");

  Reopen();
  auto figures = store().figures().List("430703");
  ASSERT_TRUE(figures.ok());
  ASSERT_EQ(figures->size(), 1u);
  EXPECT_EQ((*figures)[0].key.item, "gdp");
  EXPECT_EQ((*figures)[0].key.period, "2022");
  EXPECT_EQ(Audit().size(), audit_before);

  // A figure's own source and reason win over the batch's.
  Figure with_cell = good1;
  with_cell.revision.source = "2023.xlsx!C9";
  Figure correction = Fig({"430703", "gdp", "2022", ""}, 481, "亿元", "", "revised");
  auto stored =
      store().figures().PutAll({with_cell, good2, correction},
                               WriteContext{.author = "tjj", .source = "2023.xlsx", .reason = ""});
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  ASSERT_EQ(stored->size(), 3u);
  EXPECT_EQ((*stored)[0].source, "2023.xlsx!C9");
  EXPECT_EQ((*stored)[1].source, "2023.xlsx");
  EXPECT_EQ((*stored)[2].revision, 2);
  EXPECT_EQ((*stored)[2].reason, "revised");
  EXPECT_EQ(store().figures().Get(good1.key)->source, "2023.xlsx!C9");
  EXPECT_EQ(Audit().size(), audit_before + 3);
}

TEST_P(StoreConformanceTest, FigurePutRefusesBadInput) {
  AddRegions();
  EXPECT_EQ(store().figures().Put({"439999", "gdp", "2023", ""}, 1, "亿元", Ctx()).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store().figures().Put({"430703", "", "2023", ""}, 1, "亿元", Ctx()).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store().figures().Put({"430703", "gdp", "", ""}, 1, "亿元", Ctx()).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      store().figures().Put({"430703", "gdp", "2023", "novalue"}, 1, "亿元", Ctx()).status().code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(
      store().figures().Put({"430703", "gdp", "2023", ""}, HUGE_VAL, "亿元", Ctx()).status().code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(store()
                .figures()
                .Put({"430703", "gdp", "2023", ""}, 1, "亿元", WriteContext{})
                .status()
                .code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(store().figures().List("430703")->empty());
}

TEST_P(StoreConformanceTest, FigureValuesRoundTripBitForBit) {
  AddRegions();
  const std::vector<double> values = {0.1 + 0.2, 1e-300, 123456789.12345679, -42.5, 0.0};
  for (size_t idx = 0; idx < values.size(); ++idx) {
    ASSERT_OK(store()
                  .figures()
                  .Put({"430703", "x" + std::to_string(idx), "2023", ""}, values[idx], "t", Ctx())
                  .status());
  }
  Reopen();
  for (size_t idx = 0; idx < values.size(); ++idx) {
    auto got = store().figures().Get({"430703", "x" + std::to_string(idx), "2023", ""});
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->value, values[idx]);
  }
}

// ----------------------------------------------------------------------------- threads

TEST_P(StoreConformanceTest, ConcurrentWritersEachGetADistinctRevision) {
  AddRegions();
  constexpr int kThreads = 4;
  constexpr int kPutsPerThread = 25;
  const FigureKey shared{"430703", "shared", "2023", ""};
  ASSERT_OK(store().figures().Put(shared, 0, "t", Ctx()).status());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < kThreads; ++thread_idx) {
    threads.emplace_back([&, thread_idx] {
      for (int put_idx = 0; put_idx < kPutsPerThread; ++put_idx) {
        FigureKey own{"430703", "own" + std::to_string(thread_idx), std::to_string(put_idx), ""};
        if (!store().figures().Put(shared, put_idx, "t", Ctx("concurrent")).ok()) ++failures;
        if (!store().figures().Put(own, put_idx, "t", Ctx()).ok()) ++failures;
        if (!store().figures().Get(shared).ok()) ++failures;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  auto history = store().figures().History(shared);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), static_cast<size_t>(kThreads * kPutsPerThread + 1));
  for (size_t idx = 0; idx < history->size(); ++idx) {
    EXPECT_EQ((*history)[idx].revision, static_cast<int64_t>(idx + 1));
  }
  EXPECT_EQ(store().figures().List("430703")->size(),
            static_cast<size_t>(kThreads * kPutsPerThread + 1));
  EXPECT_EQ(Audit("figure:").size(), static_cast<size_t>(2 * kThreads * kPutsPerThread + 1));
}

// ----------------------------------------------------------------------------- backends

/// A database file in the system temp folder, removed (with its WAL files) on destruction.
class TempDatabaseFile {
 public:
  TempDatabaseFile() {
    static std::atomic<int> counter{0};
    path_ = (std::filesystem::temp_directory_path() /
             ("carbonpeak_conformance_" + std::to_string(::getpid()) + "_" +
              std::to_string(counter++) + ".db"))
                .string();
    Remove();
  }
  ~TempDatabaseFile() { Remove(); }
  TempDatabaseFile(const TempDatabaseFile&) = delete;
  TempDatabaseFile& operator=(const TempDatabaseFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  void Remove() {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::filesystem::remove(path_ + suffix, ignored);
    }
  }
  std::string path_;
};

StoreBackendParam SqliteMemory() {
  return StoreBackendParam{.name = "SqliteMemory",
                           .new_database =
                               [] {
                                 return StoreFactory([](const Clock& clock) {
                                   return sqlite::OpenStore(":memory:", clock);
                                 });
                               },
                           .durable = false};
}

StoreBackendParam SqliteFile() {
  return StoreBackendParam{.name = "SqliteFile",
                           .new_database =
                               [] {
                                 auto file = std::make_shared<TempDatabaseFile>();
                                 return StoreFactory([file](const Clock& clock) {
                                   return sqlite::OpenStore(file->path(), clock);
                                 });
                               },
                           .durable = true};
}

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest,
                         ::testing::Values(SqliteMemory(), SqliteFile()), BackendName);

}  // namespace
}  // namespace carbonpeak::store
