#!/usr/bin/env python3
"""Times single `aegrade record` appends, one after another, and prints p50, p99 and max.

Usage: append-latency.py AEGRADE DB COUNT LABEL
Each append is one `aegrade record` of one assessment (one IMMEDIATE transaction, one fsync'd
commit), timed from the process's start to its end: what a bedside save waits.
"""
import json
import subprocess
import sys
import time


def main() -> None:
    aegrade, db, count, label = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    assessment = json.dumps({"patient": {"id": "BENCH-1", "ageYears": 54}, "time": "2026-11-22T08:00:00+08:00",
                             "vitals": {"temperature": {"value": 38.6, "unit": "C"}, "hypotension": False},
                             "support": {"vasopressors": [], "oxygen": {"device": "roomAir"}}})
    latencies = []
    for _ in range(count):
        start = time.monotonic()
        done = subprocess.run([aegrade, "record", "--db", db, "--user", "bench"], input=assessment.encode(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        latencies.append((time.monotonic() - start) * 1000)
        if done.returncode != 0:
            sys.exit(f"record failed: {done.stderr.decode()}")
    latencies.sort()
    p50 = latencies[len(latencies) // 2]
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"{label:<28} {count} appends: p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  max {latencies[-1]:6.1f} ms")


if __name__ == "__main__":
    main()
