#!/usr/bin/env bash
# Fails when a C++ source under src/, tests/ or bench/ is not formatted by .clang-format.
set -euo pipefail
cd "$(dirname "$0")/.."
fmt=$(command -v clang-format-14 || command -v clang-format || true)
[ -n "$fmt" ] || { echo "check_format: clang-format not installed"; exit 1; }
mapfile -t files < <(git ls-files 'src/*.h' 'src/*.cc' 'tests/*.h' 'tests/*.cc' 'bench/*.cc')
[ ${#files[@]} -gt 0 ] || exit 0
if ! "$fmt" --dry-run --Werror "${files[@]}" 2> /tmp/carbonpeak-format.log; then
  grep -E '^[^ ].*(warning|error):' /tmp/carbonpeak-format.log | cut -d: -f1 | sort -u | sed 's/^/  needs clang-format: /'
  echo "check_format: run tools/format.sh"
  exit 1
fi
echo "check_format: ok"
