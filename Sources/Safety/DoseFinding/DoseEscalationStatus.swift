import Clinical

/// The dose-escalation decision as the trial's own log gives it (README, "Dose finding from the
/// log"): per dose level the subjects treated, evaluable, with a DLT and still in the DLT window;
/// the decision at the current dose and why; the doses eliminated; the dose the next subject gets;
/// and, once the design stops, the MTD estimate or the 3+3 recommendation.
///
/// A pure function of the protocol, the events and the evaluation time (``evaluate(_:events:asOf:)``),
/// so the live log, a replay and a fixture give the same answer.
package struct DoseEscalationStatus: Sendable, Equatable {
    /// The protocol's dose levels, lowest first, with what the log says of each.
    package let doses: [Dose]
    /// The current dose (an index): the level of the latest infusion, or the lowest before any.
    package let current: Int
    /// What the design does next.
    package let step: Step
    /// The decision taken at the current dose (the table cell, or the 3+3 step); nil while a
    /// cohort is filling, while the decision waits for pending subjects, or before any subject.
    package let decision: DoseDecision?
    /// The lowest eliminated dose: it and every higher dose are closed.
    package let eliminatedFrom: Int?
    /// Once the design stops: the MTD estimate (isotonic, interval designs) or the 3+3
    /// recommendation; nil when none is selected or the trial goes on.
    package let selected: Int?
    /// Why nobody may be dosed now, whatever the design says (empty: the next subject may be dosed).
    package let holds: [Hold]
    /// Infused subjects whose infusion names no dose level of the protocol: not counted, and the
    /// decision waits until they are (``Hold/unassignedInfusions(_:)``).
    package let unassigned: [String]
    package let asOf: ClinicalTime

    /// One dose level and its subjects.
    package struct Dose: Sendable, Equatable {
        package let level: DoseLevel
        /// Infused at this level.
        package let treated: [String]
        /// Evaluable (a DLT in the window, or the window completed alive).
        package let evaluable: Int
        /// Evaluable with a DLT.
        package let dlts: Int
        /// Infused, still inside the DLT window without a DLT.
        package let pending: [String]
        /// Infused and never to be evaluable (died in the window without a DLT).
        package let notEvaluable: Int
        /// Closed by elimination.
        package let eliminated: Bool
    }

    /// What the design does next.
    package enum Step: Sendable, Equatable {
        /// The cohort at the current dose is not yet full: the next subject gets the current dose.
        case fillCohort(dose: Int, counted: Int, cohortSize: Int)
        /// The cohort is full but some of it is still in the DLT window: nobody is dosed until
        /// they are evaluable (the design's decision needs their outcome).
        case waitForPending(dose: Int)
        /// The design's decision is taken: the next cohort gets `dose`.
        case treat(dose: Int)
        /// The design stops.
        case stop(DoseFindingStop)

        /// `fillCohort`, `waitForPending`, `treat`, `stop` (the JSON's `step`).
        package var name: String {
            switch self {
            case .fillCohort: "fillCohort"
            case .waitForPending: "waitForPending"
            case .treat: "treat"
            case .stop: "stop"
            }
        }
    }

    /// Why nobody is dosed now.
    package enum Hold: Sendable, Equatable {
        /// A stopping rule that pauses enrolment or dosing has tripped (rule ids).
        case paused([String])
        /// A stagger rule allows the next infusion from this instant.
        case staggered(until: ClinicalTime)
        /// The decision waits for these subjects' DLT windows.
        case pendingSubjects([String])
        /// These infused subjects have no known dose level.
        case unassignedInfusions([String])
        /// The design has stopped.
        case stopped

        package var text: String {
            switch self {
            case .paused(let rules): "the trial is paused by a stopping rule (\(rules.joined(separator: ", ")))"
            case .staggered(let until): "the stagger allows the next infusion from \(until.utcText)"
            case .pendingSubjects(let patients): "the decision waits for \(patients.joined(separator: ", ")) (in the DLT window)"
            case .unassignedInfusions(let patients): "infusions without a dose level of the protocol: \(patients.joined(separator: ", "))"
            case .stopped: "the dose finding has stopped"
            }
        }

        /// `paused`, `staggered`, `pendingSubjects`, `unassignedInfusions`, `stopped`.
        package var name: String {
            switch self {
            case .paused: "paused"
            case .staggered: "staggered"
            case .pendingSubjects: "pendingSubjects"
            case .unassignedInfusions: "unassignedInfusions"
            case .stopped: "stopped"
            }
        }
    }

    /// The dose the design gives the next subject (an index), whatever holds it back; nil when the
    /// design has stopped.
    package var designDose: Int? {
        switch step {
        case .fillCohort(let dose, _, _), .waitForPending(let dose), .treat(let dose): dose
        case .stop: nil
        }
    }

    /// The dose the next subject may receive now: nil when anything holds dosing back (a paused
    /// trial doses nobody, whatever the escalation decision says).
    package var nextDose: Int? { holds.isEmpty ? designDose : nil }

    /// The decision's word now: the design's action, or `stop`, `wait` (pending subjects) or
    /// `fill` (the cohort is filling).
    package var actionWord: String {
        switch step {
        case .stop: "stop"
        case .waitForPending: "wait"
        case .fillCohort: "fill"
        case .treat: decision?.action.rawValue ?? "start"
        }
    }

    /// Why, in one line.
    package var reasonText: String {
        switch step {
        case .fillCohort(_, let counted, let size):
            return "\(counted) of the cohort of \(size) at \(doses[current].level.label) treated: the next subject completes it"
        case .waitForPending:
            let pending = doses[current].pending
            return "\(pending.count) subject\(pending.count == 1 ? "" : "s") at \(doses[current].level.label) still in the DLT window: the decision waits"
        case .treat:
            return decision?.reasonText ?? "no subject treated yet: start at \(doses[current].level.label)"
        case .stop(let stop):
            return (decision.map { $0.reasonText + "; " } ?? "") + stop.text
        }
    }
}

extension RecordedEvent {
    /// The dose level an `infusion` names (`doseLevel`, the protocol's label).
    package var doseLevel: String? { payloadString(.doseLevel) }
}
