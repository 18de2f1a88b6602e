#include "server/auth/permissions.h"

#include <algorithm>

namespace carbonpeak::server::auth {
namespace {

using store::Role;

bool Has(const std::vector<std::string>& units, const std::string& unit) {
  return std::find(units.begin(), units.end(), unit) != units.end();
}

std::string RoleText(const Principal& p) { return std::string(store::RoleName(p.user.role)); }

}  // namespace

Scope ScopeOf(const Principal& principal, const std::string& parent_of_region) {
  if (principal.user.role == Role::kTownship) return Scope{parent_of_region};
  return Scope{principal.user.region_code};
}

Status RequireAdmin(const Principal& principal, std::string_view what) {
  if (principal.user.role == Role::kAdmin) return Status::Ok();
  return Status::PermissionDenied(std::string(what) + " is for administrators only (you are " +
                                  principal.user.username + ", role " + RoleText(principal) + ")");
}

Status RequireOffice(const Principal& principal, std::string_view what) {
  if (principal.user.role == Role::kAdmin || principal.user.role == Role::kOffice) {
    return Status::Ok();
  }
  return Status::PermissionDenied(std::string(what) +
                                  " is for the leading group's office (领导小组办公室) only (you "
                                  "are " +
                                  principal.user.username + ", role " + RoleText(principal) + ")");
}

Status CanReadCounty(const Principal& principal, const Scope& scope,
                     const std::string& region_code) {
  if (principal.user.role == Role::kEnterprise) {
    return Status::PermissionDenied(
        "enterprise accounts see only their own enterprise's data, not the county plan");
  }
  if (scope.county.empty() || scope.county == region_code) return Status::Ok();
  return Status::PermissionDenied("your account belongs to region " + scope.county +
                                  "; the data of region " + region_code + " is not visible to it");
}

Status CanReportOnTask(const Principal& principal, const Scope& scope,
                       const store::TaskInfo& task) {
  if (principal.user.role != Role::kDepartment) {
    return Status::PermissionDenied(
        "progress reports are submitted by the responsible unit's own account (role "
        "department); you are " +
        principal.user.username + ", role " + RoleText(principal));
  }
  CPK_RETURN_IF_ERROR(CanReadCounty(principal, scope, task.region_code));
  if (Has(task.lead_units, principal.user.unit) ||
      Has(task.cooperating_units, principal.user.unit)) {
    return Status::Ok();
  }
  return Status::PermissionDenied("task " + task.number + " (" + task.title +
                                  ") is not a task of " + principal.user.unit +
                                  "; a unit reports only on the tasks it leads or cooperates on");
}

Status CanReadReport(const Principal& principal, const Scope& scope, const store::TaskInfo& task,
                     const store::ProgressReport& report) {
  CPK_RETURN_IF_ERROR(CanReadCounty(principal, scope, task.region_code));
  switch (principal.user.role) {
    case Role::kAdmin:
    case Role::kOffice:
    case Role::kViewer:
      return Status::Ok();
    case Role::kDepartment:
      if (report.unit == principal.user.unit) return Status::Ok();
      return Status::PermissionDenied("this report belongs to " + report.unit +
                                      "; a unit reads only its own reports");
    case Role::kTownship:
    case Role::kEnterprise:
      break;
  }
  return Status::PermissionDenied("progress reports are not visible to role " +
                                  RoleText(principal));
}

Status CanReview(const Principal& principal, const Scope& scope, const store::TaskInfo& task) {
  CPK_RETURN_IF_ERROR(RequireOffice(principal, "reviewing progress reports"));
  return CanReadCounty(principal, scope, task.region_code);
}

Status CanReadEnterprise(const Principal& principal, const std::string& enterprise_id) {
  switch (principal.user.role) {
    case Role::kAdmin:
    case Role::kOffice:
    case Role::kViewer:
      return Status::Ok();
    case Role::kEnterprise:
      if (principal.user.enterprise == enterprise_id) return Status::Ok();
      return Status::PermissionDenied("your account belongs to enterprise " +
                                      principal.user.enterprise +
                                      "; other enterprises' data is not visible to it");
    case Role::kDepartment:
    case Role::kTownship:
      break;
  }
  return Status::PermissionDenied("enterprise data is not visible to role " + RoleText(principal));
}

Status CanEnterIndicator(const Principal& principal, const Scope& scope,
                         const std::string& region_code, const std::string& lead_unit_type,
                         const std::string& user_unit_type) {
  CPK_RETURN_IF_ERROR(CanReadCounty(principal, scope, region_code));
  if (principal.user.role == Role::kAdmin || principal.user.role == Role::kOffice) {
    return Status::Ok();
  }
  if (principal.user.role != Role::kDepartment) {
    return Status::PermissionDenied(
        "indicator values are entered by their lead unit or the office");
  }
  if (!lead_unit_type.empty() && lead_unit_type == user_unit_type) return Status::Ok();
  return Status::PermissionDenied("this indicator is led by units of type '" + lead_unit_type +
                                  "'; " + principal.user.unit + " (type '" + user_unit_type +
                                  "') cannot enter its value");
}

}  // namespace carbonpeak::server::auth
