// The command line: `carbonpeak <noun> <verb> [options]`. Parses arguments (CLI11), calls app
// use cases and prints readable tables, or JSON with --json.
//
//   std::vector<std::string> args = {"carbonpeak", "plan", "show", "430703"};
//   int code = cli::Run(args, std::cout, std::cerr, clock);
//
// Exit codes (docs/cli.md): 0 ok, 1 internal error, 2 usage error, 3 invalid input,
// 4 not found, 5 already exists, 6 precondition failed (e.g. not a carbonpeak database),
// 7 unavailable (e.g. port in use).
// Thread safety: Run is not reentrant for `serve`/`demo` (they install signal handling).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/status.h"

namespace carbonpeak::cli {

int Run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
        const Clock& clock);

/// The exit code for a failed Status (see the header comment).
int ExitCodeFor(const Status& status);

}  // namespace carbonpeak::cli
