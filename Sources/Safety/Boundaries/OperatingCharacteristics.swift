/// How a boundary behaves when the true toxicity rate is `rate` (its probability of stopping and expected
/// number of subjects, as in Ivanova, Qaqish & Schell, Biometrics 2005;61:540–545), computed
/// exactly by dynamic programming over (n, x) for the paths that have not yet stopped.
package struct OperatingCharacteristics: Sendable, Equatable {
    /// The true toxicity rate.
    package let rate: Double
    /// P(stop at n) for n = 1 … N.
    package let stopAt: [Double]
    /// P(no stop by N): the trial reaches N evaluable subjects.
    package let continueProbability: Double
    /// Expected number of evaluable subjects treated (N when the trial never stops).
    package let expectedSubjects: Double
    /// Expected number of subjects with the toxicity among them.
    package let expectedToxicities: Double

    /// P(stop by N) = Σ P(stop at n).
    package var stopProbability: Double { stopAt.reduce(0, +) }
}

extension StoppingBoundary {
    /// The exact operating characteristics at a true rate `rate` in [0, 1].
    ///
    /// The state is the probability of each toxicity count x among the first n subjects on the paths
    /// that have not stopped; one step adds a subject (x stays with 1 − p, rises with p), then the
    /// mass at x ≥ b_n stops. O(N²) additions, no cancellation.
    package func operatingCharacteristics(rate p: Double) -> OperatingCharacteristics {
        let n = values.count
        var mass = [Double](repeating: 0, count: n + 2)
        mass[0] = 1
        var stopAt = [Double](repeating: 0, count: n)
        var expectedSubjects = 0.0, expectedToxicities = 0.0
        let q = 1 - p
        for step in 1...max(n, 1) where n > 0 {
            // Add subject `step`: counts 0 … step.
            for x in stride(from: step, through: 1, by: -1) { mass[x] = mass[x] * q + mass[x - 1] * p }
            mass[0] *= q
            let b = values[step - 1]
            var stopped = 0.0
            if b <= step {
                for x in max(b, 0)...step {
                    stopped += mass[x]
                    expectedToxicities += Double(x) * mass[x]
                    mass[x] = 0
                }
            }
            stopAt[step - 1] = stopped
            expectedSubjects += Double(step) * stopped
        }
        var remaining = 0.0
        for x in 0...n {
            remaining += mass[x]
            expectedToxicities += Double(x) * mass[x]
        }
        expectedSubjects += Double(n) * remaining
        return OperatingCharacteristics(rate: p, stopAt: stopAt, continueProbability: remaining,
                                        expectedSubjects: expectedSubjects, expectedToxicities: expectedToxicities)
    }

    /// The probability of crossing the boundary at some n ≤ N when the true rate is `rate`.
    package func crossingProbability(rate: Double) -> Double {
        operatingCharacteristics(rate: rate).stopProbability
    }
}
