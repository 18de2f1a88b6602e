#include "app/users.h"

#include <algorithm>

namespace carbonpeak::app {

Result<store::AccountStore*> Accounts(Platform& platform) {
  store::AccountStore* accounts = store::AccountsOf(platform.store());
  if (accounts == nullptr) {
    return Status::Unimplemented("this database backend keeps no user accounts");
  }
  return accounts;
}

std::string UnitType(Platform& platform, const std::string& region_code, const std::string& unit) {
  auto plan_id = platform.store().plans().FindByRegion(region_code);
  if (!plan_id.ok()) return "";
  auto plan = platform.store().plans().Get(*plan_id);
  if (!plan.ok()) return "";
  for (const auto& u : plan->units) {
    if (u.canonical_name == unit ||
        std::find(u.aliases.begin(), u.aliases.end(), unit) != u.aliases.end()) {
      return u.type.empty() ? "other" : u.type;
    }
  }
  return "";
}

namespace {

Status CheckBindings(Platform& platform, const NewUser& spec) {
  if (!spec.region_code.empty()) {
    auto region = platform.store().regions().Get(spec.region_code);
    if (!region.ok()) {
      return Status::InvalidArgument("region: " + spec.region_code +
                                     " is not a registered region; see `carbonpeak region list`");
    }
  }
  if (spec.role == store::Role::kDepartment) {
    if (spec.region_code.empty()) {
      return Status::InvalidArgument(
          "region: a department user needs the county it works for (--region, e.g. 430703)");
    }
    if (spec.unit.empty()) {
      return Status::InvalidArgument(
          "unit: a department user needs its responsible unit (--unit), as the county's plan "
          "names it");
    }
    if (platform.store().plans().FindByRegion(spec.region_code).ok() &&
        UnitType(platform, spec.region_code, spec.unit).empty()) {
      return Status::InvalidArgument("unit: the plan of region " + spec.region_code +
                                     " lists no responsible unit named '" + spec.unit +
                                     "'; use the name as `plan show` lists it");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<store::User> AddUser(Platform& platform, const NewUser& spec,
                            const std::string& password_hash, const std::string& actor) {
  CPK_ASSIGN_OR_RETURN(store::AccountStore * accounts, Accounts(platform));
  CPK_RETURN_IF_ERROR(CheckBindings(platform, spec));
  store::User user;
  user.username = spec.username;
  user.display_name = spec.display_name.empty() ? spec.username : spec.display_name;
  user.role = spec.role;
  user.region_code = spec.region_code;
  user.unit = spec.unit;
  user.enterprise = spec.enterprise;
  user.password_hash = password_hash;
  CPK_ASSIGN_OR_RETURN(int64_t id,
                       accounts->CreateUser(user, store::WriteContext{actor, "user add", ""}));
  return accounts->GetUser(id);
}

Result<std::vector<store::User>> ListUsers(Platform& platform) {
  CPK_ASSIGN_OR_RETURN(store::AccountStore * accounts, Accounts(platform));
  return accounts->ListUsers();
}

Result<store::User> SetUserDisabled(Platform& platform, const std::string& username, bool disabled,
                                    const std::string& actor, const std::string& reason) {
  CPK_ASSIGN_OR_RETURN(store::AccountStore * accounts, Accounts(platform));
  CPK_ASSIGN_OR_RETURN(store::User user, accounts->FindUser(username));
  if (user.disabled == disabled) return user;
  user.disabled = disabled;
  return accounts->ReviseUser(
      user, store::WriteContext{actor, disabled ? "user disable" : "user enable",
                                reason.empty() ? (disabled ? "disabled" : "enabled") : reason});
}

Result<store::User> SetPasswordHash(Platform& platform, const std::string& username,
                                    const std::string& password_hash, const std::string& actor,
                                    const std::string& reason) {
  CPK_ASSIGN_OR_RETURN(store::AccountStore * accounts, Accounts(platform));
  CPK_ASSIGN_OR_RETURN(store::User user, accounts->FindUser(username));
  user.password_hash = password_hash;
  return accounts->ReviseUser(user,
                              store::WriteContext{actor, "user reset-password",
                                                  reason.empty() ? "password reset" : reason});
}

std::vector<DemoAccount> DemoAccounts() {
  using store::Role;
  const std::string county = "430703";  // 鼎城区, one of the demo plans
  return {
      {{"admin", "系统管理员", Role::kAdmin, "", "", ""}, "demo-admin-2030"},
      {{"office", "区碳达峰领导小组办公室", Role::kOffice, county, "", ""}, "demo-office-2030"},
      {{"fgj", "区发展和改革局", Role::kDepartment, county, "区发展和改革局（区国动办）", ""},
       "demo-fgj-2030"},
      {{"gxj", "区工业和信息化局", Role::kDepartment, county, "区工业和信息化局", ""},
       "demo-gxj-2030"},
      {{"viewer", "只读用户", Role::kViewer, county, "", ""}, "demo-viewer-2030"},
  };
}

}  // namespace carbonpeak::app
