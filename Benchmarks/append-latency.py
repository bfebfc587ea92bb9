#!/usr/bin/env python3
"""Times appends to a log and prints p50, p99 and max.

Usage: append-latency.py AEGRADE DB COUNT LABEL [record|stress]

record (the default): COUNT single `aegrade record` processes, one after another, each given one
assessment on standard input, as a script or a second terminal appends: each is timed from its
start to its exit, which comes after its fsync'd commit and its printed line. That is process
start-up, opening the log (the writer's check before its first write), grading and the commit.

stress: one open writer (`aegrade log stress-append`, as the board appends) makes COUNT appends,
each one IMMEDIATE transaction with an fsync'd commit, printing each acknowledgement after its
commit; the time between two acknowledgements is the time one append took. The opening of the
log is not counted.

Every writer signs in: AEGRADE_KEY names a service account's key file of the log (the demo's
lab-import.key, its log copied to DB), given to each writer with --key.
"""
import json
import os
import subprocess
import sys
import time


def assessment(index: int) -> str:
    """One CRS assessment of one of 20 patients, at a time of its own."""
    minute = index % 60
    hour = (index // 60) % 24
    return json.dumps({
        "patient": {"id": f"BENCH-{index % 20:02d}", "ageYears": 54},
        "time": f"2026-12-01T{hour:02d}:{minute:02d}:00+08:00",
        "vitals": {"temperature": {"value": 38.2 + (index % 10) / 10, "unit": "C"}, "hypotension": index % 3 == 0},
        "support": {"vasopressors": [], "oxygen": {"device": "roomAir"}},
    })


def records(aegrade: str, db: str, count: int) -> list:
    latencies = []
    for index in range(count):
        start = time.monotonic()
        done = subprocess.run([aegrade, "record", "--db", db, "--key", os.environ["AEGRADE_KEY"]], input=assessment(index).encode(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        latencies.append((time.monotonic() - start) * 1000)
        if done.returncode != 0:
            sys.exit(f"record failed ({done.returncode}): {done.stderr.decode()}")
    return latencies


def stress(aegrade: str, db: str, count: int) -> list:
    writer = subprocess.Popen([aegrade, "log", "stress-append", "--db", db, "--key", os.environ["AEGRADE_KEY"], "--writer", "bench",
                               "--count", str(count + 1)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stamps = []
    for _ in writer.stdout:
        stamps.append(time.monotonic())
    if writer.wait() != 0:
        sys.exit(f"stress-append failed: {writer.stderr.read().decode()}")
    return [(b - a) * 1000 for a, b in zip(stamps, stamps[1:])]


def main() -> None:
    aegrade, db, count, label = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    mode = sys.argv[5] if len(sys.argv) > 5 else "record"
    latencies = sorted(records(aegrade, db, count) if mode == "record" else stress(aegrade, db, count))
    p50 = latencies[len(latencies) // 2]
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    what = "records" if mode == "record" else "appends"
    print(f"{label:<28} {len(latencies)} {what}: p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  max {latencies[-1]:7.1f} ms", flush=True)


if __name__ == "__main__":
    main()
