import Clinical

extension TrialFold {
    /// The events known at `asOf` (recorded at or before it, or with no record time), folded.
    init(_ trial: TrialProtocol, events: some Sequence<RecordedEvent>, asOf: ClinicalTime) {
        self.init(trial)
        for event in events {
            if let recorded = event.recordInstant, recorded > asOf { continue }
            add(event)
        }
    }
}

/// The per-subject facts of the events known at `asOf`, for reading one subject's standing grades
/// (the agreement tests of the grade rules across the board, the replay and the rules).
struct TrialLog {
    /// Per patient id.
    let subjects: [String: Subject]

    struct Subject {
        let facts: SubjectFacts
        let keys: GradeKeyTable

        /// The subject's grades as they stand, in clinical-time order.
        func effectiveGrades() -> [GradePoint] { facts.effectiveGrades(keys: keys) }
    }

    init(_ events: [RecordedEvent], asOf: ClinicalTime) {
        var keys = GradeKeyTable()
        var facts: [String: SubjectFacts] = [:]
        for event in events.sorted(by: { $0.seq < $1.seq }) {
            guard let patient = event.patient, event.recordInstant.map({ $0 <= asOf }) ?? true else { continue }
            let isKnown = facts[patient] != nil
            var subject = facts.removeValue(forKey: patient) ?? SubjectFacts()
            if subject.add(event, keys: &keys) || isKnown { facts[patient] = subject }
        }
        subjects = facts.mapValues { [keys] in Subject(facts: $0, keys: keys) }
    }
}
