// `carbonpeak user add|list|disable|enable|reset-password`: user accounts from the command line
// (the first administrator is made here), and the demo accounts of `carbonpeak demo`.
//
//   AddUserCommands(app, UserCommandEnv{[&] { return cmd.Open(); }, &out, &g.json, &result});
//   carbonpeak user add fgj --role department --region 430703 --unit 区发展和改革局（区国动办）
//   echo 'a long passphrase' | carbonpeak user reset-password fgj --password-stdin
//
// Without --password-stdin a random password is generated and printed once. Passwords are
// hashed with Argon2id (server/auth/) and never stored or logged in clear.
// Thread safety: as cli::Run. Failure: the command's Status is written to *env.result.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <istream>
#include <memory>
#include <ostream>

#include "app/app.h"
#include "base/status.h"

namespace carbonpeak::cli {

struct UserCommandEnv {
  std::function<Result<std::unique_ptr<app::Platform>>()> open;
  std::ostream* out = nullptr;
  const bool* json = nullptr;  ///< --json given
  Status* result = nullptr;    ///< Where a command's outcome goes.
  std::istream* in = nullptr;  ///< For --password-stdin; std::cin when null.
};

/// Registers the `user` command and its subcommands on `app`.
void AddUserCommands(CLI::App& app, UserCommandEnv env);

/// Creates the demo accounts (app::DemoAccounts) that do not exist yet and prints a table of
/// user names, roles and passwords. For `carbonpeak demo` only.
Status CreateDemoUsers(app::Platform& platform, std::ostream& out);

}  // namespace carbonpeak::cli
