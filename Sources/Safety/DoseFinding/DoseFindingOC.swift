/// A design's operating characteristics at one scenario of true DLT rates: per dose, the
/// probability that it is selected (recommended as the MTD), and the expected numbers of subjects
/// and of DLTs; exact for 3+3, estimated by simulation for the interval designs, with one Monte
/// Carlo standard error beside each estimate.
package struct DoseFindingOC: Sendable, Equatable {
    /// The true DLT rate at each dose, lowest first.
    package let truth: [Double]
    package let method: Method
    /// P(dose d is selected), per dose.
    package let selected: [Estimate]
    /// P(no dose is selected: the trial stopped for toxicity at the lowest dose).
    package let noneSelected: Estimate
    /// Expected subjects treated, per dose.
    package let subjects: [Estimate]
    /// Expected subjects with a DLT, per dose.
    package let dlts: [Estimate]
    /// Expected subjects in the trial.
    package let totalSubjects: Estimate
    /// Expected subjects with a DLT in the trial.
    package let totalDLTs: Estimate

    /// How the figures were obtained.
    package enum Method: Sendable, Equatable {
        /// Every cohort outcome path enumerated, each weighted by its binomial probability.
        case exact(paths: Int)
        /// `trials` simulated trials from `seed`.
        case simulation(trials: Int, seed: UInt64)
    }

    /// A figure and its Monte Carlo standard error (nil when exact).
    package struct Estimate: Sendable, Equatable {
        package let value: Double
        package let standardError: Double?

        package init(_ value: Double, standardError: Double? = nil) {
            self.value = value
            self.standardError = standardError
        }
    }
}

/// Running sums for the mean and standard error of one figure over simulated trials.
struct RunningMean {
    private(set) var count = 0
    private var sum = 0.0, sumOfSquares = 0.0

    mutating func add(_ value: Double) {
        count += 1
        sum += value
        sumOfSquares += value * value
    }

    /// The mean and its standard error s/√T (0 for fewer than two trials).
    var estimate: DoseFindingOC.Estimate {
        guard count > 0 else { return .init(0, standardError: 0) }
        let mean = sum / Double(count)
        guard count > 1 else { return .init(mean, standardError: 0) }
        let variance = max(0, (sumOfSquares - Double(count) * mean * mean) / Double(count - 1))
        return .init(mean, standardError: (variance / Double(count)).squareRoot())
    }
}
