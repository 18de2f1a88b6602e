#!/usr/bin/env python3
"""HTTP batch ingest on loopback: C concurrent clients post JSON batches of B readings to
POST /api/v1/monitor/readings (keep-alive, one connection each) and time each acknowledgement.

    bench/monitor_http.py --url http://127.0.0.1:8080 --user bench --password … --csv sim.csv

Reads a CSV batch written by `carbonpeak monitor simulate --out` (enterprises registered), cuts
it into batches in time order and deals them round robin to the clients. Prints readings/s over
the whole run and the acknowledgement latency p50/p99/max. Standard library only.
"""
import argparse
import csv
import http.client
import json
import statistics
import threading
import time
import urllib.parse


def login(host, port, user, password):
    conn = http.client.HTTPConnection(host, port)
    conn.request("POST", "/api/v1/session", json.dumps({"username": user, "password": password}),
                 {"Content-Type": "application/json"})
    res = conn.getresponse()
    body = json.loads(res.read())
    if res.status != 200:
        raise SystemExit(f"login failed: {res.status} {body}")
    cookie = res.getheader("Set-Cookie").split(";")[0]
    return {"Cookie": cookie, "X-CSRF-Token": body["csrf_token"],
            "Content-Type": "application/json"}


def batches_from_csv(path, size):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    out = []
    for i in range(0, len(rows), size):
        readings = [{"enterprise": r["enterprise"], "meter": r["meter"],
                     "statistics": r["statistics"], "period_start": r["period_start"],
                     "value": r["value"]} for r in rows[i:i + size]]
        out.append((len(readings), json.dumps({"format": "carbonpeak.monitoring.batch",
                                               "version": 1, "batch_id": f"bench-{i // size}",
                                               "readings": readings},
                                              separators=(",", ":")).encode()))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--user", required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--csv", required=True)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--batch", type=int, default=10000)
    a = ap.parse_args()
    u = urllib.parse.urlparse(a.url)
    headers = login(u.hostname, u.port, a.user, a.password)
    batches = batches_from_csv(a.csv, a.batch)
    work = [batches[i::a.clients] for i in range(a.clients)]
    latencies, failures, lock = [], [], threading.Lock()

    def client(mine):
        conn = http.client.HTTPConnection(u.hostname, u.port)
        for n, body in mine:
            t0 = time.perf_counter()
            conn.request("POST", "/api/v1/monitor/readings", body, headers)
            res = conn.getresponse()
            answer = res.read()
            dt = time.perf_counter() - t0
            with lock:
                latencies.append(dt)
                if res.status != 200:
                    failures.append((res.status, answer[:300]))

    threads = [threading.Thread(target=client, args=(w,)) for w in work]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    readings = sum(n for n, _ in batches)
    lat = sorted(latencies)
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000
    print(f"clients {a.clients}, batches {len(batches)} of up to {a.batch} readings, "
          f"{readings} readings, {sum(len(b) for _, b in batches) / 1e6:.1f} MB of JSON")
    print(f"throughput: {readings / elapsed:,.0f} readings/s ({elapsed:.2f} s)")
    print(f"acknowledgement: p50 {p(0.50):.1f} ms, p99 {p(0.99):.1f} ms, max {lat[-1] * 1000:.1f} ms"
          f" (mean {statistics.mean(lat) * 1000:.1f} ms)")
    if failures:
        print(f"FAILED batches: {len(failures)}; first: {failures[0]}")
        raise SystemExit(1)


if __name__ == "__main__":
    main()
