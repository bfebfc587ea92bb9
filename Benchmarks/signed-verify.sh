#!/usr/bin/env bash
# What checking every event's Ed25519 signature costs `log verify` (not a timed test): a demo
# trial's log (`aegrade demo`) with ASSESSMENTS more assessments recorded through its laboratory
# service key (each observation and its grades signed), then, in the same run:
#  - `aegrade log verify` (schema, SQLite's integrity_check, the chain, the credentials and every
#    signature), and `aegrade log verify --quick`;
#  - the independent verifier `Examples/verify-log-export.py` on the export, with Python's
#    cryptography checking the signatures, and without it (`python3 -S`: chain only), the baseline
#    that shows what the signatures add in an independent implementation.
# Usage: Benchmarks/signed-verify.sh [ASSESSMENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
assessments="${1:-20000}"
work="$(mktemp -d "${TMPDIR:-/tmp}/aegrade-signed.XXXXXX")"
trap 'rm -rf "$work"' EXIT

swift build -c release --product aegrade >/dev/null
aegrade=.build/release/aegrade
now() { date +%s.%N; }

"$aegrade" demo "$work/trial" > /dev/null
python3 Benchmarks/make-assessments.py "$assessments" > "$work/assessments.jsonl"
"$aegrade" record --db "$work/trial/aegrade.db" --key "$work/trial/lab-import.key" --batch 1000 "$work/assessments.jsonl" > /dev/null \
    || [ $? -eq 1 ]
events=$(sqlite3 "$work/trial/aegrade.db" 'SELECT max(seq) FROM event')
signed=$(sqlite3 "$work/trial/aegrade.db" 'SELECT count(*) FROM eventWrite WHERE signature IS NOT NULL')
printf 'log: %s events, %s signed, %s\n' "$events" "$signed" "$(du -h "$work/trial/aegrade.db" | cut -f1)"

measure() {  # label, command...
    local label="$1"; shift
    local start; start=$(now)
    "$@" > "$work/out" || { echo "$label failed: $(cat "$work/out")"; exit 1; }
    printf '%-34s %7.2f s   %s\n' "$label" "$(echo "$(now) - $start" | bc -l)" "$(head -c 100 "$work/out")"
}
measure "aegrade log verify" "$aegrade" log verify --db "$work/trial/aegrade.db"
measure "aegrade log verify --quick" "$aegrade" log verify --quick --db "$work/trial/aegrade.db"
"$aegrade" log export --db "$work/trial/aegrade.db" --format jsonl > "$work/events.jsonl"
measure "python verifier, signatures" python3 Examples/verify-log-export.py "$work/events.jsonl"
measure "python verifier, chain only (-S)" python3 -S Examples/verify-log-export.py "$work/events.jsonl"
