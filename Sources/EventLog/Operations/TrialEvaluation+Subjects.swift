import Clinical
import Safety

extension TrialEvaluation {
    /// `trial` evaluated at `asOf` on the events of `store` up to seq `end`, leaving out those
    /// recorded after `asOf` (``TrialStatus/evaluate(_:events:asOf:)`` of them): subject by subject
    /// where the store reads per patient, else folded as read. For a board that keeps no events
    /// and must evaluate its log at a time its fold cannot answer for (a clock set back).
    package static func status(_ trial: TrialProtocol, store: any EventStore, through end: Int64,
                               asOf: ClinicalTime) throws(EventLogError) -> TrialStatus {
        if let reader = store as? any EventStore & PatientEventReading {
            return try subjectwiseStatus(trial, store: reader, through: end, asOf: asOf)
        }
        let stream = StoredEvents(store, until: .seq(end))
        let status = TrialStatus.evaluate(trial, events: stream, asOf: asOf)
        if let failure = stream.failure { throw failure }
        return status
    }

    /// `trial` evaluated on `store` up to `limit` at `asOf`, subject by subject
    /// (``SubjectwiseEvaluation``): each patient's events read through the store's patient index
    /// and dropped once that subject is evaluated, then the events of no patient. Memory holds
    /// one subject's facts and every subject's summary, whatever the number of events (README,
    /// "Tests and benchmarks": `rules status` on 1,000,000 events).
    ///
    /// `end` is the seq of the last event of the prefix `limit` admits (0: none), so that every
    /// per-patient read stops where one read of the log would.
    static func subjectwiseStatus(_ trial: TrialProtocol, store: any EventStore & PatientEventReading, through end: Int64,
                                  asOf: ClinicalTime) throws(EventLogError) -> TrialStatus {
        var evaluation = SubjectwiseEvaluation(trial, asOf: asOf)
        guard end >= 1 else { return evaluation.status() }
        for patient in try store.patientIDs().sorted() {
            evaluation.beginSubject(patient)
            try store.forEachEvent(ofPatient: patient, seqs: 1...end) { event in
                evaluation.add(event)
                return true
            }
        }
        evaluation.finishSubject()
        try store.forEachEvent(ofPatient: nil, seqs: 1...end) { event in
            evaluation.add(event)
            return true
        }
        return evaluation.status()
    }
}
