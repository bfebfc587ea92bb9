/// A protocol's dose-finding section: the dose levels, the design and how the trial is run.
///
/// 3+3 fixes its own cohort size (3) and ends by its rules; the interval designs treat cohorts of
/// ``cohortSize`` up to ``maxSubjects`` subjects, and stop early once the current dose holds
/// ``stopAtSubjectsOnDose`` subjects and the design would stay there (R BOIN `n.earlystop`).
package struct DoseFindingPlan: Sendable, Equatable {
    /// Lowest first; the trial starts at the first.
    package let doses: [DoseLevel]
    package let design: DoseFindingDesign
    /// Subjects per cohort (always 3 for 3+3).
    package let cohortSize: Int
    /// The trial's maximum sample size, and the last row of its decision table.
    package let maxSubjects: Int
    /// The number of subjects at one dose that stops the trial when the design would stay there.
    package let stopAtSubjectsOnDose: Int?

    package init(doses: [DoseLevel], design: DoseFindingDesign, cohortSize: Int = 3, maxSubjects: Int, stopAtSubjectsOnDose: Int? = nil) {
        self.doses = doses
        self.design = design
        if case .threePlusThree = design { self.cohortSize = 3 } else { self.cohortSize = cohortSize }
        self.maxSubjects = maxSubjects
        self.stopAtSubjectsOnDose = stopAtSubjectsOnDose
    }

    /// The largest number of subjects one trial can have: ``maxSubjects``, or 6 per dose for 3+3.
    package var subjectLimit: Int {
        if case .threePlusThree = design { return 6 * doses.count }
        return maxSubjects
    }

    /// The decision table the protocol carries (n = 1 … ``maxSubjects``).
    package var decisionTable: DecisionTable { DecisionTable(design: design, maxSubjects: maxSubjects) }

    /// The next step after the data in `state` (the counts after the last cohort at
    /// `state.current`); moves `state.current` and records eliminations.
    ///
    /// For the interval designs, in this order: the decision at the current dose; elimination (the
    /// trial stops when it is the lowest dose); the extra-safe rule at the lowest dose; the maximum
    /// sample size; the move — escalate unless at the top or the next dose is closed, de-escalate
    /// unless at the lowest — and the early stop when the move stays with ``stopAtSubjectsOnDose``
    /// subjects at the dose. This is R BOIN `get.oc`'s order; its outcomes equal these.
    package func advance(_ state: inout DoseFindingState) -> DoseFindingStep {
        guard let interval = design.interval else {
            if case .threePlusThree(let design) = design { return design.advance(&state) }
            return .stop(.maximumSampleSize, decision: nil)
        }
        let dose = state.current, counts = state.counts[dose]
        guard counts.treated > 0 else { return .treat(dose: dose, decision: nil) }
        let decision = interval.decision(treated: counts.treated, dlts: counts.dlts)
        if decision.action == .eliminate {
            state.eliminatedFrom = min(state.eliminatedFrom ?? dose, dose)
            if dose == 0 { return .stop(.lowestDoseEliminated, decision: decision) }
        }
        if dose == 0, interval.elimination.stopsAtLowestDose(target: interval.target, treated: counts.treated, dlts: counts.dlts) {
            return .stop(.lowestDoseTooToxic, decision: decision)
        }
        if state.totalTreated >= maxSubjects { return .stop(.maximumSampleSize, decision: decision) }
        var next = dose
        switch decision.action {
        case .escalate: if dose + 1 < state.counts.count, !state.isClosed(dose + 1) { next = dose + 1 }
        case .deescalate, .eliminate: if dose > 0 { next = dose - 1 }
        case .stay: break
        }
        if next == dose, let limit = stopAtSubjectsOnDose, counts.treated >= limit {
            return .stop(.subjectsAtDose(limit), decision: decision)
        }
        state.current = next
        return .treat(dose: next, decision: decision)
    }

    /// The dose selected at the end of a trial that stopped for `stop`: the 3+3 recommendation, or
    /// for the interval designs the isotonic estimate closest to the target (``IsotonicSelection``).
    package func selectedDose(_ state: DoseFindingState, stop: DoseFindingStop) -> Int? {
        if case .threePlusThree(let recommend) = stop { return recommend }
        guard !stop.selectsNone, let interval = design.interval else { return nil }
        return IsotonicSelection.mtd(counts: state.counts, target: interval.target, elimination: interval.elimination)
    }
}
