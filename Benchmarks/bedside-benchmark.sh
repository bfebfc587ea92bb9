#!/usr/bin/env bash
# Bedside speed: first frame of the board on a log of about 100,000 events, and keystroke to
# screen in the form. Usage: Benchmarks/bedside-benchmark.sh [EVENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
events="${1:-100000}"
work="$(mktemp -d "${TMPDIR:-/tmp}/aegrade-bedside.XXXXXX")"
trap 'rm -rf "$work"' EXIT
swift build -c release --product aegrade >/dev/null
swift build -c release --product BedsideBenchmark >/dev/null
bin="$(swift build -c release --show-bin-path)"
python3 Benchmarks/make-assessments.py $((events / 2)) > "$work/assessments.jsonl"
# Every writer signs in: the demo's log (its accounts) and its laboratory service key.
"$bin/aegrade" demo "$work/demo" > /dev/null
cp "$work/demo/aegrade.db" "$work/log.db"
"$bin/aegrade" record --db "$work/log.db" --key "$work/demo/lab-import.key" --batch 10000 "$work/assessments.jsonl" > /dev/null || [ $? -eq 1 ]
"$bin/BedsideBenchmark" "$work/log.db" "$work/demo/protocol.yaml"
