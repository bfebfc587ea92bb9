/// The modified toxicity probability interval design, mTPI-2 (Guo, Wang, Ji, Yuan & Xu, Contemp Clin
/// Trials 2017;58:23–33, doi:10.1016/j.cct.2017.04.006).
///
/// The posterior of the DLT rate at the current dose is Beta(1 + y, 1 + n − y). The equivalence
/// interval EI = [φ − ε1, φ + ε2] stays; the ranges below and above it are cut into sub-intervals
/// as wide as the EI, tiled outward from it, the pieces that reach 0 and 1 truncated there. The
/// sub-interval with the largest unit probability mass (posterior mass ÷ its length) decides by
/// where it lies: below the EI → escalate, the EI → stay, above → de-escalate. Equal masses go to
/// the lowest interval, as R FIND's `which.max` does (a tie has probability zero outside n = 0).
package struct MTPI2: IntervalDesign, Equatable {
    /// φ, the target DLT rate.
    package let target: Double
    /// The equivalence interval reaches φ − ε1 below …
    package let eps1: Double
    /// … and φ + ε2 above.
    package let eps2: Double
    /// The exclusion ("dose unacceptable") rule.
    package let elimination: Elimination

    package init(target: Double, eps1: Double = 0.05, eps2: Double = 0.05, elimination: Elimination = Elimination()) throws(DoseFindingError) {
        try checkEquivalenceInterval(target: target, eps1: eps1, eps2: eps2)
        try elimination.validate()
        self.target = target
        self.eps1 = eps1
        self.eps2 = eps2
        self.elimination = elimination
    }

    /// The intervals in ascending order, each with where it lies relative to the EI.
    package var intervals: [(lower: Double, upper: Double, action: DoseAction)] {
        let low = target - eps1, high = target + eps2, width = eps1 + eps2
        // Whole pieces are counted with a tolerance, so that 0.2 / 0.1 is 2 pieces, not 2 and a
        // zero-width third (the tpidesigns failure at φ = 0.25, ε = 0.05).
        let below = Int((low / width - 1e-9).rounded(.up)), above = Int(((1 - high) / width - 1e-9).rounded(.up))
        var result: [(Double, Double, DoseAction)] = []
        for k in stride(from: below, through: 1, by: -1) {
            result.append((max(0, low - Double(k) * width), low - Double(k - 1) * width, .escalate))
        }
        result.append((low, high, .stay))
        for k in 1...max(above, 1) where above >= 1 {
            result.append((high + Double(k - 1) * width, min(1, high + Double(k) * width), .deescalate))
        }
        return result
    }

    package func move(treated n: Int, dlts y: Int) -> (DoseAction, String) {
        // Counts that cannot be are taken as the nearest that can (see Elimination.exceedance).
        let n = max(n, 0), y = min(max(y, 0), n)
        let a = Double(1 + y), b = Double(1 + n - y)
        func upper(_ x: Double) -> Double { x <= 0 ? 1 : x >= 1 ? 0 : IncompleteBeta.upperTail(x: x, a: a, b: b) }
        var best: (lower: Double, upper: Double, action: DoseAction, upm: Double)?
        for interval in intervals {
            let upm = (upper(interval.lower) - upper(interval.upper)) / (interval.upper - interval.lower)
            if upm > (best?.upm ?? -.infinity) { best = (interval.lower, interval.upper, interval.action, upm) }
        }
        guard let best else { return (.stay, "no interval") }
        let name = "(\(decimalText(best.lower, digits: 4)), \(decimalText(best.upper, digits: 4))]"
        let word = switch best.action {
        case .escalate: "escalate"
        case .deescalate, .eliminate: "de-escalate"
        case .stay: "stay"
        }
        let place = best.action == .stay ? "the EI" : best.action == .escalate ? "below the EI" : "above the EI"
        return (best.action, "largest unit probability mass in \(name), \(place): \(word)")
    }
}

/// The equivalence interval's checks shared by mTPI-2 and i3+3: 0.05 ≤ φ ≤ 0.6, ε1, ε2 > 0, and
/// the interval inside (0, 1).
func checkEquivalenceInterval(target: Double, eps1: Double, eps2: Double) throws(DoseFindingError) {
    guard target >= 0.05, target <= 0.6 else { throw DoseFindingError("the target must be from 0.05 to 0.6, found \(decimalText(target))") }
    guard eps1 > 0, target - eps1 > 0 else { throw DoseFindingError("eps1 must be above 0 and below the target, found \(decimalText(eps1))") }
    guard eps2 > 0, target + eps2 < 1 else { throw DoseFindingError("eps2 must be above 0 and below 1 − the target, found \(decimalText(eps2))") }
}
