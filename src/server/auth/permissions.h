// Who may do what. Every check runs on the server, in the route handler, before the use case;
// the dashboard only hides what the server would refuse anyway.
//
//   CPK_RETURN_IF_ERROR(auth::CanReportOnTask(principal, task));   // kPermissionDenied → 403
//
// Roles (store::Role): admin everything; office reads all of its county and reviews reports;
// department reads its county and reports on tasks its unit leads or cooperates on; township
// and viewer read their county; enterprise reads only its own enterprise's data. A user with
// an empty region_code is not bound to one county.
// Thread safety: pure functions. Failure: kPermissionDenied with a message naming the rule.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "server/auth/auth.h"
#include "store/progress.h"
#include "store/users.h"

namespace carbonpeak::server::auth {

/// The county a principal is bound to ("" = every county). For a township user pass the
/// county that contains its region as `township_county`.
struct Scope {
  std::string county;
};

/// The scope of `principal`; `parent_of_region` is the parent code of the user's region (only
/// used for township users, whose region is a township inside the county).
Scope ScopeOf(const Principal& principal, const std::string& parent_of_region);

Status RequireAdmin(const Principal& principal, std::string_view what);
/// Admin or office.
Status RequireOffice(const Principal& principal, std::string_view what);
/// May read the plan and dashboards of county `region_code`.
Status CanReadCounty(const Principal& principal, const Scope& scope,
                     const std::string& region_code);
/// May submit progress on `task` (department of a lead or cooperating unit, in its county).
Status CanReportOnTask(const Principal& principal, const Scope& scope, const store::TaskInfo& task);
/// May read `report` (on `task`): office and admin of the county; the reporting unit; viewers.
Status CanReadReport(const Principal& principal, const Scope& scope, const store::TaskInfo& task,
                     const store::ProgressReport& report);
/// May review reports of `task`'s county.
Status CanReview(const Principal& principal, const Scope& scope, const store::TaskInfo& task);
/// May read the data of enterprise `enterprise_id`.
Status CanReadEnterprise(const Principal& principal, const std::string& enterprise_id);
/// May enter the value of an indicator whose lead unit type is `lead_unit_type`: the office,
/// or a department whose unit (in the county's plan) has that type.
Status CanEnterIndicator(const Principal& principal, const Scope& scope,
                         const std::string& region_code, const std::string& lead_unit_type,
                         const std::string& user_unit_type);

}  // namespace carbonpeak::server::auth
