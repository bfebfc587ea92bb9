/// The 3+3 design (Storer, Biometrics 1989;45:925–937; as summarised by Korn et al., Stat Med
/// 1994;13:1799–1806; R escalation `get_three_plus_three`, Python clintrials).
///
/// Cohorts of 3 from the lowest dose: 0 of 3 with a DLT → escalate; 1 of 3 → 3 more at the same
/// dose; ≤ 1 of 6 → escalate; ≥ 2 (of 3 or of 6) → the dose is above the MTD, it and every higher
/// dose are closed, and the next lower dose is recommended (none below the lowest dose). At the top
/// dose, 0 of 3 or ≤ 1 of 6 stops and recommends it.
///
/// Two variants change the operating characteristics, so a protocol must name both:
/// - ``expandTopDose``: whether 0 of 3 at the top dose adds 3 more before it is recommended;
/// - ``deescalation``: after ≥ 2 DLTs, whether the trial continues at the next lower dose while it
///   has fewer than 6 subjects (`continues`), or stops and recommends it at once (`stops`).
///
/// A table of (n, y) alone cannot hold the design: the step also depends on the doses above and
/// below, which ``advance(_:)`` reads from the state.
package struct ThreePlusThree: Sendable, Equatable {
    package let expandTopDose: Bool
    package let deescalation: Deescalation

    package init(expandTopDose: Bool, deescalation: Deescalation) {
        self.expandTopDose = expandTopDose
        self.deescalation = deescalation
    }

    /// What happens after ≥ 2 DLTs at a dose above the lowest.
    package enum Deescalation: String, Sendable, CaseIterable, Equatable {
        /// The next lower dose gets 3 more when it has fewer than 6, and is recommended once it
        /// has 6 with at most 1 DLT.
        case continues = "continue"
        /// The trial stops and recommends the next lower dose as it stands.
        case stops = "stop"
    }

    /// The 3+3 steps, each a rule of the design in words.
    package enum Step: Sendable, Equatable {
        /// 0 of 3: escalate.
        case noneOfThree
        /// 1 of 3: 3 more at this dose.
        case oneOfThree
        /// ≤ 1 of 6 (or more): escalate.
        case atMostOneOfSix(treated: Int)
        /// ≥ 2: above the MTD.
        case twoOrMore(treated: Int, dlts: Int)
        /// 0 of 3 at the top dose with the expansion variant: 3 more before it is recommended.
        case topDoseExpanded
        /// Fewer than a whole cohort: complete it at this dose.
        case cohortIncomplete(treated: Int)

        package var text: String {
            switch self {
            case .noneOfThree: "0 of 3 with a DLT: escalate"
            case .oneOfThree: "1 of 3 with a DLT: 3 more at this dose"
            case .atMostOneOfSix(let n): "at most 1 of \(n) with a DLT: escalate"
            case .twoOrMore(let n, let y): "\(y) of \(n) with a DLT (≥ 2): above the MTD; close it and every higher dose, recommend the next lower dose"
            case .topDoseExpanded: "0 of 3 with a DLT at the top dose: 3 more before it is recommended (top dose expanded)"
            case .cohortIncomplete(let n): "\(n) of the cohort evaluated: complete the cohort of 3 at this dose"
            }
        }
    }

    /// The decision at one dose for y DLTs of n, without the context of the other doses (nil for
    /// n = 0): what the table shows. Decisions exist at n = 3 and n ≥ 6; other n wait for the cohort.
    package func decision(treated n: Int, dlts y: Int) -> DoseDecision? {
        guard n > 0 else { return nil }
        if y >= 2 { return DoseDecision(.eliminate, .threePlusThree(.twoOrMore(treated: n, dlts: y))) }
        switch n {
        case 3: return y == 0 ? DoseDecision(.escalate, .threePlusThree(.noneOfThree)) : DoseDecision(.stay, .threePlusThree(.oneOfThree))
        case 6...: return DoseDecision(.escalate, .threePlusThree(.atMostOneOfSix(treated: n)))
        default: return DoseDecision(.stay, .threePlusThree(.cohortIncomplete(treated: n)))
        }
    }

    /// The next step of the trial after the last cohort at `state.current`; moves the current dose
    /// and records eliminations in `state`.
    package func advance(_ state: inout DoseFindingState) -> DoseFindingStep {
        let dose = state.current, top = state.counts.count - 1
        let counts = state.counts[dose]
        guard let decision = decision(treated: counts.treated, dlts: counts.dlts) else { return .treat(dose: dose, decision: nil) }
        guard case .threePlusThree(let step) = decision.reason else { return .treat(dose: dose, decision: decision) }
        switch step {
        case .oneOfThree, .cohortIncomplete, .topDoseExpanded:
            return .treat(dose: dose, decision: decision)
        case .noneOfThree, .atMostOneOfSix:
            let topReached = dose == top || state.isClosed(dose + 1)
            if !topReached {
                state.current = dose + 1
                return .treat(dose: dose + 1, decision: decision)
            }
            if case .noneOfThree = step, dose == top, expandTopDose {
                return .treat(dose: dose, decision: DoseDecision(.stay, .threePlusThree(.topDoseExpanded)))
            }
            return .stop(.threePlusThree(recommend: dose), decision: decision)
        case .twoOrMore:
            state.eliminatedFrom = min(state.eliminatedFrom ?? dose, dose)
            guard dose > 0 else { return .stop(.threePlusThree(recommend: nil), decision: decision) }
            if deescalation == .continues, state.counts[dose - 1].treated < 6 {
                state.current = dose - 1
                return .treat(dose: dose - 1, decision: decision)
            }
            return .stop(.threePlusThree(recommend: dose - 1), decision: decision)
        }
    }

    /// The variants in words.
    package var variantText: String {
        "top dose \(expandTopDose ? "expanded to 6 after 0 of 3" : "not expanded"); de-escalation \(deescalation == .continues ? "continues while the lower dose has fewer than 6" : "stops the trial")"
    }
}
