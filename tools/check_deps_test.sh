#!/usr/bin/env bash
# Proves tools/check_deps.py fails on a layering violation and passes on a clean tree.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src/base" "$tmp/src/store/sqlite" "$tmp/src/app"
printf '#include "base/status.h"\n' > "$tmp/src/app/ok.cc"
printf '#include <sqlite3.h>\n' > "$tmp/src/store/sqlite/ok.cc"
python3 "$here/check_deps.py" "$tmp" > /dev/null || { echo "FAIL: clean tree rejected"; exit 1; }
printf '#include "app/app.h"\n' > "$tmp/src/base/bad.cc"
if python3 "$here/check_deps.py" "$tmp" > "$tmp/out"; then echo "FAIL: upward include accepted"; exit 1; fi
grep -q "src/base/bad.cc:1" "$tmp/out" || { echo "FAIL: violation not located"; cat "$tmp/out"; exit 1; }
rm "$tmp/src/base/bad.cc"
printf '#include <sqlite3.h>\n' > "$tmp/src/app/leak.cc"
if python3 "$here/check_deps.py" "$tmp" > "$tmp/out"; then echo "FAIL: third-party leak accepted"; exit 1; fi
echo "check_deps self-test: ok"
