#!/usr/bin/env bash
# Whether readers stall writers (measured, not a timed test). On a log of EVENTS events:
#  1. the time of one `log verify`, `log verify --quick`, `log export` and `log backup`
#     (export must take at most twice verify);
#  2. the latency of single `aegrade record` processes (one assessment each, as a script or a
#     second terminal appends: process start to exit, after the fsync'd commit), on a fresh small
#     log (the baseline: start-up, grading and the commit) and on the big log with no reader;
#  3. the same while `log export`, `log verify`, `log verify --quick`, `log replay` and
#     `log backup` of the whole log run over and over;
#  4. with STRESS=1, also the appends of one open writer (`log stress-append`, as the board
#     appends) with no reader and during each reader;
#  5. first, where one record's time goes before its commit (`record-startup.py`: CPU time of
#     process start, criteria loading and grading, and the log's part; wall time to the commit).
# Every reader reads in transactions of at most about 5 ms (README, "Durability and
# concurrency"): the goal is p99 under 100 ms while they run. Verify's structural check runs on a
# copy made a few pages at a time; a copy interrupted by every write falls back to one read
# (said on standard error, shown at the end).
# Usage: [BIG_LOG=FILE] Benchmarks/log-stall.sh [EVENTS] [RECORDS]
# BIG_LOG keeps the big log between runs (built there when absent; about 2.7 GB at 1,000,000
# events): the runs append a few hundred events to it, which changes no figure.
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-1000000}"
records="${2:-200}"
work="$(mktemp -d "${TMPDIR:-/tmp}/aegrade-stall.XXXXXX")"
reader=""
stop_reader() {
    if [ -n "$reader" ]; then
        kill "$reader" 2>/dev/null || true
        wait "$reader" 2>/dev/null || true
        reader=""
    fi
}
cleanup() { stop_reader; rm -rf "$work"; }
trap cleanup EXIT

swift build -c release --static-swift-stdlib --product aegrade >/dev/null
aegrade=.build/release/aegrade
now() { date +%s.%N; }

# Every writer signs in: the demo's log holds the accounts, its laboratory service key writes
# (a BIG_LOG given must be one made so, its key in AEGRADE_KEY).
"$aegrade" demo "$work/demo" > /dev/null
export AEGRADE_KEY="${AEGRADE_KEY:-$work/demo/lab-import.key}"
big="${BIG_LOG:-$work/big.db}"
if [ ! -e "$big" ]; then
    cp "$work/demo/aegrade.db" "$big"
    python3 Benchmarks/make-assessments.py $((events / 2)) > "$work/assessments.jsonl"
    "$aegrade" record --db "$big" --key "$AEGRADE_KEY" --batch 10000 "$work/assessments.jsonl" > /dev/null || [ $? -eq 1 ]
    rm -f "$work/assessments.jsonl"
fi
printf 'log: %s events, %s; load average %s\n' "$(sqlite3 "$big" 'SELECT max(seq) FROM event')" "$(du -h "$big" | cut -f1)" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"

# One of each, the log in the page cache (a first read warms it).
"$aegrade" log verify --db "$big" > /dev/null
for command in "log verify" "log verify --quick" "log export" "log backup"; do
    extra=""
    if [ "$command" = "log backup" ]; then extra="--to $work/copy.db"; fi
    start=$(now)
    # shellcheck disable=SC2086
    "$aegrade" $command --db "$big" $extra > /dev/null
    printf '%-28s %7.2f s\n' "$command" "$(echo "$(now) - $start" | bc -l)"
    rm -f "$work/copy.db"
done

# Where a record's time goes before its commit (CPU per stage; wall time to the commit's sync).
python3 Benchmarks/record-startup.py "$aegrade" "$work" "$big" 20
cp "$work/demo/aegrade.db" "$work/small.db"
python3 Benchmarks/append-latency.py "$aegrade" "$work/small.db" "$records" "small log, no reader"
python3 Benchmarks/append-latency.py "$aegrade" "$big" "$records" "no reader"
if [ "${STRESS:-0}" = 1 ]; then python3 Benchmarks/append-latency.py "$aegrade" "$big" 300 "no reader" stress; fi
for command in "log export" "log verify" "log verify --quick" "log replay" "log backup"; do
    # The reader loops in a shell of its own; killing that shell lets its current command end.
    (
        trap 'exit 0' TERM
        n=0
        while true; do
            n=$((n + 1))
            extra=""
            if [ "$command" = "log backup" ]; then extra="--to $work/loop-copy-$n.db"; fi
            # shellcheck disable=SC2086
            "$aegrade" $command --db "$big" $extra > /dev/null 2>> "$work/reader.err" || true
            rm -f "$work/loop-copy-$n.db"
        done
    ) &
    reader=$!
    sleep 1
    python3 Benchmarks/append-latency.py "$aegrade" "$big" "$records" "during $command"
    if [ "${STRESS:-0}" = 1 ]; then python3 Benchmarks/append-latency.py "$aegrade" "$big" 300 "during $command" stress; fi
    stop_reader
    wait 2>/dev/null || true
    rm -f "$work"/loop-copy-*.db
done
if [ -s "$work/reader.err" ]; then
    echo "readers said on standard error:"
    sort "$work/reader.err" | sed -E 's/[0-9]+\.[0-9]+ s$/N s/' | uniq -c
    grep -o 'held writers for [0-9.]* s' "$work/reader.err" | sort -t' ' -k4 -n | tail -3 || true
fi
