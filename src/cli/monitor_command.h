// `carbonpeak monitor …`: online energy monitoring from the command line (app/monitoring.h).
//
//   carbonpeak monitor enterprise add --credit-code 91430703MA4L0F2K3E --name 某水泥有限公司
//              --industry C3011 --township 430703100 --county 430703 --key-unit
//   carbonpeak monitor enterprise list [--county 430703]
//   carbonpeak monitor meter add --enterprise 9143… --code E01 --carrier electricity --unit kWh
//              [--kind counter --interval 15min --multiplier 200 --register-max 99999999]
//   carbonpeak monitor meter list --enterprise 9143…
//   carbonpeak monitor ingest FILE.csv|FILE.json           accepted, or refused with row reasons
//   carbonpeak monitor series [--level county --code 430703 --granularity day --from … --to …]
//   carbonpeak monitor top [--by energy|co2 --granularity month --at … -n 10]
//   carbonpeak monitor now | alerts [--open --kind gap] | ack ID
//   carbonpeak monitor simulate --enterprises 6 --days 3 --seed 1 [--out FILE.csv [--register]
//              | --post http://127.0.0.1:8080 --token T] [--live]
//
// Commands act as the local operator (an administrator named by --author, default "cli"), or
// with --as USER with that user's permissions. Every command prints JSON with --json.
//
// Thread safety: as cli::Run. Failure: the command's Status is written to *env.result; a
// refused batch is kInvalidArgument (exit code 3) after its reasons are printed.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <ostream>

#include "app/app.h"
#include "base/clock.h"
#include "base/status.h"

namespace carbonpeak::cli {

struct MonitorCommandEnv {
  std::function<Result<std::unique_ptr<app::Platform>>()> open;
  std::ostream* out = nullptr;
  const bool* json = nullptr;    ///< --json given
  Status* result = nullptr;      ///< Where a command's outcome goes.
  const Clock* clock = nullptr;  ///< For simulate; the system clock when null.
};

/// Registers the `monitor` command and its subcommands on `app`.
void AddMonitorCommands(CLI::App& app, MonitorCommandEnv env);

/// For `carbonpeak demo`: registers the SYNTHETIC monitored enterprises of 鼎城区, backfills the
/// month, starts the live feed (stopped when the platform closes the monitor) and creates the
/// demo enterprise user; prints what it did and the user's demo password.
Status StartMonitorDemo(app::Platform& platform, std::ostream& out);

}  // namespace carbonpeak::cli
