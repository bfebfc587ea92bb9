#!/usr/bin/env bash
# The log's speed, measured (not a timed test):
#  1. durable appends per second through `aegrade log stress-append` (one IMMEDIATE transaction
#     and one fsync'd commit per event) against bare `sqlite3` inserts of the same rows into the
#     same schema (table, indexes, triggers) with the same pragmas (page size, synchronous=FULL,
#     rollback journal), one transaction each, in one run;
#  2. verify, replay and export over a synthetic log of about 1,000,000 events (observations with
#     their grades, written with `aegrade record --batch`): seconds and peak memory.
# Usage: Benchmarks/log-throughput.sh [APPENDS] [EVENTS]   (EVENTS 0 measures the appends only)
# `BIG=/tmp/s13-big.db` times verify, replay and export of that log instead (opened read-only,
# never written; elapsed, CPU and peak memory, each run twice, the second with the log in the page
# cache), without the appends or the synthetic log; `SKIP_BUILD=1` uses the release binary as built.
set -euo pipefail
cd "$(dirname "$0")/.."
appends="${1:-2000}"
events="${2:-1000000}"
work="$(mktemp -d "${TMPDIR:-/tmp}/aegrade-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

[ "${SKIP_BUILD:-0}" = 1 ] || swift build -c release --static-swift-stdlib --product aegrade >/dev/null
aegrade=.build/release/aegrade
now() { date +%s.%N; }

if [ -n "${BIG:-}" ]; then
    printf 'log %s: %s events (%s); load average %s\n' "$BIG" "$(sqlite3 -readonly "$BIG" 'SELECT max(seq) FROM event')" \
        "$(du -h "$BIG" | cut -f1)" "$(cut -d' ' -f1-3 /proc/loadavg)"
    timed() {  # label, command...
        local label="$1"; shift
        /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" > /dev/null 2> "$work/err" || printf '%s exited %s: %s\n' "$label" "$?" "$(head -c 300 "$work/err")"
        read -r seconds user system kilobytes < "$work/time"
        printf '%-8s %7.2f s elapsed  %7.2f s CPU  peak memory %6.1f MB\n' "$label" "$seconds" "$(echo "$user + $system" | bc -l)" "$(echo "$kilobytes / 1024" | bc -l)"
    }
    for round in 1 2; do
        timed verify "$aegrade" log verify --db "$BIG"
        timed replay "$aegrade" log replay --db "$BIG"
        timed export "$aegrade" log export --db "$BIG"
    done
    exit 0
fi

# Every writer signs in: the demo's log and its laboratory service key (lab-import.key) give a
# log with accounts and a key to write with, without a terminal.
"$aegrade" demo "$work/demo" > /dev/null
key="$work/demo/lab-import.key"

# 1. Durable appends (after the writer's sign-in, its `login` event, which is not counted).
cp "$work/demo/aegrade.db" "$work/product.db"
head=$(( $(sqlite3 "$work/product.db" 'SELECT max(seq) FROM event') + 1 ))
start=$(now)
"$aegrade" log stress-append --db "$work/product.db" --key "$key" --writer bench --count "$appends" > /dev/null
product_seconds=$(echo "$(now) - $start" | bc -l)

# The same rows, inserted by the bare sqlite3 shell into the same schema with the same pragmas,
# one transaction each.
sqlite3 "$work/product.db" ".schema" > "$work/schema.sql"
{
    echo "PRAGMA page_size = $(sqlite3 "$work/product.db" 'PRAGMA page_size');"
    echo "PRAGMA synchronous = FULL;"
    echo "PRAGMA journal_mode = DELETE;"
    cat "$work/schema.sql"
    sqlite3 "$work/product.db" ".mode insert event" "SELECT * FROM event WHERE seq > $head" | sed 's/^/BEGIN IMMEDIATE; /; s/$/ COMMIT;/'
} > "$work/bare.sql"
start=$(now)
sqlite3 "$work/bare.db" < "$work/bare.sql" > /dev/null
bare_seconds=$(echo "$(now) - $start" | bc -l)

printf 'durable appends: aegrade %.0f/s, bare sqlite3 %.0f/s, ratio %.2f (goal <= 1.3)\n' \
    "$(echo "$appends / $product_seconds" | bc -l)" "$(echo "$appends / $bare_seconds" | bc -l)" \
    "$(echo "$product_seconds / $bare_seconds" | bc -l)"

[ "$events" -gt 0 ] || exit 0

# 2. A synthetic log of about $events events: observations and their grades.
python3 Benchmarks/make-assessments.py $((events / 2)) > "$work/assessments.jsonl"
start=$(now)
cp "$work/demo/aegrade.db" "$work/big.db"
"$aegrade" record --db "$work/big.db" --key "$key" --batch 10000 "$work/assessments.jsonl" > /dev/null || [ $? -eq 1 ]
printf 'wrote %s events (%s) in %.1f s\n' "$(sqlite3 "$work/big.db" 'SELECT max(seq) FROM event')" \
    "$(du -h "$work/big.db" | cut -f1)" "$(echo "$(now) - $start" | bc -l)"

measure() {  # label, command...
    local label="$1"; shift
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null
    read -r seconds kilobytes < "$work/time"
    printf '%-8s %6.2f s  peak memory %6.1f MB\n' "$label" "$seconds" "$(echo "$kilobytes / 1024" | bc -l)"
}
measure verify "$aegrade" log verify --db "$work/big.db"
measure replay "$aegrade" log replay --db "$work/big.db"
measure export "$aegrade" log export --db "$work/big.db"
