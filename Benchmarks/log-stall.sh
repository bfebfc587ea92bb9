#!/usr/bin/env bash
# Whether readers stall writers (measured, not a timed test): the latency of single appends of one
# open writer, as the board makes them (`aegrade log stress-append`: one IMMEDIATE transaction and
# one fsync'd commit each, timed between acknowledgements), on a log of EVENTS events
#  1. with no reader, then
#  2. while `aegrade log export`, `log verify --quick`, `log verify` and `log replay` of the whole
#     log run over and over;
# and the time of one export and one verify of that log. Readers read in slices of at most 20 ms
# (README, "Durability and concurrency"): the goal is p99 under 100 ms while they run; the
# structural check of verify is one read and shows as its length.
# Usage: Benchmarks/log-stall.sh [EVENTS] [APPENDS]
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-1000000}"
appends="${2:-300}"
work="$(mktemp -d "${TMPDIR:-/tmp}/aegrade-stall.XXXXXX")"
reader=""
cleanup() { if [ -n "$reader" ]; then pkill -P "$reader" 2>/dev/null || true; kill "$reader" 2>/dev/null || true; fi; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

swift build -c release --product aegrade >/dev/null
aegrade=.build/release/aegrade
now() { date +%s.%N; }

python3 Benchmarks/make-assessments.py $((events / 2)) > "$work/assessments.jsonl"
"$aegrade" record --db "$work/big.db" --user bench --batch 10000 "$work/assessments.jsonl" > /dev/null || [ $? -eq 1 ]
printf 'log: %s events, %s\n' "$(sqlite3 "$work/big.db" 'SELECT max(seq) FROM event')" "$(du -h "$work/big.db" | cut -f1)"

# One export and one verify, the log in the page cache (a first read warms it).
"$aegrade" log verify --db "$work/big.db" > /dev/null
for command in "log verify" "log verify --quick" "log export"; do
    start=$(now)
    # shellcheck disable=SC2086
    "$aegrade" $command --db "$work/big.db" > /dev/null
    printf '%-20s %6.2f s\n' "$command" "$(echo "$(now) - $start" | bc -l)"
done

python3 Benchmarks/append-latency.py "$aegrade" "$work/big.db" "$appends" "no reader"
for command in "log export" "log verify --quick" "log verify" "log replay"; do
    # shellcheck disable=SC2086
    ( while true; do "$aegrade" $command --db "$work/big.db" > /dev/null; done ) &
    reader=$!
    sleep 1
    python3 Benchmarks/append-latency.py "$aegrade" "$work/big.db" "$appends" "during $command"
    pkill -P "$reader" 2>/dev/null || true; kill "$reader"; wait "$reader" 2>/dev/null || true
    reader=""
done
