#include "app/progress.h"

#include <algorithm>
#include <cctype>

#include "base/text.h"

namespace carbonpeak::app {
namespace {

bool Digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string Extension(std::string_view file_name) {
  size_t dot = file_name.rfind('.');
  if (dot == std::string_view::npos) return "";
  std::string ext(file_name.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

bool StartsWith(std::string_view content, std::string_view magic) {
  return content.substr(0, magic.size()) == magic;
}

}  // namespace

Result<store::ProgressStore*> Progress(Platform& platform) {
  store::ProgressStore* progress = store::ProgressOf(platform.store());
  if (progress == nullptr) {
    return Status::Unimplemented("this database backend keeps no progress reports");
  }
  return progress;
}

Status CheckPeriod(std::string_view period) {
  auto bad = [&] {
    return Status::InvalidArgument("period: '" + std::string(period) +
                                   "' is not a period; use a year (2025), a half year (2025H1), "
                                   "a quarter (2025Q3) or a month (2025-06)");
  };
  if (period.size() < 4 || !Digits(period.substr(0, 4))) return bad();
  int year = std::stoi(std::string(period.substr(0, 4)));
  if (year < 2000 || year > 2100) return bad();
  std::string_view rest = period.substr(4);
  if (rest.empty()) return Status::Ok();
  if (rest == "H1" || rest == "H2" || rest == "Q1" || rest == "Q2" || rest == "Q3" ||
      rest == "Q4") {
    return Status::Ok();
  }
  if (rest.size() == 3 && rest[0] == '-' && Digits(rest.substr(1))) {
    int month = std::stoi(std::string(rest.substr(1)));
    if (month >= 1 && month <= 12) return Status::Ok();
  }
  return bad();
}

Result<store::ProgressReport> SubmitReport(Platform& platform,
                                           const store::ReportSubmission& submission,
                                           const std::string& actor) {
  CPK_ASSIGN_OR_RETURN(store::ProgressStore * progress, Progress(platform));
  CPK_RETURN_IF_ERROR(CheckPeriod(submission.period));
  CPK_ASSIGN_OR_RETURN(store::TaskInfo task, progress->GetTask(submission.task_id));
  bool listed = std::find(task.lead_units.begin(), task.lead_units.end(), submission.unit) !=
                    task.lead_units.end() ||
                std::find(task.cooperating_units.begin(), task.cooperating_units.end(),
                          submission.unit) != task.cooperating_units.end();
  if (!listed) {
    return Status::InvalidArgument("unit: '" + submission.unit + "' is not a unit of task " +
                                   task.number + " (" + task.title + ")");
  }
  if (!text::IsValidUtf8(submission.narrative)) {
    return Status::InvalidArgument("narrative: the text is not valid UTF-8");
  }
  return progress->Submit(submission,
                          store::WriteContext{actor, "progress report", "report submitted"});
}

Result<store::ProgressReport> ReviewReport(Platform& platform, int64_t report_id, int64_t revision,
                                           store::ReviewDecision decision,
                                           const std::string& comment, const std::string& actor) {
  CPK_ASSIGN_OR_RETURN(store::ProgressStore * progress, Progress(platform));
  return progress->Review(report_id, revision, decision, comment,
                          store::WriteContext{actor, "progress review", "report reviewed"});
}

Result<std::string> EvidenceContentType(std::string_view file_name, std::string_view content) {
  std::string ext = Extension(file_name);
  auto mismatch = [&](std::string_view what) {
    return Status::InvalidArgument("file: '" + std::string(file_name) + "' is named ." + ext +
                                   " but its content is not " + std::string(what) +
                                   "; attach the original file");
  };
  if (ext == "pdf") {
    if (!StartsWith(content, "%PDF-")) return mismatch("a PDF document");
    return std::string("application/pdf");
  }
  if (ext == "png") {
    if (!StartsWith(content, "\x89PNG\r\n\x1a\n")) return mismatch("a PNG image");
    return std::string("image/png");
  }
  if (ext == "jpg" || ext == "jpeg") {
    if (!StartsWith(content, "\xff\xd8\xff")) return mismatch("a JPEG image");
    return std::string("image/jpeg");
  }
  if (ext == "docx" || ext == "xlsx") {
    if (!StartsWith(content, std::string_view("PK\x03\x04", 4))) {
      return mismatch(ext == "docx" ? "a Word document" : "an Excel workbook");
    }
    std::string_view part = ext == "docx" ? "word/" : "xl/";
    if (content.find(part) == std::string_view::npos) {
      return mismatch(ext == "docx" ? "a Word document" : "an Excel workbook");
    }
    return std::string(ext == "docx"
                           ? "application/vnd.openxmlformats-officedocument.wordprocessingml."
                             "document"
                           : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  }
  if (ext == "csv" || ext == "txt") {
    if (!text::IsValidUtf8(content) || content.find('\0') != std::string_view::npos) {
      return mismatch("UTF-8 text");
    }
    return std::string(ext == "csv" ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8");
  }
  return Status::InvalidArgument(
      "file: '" + std::string(file_name) +
      "' is not an allowed type; attach PDF, PNG, JPEG, DOCX, XLSX, CSV or TXT files");
}

Result<store::EvidenceFile> AttachEvidence(Platform& platform, int64_t report_id,
                                           const Upload& upload, const std::string& sha256_hex,
                                           const std::string& actor) {
  CPK_ASSIGN_OR_RETURN(store::ProgressStore * progress, Progress(platform));
  if (upload.content.empty()) {
    return Status::InvalidArgument("file: the upload is empty; choose a file with content");
  }
  if (static_cast<int64_t>(upload.content.size()) > kMaxEvidenceBytes) {
    return Status::InvalidArgument("file: '" + upload.file_name + "' has " +
                                   std::to_string(upload.content.size()) +
                                   " bytes; the limit is 10 MiB per file — compress or split it");
  }
  std::string name = upload.file_name;
  if (name.empty() || name.size() > 200 || name.find('/') != std::string::npos ||
      name.find('\\') != std::string::npos || !text::IsValidUtf8(name) || name[0] == '.') {
    return Status::InvalidArgument(
        "file: the file name must be a plain name such as 2025年光伏验收.pdf (no folders)");
  }
  CPK_ASSIGN_OR_RETURN(std::string content_type, EvidenceContentType(name, upload.content));
  store::EvidenceFile meta;
  meta.file_name = name;
  meta.content_type = content_type;
  meta.sha256 = sha256_hex;
  return progress->AddEvidence(report_id, meta, upload.content,
                               store::WriteContext{actor, "evidence upload", "evidence attached"});
}

}  // namespace carbonpeak::app
