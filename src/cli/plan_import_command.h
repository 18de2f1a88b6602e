// `carbonpeak plan import FILE [--dry-run] [--json] [--author NAME]`: imports a plan document
// (txt/docx/pdf). --dry-run prints the plan and every diagnostic (JSON with --json) and stores
// nothing; without it the plan is stored all or nothing.
//
//   auto* plan = app.add_subcommand("plan", "...");
//   AddPlanImportCommand(plan, [&] { return cmd.Open(); }, &globals.json, out, &result);
//
// Thread safety: as the CLI. Failure contract: the callback leaves a Status in *result.
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

/// Registers the `import` subcommand under `plan`. `global_json` is the top-level --json flag.
void AddPlanImportCommand(CLI::App* plan, PlatformOpener open, const bool* global_json,
                          std::ostream& out, Status* result);

}  // namespace carbonpeak::cli
