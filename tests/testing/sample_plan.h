// Test data for plans: a small but complete plan that exercises every field of domain::Plan,
// and a canonical text dump so tests can compare whole plans with a readable diff.
//
//   domain::Plan plan = fixtures::RichPlan("430703");
//   auto id = store.plans().Create(plan, ctx);
//   EXPECT_EQ(fixtures::DescribePlan(*store.plans().Get(*id), fixtures::Ids::kOmit),
//             fixtures::DescribePlan(plan, fixtures::Ids::kOmit));
//
// The values are test values in the shape of a county plan, not figures from any real plan.
// Thread safety: pure functions. Failure: none.
#pragma once

#include <string>

#include "domain/plan.h"

namespace carbonpeak::fixtures {

/// A plan with main and range/qualitative/delegated targets, two actions with tasks (lead and
/// cooperating units, commitments), an action without tasks, units with and without aliases,
/// and projects with and without optional fields. Ids are 0.
domain::Plan RichPlan(const std::string& region_code,
                      domain::PlanStatus status = domain::PlanStatus::kFinal);

/// A plan with one target and nothing else.
domain::Plan MinimalPlan(const std::string& region_code,
                         domain::PlanStatus status = domain::PlanStatus::kFinal);

enum class Ids { kInclude, kOmit };

/// Every field, one per line, doubles with 17 significant digits ("-" for an absent optional).
std::string DescribePlan(const domain::Plan& plan, Ids ids = Ids::kInclude);
std::string DescribeTarget(const domain::Target& target, Ids ids = Ids::kInclude);

}  // namespace carbonpeak::fixtures
