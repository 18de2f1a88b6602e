// The plan file format "carbonpeak.plan" version 1 (docs/formats/plan.md): reading and writing
// a domain::Plan as JSON, and single targets for the HTTP API.
//
//   Result<domain::Plan> plan = PlanFromJson(text, "dingcheng_430703.json");
//   if (!plan.ok()) return plan.status();   // "file:line:column: …" or "file: targets[3].kind: …"
//   std::string out = PlanToJson(*plan);     // PlanFromJson(out, …) gives *plan back exactly
//
// The codec checks the shape of the file (JSON syntax, field names, types, enum names, format
// and version); whether the content makes sense (region, indicators, units, kinds) is checked
// by ValidatePlan in planimport/validate.h.
//
// Thread safety: pure functions, safe from any thread. Failure: InvalidArgument with a message
// for a county statistics officer; no exception leaves these functions.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "domain/plan.h"

namespace carbonpeak::planimport {

/// The value of the "format" member every plan file carries.
inline constexpr std::string_view kPlanFormatName = "carbonpeak.plan";
/// The newest format version this program reads and the one it writes.
inline constexpr int kPlanFormatVersion = 1;

/// Parses a plan file. `file_name` only labels messages. Errors:
/// - not JSON: "plan.json:12:7: the file is not valid JSON (…); …" (line and column count
///   UTF-8 characters, both 1-based);
/// - wrong shape: "plan.json: targets[3].kind: "about-ish" is not a target kind; use one of …".
/// Unknown fields, repeated keys, a missing or foreign "format" and a newer "version" are
/// errors, so typos never pass silently.
Result<domain::Plan> PlanFromJson(std::string_view text, std::string_view file_name);

/// Writes `plan` as pretty-printed UTF-8 JSON (2-space indent, keys in the documented order,
/// non-ASCII characters unescaped, trailing newline). Nested fields holding their default are
/// left out. Non-finite numbers are written as null (ValidatePlan reports them).
std::string PlanToJson(const domain::Plan& plan);

/// One target as a JSON object, with the same fields as an element of a plan's "targets".
std::string TargetToJson(const domain::Target& target);

/// Parses one target object. `context` prefixes messages, e.g. "request body".
Result<domain::Target> TargetFromJson(std::string_view text, std::string_view context);

}  // namespace carbonpeak::planimport
