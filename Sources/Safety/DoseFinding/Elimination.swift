/// The safety rule the interval designs share (Liu & Yuan 2015, section 2.3; Guo et al. 2017; Liu
/// et al. 2020): with a uniform Beta(1, 1) prior the posterior of the DLT rate at a dose with y DLTs
/// of n is Beta(y + 1, n − y + 1); when P(p > φ | data) > `cutoff` and n ≥ `minSubjects`, the dose
/// and every higher dose are eliminated, and the trial stops when it is the lowest dose.
///
/// Convention: strictly greater than the cut-off (`>`), from n = `minSubjects` on (3, as in R BOIN
/// and FIND; R escalation uses 2 and tpidesigns any n, which changes decisions at n = 1 and 2).
///
/// The extra-safe option (R BOIN `extrasafe`) also stops the trial when, at the lowest dose with
/// n ≥ `minSubjects`, P(p > φ | data) > `cutoff` − `extraSafeOffset`.
package struct Elimination: Sendable, Equatable {
    /// Eliminate when P(p > φ | data) exceeds this (default 0.95).
    package var cutoff: Double
    /// The fewest subjects at a dose before it can be eliminated (default 3).
    package var minSubjects: Int
    /// Whether the stricter stop at the lowest dose applies.
    package var extraSafe: Bool
    /// How much lower the extra-safe cut-off is (default 0.05, as R BOIN `offset`).
    package var extraSafeOffset: Double

    package init(cutoff: Double = 0.95, minSubjects: Int = 3, extraSafe: Bool = false, extraSafeOffset: Double = 0.05) {
        self.cutoff = cutoff
        self.minSubjects = minSubjects
        self.extraSafe = extraSafe
        self.extraSafeOffset = extraSafeOffset
    }

    /// P(p > φ | y DLTs of n) under the Beta(1, 1) prior. Counts that cannot be (y < 0, y > n)
    /// are taken as the nearest that can, so that no data read from elsewhere can stop the program.
    package static func exceedance(target: Double, treated n: Int, dlts y: Int) -> Double {
        let n = max(n, 0), y = min(max(y, 0), n)
        return IncompleteBeta.upperTail(x: target, a: Double(y + 1), b: Double(n - y + 1))
    }

    /// Whether y DLTs of n eliminate the dose.
    package func eliminates(target: Double, treated n: Int, dlts y: Int) -> Bool {
        n >= minSubjects && n >= 1 && Self.exceedance(target: target, treated: n, dlts: y) > cutoff
    }

    /// Whether y DLTs of n at the lowest dose stop the trial under the extra-safe rule.
    package func stopsAtLowestDose(target: Double, treated n: Int, dlts y: Int) -> Bool {
        extraSafe && n >= minSubjects && n >= 1 && Self.exceedance(target: target, treated: n, dlts: y) > cutoff - extraSafeOffset
    }

    /// The smallest y that eliminates at n, or nil when none does (n below the minimum, or even
    /// y = n is not enough). The exceedance grows with y, so the first y found is the boundary.
    package func eliminationCount(target: Double, treated n: Int) -> Int? {
        (0...max(n, 0)).first { eliminates(target: target, treated: n, dlts: $0) }
    }

    /// The smallest y that stops the trial at the lowest dose under the extra-safe rule, or nil.
    package func lowestDoseStopCount(target: Double, treated n: Int) -> Int? {
        (0...max(n, 0)).first { stopsAtLowestDose(target: target, treated: n, dlts: $0) }
    }

    /// The rule in one line.
    package func text(target: Double) -> String {
        "eliminate when P(p > \(decimalText(target)) | data) > \(decimalText(cutoff)) with n ≥ \(minSubjects)"
            + (extraSafe ? "; extra-safe: stop at the lowest dose when it is > \(decimalText(cutoff - extraSafeOffset))" : "")
    }

    /// Refuses a cut-off outside (0.5, 1), a minimum n outside 1 … 1000 or an offset outside (0, 0.5).
    package func validate() throws(DoseFindingError) {
        guard cutoff > 0.5, cutoff < 1 else { throw DoseFindingError("the elimination cut-off must be between 0.5 and 1 (exclusive), found \(decimalText(cutoff))") }
        guard (1...1000).contains(minSubjects) else { throw DoseFindingError("the elimination minimum n must be from 1 to 1000, found \(minSubjects)") }
        guard extraSafeOffset > 0, extraSafeOffset < 0.5 else {
            throw DoseFindingError("the extra-safe offset must be between 0 and 0.5 (exclusive), found \(decimalText(extraSafeOffset))")
        }
    }
}
