import Foundation

/// The Bayesian optimal interval design (Liu & Yuan, J R Stat Soc C 2015;64:507–523,
/// doi:10.1111/rssc.12089; R package BOIN, `get.boundary`).
///
/// φ is the target DLT rate; φ1 (default 0.6φ) the highest rate deemed sub-therapeutic, φ2
/// (default 1.4φ) the lowest deemed overly toxic. The boundaries
///
///     λe = log((1 − φ1)/(1 − φ)) / log(φ(1 − φ1) / (φ1(1 − φ)))
///     λd = log((1 − φ)/(1 − φ2)) / log(φ2(1 − φ) / (φ(1 − φ2)))
///
/// decide at the current dose with y DLTs of n: escalate if y/n ≤ λe; de-escalate if y/n > λd
/// (strictly: y = λd·n stays, as R BOIN does since 2.7.2 although its help says "≥"); otherwise
/// stay. With ``Elimination`` on top, the de-escalation count is capped at the elimination count.
package struct BOIN: IntervalDesign, Equatable {
    /// φ, the target DLT rate.
    package let target: Double
    /// φ1, the highest DLT rate deemed sub-therapeutic.
    package let phi1: Double
    /// φ2, the lowest DLT rate deemed overly toxic.
    package let phi2: Double
    /// The elimination rule on top of the boundaries.
    package let elimination: Elimination

    /// Checks the inputs as R BOIN does: 0.05 ≤ φ ≤ 0.6, φ − φ1 ≥ 0.1φ, φ2 − φ ≥ 0.1φ.
    package init(target: Double, phi1: Double? = nil, phi2: Double? = nil, elimination: Elimination = Elimination()) throws(DoseFindingError) {
        let phi1 = phi1 ?? 0.6 * target, phi2 = phi2 ?? 1.4 * target
        guard target >= 0.05, target <= 0.6 else { throw DoseFindingError("the target must be from 0.05 to 0.6, found \(decimalText(target))") }
        guard phi1 > 0, target - phi1 >= 0.1 * target else {
            throw DoseFindingError("phi1 must be above 0 and at most 0.9 × the target (\(decimalText(0.9 * target))), found \(decimalText(phi1))")
        }
        guard phi2 < 1, phi2 - target >= 0.1 * target else {
            throw DoseFindingError("phi2 must be below 1 and at least 1.1 × the target (\(decimalText(1.1 * target))), found \(decimalText(phi2))")
        }
        try elimination.validate()
        self.target = target
        self.phi1 = phi1
        self.phi2 = phi2
        self.elimination = elimination
    }

    /// λe: escalate while y/n ≤ λe.
    package var lambdaE: Double {
        log((1 - phi1) / (1 - target)) / log(target * (1 - phi1) / (phi1 * (1 - target)))
    }

    /// λd: de-escalate once y/n > λd.
    package var lambdaD: Double {
        log((1 - target) / (1 - phi2)) / log(phi2 * (1 - target) / (target * (1 - phi2)))
    }

    /// Escalate, stay or de-escalate by λe and λd, with the comparison in words.
    package func move(treated n: Int, dlts y: Int) -> (DoseAction, String) {
        let rate = "y/n = \(y)/\(n)"
        if Double(y) <= lambdaE * Double(n) { return (.escalate, "\(rate) ≤ λe = \(decimalText(lambdaE, digits: 4)): escalate") }
        if Double(y) > lambdaD * Double(n) { return (.deescalate, "\(rate) > λd = \(decimalText(lambdaD, digits: 4)): de-escalate") }
        return (.stay, "λe < \(rate) ≤ λd: stay")
    }
}
