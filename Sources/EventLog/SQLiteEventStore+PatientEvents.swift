import Clinical
import GRDB

extension SQLiteEventStore: PatientEventReading {
    /// Through the `eventPatient` index (patient, seq): the patient's events only are read.
    package func forEachEvent(ofPatient patient: String?, seqs: ClosedRange<Int64>,
                              _ body: (RecordedEvent) throws -> Bool) throws(EventLogError) {
        let match = patient == nil ? "patient IS NULL" : "patient = ?"
        try forEachIndexed(where: match, key: patient, seqs: seqs, body)
    }

    /// Through the `eventKind` index (kind, patient, seq): the kind's events only are read.
    package func forEachEvent(ofKind kind: EventKind, seqs: ClosedRange<Int64>,
                              _ body: (RecordedEvent) throws -> Bool) throws(EventLogError) {
        // Ordered by seq: the index orders by patient first, and a kind's events are few enough
        // (signatures, rule statuses) to sort in each slice's read.
        try forEachIndexed(where: "kind = ?", key: kind.rawValue, seqs: seqs, body)
    }

    /// Reads the events matching `condition` (with `key` as its one argument, if any) with seq in
    /// `seqs` in seq order, in short read transactions (`ReadSlice`) of at most 4,096 events, each
    /// slice decoded inside its transaction and handed to `body` after it ended, as
    /// ``forEachEvent(from:_:)`` reads the whole log.
    private func forEachIndexed(where condition: String, key: String?, seqs: ClosedRange<Int64>,
                                _ body: (RecordedEvent) throws -> Bool) throws(EventLogError) {
        var next: Int64? = seqs.lowerBound
        let sql = "SELECT \(Self.columns) FROM event WHERE \(condition) AND seq >= ? AND seq <= ? ORDER BY seq"
        do {
            while let lower = next {
                var events: [RecordedEvent] = []
                next = try queue.read { db -> Int64? in
                    var arguments: [DatabaseValueConvertible?] = key.map { [$0] } ?? []
                    arguments += [lower, seqs.upperBound]
                    let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
                    var clock = ReadSlice(rowLimit: settings.sliceRowLimit)
                    while let row = try rows.next() {
                        let event = try Self.event(from: row)
                        events.append(event)
                        if clock.isOver() || events.count >= 4096 { return event.seq < seqs.upperBound ? event.seq + 1 : nil }
                    }
                    return nil
                }
                for event in events {
                    guard try body(event) else { return }
                }
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }
}
