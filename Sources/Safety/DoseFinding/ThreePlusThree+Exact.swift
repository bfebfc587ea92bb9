/// Exact operating characteristics of 3+3 (as R escalation and Python clintrials compute them):
/// every sequence of cohort outcomes (0–3 DLTs per cohort of 3) until the rules stop is
/// enumerated, each weighted by its binomial probability. Each dose takes at most 6 subjects, so
/// a trial has at most 2 cohorts per dose and the enumeration ends; the probabilities of selecting
/// each dose or none sum to 1.
extension DoseFindingPlan {
    /// The exact operating characteristics when the true DLT rates are `truth` (one per dose, in
    /// 0 … 1); nil for a design that is not 3+3 or when `truth` does not have one rate per dose.
    package func exactOperatingCharacteristics(truth: [Double]) -> DoseFindingOC? {
        guard case .threePlusThree = design, truth.count == doses.count, !truth.isEmpty,
              truth.allSatisfy({ $0 >= 0 && $0 <= 1 }) else { return nil }
        // P(k DLTs of 3) at each dose.
        let outcome = truth.map { p in (0...3).map { k in Double([1, 3, 3, 1][k]) * pow(p, k) * pow(1 - p, 3 - k) } }
        var selected = [Double](repeating: 0, count: truth.count), none = 0.0
        var subjects = selected, dlts = selected
        var paths = 0
        func explore(_ state: DoseFindingState, weight: Double, depth: Int) {
            var state = state
            let step = advance(&state)
            switch step {
            case .stop(let stop, _):
                paths += 1
                if let dose = selectedDose(state, stop: stop) { selected[dose] += weight } else { none += weight }
                for (index, counts) in state.counts.enumerated() {
                    subjects[index] += weight * Double(counts.treated)
                    dlts[index] += weight * Double(counts.dlts)
                }
            case .treat(let dose, _):
                // 2 cohorts per dose at most: deeper means the rules looped, which they cannot.
                guard depth <= 2 * truth.count else { return }
                for k in 0...3 where outcome[dose][k] > 0 {
                    var next = state
                    next.record(dose: dose, treated: 3, dlts: k)
                    explore(next, weight: weight * outcome[dose][k], depth: depth + 1)
                }
            }
        }
        explore(DoseFindingState(doses: truth.count), weight: 1, depth: 0)
        return DoseFindingOC(truth: truth, method: .exact(paths: paths), selected: selected.map { .init($0) }, noneSelected: .init(none),
                             subjects: subjects.map { .init($0) }, dlts: dlts.map { .init($0) },
                             totalSubjects: .init(subjects.reduce(0, +)), totalDLTs: .init(dlts.reduce(0, +)))
    }
}

/// p^k for a small whole k (exact for p = 0 and p = 1, where Foundation's pow is too).
private func pow(_ p: Double, _ k: Int) -> Double {
    var result = 1.0
    for _ in 0..<max(k, 0) { result *= p }
    return result
}
