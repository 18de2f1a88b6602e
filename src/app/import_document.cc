#include "app/import_document.h"

#include <filesystem>
#include <string>
#include <utility>

#include "planimport/validate.h"

namespace carbonpeak::app {

Result<DocumentImportResult> ImportPlanDocument(Platform& platform, const std::string& path,
                                                const ImportDocumentOptions& options) {
  DocumentImportResult result;
  CPK_ASSIGN_OR_RETURN(result.import,
                       planimport::ImportPlanDocumentFile(path, platform.refdata(), {}));
  CPK_ASSIGN_OR_RETURN(std::vector<domain::Region> regions, platform.store().regions().List());
  for (const planimport::PlanProblem& p :
       planimport::FindPlanProblems(result.import.plan, platform.refdata().indicators, regions)) {
    result.problems.push_back(p.path + ": " + p.message);
  }
  if (options.dry_run) return result;

  std::string name = std::filesystem::path(path).filename().string();
  size_t errors = 0;
  std::string first;
  for (const planimport::Diagnostic& d : result.import.diagnostics) {
    if (d.severity != planimport::Severity::kError) continue;
    if (errors++ == 0) first = d.message;
  }
  if (errors > 0) {
    return Status::FailedPrecondition(name + ": not stored, the import has " +
                                      std::to_string(errors) + " error(s), the first: " + first +
                                      ". Review it with `carbonpeak plan import " + name +
                                      " --dry-run`");
  }
  if (!result.problems.empty()) {
    std::string list;
    for (size_t i = 0; i < result.problems.size() && i < 10; ++i)
      list += "\n  " + result.problems[i];
    return Status::InvalidArgument(name + ": not stored, the plan read from the document has " +
                                   std::to_string(result.problems.size()) +
                                   " validation problem(s):" + list +
                                   "\nReview it with --dry-run, fix the document or the "
                                   "catalogue aliases, and import again");
  }
  CPK_ASSIGN_OR_RETURN(
      int64_t id,
      platform.store().plans().Create(
          result.import.plan, store::WriteContext{options.author, name, "plan document import"}));
  result.plan_id = id;
  return result;
}

}  // namespace carbonpeak::app
