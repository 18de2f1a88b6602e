#include "cli/user_command.h"

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "app/users.h"
#include "cli/table.h"
#include "server/auth/auth.h"

namespace carbonpeak::cli {
namespace {

using nlohmann::json;

struct UserArgs {
  std::string username;
  std::string role = "viewer";
  std::string display_name;
  std::string region;
  std::string unit;
  std::string enterprise;
  std::string author = "cli";
  std::string reason;
  bool password_stdin = false;
};

json UserJson(const store::User& u) {
  return json{{"id", u.id},
              {"username", u.username},
              {"display_name", u.display_name},
              {"role", std::string(store::RoleName(u.role))},
              {"region_code", u.region_code},
              {"unit", u.unit},
              {"enterprise", u.enterprise},
              {"disabled", u.disabled},
              {"revision", u.revision}};
}

Result<std::string> NewPassword(const UserArgs& args, std::istream& in, bool& generated) {
  generated = !args.password_stdin;
  if (generated) return server::auth::RandomPassword();
  std::string line;
  if (!std::getline(in, line)) {
    return Status::InvalidArgument("--password-stdin: no password on standard input");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  CPK_RETURN_IF_ERROR(server::auth::CheckPasswordStrength(line));
  return line;
}

Status Add(const UserCommandEnv& env, const UserArgs& args) {
  auto role = store::ParseRole(args.role);
  if (!role) {
    return Status::InvalidArgument("--role '" + args.role +
                                   "' is not a role; use admin, office, department, township, "
                                   "enterprise or viewer");
  }
  CPK_ASSIGN_OR_RETURN(auto platform, env.open());
  bool generated = false;
  CPK_ASSIGN_OR_RETURN(std::string password,
                       NewPassword(args, env.in ? *env.in : std::cin, generated));
  CPK_ASSIGN_OR_RETURN(std::string hash, server::auth::HashPassword(password));
  app::NewUser spec{args.username, args.display_name, *role,
                    args.region,   args.unit,         args.enterprise};
  CPK_ASSIGN_OR_RETURN(store::User user, app::AddUser(*platform, spec, hash, args.author));
  std::ostream& out = *env.out;
  if (*env.json) {
    json j = UserJson(user);
    if (generated) j["password"] = password;
    out << j.dump() << "\n";
  } else {
    out << "added user " << user.username << " (" << store::RoleName(user.role) << ")\n";
    if (generated) out << "password: " << password << "   (shown once; give it to the user)\n";
  }
  return Status::Ok();
}

Status List(const UserCommandEnv& env) {
  CPK_ASSIGN_OR_RETURN(auto platform, env.open());
  CPK_ASSIGN_OR_RETURN(auto users, app::ListUsers(*platform));
  std::ostream& out = *env.out;
  if (*env.json) {
    json items = json::array();
    for (const auto& u : users) items.push_back(UserJson(u));
    out << items.dump(2) << "\n";
    return Status::Ok();
  }
  TextTable t({"user", "名称 name", "role", "region", "unit / enterprise", "状态"});
  for (const auto& u : users) {
    t.AddRow({u.username, u.display_name, std::string(store::RoleName(u.role)), u.region_code,
              u.unit.empty() ? u.enterprise : u.unit, u.disabled ? "disabled 停用" : "active"});
  }
  out << t.Render();
  if (users.empty())
    out << "(no users yet: add the first administrator with `user add NAME --role admin`)\n";
  return Status::Ok();
}

Status SetDisabled(const UserCommandEnv& env, const UserArgs& args, bool disabled) {
  CPK_ASSIGN_OR_RETURN(auto platform, env.open());
  CPK_ASSIGN_OR_RETURN(store::User user, app::SetUserDisabled(*platform, args.username, disabled,
                                                              args.author, args.reason));
  if (*env.json) {
    *env.out << UserJson(user).dump() << "\n";
  } else {
    *env.out << "user " << user.username
             << (disabled ? " disabled: its sessions and API tokens "
                            "no longer work\n"
                          : " enabled\n");
  }
  return Status::Ok();
}

Status ResetPassword(const UserCommandEnv& env, const UserArgs& args) {
  CPK_ASSIGN_OR_RETURN(auto platform, env.open());
  bool generated = false;
  CPK_ASSIGN_OR_RETURN(std::string password,
                       NewPassword(args, env.in ? *env.in : std::cin, generated));
  CPK_ASSIGN_OR_RETURN(std::string hash, server::auth::HashPassword(password));
  CPK_ASSIGN_OR_RETURN(store::User user, app::SetPasswordHash(*platform, args.username, hash,
                                                              args.author, args.reason));
  if (*env.json) {
    json j = UserJson(user);
    if (generated) j["password"] = password;
    *env.out << j.dump() << "\n";
  } else {
    *env.out << "new password set for " << user.username << "\n";
    if (generated) *env.out << "password: " << password << "   (shown once)\n";
  }
  return Status::Ok();
}

}  // namespace

void AddUserCommands(CLI::App& app, UserCommandEnv env) {
  auto args = std::make_shared<UserArgs>();
  auto* user = app.add_subcommand("user", "user accounts: add, list, disable, reset-password");
  user->require_subcommand(1);

  auto* add = user->add_subcommand("add", "add a user (a random password is printed once)");
  add->add_option("username", args->username, "login name: letters, digits, . _ -")->required();
  add->add_option("--role", args->role,
                  "admin, office, department, township, enterprise or viewer (default viewer)");
  add->add_option("--name", args->display_name, "display name, e.g. 区发展和改革局");
  add->add_option("--region", args->region, "county (or township) code, e.g. 430703");
  add->add_option("--unit", args->unit, "department: responsible unit as the plan names it");
  add->add_option("--enterprise", args->enterprise, "enterprise: its id");
  add->add_flag("--password-stdin", args->password_stdin, "read the password from standard input");
  add->add_option("--author", args->author, "who adds the user (kept in the audit log)");
  add->callback([env, args] { *env.result = Add(env, *args); });

  user->add_subcommand("list", "list users")->callback([env] { *env.result = List(env); });

  auto* disable = user->add_subcommand("disable", "disable a user (sessions and tokens stop)");
  disable->add_option("username", args->username, "login name")->required();
  disable->add_option("--reason", args->reason, "why (kept in the audit log)");
  disable->add_option("--author", args->author, "who disables the user");
  disable->callback([env, args] { *env.result = SetDisabled(env, *args, true); });

  auto* enable = user->add_subcommand("enable", "enable a disabled user again");
  enable->add_option("username", args->username, "login name")->required();
  enable->add_option("--reason", args->reason, "why (kept in the audit log)");
  enable->add_option("--author", args->author, "who enables the user");
  enable->callback([env, args] { *env.result = SetDisabled(env, *args, false); });

  auto* reset = user->add_subcommand("reset-password", "set a new password");
  reset->add_option("username", args->username, "login name")->required();
  reset->add_flag("--password-stdin", args->password_stdin,
                  "read the password from standard input");
  reset->add_option("--reason", args->reason, "why (kept in the audit log)");
  reset->add_option("--author", args->author, "who resets it");
  reset->callback([env, args] { *env.result = ResetPassword(env, *args); });
}

Status CreateDemoUsers(app::Platform& platform, std::ostream& out) {
  TextTable t({"user", "password", "role", "unit"});
  for (const auto& demo : app::DemoAccounts()) {
    CPK_ASSIGN_OR_RETURN(auto accounts, app::Accounts(platform));
    if (!accounts->FindUser(demo.user.username).ok()) {
      CPK_ASSIGN_OR_RETURN(std::string hash, server::auth::HashPassword(demo.password));
      CPK_RETURN_IF_ERROR(app::AddUser(platform, demo.user, hash, "demo-loader").status());
    }
    t.AddRow({demo.user.username, demo.password, std::string(store::RoleName(demo.user.role)),
              demo.user.unit.empty() ? demo.user.region_code : demo.user.unit});
  }
  out << "demo users (demo passwords — never use them for real accounts):\n" << t.Render();
  return Status::Ok();
}

}  // namespace carbonpeak::cli
