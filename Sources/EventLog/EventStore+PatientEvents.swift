import Clinical

/// A store that reads one patient's events, or one kind's, through an index rather than over
/// the whole log (the SQLite store: its `eventPatient` and `eventKind` indexes). What a
/// patient's timeline opens and what `rules status` evaluates subject by subject read through it.
package protocol PatientEventReading {
    /// Calls `body` with the events of `patient` (nil: the events of no patient) with seq in
    /// `seqs`, in seq order, stopping when it returns false; in short read transactions, `body`
    /// outside them.
    func forEachEvent(ofPatient patient: String?, seqs: ClosedRange<Int64>, _ body: (RecordedEvent) throws -> Bool) throws(EventLogError)

    /// The same for the events of `kind`, every patient's.
    func forEachEvent(ofKind kind: EventKind, seqs: ClosedRange<Int64>, _ body: (RecordedEvent) throws -> Bool) throws(EventLogError)
}

extension EventStore {
    /// The events of `patient` (nil: of no patient) with seq in `seqs`, in seq order: through the
    /// store's index when it reads per patient (``PatientEventReading``), else by going over the
    /// log and keeping that patient's only.
    package func forEachPatientEvent(_ patient: String?, seqs: ClosedRange<Int64> = 1...Int64.max,
                                     _ body: (RecordedEvent) throws -> Bool) throws(EventLogError) {
        if let reader = self as? any PatientEventReading {
            try reader.forEachEvent(ofPatient: patient, seqs: seqs, body)
            return
        }
        try forEachEvent(from: seqs.lowerBound) { event in
            guard event.seq <= seqs.upperBound else { return false }
            return event.patient == patient ? try body(event) : true
        }
    }

    /// The events of `patient` (nil: of no patient) with seq in `seqs`, in seq order.
    package func events(ofPatient patient: String?, seqs: ClosedRange<Int64> = 1...Int64.max) throws(EventLogError) -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        try forEachPatientEvent(patient, seqs: seqs) { events.append($0); return true }
        return events
    }

    /// The events of `kind` with seq in `seqs`, in seq order (the signatures a timeline folds).
    package func events(ofKind kind: EventKind, seqs: ClosedRange<Int64> = 1...Int64.max) throws(EventLogError) -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        if let reader = self as? any PatientEventReading {
            try reader.forEachEvent(ofKind: kind, seqs: seqs) { events.append($0); return true }
            return events
        }
        try forEachEvent(from: seqs.lowerBound) { event in
            guard event.seq <= seqs.upperBound else { return false }
            if event.kind == kind { events.append(event) }
            return true
        }
        return events
    }
}
