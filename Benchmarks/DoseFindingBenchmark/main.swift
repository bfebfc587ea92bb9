// Dose-finding benchmark (issue 20, "Numbers"): prints seconds, medians of repeated runs.
//
// 1. A BOIN decision table for n = 1 … 30 (φ = 0.30): the boundaries and 30 rows of elimination
//    counts, each an incomplete beta tail.
// 2. Exact 3+3 operating characteristics for 5 doses: every cohort outcome path enumerated.
// 3. BOIN simulated operating characteristics, 10,000 trials of 30 subjects at 4 doses.
//
// Run with Benchmarks/dose-finding.sh (release build), which prints R's figures beside these.
import Foundation
import Safety

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<runs { times.append(try seconds(body)) }
    times.sort()
    return times[times.count / 2]
}

var sink = 0
let table = try median(21) {
    let design = DoseFindingDesign.boin(try BOIN(target: 0.3))
    sink += DecisionTable(design: design, maxSubjects: 30).rows.count
}
let threePlusThree = DoseFindingPlan(doses: (1...5).map { DoseLevel(label: "\($0)", dose: "\($0)") },
                                     design: .threePlusThree(ThreePlusThree(expandTopDose: false, deescalation: .stops)), maxSubjects: 30)
let exact = median(21) {
    sink += threePlusThree.exactOperatingCharacteristics(truth: [0.05, 0.12, 0.25, 0.40, 0.55])?.selected.count ?? 0
}
let boin = DoseFindingPlan(doses: (1...4).map { DoseLevel(label: "\($0)", dose: "\($0)") }, design: .boin(try BOIN(target: 0.3)), maxSubjects: 30)
let simulation = median(3) {
    sink += boin.simulatedOperatingCharacteristics(truth: [0.05, 0.12, 0.25, 0.40], trials: 10_000, seed: 1)?.selected.count ?? 0
}
print(String(format: "aegrade boin table n <= 30: %.6f s", table))
print(String(format: "aegrade exact 3+3 OC, 5 doses: %.6f s", exact))
print(String(format: "aegrade boin simulated OC, 10000 trials, 4 doses: %.6f s", simulation))
if sink == 0 { print("") }
