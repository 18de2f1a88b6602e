#!/usr/bin/env bash
# Builds and tests the dashboard: npm ci from the committed lockfile, type check and build,
# unit tests (vitest), then browser tests (playwright-core driving Debian's chromium) against
# a `carbonpeak demo` server started here on a free port.
#
#   web/test.sh path/to/carbonpeak        # SCREENSHOTS=docs/screenshots to refresh them
#
# Needs node/npm and chromium (Debian packages; nothing is downloaded but npm packages).
set -euo pipefail
cd "$(dirname "$0")"
bin="${1:?usage: web/test.sh path/to/carbonpeak}"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
[ -x "$bin" ] || { echo "web/test.sh: $bin is not an executable carbonpeak" >&2; exit 1; }
chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
[ -n "$chromium" ] || { echo "web/test.sh: chromium is not installed (apt-get install chromium)" >&2; exit 1; }

echo "== web: npm ci"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error > /tmp/carbonpeak-web-npm.log 2>&1 \
  || { tail -n 30 /tmp/carbonpeak-web-npm.log; exit 1; }
echo "== web: type check and build"
npm run --silent build > /tmp/carbonpeak-web-build.log 2>&1 || { tail -n 40 /tmp/carbonpeak-web-build.log; exit 1; }
echo "== web: unit tests"
npx vitest run

echo "== web: browser tests"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
"$bin" demo --port 0 --data "$work/demo" --web "$PWD/dist" > "$work/server.log" 2>&1 &
server_pid=$!
url=""
for _ in $(seq 1 100); do
  url="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.log" | head -n 1 || true)"
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.2
done
[ -n "$url" ] || { echo "web/test.sh: the server did not start"; cat "$work/server.log"; exit 1; }
grep -q "demo users" "$work/server.log" || {
  echo "web/test.sh: 'carbonpeak demo' printed no demo users (cli.cc must call CreateDemoUsers)"
  cat "$work/server.log"
  exit 1
}
CARBONPEAK_URL="$url" CHROMIUM="$chromium" node tests/browser/run.mjs
