#!/usr/bin/env bash
# Compares `aegrade grade`'s output of two builds byte for byte, on N full-panel assessments
# (default 20,000), N/3 light ones, N partial ones (sections and fields left out) and N damaged
# ones (damage-assessments.py over full and partial panels: wrong types, nulls, unknown, repeated
# and escaped keys, text outside ASCII, truncated lines, ...). Exits 1 naming the first line that
# differs. A change to how grading reads or writes must leave this silent.
#
#     Benchmarks/grade-compare.sh BEFORE [N]     # BEFORE: the other build's aegrade binary
#
# `AFTER=path` compares another binary than .build/release/aegrade (a debug build, say).
set -euo pipefail
cd "$(dirname "$0")/.."
before="${1:?give the binary of the build before}"
count="${2:-20000}"
after="${AFTER:-.build/release/aegrade}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 Benchmarks/make-assessments.py "$count" --full > "$work/full.jsonl"
python3 Benchmarks/make-assessments.py "$((count / 3))" > "$work/light.jsonl"
python3 Benchmarks/make-assessments.py "$count" --partial > "$work/partial.jsonl"
{ head -n "$((count / 2))" "$work/full.jsonl" | python3 Benchmarks/damage-assessments.py 19
  head -n "$((count / 2))" "$work/partial.jsonl" | python3 Benchmarks/damage-assessments.py 23; } > "$work/damaged.jsonl"

status=0
for name in full light partial damaged; do
    for jobs in 1 2; do
        "$before" grade --jobs "$jobs" < "$work/$name.jsonl" > "$work/before.out" || [ $? -eq 1 ]
        "$after" grade --jobs "$jobs" < "$work/$name.jsonl" > "$work/after.out" || [ $? -eq 1 ]
        lines=$(wc -l < "$work/$name.jsonl")
        rejected=$(grep -c '"error":' "$work/before.out" || true)
        if cmp -s "$work/before.out" "$work/after.out"; then
            printf '%-8s --jobs %d: %6d lines (%d rejected): same output\n' "$name" "$jobs" "$lines" "$rejected"
        else
            line=$(cmp "$work/before.out" "$work/after.out" | sed -n 's/.* line \([0-9]*\)$/\1/p')
            printf '%-8s --jobs %d: OUTPUT DIFFERS at line %s\n  input  %s\n  before %s\n  after  %s\n' "$name" "$jobs" "$line" \
                "$(sed -n "${line}p" "$work/$name.jsonl" | cut -c1-400)" "$(sed -n "${line}p" "$work/before.out" | cut -c1-400)" \
                "$(sed -n "${line}p" "$work/after.out" | cut -c1-400)"
            status=1
        fi
    done
done
exit "$status"
