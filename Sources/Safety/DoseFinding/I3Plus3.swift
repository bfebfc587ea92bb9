/// The i3+3 design (Liu, Wang & Ji, Stat Med 2020;39:3856–3867, doi:10.1002/sim.8696; R FIND
/// `get_decision_i3plus3`).
///
/// With p̂ = y/n at the current dose and EI = [φ − ε1, φ + ε2] (closed): p̂ below the EI →
/// escalate; inside → stay; above → stay when (y − 1)/n is below the EI (one DLT fewer would have
/// been under-dosing), otherwise de-escalate. Ratios are compared with a tolerance of 1e-9, so a
/// p̂ on the interval's edge (1/4 against 0.3 − 0.05) counts as inside, as it does for decimal inputs.
package struct I3Plus3: IntervalDesign, Equatable {
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

    package func move(treated n: Int, dlts y: Int) -> (DoseAction, String) {
        let low = target - eps1, high = target + eps2, tolerance = 1e-9
        let rate = Double(y) / Double(n)
        let ei = "[\(decimalText(low)), \(decimalText(high))]"
        if rate < low - tolerance { return (.escalate, "y/n = \(y)/\(n) below the EI \(ei): escalate") }
        if rate <= high + tolerance { return (.stay, "y/n = \(y)/\(n) inside the EI \(ei): stay") }
        if Double(y - 1) / Double(n) < low - tolerance {
            return (.stay, "y/n = \(y)/\(n) above the EI \(ei) but (y − 1)/n = \(y - 1)/\(n) below it: stay")
        }
        return (.deescalate, "y/n = \(y)/\(n) above the EI \(ei) and (y − 1)/n = \(y - 1)/\(n) not below it: de-escalate")
    }
}
