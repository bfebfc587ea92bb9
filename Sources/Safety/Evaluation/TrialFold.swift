import Clinical

/// The protocol's view of a log, folded one event at a time in log order: the same status as
/// ``TrialStatus/evaluate(_:events:asOf:)`` of every event folded so far, without going over them
/// again (README "Protocol safety rules"). The bedside board keeps one beside its replay and folds
/// only the events each reload adds; `rules status` and `report` fold the log as they read it.
///
/// Memory grows with the subjects and the grades that stand, not with the events' payloads: per
/// subject only what the rules read (``SubjectFacts``). Each subject's summary is kept with the
/// span of evaluation times over which it cannot change, so that a status asked again (the clock's
/// tick, the save's follow-up) evaluates only the subjects that received events or crossed a time
/// that matters to them (a window's end, a study day, an assessment falling due).
package struct TrialFold: Sendable {
    package let trial: TrialProtocol
    private var subjects: [String: SubjectFacts] = [:]
    /// `rclDetected` events without a patient (a trial-level finding), by clinical time.
    private var trialLevelRCL: [ClinicalTime] = []
    private var keys = GradeKeyTable()
    /// The latest record time of the events folded.
    package private(set) var latestRecord: ClinicalTime?
    /// The last `ruleStatus` event folded (by sequence number), read back.
    package private(set) var lastLoggedStatus: LoggedRuleStatus?
    private var lastLoggedStatusSeq: Int64 = .min
    /// The `doseDecision` of the last `ruleStatus` event folded that carries one (by sequence number).
    package private(set) var lastLoggedDecision: JSONValue?
    private var lastLoggedDecisionSeq: Int64 = .min
    /// An event came before another of its subject already folded: the fold left it out, and
    /// ``TrialStatus/evaluate(_:events:asOf:)`` folds the events again in seq order.
    private(set) var outOfOrder = false
    /// Per patient, the summary last evaluated and the times it holds for.
    private var summaries: [String: KeptSummary] = [:]

    private struct KeptSummary: Sendable {
        let summary: SubjectSummary
        let span: SubjectSummary.Span
    }

    package init(_ trial: TrialProtocol) { self.trial = trial }

    /// Folds one event. The events of one subject come in seq order (as a log, or a multi-site
    /// trial's stream of logs, gives them).
    package mutating func add(_ event: RecordedEvent) {
        if let recorded = event.recordInstant, latestRecord.map({ recorded > $0 }) ?? true { latestRecord = recorded }
        if event.kind == .ruleStatus {
            if let status = event.loggedRuleStatus, event.seq > lastLoggedStatusSeq {
                lastLoggedStatus = status
                lastLoggedStatusSeq = event.seq
            }
            if let decision = event.payload[.doseDecision], event.seq > lastLoggedDecisionSeq {
                lastLoggedDecision = decision
                lastLoggedDecisionSeq = event.seq
            }
        }
        guard let patient = event.patient else {
            if event.kind == .rclDetected, let time = event.clinicalInstant { trialLevelRCL.append(time) }
            return
        }
        // Taken out and put back, so that the facts are mutated in place, not copied.
        let isKnown = subjects[patient] != nil
        var facts = subjects.removeValue(forKey: patient) ?? SubjectFacts()
        if event.seq > facts.lastSeq {
            let isFact = facts.add(event, keys: &keys)
            if isFact { summaries[patient] = nil }
            if isFact || isKnown { subjects[patient] = facts }
        } else {
            outOfOrder = true
            if isKnown { subjects[patient] = facts }
        }
    }

    /// The status as of `asOf` of the events folded, equal to ``TrialStatus/evaluate(_:events:asOf:)``
    /// of them; nil when an event folded was recorded after `asOf`.
    ///
    /// Such an event cannot be taken out again: the fold keeps no events, and which ones a later
    /// question would leave out is not known when they arrive, so keeping them aside would mean
    /// keeping every event. It is rare — a clock set back, a replay "as of" an earlier time — and
    /// the caller then evaluates the events it has (``TrialStatus/evaluate(_:events:asOf:)``).
    package mutating func status(asOf: ClinicalTime) -> TrialStatus? {
        if let latestRecord, latestRecord > asOf { return nil }
        if outOfOrder { return nil }
        return evaluated(asOf: asOf)
    }

    /// The status as of `asOf` of every event folded, whatever its record time.
    mutating func evaluated(asOf: ClinicalTime) -> TrialStatus {
        var evaluated: [SubjectSummary] = []
        evaluated.reserveCapacity(subjects.count)
        for (patient, facts) in subjects {
            if let kept = summaries[patient], kept.span.holds(asOf) {
                evaluated.append(kept.summary)
                continue
            }
            let points = facts.effectiveGrades(keys: keys)
            let summary = SubjectSummary(patient: patient, facts: facts, points: points, protocol: trial, now: asOf)
            summaries[patient] = KeptSummary(summary: summary, span: summary.span(facts: facts, points: points, from: asOf))
            evaluated.append(summary)
        }
        evaluated.sort { $0.patient < $1.patient }
        return TrialStatus(trial, subjects: evaluated, trialLevelRCL: trialLevelRCL, asOf: asOf)
    }
}
