/// What the data at the current dose say the next cohort should get.
///
/// Every design in this folder decides among these four. `eliminate` closes the dose and every
/// higher dose for the rest of the trial and moves down one dose (or stops the trial at the lowest
/// dose), so it includes a de-escalation (Liu & Yuan 2015, section 2.3).
package enum DoseAction: String, Sendable, CaseIterable, Equatable {
    case escalate, stay, deescalate, eliminate

    /// The letter the peers print in a decision table (E, S, D, DU — "dose unacceptable").
    package var letter: String {
        switch self {
        case .escalate: "E"
        case .stay: "S"
        case .deescalate: "D"
        case .eliminate: "DU"
        }
    }

    /// Whether the next cohort goes lower than this dose.
    package var movesDown: Bool { self == .deescalate || self == .eliminate }
}

/// A decision at one dose and why it was taken: the cell of the design's table, or the step of
/// the 3+3 rules.
package struct DoseDecision: Sendable, Equatable {
    package let action: DoseAction
    package let reason: Reason

    package init(_ action: DoseAction, _ reason: Reason) {
        self.action = action
        self.reason = reason
    }

    /// Why the decision was taken.
    package enum Reason: Sendable, Equatable {
        /// A cell of an interval design's table: `dlts` of `treated` subjects, and the rule that
        /// cell falls under, in words (`y/n = 1/6 ≤ λe = 0.2365`).
        case cell(treated: Int, dlts: Int, rule: String)
        /// A step of the 3+3 rules (Korn et al. 1994).
        case threePlusThree(ThreePlusThree.Step)
    }

    /// The reason in one line.
    package var reasonText: String {
        switch reason {
        case .cell(let n, let y, let rule): "\(y) of \(n) with a DLT: \(rule)"
        case .threePlusThree(let step): step.text
        }
    }
}
