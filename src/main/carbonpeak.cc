// carbonpeak: the command-line entry point. All logic lives in cli/.
#include <iostream>
#include <string>
#include <vector>

#include "base/clock.h"
#include "cli/cli.h"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  carbonpeak::SystemClock clock;
  return carbonpeak::cli::Run(args, std::cout, std::cerr, clock);
}
