// Task progress reports: a responsible unit reports on a plan task (status, narrative, figures,
// evidence files) for a period; the office accepts or returns the report with a comment; the
// unit may then submit again. Every submission is a revision; nothing is overwritten.
//
//   store::ProgressStore* progress = store::ProgressOf(platform.store());
//   ReportSubmission s{.task_id = 17, .unit = "区工业和信息化局", .period = "2025",
//                      .status = TaskStatus::kInProgress, .narrative = "…"};
//   CPK_ASSIGN_OR_RETURN(ProgressReport r, progress->Submit(s, {.author = "gxj"}));
//   CPK_RETURN_IF_ERROR(progress->Review(r.id, r.revision, ReviewDecision::kAccepted, "ok",
//                                        {.author = "office"}).status());
//
// Thread safety: as store::Store (each call atomic). Failure: kNotFound for unknown tasks and
// reports; kFailedPrecondition when a review names a revision that is no longer the latest or
// a report is accepted already; kInvalidArgument for bad fields.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/status.h"
#include "store/store.h"

namespace carbonpeak::store {

/// Stored as text: append only.
enum class TaskStatus { kNotStarted, kInProgress, kDone, kAtRisk };
inline constexpr TaskStatus kAllTaskStatuses[] = {TaskStatus::kNotStarted, TaskStatus::kInProgress,
                                                  TaskStatus::kDone, TaskStatus::kAtRisk};
inline std::string_view TaskStatusName(TaskStatus status) {
  switch (status) {
    case TaskStatus::kNotStarted:
      return "not_started";
    case TaskStatus::kInProgress:
      return "in_progress";
    case TaskStatus::kDone:
      return "done";
    case TaskStatus::kAtRisk:
      return "at_risk";
  }
  return "not_started";
}
inline std::optional<TaskStatus> ParseTaskStatus(std::string_view name) {
  for (TaskStatus s : kAllTaskStatuses) {
    if (TaskStatusName(s) == name) return s;
  }
  return std::nullopt;
}

/// Where a report stands: submitted (waiting for the office), accepted, returned.
enum class ReviewState { kSubmitted, kAccepted, kReturned };
enum class ReviewDecision { kAccepted, kReturned };
inline std::string_view ReviewStateName(ReviewState state) {
  switch (state) {
    case ReviewState::kSubmitted:
      return "submitted";
    case ReviewState::kAccepted:
      return "accepted";
    case ReviewState::kReturned:
      return "returned";
  }
  return "submitted";
}

/// A plan task with what permission checks and lists need.
struct TaskInfo {
  int64_t id = 0;
  int64_t plan_id = 0;
  std::string region_code;
  int action_number = 0;
  std::string action_title;
  std::string number;
  std::string title;
  std::vector<std::string> lead_units;
  std::vector<std::string> cooperating_units;
};

/// One figure a report gives, e.g. {"新增光伏装机", 12.5, "万千瓦"}.
struct ReportFigure {
  std::string name;
  double value = 0;
  std::string unit;
};

struct ReportSubmission {
  int64_t task_id = 0;
  std::string unit;    ///< Reporting responsible unit (canonical name).
  std::string period;  ///< "2025", "2025H1", "2025Q3", "2025-06".
  TaskStatus status = TaskStatus::kNotStarted;
  std::string narrative;
  std::vector<ReportFigure> figures;
};

struct EvidenceFile {
  int64_t id = 0;
  int64_t report_id = 0;
  int64_t revision = 0;  ///< Report revision it was attached to.
  std::string file_name;
  std::string content_type;
  int64_t size = 0;    ///< Bytes.
  std::string sha256;  ///< Hex digest of the content, computed by the caller.
  std::string uploaded_by;
  Timestamp uploaded_at;
};

/// One submitted revision of a report.
struct ReportRevision {
  int64_t revision = 0;
  TaskStatus status = TaskStatus::kNotStarted;
  std::string narrative;
  std::vector<ReportFigure> figures;
  std::string author;
  Timestamp recorded_at;
};

struct ReviewRecord {
  int64_t revision = 0;  ///< The report revision that was reviewed.
  ReviewDecision decision = ReviewDecision::kAccepted;
  std::string comment;
  std::string reviewer;
  Timestamp recorded_at;
};

/// A report at its latest revision, with its state.
struct ProgressReport {
  int64_t id = 0;
  int64_t task_id = 0;
  int64_t plan_id = 0;
  std::string unit;
  std::string period;
  int64_t revision = 0;
  TaskStatus status = TaskStatus::kNotStarted;
  std::string narrative;
  std::vector<ReportFigure> figures;
  std::string author;
  Timestamp recorded_at;
  ReviewState state = ReviewState::kSubmitted;
  std::optional<ReviewRecord> last_review;  ///< Latest review of any revision.
  std::vector<EvidenceFile> evidence;
};

struct ReportQuery {
  int64_t plan_id = 0;  ///< 0 = any plan.
  int64_t task_id = 0;  ///< 0 = any task.
  std::string unit;     ///< Empty = any unit.
  std::string period;   ///< Empty = any period.
  std::optional<ReviewState> state;
};

class ProgressStore {
 public:
  virtual ~ProgressStore() = default;

  virtual Result<TaskInfo> GetTask(int64_t task_id) = 0;
  /// Every task of a plan in plan order.
  virtual Result<std::vector<TaskInfo>> ListTasks(int64_t plan_id) = 0;

  /// Adds a revision to the (task, unit, period) report, creating it on first submission.
  /// kFailedPrecondition when that report was accepted already.
  virtual Result<ProgressReport> Submit(const ReportSubmission& submission,
                                        const WriteContext& ctx) = 0;
  /// Records the office's decision on `revision` (must be the latest). A returned report
  /// needs a comment.
  virtual Result<ProgressReport> Review(int64_t report_id, int64_t revision,
                                        ReviewDecision decision, const std::string& comment,
                                        const WriteContext& ctx) = 0;
  virtual Result<ProgressReport> GetReport(int64_t report_id) = 0;
  /// Reports matching `query`, newest activity first.
  virtual Result<std::vector<ProgressReport>> ListReports(const ReportQuery& query) = 0;
  /// Every revision and every review of a report, oldest first.
  virtual Result<std::vector<ReportRevision>> ReportHistory(int64_t report_id) = 0;
  virtual Result<std::vector<ReviewRecord>> ReportReviews(int64_t report_id) = 0;

  /// Attaches a file to the report's latest revision. Size and type limits are the caller's
  /// (app/progress.h); the store refuses only empty content. Returns the stored metadata.
  virtual Result<EvidenceFile> AddEvidence(int64_t report_id, const EvidenceFile& meta,
                                           std::string_view content, const WriteContext& ctx) = 0;
  /// Metadata and content of one file.
  virtual Result<std::pair<EvidenceFile, std::string>> GetEvidence(int64_t evidence_id) = 0;
};

/// The progress interface of `store`, or nullptr when the backend has none.
inline ProgressStore* ProgressOf(Store& store) { return dynamic_cast<ProgressStore*>(&store); }

}  // namespace carbonpeak::store
