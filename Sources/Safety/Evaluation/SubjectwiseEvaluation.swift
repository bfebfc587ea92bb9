import Clinical

/// The protocol evaluated at one time, one subject after another (`aegrade rules status` on a
/// large log, README "Protocol safety rules"): each subject's events are folded into their facts,
/// the subject's summary is evaluated, and the facts are dropped before the next subject's events
/// are read. What is held between subjects is one summary per subject and the trial-level RCL
/// findings, so memory does not grow with the number of events, only with the subjects — where
/// ``TrialFold``, which must answer again after every event, keeps every subject's standing grades.
///
/// The status is the one ``TrialStatus/evaluate(_:events:asOf:)`` gives for the same events: the
/// rules read each subject's facts alone. Each subject's events are given together, in seq order
/// (as a per-patient read of the log gives them); events without a patient may come at any point.
package struct SubjectwiseEvaluation: Sendable {
    package let trial: TrialProtocol
    /// The evaluation time: the clock for windows, and the record-time cut-off for events.
    package let asOf: ClinicalTime
    private var keys = GradeKeyTable()
    private var summaries: [SubjectSummary] = []
    private var trialLevelRCL: [ClinicalTime] = []
    /// The subject whose events are being folded.
    private var current: (patient: String, facts: SubjectFacts, isSubject: Bool)?

    package init(_ trial: TrialProtocol, asOf: ClinicalTime) {
        self.trial = trial
        self.asOf = asOf
    }

    /// Folds one event of the subject being read (``beginSubject(_:)``), or one event without a
    /// patient. Events recorded after the evaluation time are left out, as the fold leaves them out.
    package mutating func add(_ event: RecordedEvent) {
        if let recorded = event.recordInstant, recorded > asOf { return }
        guard let patient = event.patient else {
            if event.kind == .rclDetected, let time = event.clinicalInstant { trialLevelRCL.append(time) }
            return
        }
        if current?.patient != patient { beginSubject(patient) }
        guard var subject = current else { return }
        current = nil
        // In seq order within a subject, as a log gives them; an event out of order is one the
        // fold leaves out too.
        if event.seq > subject.facts.lastSeq, subject.facts.add(event, keys: &keys) { subject.isSubject = true }
        current = subject
    }

    /// Starts the next subject: the previous one's summary is evaluated and their facts dropped.
    package mutating func beginSubject(_ patient: String) {
        finishSubject()
        current = (patient, SubjectFacts(), false)
    }

    /// Evaluates the subject being read, if any, and drops their facts.
    package mutating func finishSubject() {
        guard let subject = current else { return }
        current = nil
        // A subject is in the status from their first fact on (``SubjectFacts/add(_:keys:)``).
        guard subject.isSubject else { return }
        let points = subject.facts.effectiveGrades(keys: keys)
        summaries.append(SubjectSummary(patient: subject.patient, facts: subject.facts, points: points, protocol: trial, now: asOf))
    }

    /// The standing grades events held: those of the subject being read, none between subjects.
    package var heldGradesEvents: Int { current?.facts.history.standings.count ?? 0 }

    /// The subjects evaluated so far.
    package var evaluatedSubjects: Int { summaries.count }

    /// The trial's status: every subject read, evaluated at ``asOf``.
    package mutating func status() -> TrialStatus {
        finishSubject()
        summaries.sort { $0.patient < $1.patient }
        return TrialStatus(trial, subjects: summaries, trialLevelRCL: trialLevelRCL, asOf: asOf)
    }
}
