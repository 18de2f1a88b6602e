// The SQLite implementations of store/users.h (AccountStore) and store/progress.h
// (ProgressStore). SqliteStore inherits from this class, so AccountsOf(store) and
// ProgressOf(store) find them on the store itself. Internal to store/sqlite.
//
// Thread safety: every method locks StoreState::mutex for its whole duration.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "store/progress.h"
#include "store/sqlite/repositories.h"
#include "store/users.h"

namespace carbonpeak::store::sqlite {

class SqliteAccountsAndProgress : public AccountStore, public ProgressStore {
 public:
  explicit SqliteAccountsAndProgress(StoreState* state) : state_(state) {}

  // AccountStore
  Result<int64_t> CreateUser(const User& user, const WriteContext& ctx) override;
  Result<User> GetUser(int64_t id) override;
  Result<User> FindUser(const std::string& username) override;
  Result<std::vector<User>> ListUsers() override;
  Result<User> ReviseUser(const User& user, const WriteContext& ctx) override;
  Result<int64_t> CreateSession(const Session& session, const WriteContext& ctx) override;
  Result<Session> FindSession(const std::string& token_hash) override;
  Status RevokeSession(int64_t session_id, const WriteContext& ctx) override;
  Result<int64_t> CreateToken(const ApiToken& token, const WriteContext& ctx) override;
  Result<ApiToken> FindToken(const std::string& token_hash) override;
  Result<std::vector<ApiToken>> ListTokens(int64_t user_id) override;
  Status RevokeToken(int64_t token_id, const WriteContext& ctx) override;
  Status RecordEvent(const SecurityEvent& event, const WriteContext& ctx) override;
  Result<int64_t> LastAuditId() override;

  // ProgressStore
  Result<TaskInfo> GetTask(int64_t task_id) override;
  Result<std::vector<TaskInfo>> ListTasks(int64_t plan_id) override;
  Result<ProgressReport> Submit(const ReportSubmission& submission,
                                const WriteContext& ctx) override;
  Result<ProgressReport> Review(int64_t report_id, int64_t revision, ReviewDecision decision,
                                const std::string& comment, const WriteContext& ctx) override;
  Result<ProgressReport> GetReport(int64_t report_id) override;
  Result<std::vector<ProgressReport>> ListReports(const ReportQuery& query) override;
  Result<std::vector<ReportRevision>> ReportHistory(int64_t report_id) override;
  Result<std::vector<ReviewRecord>> ReportReviews(int64_t report_id) override;
  Result<EvidenceFile> AddEvidence(int64_t report_id, const EvidenceFile& meta,
                                   std::string_view content, const WriteContext& ctx) override;
  Result<std::pair<EvidenceFile, std::string>> GetEvidence(int64_t evidence_id) override;

 private:
  // Helpers expecting the mutex held.
  Result<User> LoadUser(Connection& db, int64_t id);
  Result<ProgressReport> LoadReport(Connection& db, int64_t report_id);
  Result<std::vector<TaskInfo>> LoadTasks(Connection& db, int64_t plan_id, int64_t task_id);

  StoreState* state_;
};

}  // namespace carbonpeak::store::sqlite
