#!/usr/bin/env bash
# Peak memory and time of `aegrade rules status` on a large log (issue 19, goal 5): the protocol's
# rules folded over every event. Usage: Benchmarks/rules-status-memory.sh LOG [PROTOCOL]
# The log is only read (`rules status` opens it read-only). `BEFORE=path/to/aegrade` measures
# another build (an earlier commit's) in the same run and checks that both print the same status;
# `SKIP_BUILD=1` uses the release binary as built; `AEGRADE=path/to/aegrade` measures that binary
# (a build with its own `--scratch-path`) and builds nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
log="${1:?usage: $0 LOG [PROTOCOL]}"
trial="${2:-Examples/protocol.yaml}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
aegrade="${AEGRADE:-.build/release/aegrade}"
[ "${SKIP_BUILD:-0}" = 1 ] || [ -n "${AEGRADE:-}" ] || swift build -c release --static-swift-stdlib --product aegrade >/dev/null

# Prints "peak-MB elapsed-s cpu-s" of one run of `rules status`, its output in $work/$2.
measure() {
    # Up to the last event (--seq): the status is then as of that event's record time, the same
    # in both runs, rather than as of the clock.
    /usr/bin/time -v "$1" rules status --db "$log" --protocol "$trial" --seq "$head" > "$work/$2" 2> "$work/$2.time" || [ $? -eq 1 ]
    python3 - "$work/$2.time" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
peak = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
user = float(re.search(r"User time \(seconds\): ([\d.]+)", text).group(1))
system = float(re.search(r"System time \(seconds\): ([\d.]+)", text).group(1))
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text).group(1).split(":")
seconds = sum(float(part) * 60 ** i for i, part in enumerate(reversed(wall)))
print(f"{peak:.0f} {seconds:.2f} {user + system:.2f}")
PY
}

events=$(sqlite3 -readonly "$log" "SELECT count(*) FROM event")
head=$(sqlite3 -readonly "$log" "SELECT max(seq) FROM event")
read -r peak wall cpu < <(measure "$aegrade" after)
printf 'log: %s events; load average %s\n' "$events" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'aegrade rules status:          peak %6s MB  %7s s wall  %7s s CPU\n' "$peak" "$wall" "$cpu"
if [ -n "${BEFORE:-}" ]; then
    read -r peak wall cpu < <(measure "$BEFORE" before)
    if cmp -s "$work/before" "$work/after"; then same="same status"; else same="STATUS DIFFERS"; fi
    printf 'before (%s): peak %6s MB  %7s s wall  %7s s CPU; %s\n' "$BEFORE" "$peak" "$wall" "$cpu" "$same"
fi
