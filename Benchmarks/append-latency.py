#!/usr/bin/env python3
"""Times single appends of one open writer, as the board makes them, and prints p50, p99, max.

Usage: append-latency.py AEGRADE DB COUNT LABEL
`aegrade log stress-append` opens the log once and appends one event per IMMEDIATE transaction
with an fsync'd commit, printing each acknowledgement after its commit: the time between two
acknowledgements is the time one append took (what a bedside save waits). The opening of the
log (which checks its structure once) is not counted.
"""
import subprocess
import sys
import time


def main() -> None:
    aegrade, db, count, label = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    writer = subprocess.Popen([aegrade, "log", "stress-append", "--db", db, "--writer", "bench", "--count", str(count + 1)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stamps = []
    for line in writer.stdout:
        stamps.append(time.monotonic())
    if writer.wait() != 0:
        sys.exit(f"stress-append failed: {writer.stderr.read().decode()}")
    latencies = sorted((b - a) * 1000 for a, b in zip(stamps, stamps[1:]))
    p50 = latencies[len(latencies) // 2]
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"{label:<20} {len(latencies)} appends: p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  max {latencies[-1]:6.1f} ms")


if __name__ == "__main__":
    main()
