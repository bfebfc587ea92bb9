import Clinical

/// The trial as its protocol sees it at one instant: every subject, every rule, and whether the
/// trial may continue (README "Protocol safety rules"; CDE 2021 guideline II.(一).2.(4)).
///
/// ``evaluate(_:events:asOf:)`` is a pure function of the protocol, the events and the time, so a
/// live log, a replay "as of T" and a test fixture give the same answer for the same events.
package struct TrialStatus: Sendable, Equatable {
    package let trial: String
    /// The evaluation time: the clock for windows, and the record-time cut-off for events.
    package let asOf: ClinicalTime
    /// Every subject that appears in the log, by patient id.
    package let subjects: [SubjectSummary]
    /// One outcome per rule, in protocol order.
    package let rules: [RuleOutcome]
    package let state: State
    /// Rules that tripped, in protocol order (those with `notify` included).
    package let tripped: [String]
    /// A tripped `pauseEnrolment` rule: no new subject is enrolled until the review.
    package let enrolmentPaused: Bool
    /// A tripped `pauseDosing` rule: no subject is dosed until the review.
    package let dosingPaused: Bool
    /// When the next subject may be dosed.
    package let nextDosing: NextDosing
    /// Per cohort, the earliest dosing a per-cohort stagger rule allows (cohorts with a wait only).
    package let nextDosingByCohort: [String: ClinicalTime]
    /// Enrolled subjects who did not receive the product, with why.
    package let notTreated: [NotTreated]

    /// An enrolled subject who did not receive the product.
    package struct NotTreated: Sendable, Equatable {
        package let patient: String
        package let reason: NotTreatedReason
        /// Whether the subject is replaced, when recorded.
        package let replaced: Bool?
    }

    /// `continue` or `paused`, as recorded in `ruleStatus` events.
    package enum State: String, Sendable, Equatable {
        case `continue`, paused
    }

    /// The earliest time the next subject may be dosed.
    package enum NextDosing: Sendable, Equatable {
        case anyTime
        case from(ClinicalTime)
        /// A tripped `pauseDosing` rule holds dosing until the review.
        case pausedPendingReview
    }

    package var infusedCount: Int { subjects.filter { $0.infusion != nil }.count }
    package var evaluableCount: Int { subjects.filter(\.isEvaluable).count }

    /// The number not treated per reason kind (`manufacturingFailure`, `diedBeforeInfusion`).
    package var notTreatedCounts: [String: Int] {
        notTreated.reduce(into: [:]) { counts, entry in
            switch entry.reason {
            case .manufacturingFailure: counts["manufacturingFailure", default: 0] += 1
            case .diedBeforeInfusion: counts["diedBeforeInfusion", default: 0] += 1
            }
        }
    }
}

extension TrialStatus {
    /// Evaluates the protocol over the events known at `asOf`.
    ///
    /// The events are folded through a ``TrialFold``, the one implementation of the rules; events
    /// given out of seq order within a subject (a test's reversed list) are read a second time,
    /// sorted — the log's own streams are in order and are read once.
    ///
    /// - Parameters:
    ///   - protocol: the trial's protocol.
    ///   - events: the log's events in any order (sequence numbers order what needs ordering).
    ///   - asOf: the evaluation time. Events recorded after it are left out, and it is "now" for
    ///     DLT windows and overdue assessments.
    package static func evaluate(_ trial: TrialProtocol, events: some Sequence<RecordedEvent>, asOf: ClinicalTime) -> TrialStatus {
        var fold = TrialFold(trial, events: events, asOf: asOf)
        if fold.outOfOrder { fold = TrialFold(trial, events: events.sorted { $0.seq < $1.seq }, asOf: asOf) }
        return fold.evaluated(asOf: asOf)
    }

    /// The trial's status from its subjects evaluated at `asOf` (in patient order) and its
    /// trial-level RCL findings.
    init(_ trial: TrialProtocol, subjects: [SubjectSummary], trialLevelRCL: [ClinicalTime], asOf: ClinicalTime) {
        let evaluableOrder = subjects.compactMap { subject in subject.evaluableAt.map { (subject, $0) } }
            .sorted { a, b in
                (a.1, a.0.infusion ?? a.1, a.0.patient) < (b.1, b.0.infusion ?? b.1, b.0.patient)
            }
            .map(\.0)
        var trialLevel: [String: Int] = [:]
        for definition in trial.toxicities where definition.match == .event(.rclDetected) {
            trialLevel[definition.id] = trialLevelRCL.filter { $0 <= asOf }.count
        }
        let rules = trial.rules.map { RuleOutcome.evaluate($0, subjects: subjects, evaluableOrder: evaluableOrder, trialLevel: trialLevel) }
        let tripped = rules.filter(\.tripped)
        let enrolmentPaused = tripped.contains { $0.action == .pauseEnrolment }
        let dosingPaused = tripped.contains { $0.action == .pauseDosing }
        let nextDosing: NextDosing
        if dosingPaused {
            nextDosing = .pausedPendingReview
        } else if let latest = rules.compactMap(\.nextDosing).max(), latest > asOf {
            nextDosing = .from(latest)
        } else {
            nextDosing = .anyTime
        }
        var byCohort: [String: ClinicalTime] = [:]
        for outcome in rules {
            for (cohort, time) in outcome.nextDosingByCohort where time > asOf { byCohort[cohort] = max(byCohort[cohort] ?? time, time) }
        }
        let notTreated = subjects.compactMap { subject in
            subject.notTreated.map { NotTreated(patient: subject.patient, reason: $0, replaced: subject.manufacturingFailure?.replaced) }
        }
        self.init(trial: trial.trial, asOf: asOf, subjects: subjects, rules: rules,
                  state: enrolmentPaused || dosingPaused ? .paused : .continue, tripped: tripped.map(\.rule),
                  enrolmentPaused: enrolmentPaused, dosingPaused: dosingPaused, nextDosing: nextDosing,
                  nextDosingByCohort: byCohort, notTreated: notTreated)
    }

    /// The subject with `patient` id.
    package func subject(_ patient: String) -> SubjectSummary? { subjects.first { $0.patient == patient } }

    /// The outcome of rule `id`.
    package func rule(_ id: String) -> RuleOutcome? { rules.first { $0.rule == id } }
}
