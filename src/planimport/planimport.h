// planimport: from a plan to a validated domain::Plan.
//
// Today the module reads and writes the plan file format "carbonpeak.plan" (JSON, documented
// in docs/formats/plan.md) and validates a plan against the indicator catalogue and the region
// table. The document importer (txt in UTF-8 or GB18030, docx, pdf → Plan with provenance and
// diagnostics) will live here too.
//
//   CPK_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
//   CPK_ASSIGN_OR_RETURN(domain::Plan plan, planimport::PlanFromJson(text, path));
//   CPK_RETURN_IF_ERROR(planimport::ValidatePlan(plan, refdata.indicators, refdata.regions));
//   std::string exported = planimport::PlanToJson(plan);   // round trip is exact
//
// Thread safety: every function is pure (no I/O, no globals) and safe to call from any thread.
// Failure contract: errors are Status values (InvalidArgument) whose messages name the file
// and line:column for JSON syntax errors, or the JSON path ("targets[3].unit") for content
// problems; ValidatePlan lists all problems at once. No exception escapes the module.
#pragma once

#include "planimport/plan_json.h"  // IWYU pragma: export
#include "planimport/validate.h"   // IWYU pragma: export
