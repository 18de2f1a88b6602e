#!/usr/bin/env bash
# Builds carbonpeak (release) if needed and runs it. `./carbonpeak.sh demo` serves the demo on
# http://127.0.0.1:8080; any other arguments go to the program (`./carbonpeak.sh plan list`).
set -euo pipefail
cd "$(dirname "$0")"
tools/install_deps.sh
build=build/release
log=$build/build.log
mkdir -p "$build"
if [ ! -f "$build/build.ninja" ]; then
  cmake --preset release -DCPK_BUILD_TESTS=OFF > "$log" 2>&1 || { cat "$log"; exit 1; }
fi
cmake --build "$build" --target carbonpeak -j2 > "$log" 2>&1 || { cat "$log"; exit 1; }
if [ $# -eq 0 ]; then set -- demo; fi
exec "$build/src/main/carbonpeak" "$@"
