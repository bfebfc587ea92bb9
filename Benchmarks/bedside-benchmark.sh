#!/usr/bin/env bash
# Bedside speed: first frame of the board on a log of about 100,000 events, keystroke to screen in
# the form, and a save from F2 to the board beside the commit's own time; then the board's peak
# memory (`/usr/bin/time -v`) loading that log, and loading BIG (read only) when given.
# Usage: Benchmarks/bedside-benchmark.sh [EVENTS]
# `BIG=/tmp/s13-big.db` also measures the board's load and peak memory on that log (opened
# read-only, never written); `BEFORE=path/to/BedsideBenchmark` runs an earlier build's benchmark
# on a copy of the same log in the same run; `SKIP_BUILD=1` uses the release binaries as built
# (`BIN=DIR` those in DIR, such as a build with its own `--scratch-path`).
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-100000}"
work="$(mktemp -d "${TMPDIR:-/tmp}/aegrade-bedside.XXXXXX")"
trap 'rm -rf "$work"' EXIT
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    swift build -c release --static-swift-stdlib --product aegrade >/dev/null
    swift build -c release --product BedsideBenchmark >/dev/null
fi
bin="${BIN:-$(swift build -c release --show-bin-path)}"
python3 Benchmarks/make-assessments.py $((events / 2)) > "$work/assessments.jsonl"
# Every writer signs in: the demo's log (its accounts) and its laboratory service key.
"$bin/aegrade" demo "$work/demo" > /dev/null
cp "$work/demo/aegrade.db" "$work/log.db"
"$bin/aegrade" record --db "$work/log.db" --key "$work/demo/lab-import.key" --batch 10000 "$work/assessments.jsonl" > /dev/null || [ $? -eq 1 ]
[ -z "${BEFORE:-}" ] || cp "$work/log.db" "$work/before.db"

# Peak resident memory in MB of one run of the command, from `/usr/bin/time -v`.
peak() {
    /usr/bin/time -v "$@" > "$work/peak.out" 2> "$work/peak.time"
    cat "$work/peak.out"
    awk '/Maximum resident set size/ { printf "peak memory: %.0f MB\n", $6 / 1024 }' "$work/peak.time"
}

echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
# The benchmark's saves are the laboratory's, signed in with its key (the demo's accounts).
export AEGRADE_KEY="$work/demo/lab-import.key"
"$bin/BedsideBenchmark" "$work/log.db" "$work/demo/protocol.yaml"
peak "$bin/BedsideBenchmark" "$work/log.db" "$work/demo/protocol.yaml" --load-only
if [ -n "${BEFORE:-}" ]; then
    echo "before ($BEFORE):"
    "$BEFORE" "$work/before.db" "$work/demo/protocol.yaml"
fi
if [ -n "${BIG:-}" ]; then
    echo "big log ($BIG, read only):"
    peak "$bin/BedsideBenchmark" "$BIG" "$work/demo/protocol.yaml" --load-only
fi
