import Clinical

/// What BOIN, mTPI-2 and i3+3 share: the decision at the current dose is a function of (n, y) at
/// that dose alone, so the whole design fits in a table of n = 1 … N rows, and the elimination rule.
///
/// Every implementation guarantees that its decisions are monotone in y at each n — escalate for
/// y ≤ E(n), de-escalate from D(n), eliminate from L(n), stay between — so that a row of three
/// counts states it exactly (`DecisionTable.Row`); the tests check the cells against the counts.
package protocol IntervalDesign: Sendable {
    /// φ, the target DLT rate.
    var target: Double { get }
    var elimination: Elimination { get }
    /// The decision before elimination (escalate, stay or de-escalate) and the rule in words.
    func move(treated n: Int, dlts y: Int) -> (DoseAction, String)
}

extension IntervalDesign {
    /// The decision at one dose with `y` DLTs among `n` evaluated (n ≥ 1, 0 ≤ y ≤ n): eliminate
    /// when the elimination rule says so, otherwise the design's move.
    package func decision(treated n: Int, dlts y: Int) -> DoseDecision {
        if elimination.eliminates(target: target, treated: n, dlts: y) {
            let exceedance = Elimination.exceedance(target: target, treated: n, dlts: y)
            return DoseDecision(.eliminate, .cell(treated: n, dlts: y, rule:
                "P(p > \(decimalText(target)) | data) = \(decimalText(exceedance, digits: 4)) > \(decimalText(elimination.cutoff)): eliminate this dose and every higher dose"))
        }
        let (action, rule) = move(treated: n, dlts: y)
        return DoseDecision(action, .cell(treated: n, dlts: y, rule: rule))
    }
}

/// A number as the tables print it: whole numbers without a decimal point, others with at most
/// `digits` decimals (JSON keeps full precision).
func decimalText(_ value: Double, digits: Int = 6) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    return JSONValue.format((value * scale).rounded() / scale)
}
