#!/usr/bin/env bash
# Issue 13's figure on the path a user runs, beside the build before in the same run: the latency
# of single `aegrade record` processes (one assessment each, start to exit, after the fsync'd
# commit; Benchmarks/append-latency.py) on a large log with no reader, then while that build's
# own `log export` of the whole log runs over and over (its read slices are what a record waits
# for). The two builds take turns, ROUNDS times, so that both meet the same machine; each turn is
# RECORDS records. Goal: p99 under 100 ms during an export.
# Usage: AEGRADE_KEY=KEY Benchmarks/record-export-stall.sh AEGRADE BEFORE LOG [RECORDS] [ROUNDS]
# LOG is a log the key's account may record into (a 1,000,000-event log for the issue's figure);
# each run appends 2 × RECORDS × ROUNDS × 2 assessments to it.
set -euo pipefail
cd "$(dirname "$0")/.."
after="$1" before="$2" log="$3" records="${4:-50}" rounds="${5:-2}"
: "${AEGRADE_KEY:?AEGRADE_KEY names a service account key file of the log}"
reader=""
stop_reader() {
    if [ -n "$reader" ]; then
        kill "$reader" 2>/dev/null || true
        wait "$reader" 2>/dev/null || true
        reader=""
    fi
}
trap stop_reader EXIT
printf 'log: %s events, %s; load average %s\n' "$(sqlite3 -readonly "$log" 'SELECT max(seq) FROM event')" \
    "$(du -h "$log" | cut -f1)" "$(cut -d' ' -f1-3 /proc/loadavg)"
"$after" log verify --quick --db "$log" > /dev/null   # the log into the page cache

for round in $(seq "$rounds"); do
    for build in before after; do
        binary="$before"; [ "$build" = after ] && binary="$after"
        python3 Benchmarks/append-latency.py "$binary" "$log" "$records" "$build, no reader (round $round)"
        # The reader loops in a shell of its own; killing that shell lets its current export end.
        ( trap 'exit 0' TERM; while true; do "$binary" log export --db "$log" > /dev/null 2>&1 || true; done ) &
        reader=$!
        sleep 1
        python3 Benchmarks/append-latency.py "$binary" "$log" "$records" "$build, during export (round $round)"
        stop_reader
    done
done
printf 'load average at the end %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
