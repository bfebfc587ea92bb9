#!/usr/bin/env bash
# Grades N assessments (default 100,000) through `aegrade grade` (release build, every criteria
# file) and runs the same file through Python's json load-and-dump loop; prints both wall times and
# their ratio. Goal: aegrade grades faster than Python merely parses and re-prints the file.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-100000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

swift build -c release --product aegrade >/dev/null
python3 Benchmarks/make-assessments.py "$count" > "$work/assessments.jsonl"

seconds() { local start end; start=$(date +%s.%N); "$@" > /dev/null; end=$(date +%s.%N); echo "$end - $start" | bc -l; }

best() {  # best of three runs
    local b="" t
    for _ in 1 2 3; do
        t=$(seconds "$@")
        if [ -z "$b" ] || (( $(echo "$t < $b" | bc -l) )); then b=$t; fi
    done
    echo "$b"
}

aegrade_time=$(best sh -c ".build/release/aegrade grade '$work/assessments.jsonl' > /dev/null || [ \$? -eq 1 ]")
python_time=$(best sh -c "python3 Benchmarks/python-roundtrip.py < '$work/assessments.jsonl'")
size=$(du -h "$work/assessments.jsonl" | cut -f1)

printf 'assessments: %d (%s)\n' "$count" "$size"
printf 'aegrade grade (all criteria):  %.3f s  (%.1f µs per assessment)\n' "$aegrade_time" "$(echo "$aegrade_time * 1000000 / $count" | bc -l)"
printf 'python json load+dump:         %.3f s\n' "$python_time"
printf 'ratio python / aegrade:        %.2f\n' "$(echo "$python_time / $aegrade_time" | bc -l)"
