// Plan documents (txt in UTF-8/GB18030, .docx, .pdf) → a reviewed domain::Plan with provenance
// and diagnostics. The importer reads the language of county carbon-peak plans rather than a
// fixed layout: heading numbering of any style, responsible units however they are marked,
// targets of every kind (达到/以上/不低于/左右/控制在/下降/ranges/完成…下达/全覆盖), flattened
// appendix tables and 专栏 boxes.
//
//   CPK_ASSIGN_OR_RETURN(refdata::RefData ref, refdata::LoadRefData("data"));
//   CPK_ASSIGN_OR_RETURN(DocumentImport doc, ImportPlanDocumentFile("plan.docx", ref, {}));
//   for (const Diagnostic& d : doc.diagnostics) std::cerr << d.message << "\n";
//   std::string review = DocumentImportToJson(doc);  // plan JSON + diagnostics for review
//
// Thread safety: every function is pure apart from ImportPlanDocumentFile reading its file;
// call them from any thread. Failure contract: Status errors (InvalidArgument) for input that
// is not a readable document (empty, binary, truncated or encrypted docx/pdf, too large),
// naming the file and what to do. A readable document that is not a plan yields a result with
// an error-level diagnostic saying little was found. Nothing throws; third-party exceptions
// are caught inside the docx/pdf adapters.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "domain/plan.h"
#include "refdata/refdata.h"

namespace carbonpeak::planimport {

enum class Severity { kInfo, kWarning, kError };
std::string_view SeverityName(Severity s);  // "info", "warning", "error"

/// One finding for the reviewer: what was guessed, skipped or odd, and where.
struct Diagnostic {
  Severity severity = Severity::kInfo;
  std::string code;     ///< Stable kind, e.g. "unmatched_target", "guessed_indicator".
  std::string message;  ///< Plain words: what, where, what to do.
  int line = 0;         ///< 1-based source line (paragraph number for docx); 0 = whole file.
  std::string excerpt;  ///< The text concerned, shortened.
};

/// An information system or mechanism the plan asks for (platform, online monitoring, …).
struct Requirement {
  std::string category;  ///< e.g. "platform", "online_energy_monitoring", "ghg_inventory".
  std::string text;      ///< The clause that asks for it.
  domain::Provenance provenance;
};

/// Two different values for one indicator and year; both targets are kept in the plan.
struct Conflict {
  std::string indicator;
  int year = 0;
  std::vector<double> values;
  std::vector<int> lines;
};

struct DocumentImport {
  domain::Plan plan;
  std::vector<domain::Task> policy_measures;  ///< 政策保障 / 组织实施 items with their units.
  std::vector<Requirement> requirements;
  std::vector<Conflict> conflicts;
  /// Values for the base year or earlier (indicator-table columns such as 2020年): the plan's
  /// starting point, not targets; kept out of plan.targets.
  std::vector<domain::Target> baselines;
  std::vector<Diagnostic> diagnostics;
  std::string format;       ///< "txt", "docx" or "pdf".
  std::string encoding;     ///< Text encoding found ("utf-8", "gb18030", …).
  std::string region_name;  ///< As found in the text, even when not in the region table.
  std::string parent_city;
  bool converted_traditional = false;  ///< Traditional characters were converted.

  /// Every target: plan.targets, the commitments of all tasks and policy measures, and the
  /// baseline values.
  std::vector<const domain::Target*> AllTargets() const;
};

struct DocumentImportOptions {
  std::string document_name;               ///< For provenance; defaults to the file name.
  size_t max_bytes = 64u * 1024u * 1024u;  ///< Larger files are refused (docx may hold images).
  /// Larger decoded texts are refused: a county plan's text is 50–300 KB, so 8 MB of text is
  /// not one plan (a log, a data dump, many documents joined).
  size_t max_text_bytes = 8u * 1024u * 1024u;
  bool convert_traditional = true;  ///< Traditional → simplified (OpenCC).
};

/// Imports plain text (UTF-8, UTF-16 with BOM or GB18030 bytes).
Result<DocumentImport> ImportPlanText(std::string_view bytes, const refdata::RefData& ref,
                                      const DocumentImportOptions& options);

/// Imports a document by content: .docx (zip), .pdf (%PDF-) or text. `file_name` gives the
/// extension hint and the provenance name.
Result<DocumentImport> ImportPlanDocument(std::string_view bytes, std::string_view file_name,
                                          const refdata::RefData& ref,
                                          const DocumentImportOptions& options);

/// Reads `path` and imports it.
Result<DocumentImport> ImportPlanDocumentFile(const std::string& path, const refdata::RefData& ref,
                                              const DocumentImportOptions& options);

/// The review output: {"plan": <carbonpeak.plan JSON>, "diagnostics": […], "requirements": […],
/// "policy_measures": […], "conflicts": […], "summary": {…}}.
std::string DocumentImportToJson(const DocumentImport& doc);

/// Key under which two spellings of one office compare equal (区工信局 / 区工业和信息化局,
/// 发展和改革委员会 / 发展和改革局, concurrent offices in brackets ignored).
std::string UnitKey(std::string_view name);

/// Key under which two writings of one project's name compare equal: spaces, quotes and
/// brackets, the place names of the administration in front (湖南省 / 常德市 / 鼎城区), a status
/// in front (已备案的), sizes written into the name (200MW, 500千伏) and a trailing 项目 / 工程 /
/// 建设 are left out. Used to drop repeated projects and to compare with hand extractions.
std::string ProjectNameKey(std::string_view name);

}  // namespace carbonpeak::planimport
