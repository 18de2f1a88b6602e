// SQLite ProgressStore: plan tasks for permission checks, progress reports with revisions and
// reviews, evidence files.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "store/sqlite/accounts_progress.h"

namespace carbonpeak::store::sqlite {
namespace {

using nlohmann::json;

constexpr size_t kMaxNarrativeBytes = 20000;
constexpr size_t kMaxFigures = 50;

std::string FiguresJson(const std::vector<ReportFigure>& figures) {
  json items = json::array();
  for (const ReportFigure& f : figures) {
    items.push_back(json{{"name", f.name}, {"value", f.value}, {"unit", f.unit}});
  }
  return items.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<std::vector<ReportFigure>> ParseFigures(const std::string& text, int64_t report_id) {
  std::vector<ReportFigure> figures;
  try {
    json items = json::parse(text);
    for (const json& item : items) {
      figures.push_back(ReportFigure{item.at("name").get<std::string>(),
                                     item.at("value").get<double>(),
                                     item.at("unit").get<std::string>()});
    }
  } catch (const json::exception& e) {
    return Status::DataLoss(
        fmt::format("report {}: its stored figures are unreadable ({})", report_id, e.what()));
  }
  return figures;
}

Result<TaskStatus> ReadStatus(const std::string& text, int64_t report_id) {
  std::optional<TaskStatus> status = ParseTaskStatus(text);
  if (!status) {
    return Status::DataLoss(fmt::format(
        "report {} has the unknown status \"{}\"; this program may be older than the database",
        report_id, text));
  }
  return *status;
}

ReviewDecision ReadDecision(const std::string& text) {
  return text == "accepted" ? ReviewDecision::kAccepted : ReviewDecision::kReturned;
}

std::string_view DecisionName(ReviewDecision decision) {
  return decision == ReviewDecision::kAccepted ? "accepted" : "returned";
}

std::string ReportRevisionJson(const ProgressReport& report) {
  json j{{"report", report.id},           {"task_id", report.task_id},
         {"unit", report.unit},           {"period", report.period},
         {"revision", report.revision},   {"status", std::string(TaskStatusName(report.status))},
         {"narrative", report.narrative}, {"figures", json::parse(FiguresJson(report.figures))}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Status CheckSubmission(const ReportSubmission& s) {
  std::string what = fmt::format("progress report on task {}", s.task_id);
  if (IsBlank(s.unit)) {
    return Status::InvalidArgument(fmt::format("{}: the reporting unit is missing", what));
  }
  if (IsBlank(s.period) || s.period.size() > 16) {
    return Status::InvalidArgument(fmt::format(
        "{}: the period \"{}\" is not valid; use a year such as 2025, or 2025H1, 2025Q3, "
        "2025-06",
        what, s.period));
  }
  if (s.narrative.size() > kMaxNarrativeBytes) {
    return Status::InvalidArgument(
        fmt::format("{}: the narrative is longer than {} bytes; shorten it and attach the full "
                    "text as an evidence file",
                    what, kMaxNarrativeBytes));
  }
  if (s.figures.size() > kMaxFigures) {
    return Status::InvalidArgument(
        fmt::format("{}: at most {} figures per report", what, kMaxFigures));
  }
  for (size_t idx = 0; idx < s.figures.size(); ++idx) {
    const ReportFigure& f = s.figures[idx];
    if (IsBlank(f.name) || !std::isfinite(f.value)) {
      return Status::InvalidArgument(
          fmt::format("{}: figures[{}] needs a name and a finite number (got \"{}\" = {})", what,
                      idx, f.name, f.value));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<TaskInfo>> SqliteAccountsAndProgress::LoadTasks(Connection& db, int64_t plan_id,
                                                                   int64_t task_id) {
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT k.id, a.plan_id, p.region_code, a.number, a.title, k.number, k.title "
                 "FROM tasks k JOIN actions a ON a.id = k.action_id JOIN plans p ON p.id = "
                 "a.plan_id WHERE (?1 = 0 OR a.plan_id = ?1) AND (?2 = 0 OR k.id = ?2) "
                 "ORDER BY a.plan_id, a.position, k.position"));
  stmt.BindInt(1, plan_id).BindInt(2, task_id);
  std::vector<TaskInfo> tasks;
  std::map<int64_t, size_t> index;
  while (true) {
    CPK_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    TaskInfo t;
    t.id = stmt.Int(0);
    t.plan_id = stmt.Int(1);
    t.region_code = stmt.Text(2);
    t.action_number = stmt.IntNarrow(3);
    t.action_title = stmt.Text(4);
    t.number = stmt.Text(5);
    t.title = stmt.Text(6);
    index[t.id] = tasks.size();
    tasks.push_back(std::move(t));
  }
  CPK_ASSIGN_OR_RETURN(
      Statement units,
      db.Prepare("SELECT u.task_id, u.role, u.unit_name FROM task_units u JOIN tasks k ON k.id = "
                 "u.task_id JOIN actions a ON a.id = k.action_id WHERE (?1 = 0 OR a.plan_id = ?1) "
                 "AND (?2 = 0 OR u.task_id = ?2) ORDER BY u.task_id, u.role, u.position"));
  units.BindInt(1, plan_id).BindInt(2, task_id);
  while (true) {
    CPK_ASSIGN_OR_RETURN(bool row, units.Step());
    if (!row) break;
    auto it = index.find(units.Int(0));
    if (it == index.end()) continue;
    TaskInfo& t = tasks[it->second];
    (units.Text(1) == "lead" ? t.lead_units : t.cooperating_units).push_back(units.Text(2));
  }
  return tasks;
}

Result<TaskInfo> SqliteAccountsAndProgress::GetTask(int64_t task_id) {
  std::lock_guard lock(state_->mutex);
  if (task_id <= 0) return Status::NotFound(fmt::format("there is no task {}", task_id));
  CPK_ASSIGN_OR_RETURN(auto tasks, LoadTasks(*state_->connection, 0, task_id));
  if (tasks.empty()) {
    return Status::NotFound(fmt::format("there is no task {}; see the plan's task list", task_id));
  }
  return tasks.front();
}

Result<std::vector<TaskInfo>> SqliteAccountsAndProgress::ListTasks(int64_t plan_id) {
  std::lock_guard lock(state_->mutex);
  if (plan_id <= 0) return Status::NotFound(fmt::format("there is no plan {}", plan_id));
  return LoadTasks(*state_->connection, plan_id, 0);
}

Result<ProgressReport> SqliteAccountsAndProgress::LoadReport(Connection& db, int64_t report_id) {
  ProgressReport report;
  {
    CPK_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare("SELECT r.id, r.task_id, a.plan_id, r.unit, r.period, v.revision, v.status, "
                   "v.narrative, v.figures_json, v.author, v.recorded_at FROM progress_reports r "
                   "JOIN tasks k ON k.id = r.task_id JOIN actions a ON a.id = k.action_id "
                   "JOIN progress_report_revisions v ON v.report_id = r.id WHERE r.id = ?1 "
                   "ORDER BY v.revision DESC LIMIT 1"));
    stmt.BindInt(1, report_id);
    CPK_ASSIGN_OR_RETURN(bool found, stmt.Step());
    if (!found) return Status::NotFound(fmt::format("there is no progress report {}", report_id));
    report.id = stmt.Int(0);
    report.task_id = stmt.Int(1);
    report.plan_id = stmt.Int(2);
    report.unit = stmt.Text(3);
    report.period = stmt.Text(4);
    report.revision = stmt.Int(5);
    CPK_ASSIGN_OR_RETURN(report.status, ReadStatus(stmt.Text(6), report_id));
    report.narrative = stmt.Text(7);
    CPK_ASSIGN_OR_RETURN(report.figures, ParseFigures(stmt.Text(8), report_id));
    report.author = stmt.Text(9);
    report.recorded_at = Timestamp{stmt.Int(10)};
  }
  {
    CPK_ASSIGN_OR_RETURN(Statement stmt,
                         db.Prepare("SELECT revision, decision, comment, reviewer, recorded_at "
                                    "FROM progress_reviews WHERE report_id = ?1 "
                                    "ORDER BY id DESC LIMIT 1"));
    stmt.BindInt(1, report_id);
    CPK_ASSIGN_OR_RETURN(bool found, stmt.Step());
    if (found) {
      report.last_review = ReviewRecord{stmt.Int(0), ReadDecision(stmt.Text(1)), stmt.Text(2),
                                        stmt.Text(3), Timestamp{stmt.Int(4)}};
      if (report.last_review->revision == report.revision) {
        report.state = report.last_review->decision == ReviewDecision::kAccepted
                           ? ReviewState::kAccepted
                           : ReviewState::kReturned;
      }
    }
  }
  {
    CPK_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare("SELECT id, revision, file_name, content_type, size, sha256, uploaded_by, "
                   "uploaded_at FROM evidence_files WHERE report_id = ?1 ORDER BY id"));
    stmt.BindInt(1, report_id);
    while (true) {
      CPK_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row) break;
      report.evidence.push_back(EvidenceFile{stmt.Int(0), report_id, stmt.Int(1), stmt.Text(2),
                                             stmt.Text(3), stmt.Int(4), stmt.Text(5), stmt.Text(6),
                                             Timestamp{stmt.Int(7)}});
    }
  }
  return report;
}

Result<ProgressReport> SqliteAccountsAndProgress::Submit(const ReportSubmission& submission,
                                                         const WriteContext& ctx) {
  std::lock_guard lock(state_->mutex);
  Connection& db = *state_->connection;
  CPK_RETURN_IF_ERROR(CheckWriteContext(ctx, "submitting a progress report", false));
  CPK_RETURN_IF_ERROR(CheckSubmission(submission));
  Timestamp now = state_->clock.Now();
  CPK_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, Transaction::Mode::kWrite));
  CPK_ASSIGN_OR_RETURN(auto tasks, LoadTasks(db, 0, submission.task_id));
  if (tasks.empty() || submission.task_id <= 0) {
    return Status::NotFound(fmt::format("there is no task {}", submission.task_id));
  }
  int64_t report_id = 0;
  {
    CPK_ASSIGN_OR_RETURN(Statement stmt,
                         db.Prepare("SELECT id FROM progress_reports WHERE task_id = ?1 AND "
                                    "unit = ?2 AND period = ?3"));
    stmt.BindInt(1, submission.task_id).BindText(2, submission.unit).BindText(3, submission.period);
    CPK_ASSIGN_OR_RETURN(bool found, stmt.Step());
    if (found) report_id = stmt.Int(0);
  }
  std::string before;
  int64_t revision = 1;
  if (report_id != 0) {
    CPK_ASSIGN_OR_RETURN(ProgressReport existing, LoadReport(db, report_id));
    if (existing.state == ReviewState::kAccepted) {
      return Status::FailedPrecondition(fmt::format(
          "the {} report of {} on task {} was accepted on {}; ask the office to return it "
          "before changing it",
          submission.period, submission.unit, submission.task_id,
          FormatTimestamp(existing.last_review->recorded_at).substr(0, 10)));
    }
    before = ReportRevisionJson(existing);
    revision = existing.revision + 1;
  } else {
    CPK_ASSIGN_OR_RETURN(Statement stmt,
                         db.Prepare("INSERT INTO progress_reports (task_id, unit, period, "
                                    "created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5)"));
    stmt.BindInt(1, submission.task_id)
        .BindText(2, submission.unit)
        .BindText(3, submission.period)
        .BindInt(4, now.micros)
        .BindText(5, ctx.author);
    CPK_RETURN_IF_ERROR(stmt.Run());
    report_id = db.LastInsertRowid();
  }
  {
    CPK_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare("INSERT INTO progress_report_revisions (report_id, revision, status, "
                   "narrative, figures_json, author, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, "
                   "?6, ?7)"));
    stmt.BindInt(1, report_id)
        .BindInt(2, revision)
        .BindText(3, TaskStatusName(submission.status))
        .BindText(4, submission.narrative)
        .BindText(5, FiguresJson(submission.figures))
        .BindText(6, ctx.author)
        .BindInt(7, now.micros);
    CPK_RETURN_IF_ERROR(stmt.Run());
  }
  CPK_ASSIGN_OR_RETURN(ProgressReport stored, LoadReport(db, report_id));
  CPK_RETURN_IF_ERROR(AppendAudit(db, ctx,
                                  AuditRecord{.time = now,
                                              .action = "report.submit",
                                              .entity = fmt::format("report:{}", report_id),
                                              .before = before,
                                              .after = ReportRevisionJson(stored),
                                              .source = ctx.source,
                                              .reason = ctx.reason}));
  CPK_RETURN_IF_ERROR(tx.Commit());
  return stored;
}

Result<ProgressReport> SqliteAccountsAndProgress::Review(int64_t report_id, int64_t revision,
                                                         ReviewDecision decision,
                                                         const std::string& comment,
                                                         const WriteContext& ctx) {
  std::lock_guard lock(state_->mutex);
  Connection& db = *state_->connection;
  CPK_RETURN_IF_ERROR(CheckWriteContext(ctx, "reviewing a progress report", false));
  if (decision == ReviewDecision::kReturned && IsBlank(comment)) {
    return Status::InvalidArgument(
        "returning a report needs a comment that tells the unit what to change");
  }
  Timestamp now = state_->clock.Now();
  CPK_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, Transaction::Mode::kWrite));
  CPK_ASSIGN_OR_RETURN(ProgressReport report, LoadReport(db, report_id));
  if (revision != report.revision) {
    return Status::FailedPrecondition(fmt::format(
        "report {} has revision {} now (you reviewed revision {}); reload it and review the "
        "latest submission",
        report_id, report.revision, revision));
  }
  if (report.state != ReviewState::kSubmitted) {
    return Status::FailedPrecondition(fmt::format("revision {} of report {} was {} already",
                                                  revision, report_id,
                                                  ReviewStateName(report.state)));
  }
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT INTO progress_reviews (report_id, revision, decision, comment, reviewer, "
                 "recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"));
  stmt.BindInt(1, report_id)
      .BindInt(2, revision)
      .BindText(3, DecisionName(decision))
      .BindText(4, comment)
      .BindText(5, ctx.author)
      .BindInt(6, now.micros);
  CPK_RETURN_IF_ERROR(stmt.Run());
  json after{{"report", report_id},
             {"revision", revision},
             {"decision", std::string(DecisionName(decision))},
             {"comment", comment}};
  CPK_RETURN_IF_ERROR(
      AppendAudit(db, ctx,
                  AuditRecord{.time = now,
                              .action = "report.review",
                              .entity = fmt::format("report:{}", report_id),
                              .before = "",
                              .after = after.dump(-1, ' ', false, json::error_handler_t::replace),
                              .source = ctx.source,
                              .reason = ctx.reason}));
  CPK_ASSIGN_OR_RETURN(ProgressReport stored, LoadReport(db, report_id));
  CPK_RETURN_IF_ERROR(tx.Commit());
  return stored;
}

Result<ProgressReport> SqliteAccountsAndProgress::GetReport(int64_t report_id) {
  std::lock_guard lock(state_->mutex);
  return LoadReport(*state_->connection, report_id);
}

Result<std::vector<ProgressReport>> SqliteAccountsAndProgress::ListReports(
    const ReportQuery& query) {
  std::lock_guard lock(state_->mutex);
  Connection& db = *state_->connection;
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT r.id FROM progress_reports r JOIN tasks k ON k.id = r.task_id "
                 "JOIN actions a ON a.id = k.action_id WHERE (?1 = 0 OR a.plan_id = ?1) AND "
                 "(?2 = 0 OR r.task_id = ?2) AND (?3 = '' OR r.unit = ?3) AND "
                 "(?4 = '' OR r.period = ?4) ORDER BY r.id DESC"));
  stmt.BindInt(1, query.plan_id)
      .BindInt(2, query.task_id)
      .BindText(3, query.unit)
      .BindText(4, query.period);
  std::vector<int64_t> ids;
  while (true) {
    CPK_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    ids.push_back(stmt.Int(0));
  }
  std::vector<ProgressReport> reports;
  for (int64_t id : ids) {
    CPK_ASSIGN_OR_RETURN(ProgressReport report, LoadReport(db, id));
    if (query.state && report.state != *query.state) continue;
    reports.push_back(std::move(report));
  }
  std::stable_sort(reports.begin(), reports.end(), [](const auto& a, const auto& b) {
    Timestamp ta = a.last_review && a.last_review->recorded_at > a.recorded_at
                       ? a.last_review->recorded_at
                       : a.recorded_at;
    Timestamp tb = b.last_review && b.last_review->recorded_at > b.recorded_at
                       ? b.last_review->recorded_at
                       : b.recorded_at;
    return ta > tb;
  });
  return reports;
}

Result<std::vector<ReportRevision>> SqliteAccountsAndProgress::ReportHistory(int64_t report_id) {
  std::lock_guard lock(state_->mutex);
  Connection& db = *state_->connection;
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT revision, status, narrative, figures_json, author, recorded_at FROM "
                 "progress_report_revisions WHERE report_id = ?1 ORDER BY revision"));
  stmt.BindInt(1, report_id);
  std::vector<ReportRevision> revisions;
  while (true) {
    CPK_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    ReportRevision rev;
    rev.revision = stmt.Int(0);
    CPK_ASSIGN_OR_RETURN(rev.status, ReadStatus(stmt.Text(1), report_id));
    rev.narrative = stmt.Text(2);
    CPK_ASSIGN_OR_RETURN(rev.figures, ParseFigures(stmt.Text(3), report_id));
    rev.author = stmt.Text(4);
    rev.recorded_at = Timestamp{stmt.Int(5)};
    revisions.push_back(std::move(rev));
  }
  if (revisions.empty()) {
    return Status::NotFound(fmt::format("there is no progress report {}", report_id));
  }
  return revisions;
}

Result<std::vector<ReviewRecord>> SqliteAccountsAndProgress::ReportReviews(int64_t report_id) {
  std::lock_guard lock(state_->mutex);
  CPK_ASSIGN_OR_RETURN(Statement stmt, state_->connection->Prepare(
                                           "SELECT revision, decision, comment, reviewer, "
                                           "recorded_at FROM progress_reviews WHERE report_id = "
                                           "?1 ORDER BY id"));
  stmt.BindInt(1, report_id);
  std::vector<ReviewRecord> reviews;
  while (true) {
    CPK_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    reviews.push_back(ReviewRecord{stmt.Int(0), ReadDecision(stmt.Text(1)), stmt.Text(2),
                                   stmt.Text(3), Timestamp{stmt.Int(4)}});
  }
  return reviews;
}

Result<EvidenceFile> SqliteAccountsAndProgress::AddEvidence(int64_t report_id,
                                                            const EvidenceFile& meta,
                                                            std::string_view content,
                                                            const WriteContext& ctx) {
  std::lock_guard lock(state_->mutex);
  Connection& db = *state_->connection;
  CPK_RETURN_IF_ERROR(CheckWriteContext(ctx, "attaching an evidence file", false));
  if (content.empty()) {
    return Status::InvalidArgument("the evidence file is empty; attach a file with content");
  }
  if (IsBlank(meta.file_name)) {
    return Status::InvalidArgument("the evidence file needs a file name");
  }
  Timestamp now = state_->clock.Now();
  CPK_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, Transaction::Mode::kWrite));
  CPK_ASSIGN_OR_RETURN(ProgressReport report, LoadReport(db, report_id));
  EvidenceFile stored = meta;
  stored.report_id = report_id;
  stored.revision = report.revision;
  stored.size = static_cast<int64_t>(content.size());
  stored.uploaded_by = ctx.author;
  stored.uploaded_at = now;
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT INTO evidence_files (report_id, revision, file_name, content_type, size, "
                 "sha256, content, uploaded_by, uploaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                 "?8, ?9)"));
  stmt.BindInt(1, report_id)
      .BindInt(2, stored.revision)
      .BindText(3, stored.file_name)
      .BindText(4, stored.content_type)
      .BindInt(5, stored.size)
      .BindText(6, stored.sha256)
      .BindBlob(7, content)
      .BindText(8, stored.uploaded_by)
      .BindInt(9, now.micros);
  CPK_RETURN_IF_ERROR(stmt.Run());
  stored.id = db.LastInsertRowid();
  json after{{"evidence", stored.id},
             {"report", report_id},
             {"revision", stored.revision},
             {"file_name", stored.file_name},
             {"content_type", stored.content_type},
             {"size", stored.size},
             {"sha256", stored.sha256}};
  CPK_RETURN_IF_ERROR(
      AppendAudit(db, ctx,
                  AuditRecord{.time = now,
                              .action = "report.evidence",
                              .entity = fmt::format("report:{}", report_id),
                              .before = "",
                              .after = after.dump(-1, ' ', false, json::error_handler_t::replace),
                              .source = ctx.source,
                              .reason = ctx.reason}));
  CPK_RETURN_IF_ERROR(tx.Commit());
  return stored;
}

Result<std::pair<EvidenceFile, std::string>> SqliteAccountsAndProgress::GetEvidence(
    int64_t evidence_id) {
  std::lock_guard lock(state_->mutex);
  CPK_ASSIGN_OR_RETURN(
      Statement stmt,
      state_->connection->Prepare(
          "SELECT id, report_id, revision, file_name, content_type, size, sha256, uploaded_by, "
          "uploaded_at, content FROM evidence_files WHERE id = ?1"));
  stmt.BindInt(1, evidence_id);
  CPK_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found) return Status::NotFound(fmt::format("there is no evidence file {}", evidence_id));
  EvidenceFile meta{stmt.Int(0), stmt.Int(1),  stmt.Int(2),  stmt.Text(3),          stmt.Text(4),
                    stmt.Int(5), stmt.Text(6), stmt.Text(7), Timestamp{stmt.Int(8)}};
  return std::make_pair(meta, stmt.Text(9));
}

}  // namespace carbonpeak::store::sqlite
