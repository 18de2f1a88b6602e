// Progress reporting use cases: a responsible unit submits a report on a plan task, the office
// accepts or returns it, evidence files are attached within size and type limits. Permission
// checks (who may report on which task) are the server's (server/auth/permissions.h); this
// layer checks the data: the unit is one of the task's units, the file is what it claims to be.
//
//   CPK_ASSIGN_OR_RETURN(store::ProgressReport r,
//                        app::SubmitReport(platform, submission, "fgj"));
//   CPK_ASSIGN_OR_RETURN(auto file, app::AttachEvidence(platform, r.id, upload, digest, "fgj"));
//
// Thread safety: as Platform. Failure: kInvalidArgument naming the field (period, status,
// file type, size), kNotFound, kFailedPrecondition (accepted report, stale revision).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "app/app.h"
#include "base/status.h"
#include "store/progress.h"

namespace carbonpeak::app {

/// Largest evidence file accepted, in bytes (10 MiB).
inline constexpr int64_t kMaxEvidenceBytes = 10 * 1024 * 1024;

/// The platform's progress store, or kUnimplemented.
Result<store::ProgressStore*> Progress(Platform& platform);

/// kInvalidArgument unless `period` is YYYY, YYYYH1/H2, YYYYQ1..Q4 or YYYY-MM (years 2000-2100).
Status CheckPeriod(std::string_view period);

Result<store::ProgressReport> SubmitReport(Platform& platform,
                                           const store::ReportSubmission& submission,
                                           const std::string& actor);
Result<store::ProgressReport> ReviewReport(Platform& platform, int64_t report_id, int64_t revision,
                                           store::ReviewDecision decision,
                                           const std::string& comment, const std::string& actor);

/// The content type of an evidence file judged by its name and its first bytes: PDF, PNG,
/// JPEG, DOCX, XLSX (zip with the matching part), CSV or TXT (valid UTF-8). kInvalidArgument
/// when the type is not allowed or the content does not match the name's extension.
Result<std::string> EvidenceContentType(std::string_view file_name, std::string_view content);

struct Upload {
  std::string file_name;
  std::string content;
};
/// Checks size and type, then stores the file with the report's latest revision.
/// `sha256_hex` is the digest of the content (computed by the caller's crypto adapter).
Result<store::EvidenceFile> AttachEvidence(Platform& platform, int64_t report_id,
                                           const Upload& upload, const std::string& sha256_hex,
                                           const std::string& actor);

}  // namespace carbonpeak::app
