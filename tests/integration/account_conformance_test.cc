// Conformance cases for store/users.h and store/progress.h: every backend that the platform
// opens implements both interfaces next to store::Store. Runs in the instantiations of
// store_conformance_test.cc (SQLite in memory and in a reopened temp file).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "store/progress.h"
#include "store/users.h"
#include "tests/integration/store_conformance.h"
#include "tests/testing/sample_plan.h"

namespace carbonpeak::store {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

WriteContext By(std::string author, std::string reason = "") {
  return WriteContext{std::move(author), "conformance", std::move(reason)};
}

User NewUser(std::string name, Role role) {
  User user;
  user.username = std::move(name);
  user.display_name = "测试";
  user.role = role;
  user.region_code = "430703";
  if (role == Role::kDepartment) user.unit = "区发展和改革局";
  user.password_hash = "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";
  return user;
}

TEST_P(StoreConformanceTest, UsersAreRevisedNeverOverwritten) {
  AccountStore* accounts = AccountsOf(store());
  ASSERT_NE(accounts, nullptr) << "every backend implements AccountStore";
  auto id = accounts->CreateUser(NewUser("fgj", Role::kDepartment), By("admin"));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  EXPECT_EQ(accounts->CreateUser(NewUser("fgj", Role::kViewer), By("admin")).status().code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(accounts->CreateUser(NewUser("bad name", Role::kViewer), By("admin")).status().code(),
            StatusCode::kInvalidArgument);
  User no_unit = NewUser("d2", Role::kDepartment);
  no_unit.unit.clear();
  EXPECT_EQ(accounts->CreateUser(no_unit, By("admin")).status().code(),
            StatusCode::kInvalidArgument);

  clock_.Advance(std::chrono::minutes(1));
  Reopen();
  accounts = AccountsOf(store());
  auto user = accounts->FindUser("fgj");
  ASSERT_TRUE(user.ok());
  EXPECT_EQ(user->revision, 1);
  user->disabled = true;
  user->password_hash = "$argon2id$v=19$m=8,t=1,p=1$b3RoZXJzYWx0$bmV3aGFzaA";
  EXPECT_EQ(accounts->ReviseUser(*user, By("admin")).status().code(), StatusCode::kInvalidArgument)
      << "a change needs a reason";
  auto revised = accounts->ReviseUser(*user, By("admin", "left the unit"));
  ASSERT_TRUE(revised.ok()) << revised.status().ToString();
  EXPECT_EQ(revised->revision, 2);
  EXPECT_TRUE(accounts->GetUser(*id)->disabled);
  User renamed = *revised;
  renamed.username = "other";
  EXPECT_EQ(accounts->ReviseUser(renamed, By("admin", "rename")).status().code(),
            StatusCode::kInvalidArgument);

  auto all = accounts->ListUsers();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  auto audit = Audit("user:fgj");
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "user.create");
  EXPECT_EQ(audit[1].action, "user.revise");
  EXPECT_THAT(audit[1].after, HasSubstr("\"password_changed\":true"));
  for (const auto& e : audit) {
    EXPECT_THAT(e.after, Not(HasSubstr("argon2id"))) << "no hash in the audit log";
    EXPECT_THAT(e.before, Not(HasSubstr("argon2id")));
  }
}

TEST_P(StoreConformanceTest, SessionsAndTokensAreRevokedByNewRows) {
  AccountStore* accounts = AccountsOf(store());
  ASSERT_NE(accounts, nullptr);
  auto uid = accounts->CreateUser(NewUser("office", Role::kOffice), By("admin"));
  ASSERT_TRUE(uid.ok());
  Session session;
  session.token_hash = std::string(64, 'a');
  session.user_id = *uid;
  session.expires_at = Timestamp{clock_.Now().micros + 3600000000LL};
  session.remote_addr = "127.0.0.1";
  auto sid = accounts->CreateSession(session, By("office"));
  ASSERT_TRUE(sid.ok()) << sid.status().ToString();
  EXPECT_FALSE(accounts->CreateSession(session, By("office")).ok()) << "token hashes are unique";
  Reopen();
  accounts = AccountsOf(store());
  auto found = accounts->FindSession(std::string(64, 'a'));
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->user_id, *uid);
  EXPECT_FALSE(found->revoked);
  EXPECT_EQ(accounts->FindSession(std::string(64, 'b')).status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(accounts->RevokeSession(*sid, By("office")).ok());
  ASSERT_TRUE(accounts->RevokeSession(*sid, By("office")).ok()) << "revoking twice is fine";
  EXPECT_TRUE(accounts->FindSession(std::string(64, 'a'))->revoked);

  ApiToken token;
  token.user_id = *uid;
  token.name = "script";
  token.token_hash = std::string(64, 'c');
  auto tid = accounts->CreateToken(token, By("office"));
  ASSERT_TRUE(tid.ok());
  EXPECT_FALSE(accounts->FindToken(std::string(64, 'c'))->revoked);
  ASSERT_TRUE(accounts->RevokeToken(*tid, By("admin")).ok());
  EXPECT_TRUE(accounts->FindToken(std::string(64, 'c'))->revoked);
  EXPECT_EQ(accounts->ListTokens(*uid)->size(), 1u);
  EXPECT_EQ(accounts->RevokeToken(999, By("admin")).code(), StatusCode::kNotFound);

  auto before = accounts->LastAuditId();
  ASSERT_TRUE(accounts->RecordEvent(SecurityEvent{"auth.denied", "task:1", "{}"}, By("")).ok());
  EXPECT_GT(*accounts->LastAuditId(), *before);
  auto denied = Audit("task:1");
  ASSERT_EQ(denied.size(), 1u);
  EXPECT_EQ(denied[0].actor, "anonymous");
}

TEST_P(StoreConformanceTest, ProgressReportsKeepRevisionsAndReviews) {
  AddRegions();
  int64_t plan_id = CreatePlan(fixtures::RichPlan("430703"));
  ProgressStore* progress = ProgressOf(store());
  ASSERT_NE(progress, nullptr) << "every backend implements ProgressStore";
  auto tasks = progress->ListTasks(plan_id);
  ASSERT_TRUE(tasks.ok());
  ASSERT_FALSE(tasks->empty());
  const TaskInfo task = tasks->front();
  ASSERT_FALSE(task.lead_units.empty());
  EXPECT_EQ(task.region_code, "430703");
  EXPECT_EQ(progress->GetTask(task.id)->title, task.title);
  EXPECT_EQ(progress->GetTask(987654).status().code(), StatusCode::kNotFound);

  ReportSubmission s;
  s.task_id = task.id;
  s.unit = task.lead_units.front();
  s.period = "2025";
  s.status = TaskStatus::kAtRisk;
  s.narrative = "进度滞后";
  s.figures = {ReportFigure{"完成投资", 1.5, "亿元"}};
  auto first = progress->Submit(s, By("unit-user"));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->revision, 1);
  EXPECT_EQ(first->state, ReviewState::kSubmitted);
  EXPECT_EQ(first->plan_id, plan_id);

  EXPECT_EQ(
      progress->Review(first->id, 1, ReviewDecision::kReturned, "", By("office")).status().code(),
      StatusCode::kInvalidArgument);
  clock_.Advance(std::chrono::minutes(1));
  auto returned =
      progress->Review(first->id, 1, ReviewDecision::kReturned, "补充材料", By("office"));
  ASSERT_TRUE(returned.ok()) << returned.status().ToString();
  EXPECT_EQ(returned->state, ReviewState::kReturned);

  Reopen();
  progress = ProgressOf(store());
  s.status = TaskStatus::kDone;
  clock_.Advance(std::chrono::minutes(1));
  auto second = progress->Submit(s, By("unit-user"));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->id, first->id);
  EXPECT_EQ(second->revision, 2);
  EXPECT_EQ(second->state, ReviewState::kSubmitted);
  EXPECT_EQ(
      progress->Review(first->id, 1, ReviewDecision::kAccepted, "", By("office")).status().code(),
      StatusCode::kFailedPrecondition);
  ASSERT_TRUE(progress->Review(first->id, 2, ReviewDecision::kAccepted, "", By("office")).ok());
  EXPECT_EQ(progress->Submit(s, By("unit-user")).status().code(), StatusCode::kFailedPrecondition);

  auto evidence = progress->AddEvidence(
      first->id, EvidenceFile{0, 0, 0, "a.pdf", "application/pdf", 0, "00", "", {}},
      std::string("%PDF-\0binary", 12), By("unit-user"));
  ASSERT_TRUE(evidence.ok()) << evidence.status().ToString();
  EXPECT_EQ(evidence->size, 12);
  auto stored = progress->GetEvidence(evidence->id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->second, std::string("%PDF-\0binary", 12));
  EXPECT_FALSE(progress->AddEvidence(first->id, EvidenceFile{}, "", By("u")).ok());

  auto history = progress->ReportHistory(first->id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].status, TaskStatus::kAtRisk);
  EXPECT_EQ((*history)[1].status, TaskStatus::kDone);
  ASSERT_EQ((*history)[0].figures.size(), 1u);
  EXPECT_EQ((*history)[0].figures[0].value, 1.5);
  EXPECT_EQ(progress->ReportReviews(first->id)->size(), 2u);
  auto report = progress->GetReport(first->id);
  EXPECT_EQ(report->state, ReviewState::kAccepted);
  EXPECT_EQ(report->evidence.size(), 1u);

  ReportQuery query;
  query.plan_id = plan_id;
  EXPECT_EQ(progress->ListReports(query)->size(), 1u);
  query.unit = "nobody";
  EXPECT_EQ(progress->ListReports(query)->size(), 0u);
  query = ReportQuery{};
  query.state = ReviewState::kReturned;
  EXPECT_EQ(progress->ListReports(query)->size(), 0u);

  std::string entity = "report:" + std::to_string(first->id);
  auto audit = Audit(entity);
  ASSERT_EQ(audit.size(), 5u);  // submit, review, submit, review, evidence
  EXPECT_EQ(audit[0].action, "report.submit");
  EXPECT_EQ(audit[1].action, "report.review");
  EXPECT_EQ(audit[4].action, "report.evidence");
  EXPECT_FALSE(audit[2].before.empty()) << "a resubmission records what it replaced";
}

}  // namespace
}  // namespace carbonpeak::store
