#!/usr/bin/env bash
# HTTP batch ingest on loopback (issue 6): 4 concurrent clients, 10,000 readings a batch, into a
# durable engine behind `carbonpeak serve`. Generates SYNTHETIC readings with `carbonpeak
# monitor simulate` (registering the enterprises), starts the server on a free port in a temp
# folder, runs bench/monitor_http.py and prints readings/s and the acknowledgement p50/p99.
#
#   bench/monitor_http.sh build/release/src/main/carbonpeak [enterprises] [days] [clients]
#
# Goal: ≥ 1 million readings/s, acknowledgement p99 < 50 ms (use a release build).
set -euo pipefail
bin="${1:?usage: monitor_http.sh path/to/carbonpeak [enterprises] [days] [clients]}"
enterprises="${2:-400}"
days="${3:-10}"
clients="${4:-4}"
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
data="$work/data"
password="bench-password-$$-$RANDOM"
echo "$password" | "$bin" --data "$data" user add bench --role admin --password-stdin > /dev/null
"$bin" --data "$data" monitor simulate --enterprises "$enterprises" --days "$days" --seed 7 \
  --fault-rate 0 --out "$work/sim.csv" --register
"$bin" --data "$data" serve --port 0 > "$work/server.log" 2>&1 &
pid=$!
url=""
for _ in $(seq 1 200); do
  url="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/server.log" | head -n 1 || true)"
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/server.log"; exit 1; }
python3 "$here/monitor_http.py" --url "$url" --user bench --password "$password" \
  --csv "$work/sim.csv" --clients "$clients" --batch 10000
