#!/usr/bin/env bash
# Load test of GET /api/v1/overview on loopback with wrk (Debian package `wrk`), logged in as
# the demo office user. Starts `carbonpeak demo` on a free port in a temp folder, runs wrk for
# a fixed time with a fixed number of connections, stops the server.
#
#   src/server/bench_overview.sh build/release/src/main/carbonpeak [seconds] [connections]
#
# Goal (issue 5): ≥ 5,000 requests/s on 2 cores with p99 < 20 ms. The server's pool has
# max(4, 2 × cores) threads and keeps connections alive, so connections ≤ threads.
set -euo pipefail
bin="${1:?usage: bench_overview.sh path/to/carbonpeak [seconds] [connections]}"
seconds="${2:-10}"
connections="${3:-4}"
command -v wrk > /dev/null || { echo "bench_overview: install wrk (apt-get install wrk)" >&2; exit 1; }
work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
"$bin" demo --port 0 --data "$work/demo" > "$work/server.log" 2>&1 &
pid=$!
url=""
for _ in $(seq 1 100); do
  url="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.log" | head -n 1 || true)"
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/server.log"; exit 1; }
cookie="$(curl -s -o /dev/null -D - -H 'Content-Type: application/json' \
  -d '{"username":"office","password":"demo-office-2030"}' "$url/api/v1/session" |
  grep -i '^set-cookie:' | sed -E 's/^[Ss]et-[Cc]ookie: ([^;]*).*/\1/')"
[ -n "$cookie" ] || { echo "bench_overview: login failed"; exit 1; }
curl -sf -H "Cookie: $cookie" "$url/api/v1/overview?plan=430703" > /dev/null
echo "GET $url/api/v1/overview?plan=430703 for ${seconds}s, $connections connections"
wrk -t 2 -c "$connections" -d "${seconds}s" --latency -H "Cookie: $cookie" \
  "$url/api/v1/overview?plan=430703"
