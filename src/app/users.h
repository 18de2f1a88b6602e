// User administration use cases shared by `carbonpeak user …` and the admin API: add, list,
// disable/enable, set a new password hash. Passwords are hashed by the caller (server/auth/,
// Argon2id); this layer checks the bindings against the stored regions and plans and writes
// through store::AccountStore, so every change is revised and audited.
//
//   app::NewUser spec{.username = "fgj", .display_name = "区发改局", .role =
//   store::Role::kDepartment,
//                     .region_code = "430703", .unit = "区发展和改革局（区国动办）"};
//   CPK_ASSIGN_OR_RETURN(store::User user, app::AddUser(platform, spec, hash, "admin"));
//
// Thread safety: as Platform. Failure: kInvalidArgument naming the field (unknown region, a
// unit that the county's plan does not list), kNotFound, kAlreadyExists; kUnimplemented when
// the store backend keeps no accounts.
#pragma once

#include <string>
#include <vector>

#include "app/app.h"
#include "base/status.h"
#include "store/users.h"

namespace carbonpeak::app {

struct NewUser {
  std::string username;
  std::string display_name;
  store::Role role = store::Role::kViewer;
  std::string region_code;
  std::string unit;
  std::string enterprise;
};

/// The platform's account store, or kUnimplemented.
Result<store::AccountStore*> Accounts(Platform& platform);

Result<store::User> AddUser(Platform& platform, const NewUser& spec,
                            const std::string& password_hash, const std::string& actor);
Result<std::vector<store::User>> ListUsers(Platform& platform);
Result<store::User> SetUserDisabled(Platform& platform, const std::string& username, bool disabled,
                                    const std::string& actor, const std::string& reason);
Result<store::User> SetPasswordHash(Platform& platform, const std::string& username,
                                    const std::string& password_hash, const std::string& actor,
                                    const std::string& reason);

/// The responsible-unit type (catalogue lead-unit type) of `unit` in the plan of
/// `region_code`, or "" when the plan does not list it.
std::string UnitType(Platform& platform, const std::string& region_code, const std::string& unit);

/// The demo accounts `carbonpeak demo` creates for 鼎城区 (430703): one per role, with fixed,
/// printed demo passwords. Never use them outside a demo.
struct DemoAccount {
  NewUser user;
  std::string password;
};
std::vector<DemoAccount> DemoAccounts();

}  // namespace carbonpeak::app
