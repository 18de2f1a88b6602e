// Plan validation: does a domain::Plan make sense against the indicator catalogue and the
// region table? Collects every problem, each with the JSON path of the offending field, so an
// officer can fix a plan file in one pass.
//
//   std::vector<PlanProblem> problems = FindPlanProblems(plan, data.indicators, data.regions);
//   Status s = ValidatePlan(plan, data.indicators, data.regions);
//   // s.message(): "plan 430703 has 2 problems:\n  targets[3].unit: …\n  actions[0].tasks[2]…"
//
// Rules (docs/formats/plan.md, "Validation"): region known and county-level; indicator keys in
// the catalogue; units compatible with the catalogue unit; kind/value consistency; plausible
// years; task units declared in plan.units; unique unit names and known lead-unit types;
// non-empty titles; known project status. A delegated target may carry the number the city
// assigned; a target year of 0 means the plan names no year.
//
// Thread safety: pure functions. Failure: ValidatePlan returns InvalidArgument listing the
// problems (at most kMaxListedProblems lines, then a count of the rest).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "domain/plan.h"
#include "domain/region.h"
#include "refdata/refdata.h"

namespace carbonpeak::planimport {

/// One thing wrong with a plan. `path` is the JSON path in the plan file format
/// ("targets[3].unit", "actions[0].tasks[2].lead_units[1]", "region_code").
struct PlanProblem {
  std::string path;
  std::string message;
};

/// How many problems ValidatePlan spells out before summarising the rest.
inline constexpr size_t kMaxListedProblems = 50;

/// Project status words a plan file may use ("" = not stated).
inline constexpr std::string_view kProjectStatuses[] = {"planned", "under_construction", "done",
                                                        "suspended", "cancelled"};

/// Every problem found, in file order (plan fields, targets, actions, units, projects).
std::vector<PlanProblem> FindPlanProblems(const domain::Plan& plan,
                                          const refdata::IndicatorCatalogue& indicators,
                                          const std::vector<domain::Region>& regions);

/// OK when FindPlanProblems finds nothing; otherwise InvalidArgument whose message lists the
/// problems, one per line as "  <path>: <message>".
Status ValidatePlan(const domain::Plan& plan, const refdata::IndicatorCatalogue& indicators,
                    const std::vector<domain::Region>& regions);

}  // namespace carbonpeak::planimport
