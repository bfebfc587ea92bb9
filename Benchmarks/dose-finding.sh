#!/usr/bin/env bash
# Dose-finding benchmark (issue 20): a BOIN decision table for n up to 30 and exact 3+3 operating
# characteristics for 5 doses (goal < 10 ms each), and BOIN simulated OC (10,000 trials), beside
# R's figures for the same work measured in this run when R is installed (Debian r-base-core;
# Benchmarks/dose-finding-peers.R transcribes the peers' rules into base R, since the peer
# packages are not on Debian). Where R runs, the script also diffs aegrade's BOIN, mTPI-2 and
# i3+3 tables against the R transcription for targets 0.20, 0.25, 0.30 and 0.33, n ≤ 30, and the
# exact 3+3 selection probabilities against R's enumeration.
#
# The benchmark is the executable target DoseFindingBenchmark (Benchmarks/DoseFindingBenchmark/main.swift).
# Until Package.swift declares it, this script builds it in an overlay package under $TMPDIR whose
# manifest is Package.swift plus that one target, with the sources linked, not copied.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if grep -q '"DoseFindingBenchmark"' Package.swift; then
    package="$root"
else
    package="${TMPDIR:-/tmp}/aegrade-dose-finding-benchmark"
    mkdir -p "$package"
    for entry in Sources Tests Criteria Plugins Benchmarks Examples; do ln -sfn "$root/$entry" "$package/$entry"; done
    { cat Package.swift
      echo 'package.targets.append(.executableTarget(name: "DoseFindingBenchmark", dependencies: ["Safety"], path: "Benchmarks/DoseFindingBenchmark"))'
    } > "$package/Package.swift"
fi

(cd "$package" && swift build -c release --product DoseFindingBenchmark 2>&1 | grep -E "error|Build" | tail -3)
(cd "$package" && swift build -c release --static-swift-stdlib --product aegrade 2>&1 | grep -E "error|Build" | tail -3)
bin="$(cd "$package" && swift build -c release --show-bin-path)"

"$bin/DoseFindingBenchmark"

if ! command -v Rscript > /dev/null; then
    echo "R: not installed (apt-get install -y r-base-core), no baseline and no cross-check"
    exit 0
fi
Rscript Benchmarks/dose-finding-peers.R time

# Cross-check: aegrade's tables against the R transcription, cell for cell.
status=0
for design in boin mtpi2 'i3+3'; do
    for target in 0.2 0.25 0.3 0.33; do
        ours=$("$bin/aegrade" rules table --design "$design" --target "$target" --n 30 | tail -n +4)
        theirs=$(Rscript Benchmarks/dose-finding-peers.R table "$design" "$target" 0.05 0.05 30)
        if [ "$ours" == "$theirs" ]; then
            echo "table $design target $target: equal to R, n = 1 … 30"
        else
            echo "table $design target $target: DIFFERS from R"; diff <(echo "$ours") <(echo "$theirs") || true; status=1
        fi
    done
done
truth=0.05,0.12,0.25,0.40,0.55
ours=$("$bin/aegrade" rules oc --design 3+3 --truth "$truth" --json | python3 -c '
import json, sys
oc = json.load(sys.stdin)
print(" ".join("%.10f" % d["selected"] for d in oc["doses"]) + " " + "%.10f" % oc["noneSelected"])
print(" ".join("%.10f" % d["subjects"] for d in oc["doses"]))')
theirs=$(Rscript Benchmarks/dose-finding-peers.R oc "$truth" | sed 's/ *$//')
if [ "$ours" == "$theirs" ]; then echo "exact 3+3 OC ($truth): equal to R to 10 decimals"; else
    echo "exact 3+3 OC: DIFFERS from R"; echo "$ours"; echo "$theirs"; status=1; fi
# BOIN simulated OC beside R's get.oc loop (transcribed): different random streams, so the figures
# agree within Monte Carlo error, not digit for digit; z is the difference over the combined error.
truth=0.05,0.12,0.25,0.40
"$bin/aegrade" rules oc --design boin --target 0.3 --truth "$truth" --trials 10000 --seed 1 --json > "${TMPDIR:-/tmp}/aegrade-boin-oc.json"
Rscript Benchmarks/dose-finding-peers.R boin-oc "$truth" 10000 | python3 -c '
import json, math, sys
theirs = [list(map(float, line.split())) for line in sys.stdin.read().strip().split("\n")]
oc = json.load(open(sys.argv[1]))
print("BOIN OC (target 0.3, truth %s, 10000 trials each): selected aegrade / R get.oc loop" % sys.argv[2])
for i, d in enumerate(oc["doses"]):
    p, q = d["selected"], theirs[0][i]
    se = math.sqrt(d["selectedError"] ** 2 + q * (1 - q) / 10000)
    print("  dose %d: %.4f / %.4f (z = %+.2f); subjects %.2f / %.2f" % (i + 1, p, q, (p - q) / se if se > 0 else 0, d["subjects"], theirs[1][i]))
' "${TMPDIR:-/tmp}/aegrade-boin-oc.json" "$truth"
exit $status
