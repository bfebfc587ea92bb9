import Clinical
import Localization

/// The dose-finding status's words in the current language, for the screens and the text report.
/// The JSON keeps the English (``reasonText``): other tools read it. A design's rule in symbols
/// (BOIN's `y/n ≤ λe`, the i3+3 equivalence interval) is left to the English text and the
/// decision table; the localized reason names the counts and the action.
extension DoseEscalationStatus {
    package var localizedReasonText: String {
        guard Localization.language != .english else { return reasonText }
        let label = doses[current].level.label
        switch step {
        case .fillCohort(_, let counted, let size):
            return localized("{counted} of the cohort of {size} at {level} treated: the next subject completes it",
                             ["counted": String(counted), "size": String(size), "level": label])
        case .waitForPending:
            return localized("{n} subjects at {level} still in the DLT window: the decision waits",
                             ["n": String(doses[current].pending.count), "level": label])
        case .treat:
            return decision?.localizedReasonText ?? localized("no subject treated yet: start at {level}", ["level": label])
        case .stop(let stop):
            return (decision.map { $0.localizedReasonText + localized("; ") } ?? "") + stop.localizedText
        }
    }
}

extension DoseEscalationStatus.Hold {
    package var localizedText: String {
        guard Localization.language != .english else { return text }
        switch self {
        case .paused(let rules): return localized("the trial is paused by a stopping rule ({rules})", ["rules": rules.joined(separator: ", ")])
        case .staggered(let until): return localized("the stagger allows the next infusion from {time}", ["time": until.utcText])
        case .pendingSubjects(let patients):
            return localized("the decision waits for {patients} (in the DLT window)", ["patients": patients.joined(separator: ", ")])
        case .unassignedInfusions(let patients):
            return localized("infusions without a dose level of the protocol: {patients}", ["patients": patients.joined(separator: ", ")])
        case .stopped: return localized("the dose finding has stopped")
        }
    }
}

extension DoseDecision {
    package var localizedReasonText: String {
        guard Localization.language != .english else { return reasonText }
        switch reason {
        case .cell(let n, let y, _):
            return localized("{y} of {n} with a DLT: {action}", ["y": String(y), "n": String(n), "action": localized(action.rawValue)])
        case .threePlusThree(let step): return step.localizedText
        }
    }
}

extension ThreePlusThree.Step {
    package var localizedText: String {
        switch self {
        case .noneOfThree: localized("0 of 3 with a DLT: escalate")
        case .oneOfThree: localized("1 of 3 with a DLT: 3 more at this dose")
        case .atMostOneOfSix(let n): localized("at most 1 of {n} with a DLT: escalate", ["n": String(n)])
        case .twoOrMore(let n, let y):
            localized("{y} of {n} with a DLT (≥ 2): above the MTD; close it and every higher dose, recommend the next lower dose",
                      ["y": String(y), "n": String(n)])
        case .topDoseExpanded: localized("0 of 3 with a DLT at the top dose: 3 more before it is recommended (top dose expanded)")
        case .cohortIncomplete(let n): localized("{n} of the cohort evaluated: complete the cohort of 3 at this dose", ["n": String(n)])
        }
    }
}

extension DoseFindingStop {
    package var localizedText: String {
        switch self {
        case .lowestDoseEliminated: localized("the lowest dose is eliminated: no dose is selected")
        case .lowestDoseTooToxic: localized("the extra-safe rule stops the trial at the lowest dose: no dose is selected")
        case .maximumSampleSize: localized("the maximum sample size is reached")
        case .subjectsAtDose(let n): localized("{n} subjects at the current dose and the design stays there", ["n": String(n)])
        case .threePlusThree(let recommend):
            recommend.map { localized("3+3 recommends dose {n}", ["n": String($0 + 1)]) } ?? localized("3+3: no dose is tolerated")
        }
    }
}
