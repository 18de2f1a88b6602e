// planimport: from a plan to a validated domain::Plan.
//
// The module reads and writes the plan file format "carbonpeak.plan" (JSON, documented in
// docs/formats/plan.md), validates a plan against the indicator catalogue and the region table,
// and imports plan documents (txt in UTF-8/GB18030, docx, pdf → Plan with provenance and
// diagnostics; planimport/document.h, docs/formats/plan-documents.md).
//
//   CPK_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
//   CPK_ASSIGN_OR_RETURN(domain::Plan plan, planimport::PlanFromJson(text, path));
//   CPK_RETURN_IF_ERROR(planimport::ValidatePlan(plan, refdata.indicators, refdata.regions));
//   std::string exported = planimport::PlanToJson(plan);   // round trip is exact
//   CPK_ASSIGN_OR_RETURN(planimport::DocumentImport doc,
//                        planimport::ImportPlanDocumentFile("plan.docx", refdata, {}));
//
// Thread safety: every function is pure (no I/O, no globals; ImportPlanDocumentFile reads its
// file, and the OpenCC converter is created once) and safe to call from any thread.
// Failure contract: errors are Status values (InvalidArgument) whose messages name the file
// and line:column for JSON syntax errors, or the JSON path ("targets[3].unit") for content
// problems; ValidatePlan lists all problems at once; the document importer refuses unreadable
// documents with a Status and reports everything else as diagnostics. No exception escapes.
#pragma once

#include "planimport/document.h"   // IWYU pragma: export
#include "planimport/plan_json.h"  // IWYU pragma: export
#include "planimport/validate.h"   // IWYU pragma: export
