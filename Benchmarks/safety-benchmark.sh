#!/usr/bin/env bash
# Safety benchmark (issue 5): boundary + operating characteristics for N = 100 at 20 true rates,
# and trial status over a synthetic log of 1,000,000 events; prints seconds beside the R figures of
# ../shared/reference/stopping-rules.md. Also times the CLI (`aegrade rules oc`, one process per call).
#
# The benchmark is the executable target SafetyBenchmark (Benchmarks/SafetyBenchmark/main.swift).
# Until Package.swift declares it, this script builds it in an overlay package under $TMPDIR whose
# manifest is Package.swift plus that one target, with the sources linked, not copied.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if grep -q '"SafetyBenchmark"' Package.swift; then
    package="$root"
else
    package="${TMPDIR:-/tmp}/aegrade-safety-benchmark"
    mkdir -p "$package"
    for entry in Sources Tests Criteria Plugins Benchmarks Examples; do ln -sfn "$root/$entry" "$package/$entry"; done
    { cat Package.swift
      echo 'package.targets.append(.executableTarget(name: "SafetyBenchmark", dependencies: ["Clinical", "Safety"], path: "Benchmarks/SafetyBenchmark"))'
    } > "$package/Package.swift"
fi

(cd "$package" && swift build -c release --product SafetyBenchmark 2>&1 | grep -E "error|Build" | tail -3)
bin="$(cd "$package" && swift build -c release --show-bin-path)"

"$bin/SafetyBenchmark" Examples/protocol.yaml

# The command line, one process per call (start-up included), when the executable builds.
if (cd "$package" && swift build -c release --static-swift-stdlib --product aegrade > /dev/null 2>&1); then
    rates=$(python3 -c 'print(",".join(str(round(0.05 * i, 2)) for i in range(1, 21)))')
    best=""
    for _ in 1 2 3 4 5; do
        start=$(date +%s.%N)
        "$bin/aegrade" rules oc --method pocock --p0 0.2 --alpha 0.1 --n 100 --rates "$rates" --json > /dev/null
        end=$(date +%s.%N)
        t=$(echo "$end - $start" | bc -l)
        if [ -z "$best" ] || (( $(echo "$t < $best" | bc -l) )); then best=$t; fi
    done
    printf 'aegrade rules oc (whole process), N = 100, 20 rates:          %.4f s (best of 5)\n' "$best"
else
    echo "aegrade rules oc: skipped (the aegrade executable does not build right now)"
fi
