/// The dose-escalation designs a protocol may name (CDE 2021 guideline for immune cell therapy
/// trials, II.(二).2.(3), names 3+3, mTPI and BOIN; mTPI-2 and i3+3 are their successors).
package enum DoseFindingDesign: Sendable, Equatable {
    case threePlusThree(ThreePlusThree)
    case boin(BOIN)
    case mtpi2(MTPI2)
    case i3plus3(I3Plus3)

    /// The names used in a protocol and on the command line.
    package enum Name: String, Sendable, CaseIterable {
        case threePlusThree = "3+3"
        case boin
        case mtpi2
        case i3plus3 = "i3+3"
    }

    package var name: Name {
        switch self {
        case .threePlusThree: .threePlusThree
        case .boin: .boin
        case .mtpi2: .mtpi2
        case .i3plus3: .i3plus3
        }
    }

    /// The interval design, or nil for 3+3.
    package var interval: (any IntervalDesign)? {
        switch self {
        case .threePlusThree: nil
        case .boin(let design): design
        case .mtpi2(let design): design
        case .i3plus3(let design): design
        }
    }

    /// The decision at one dose with y DLTs of n (nil for 3+3 where it has none at that n).
    package func decision(treated n: Int, dlts y: Int) -> DoseDecision? {
        guard n >= 1, y >= 0, y <= n else { return nil }
        switch self {
        case .threePlusThree(let design): return design.decision(treated: n, dlts: y)
        case .boin(let design): return design.decision(treated: n, dlts: y)
        case .mtpi2(let design): return design.decision(treated: n, dlts: y)
        case .i3plus3(let design): return design.decision(treated: n, dlts: y)
        }
    }

    /// The design and its parameters in one line.
    package var title: String {
        switch self {
        case .threePlusThree(let design):
            "3+3 (\(design.variantText))"
        case .boin(let design):
            "boin target \(decimalText(design.target)), phi1 \(decimalText(design.phi1)), phi2 \(decimalText(design.phi2)) "
                + "(λe = \(decimalText(design.lambdaE, digits: 4)), λd = \(decimalText(design.lambdaD, digits: 4))); \(design.elimination.text(target: design.target))"
        case .mtpi2(let design):
            "mtpi2 target \(decimalText(design.target)), EI [\(decimalText(design.target - design.eps1)), \(decimalText(design.target + design.eps2))] "
                + "(eps1 \(decimalText(design.eps1)), eps2 \(decimalText(design.eps2))); \(design.elimination.text(target: design.target))"
        case .i3plus3(let design):
            "i3+3 target \(decimalText(design.target)), EI [\(decimalText(design.target - design.eps1)), \(decimalText(design.target + design.eps2))] "
                + "(eps1 \(decimalText(design.eps1)), eps2 \(decimalText(design.eps2))); \(design.elimination.text(target: design.target))"
        }
    }

    /// Which side of each boundary a count falls on, in words (README, "Dose finding").
    package var convention: String {
        switch self {
        case .threePlusThree:
            "3+3 decides after 3 and after 6 subjects; escalate if y ≤ the first count, de-escalate (closing the dose) if y ≥ the second; "
                + "1 of 3 stays for 3 more; the step also depends on the neighbouring doses"
        case .boin:
            "escalate if y ≤ E (y/n ≤ λe); de-escalate if y ≥ D (y/n > λd, strictly); eliminate if y ≥ L; otherwise stay"
        case .mtpi2:
            "escalate if y ≤ E, de-escalate if y ≥ D (the interval of largest unit probability mass); eliminate if y ≥ L; otherwise stay"
        case .i3plus3:
            "escalate if y ≤ E (y/n below the EI); de-escalate if y ≥ D; eliminate if y ≥ L; otherwise stay (the EI is closed)"
        }
    }
}
