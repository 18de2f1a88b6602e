// Use case: import a plan DOCUMENT (txt/docx/pdf) into the registry. A dry run parses and
// validates only and returns the plan with its diagnostics for review; a real import stores
// the plan through the plan repository in one write, all or nothing, and refuses a document
// with error-level diagnostics (unknown region, little found) or validation problems.
//
//   app::ImportDocumentOptions opts{.dry_run = true};
//   CPK_ASSIGN_OR_RETURN(app::DocumentImportResult r, app::ImportPlanDocument(*platform, path,
//   opts)); std::cout << planimport::DocumentImportToJson(r.import);
//
// Thread safety: as the Platform (the store serialises writes). Failure contract:
// InvalidArgument for unreadable documents and validation problems (all listed),
// FailedPrecondition when the import has error-level diagnostics; nothing is stored then.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/app.h"
#include "base/status.h"
#include "planimport/document.h"

namespace carbonpeak::app {

struct ImportDocumentOptions {
  bool dry_run = false;        ///< Parse and validate only; store nothing.
  std::string author = "cli";  ///< Kept in the audit log of a real import.
};

struct DocumentImportResult {
  planimport::DocumentImport import;  ///< The plan as read, with diagnostics.
  std::vector<std::string> problems;  ///< Validation problems ("path: message").
  std::optional<int64_t> plan_id;     ///< Set when the plan was stored.
};

Result<DocumentImportResult> ImportPlanDocument(Platform& platform, const std::string& path,
                                                const ImportDocumentOptions& options);

}  // namespace carbonpeak::app
