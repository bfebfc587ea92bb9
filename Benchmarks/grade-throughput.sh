#!/usr/bin/env bash
# Grades N assessments (default 100,000) with every section filled (make-assessments.py --full)
# through `aegrade grade` (release build, all criteria files) and runs the same file through
# Python's json load-and-dump loop in the same run. Prints wall and CPU time of each (best of
# three), the ratio aegrade / Python (goal: at most 0.5), and µs per assessment with one and with
# two grading threads (`--jobs`).
#
# `LIGHT=1` grades the lighter inputs the log benchmarks record instead; `SKIP_BUILD=1` uses the
# release binary as built; `AEGRADE=path/to/aegrade` times that binary instead of building one (a
# release build made with `--scratch-path`, say); `BEFORE=path/to/aegrade` times another build (an
# earlier commit's) on the same file in the same run, and checks that both print the same output.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-100000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

aegrade="${AEGRADE:-.build/release/aegrade}"
[ "${SKIP_BUILD:-0}" = 1 ] || [ -n "${AEGRADE:-}" ] || swift build -c release --static-swift-stdlib --product aegrade >/dev/null
if [ "${LIGHT:-0}" = 1 ]; then panels=light; mode=""; else panels=full; mode="--full"; fi
python3 Benchmarks/make-assessments.py "$count" $mode > "$work/assessments.jsonl"

# Best of three (RUNS=n for another count): wall seconds and CPU seconds (user + system) of the command, output discarded.
# Exit status 1 (some input rejected) is accepted: a full panel may trip a plausibility limit.
best() {
    python3 - "$@" <<'PY'
import os, resource, subprocess, sys, time
best = None
for _ in range(int(os.environ.get("RUNS", "3"))):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(sys.argv[1]) as stdin:
        code = subprocess.run(sys.argv[2:], stdin=stdin, stdout=subprocess.DEVNULL).returncode
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if code not in (0, 1):
        sys.exit(f"{sys.argv[2:]} exited {code}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if best is None or wall < best[0]:
        best = (wall, cpu)
print(f"{best[0]:.3f} {best[1]:.3f}")
PY
}

file="$work/assessments.jsonl"
read -r py_wall py_cpu < <(best "$file" python3 Benchmarks/python-roundtrip.py)
read -r one_wall one_cpu < <(best "$file" "$aegrade" grade --jobs 1)
read -r two_wall two_cpu < <(best "$file" "$aegrade" grade --jobs 2)
size=$(du -h "$file" | cut -f1)
if [ -n "${BEFORE:-}" ]; then
    read -r before_one_wall before_one_cpu < <(best "$file" "$BEFORE" grade --jobs 1)
    read -r before_two_wall before_two_cpu < <(best "$file" "$BEFORE" grade --jobs 2)
    "$BEFORE" grade < "$file" > "$work/before.jsonl" || [ $? -eq 1 ]
    "$aegrade" grade < "$file" > "$work/after.jsonl" || [ $? -eq 1 ]
    if cmp -s "$work/before.jsonl" "$work/after.jsonl"; then same="same output"; else same="OUTPUT DIFFERS"; fi
fi

per() { echo "$1 * 1000000 / $count" | bc -l; }
ratio() { echo "$1 / $2" | bc -l; }
printf 'assessments: %d, %s panels (%s); load average %s\n' "$count" "$panels" "$size" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'python json load+dump:        %7.3f s wall  %7.3f s CPU\n' "$py_wall" "$py_cpu"
printf 'aegrade grade, 1 thread:      %7.3f s wall  %7.3f s CPU  %6.1f µs per assessment (%.1f µs CPU)\n' "$one_wall" "$one_cpu" "$(per "$one_wall")" "$(per "$one_cpu")"
printf 'aegrade grade, 2 threads:     %7.3f s wall  %7.3f s CPU  %6.1f µs per assessment (%.1f µs CPU)\n' "$two_wall" "$two_cpu" "$(per "$two_wall")" "$(per "$two_cpu")"
printf 'ratio aegrade / python (wall): 1 thread %.2f, 2 threads %.2f (goal <= 0.5)\n' "$(ratio "$one_wall" "$py_wall")" "$(ratio "$two_wall" "$py_wall")"
printf 'ratio aegrade / python (CPU):  1 thread %.2f, 2 threads %.2f\n' "$(ratio "$one_cpu" "$py_cpu")" "$(ratio "$two_cpu" "$py_cpu")"
if [ -n "${BEFORE:-}" ]; then
    printf 'before (%s), 1 thread:  %7.3f s wall  %7.3f s CPU  %6.1f µs per assessment (%.1f µs CPU)\n' "$BEFORE" "$before_one_wall" "$before_one_cpu" "$(per "$before_one_wall")" "$(per "$before_one_cpu")"
    printf 'before (%s), 2 threads: %7.3f s wall  %7.3f s CPU  %6.1f µs per assessment (%.1f µs CPU)\n' "$BEFORE" "$before_two_wall" "$before_two_cpu" "$(per "$before_two_wall")" "$(per "$before_two_cpu")"
    printf 'ratio before / python (CPU):   1 thread %.2f, 2 threads %.2f; %s\n' "$(ratio "$before_one_cpu" "$py_cpu")" "$(ratio "$before_two_cpu" "$py_cpu")" "$same"
fi
