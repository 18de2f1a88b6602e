// Statistics and accounting commands:
//   carbonpeak data template --region 430703 --year 2023 [-o FILE.csv]
//   carbonpeak data import FILE.csv [--dry-run] [--author NAME] [--reason TEXT]
//   carbonpeak data export --region 430703 [--year 2023] [-o FILE.csv]
//   carbonpeak inventory compute --region 430703 --year 2023 [--gwp AR5] [--grid 华中]
//   carbonpeak balance show --region 430703 --year 2023
//   carbonpeak indicators show --region 430703 --year 2023 [--rule none|…]
//   carbonpeak targets status --region 430703 [--year 2024]
//   carbonpeak factor set --region … --sector … --item … --parameter … [--year …] --value …
//                         --unit … --source … --reason …
//   carbonpeak factor coal-rate --region … --year … --value GCE_PER_KWH --source … --reason …
//   carbonpeak factor list --region …
// Every command also prints JSON with --json.
//
//   AddDataCommands(&app, [&] { return cmd.Open(); }, &globals.json, out, &result);
//
// Thread safety: as the CLI. Failure contract: each callback leaves a Status in *result; its
// message names the file, cell, factor or year and what to do.
#pragma once

#include <functional>
#include <memory>
#include <ostream>

#include "app/app.h"
#include "base/status.h"

namespace CLI {
class App;
}

namespace carbonpeak::cli {

using PlatformOpener = std::function<Result<std::unique_ptr<app::Platform>>()>;

/// Registers the top-level subcommands data, balance, inventory, indicators, targets and factor
/// under `app`. `global_json` is the top-level --json flag (may be null).
void AddDataCommands(CLI::App* app, PlatformOpener open, const bool* global_json, std::ostream& out,
                     Status* result);

}  // namespace carbonpeak::cli
