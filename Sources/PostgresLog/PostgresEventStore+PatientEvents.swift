import Clinical
import EventLog

/// A patient's events, or one kind's, read through the site's indexes — `event_patient (site,
/// patient, seq)` and `event_kind (site, kind, seq)` (``PostgresSchema``) — rather than a pass over
/// the site's whole chain: what a timeline opens and what `rules status` evaluates subject by
/// subject (README, "The triage board"), as the SQLite store reads them.
extension PostgresEventStore: PatientEventReading {
    package func forEachEvent(ofPatient patient: String?, seqs: ClosedRange<Int64>,
                              _ body: (RecordedEvent) throws -> Bool) throws(EventLogError) {
        try forEachIndexed(Self.indexedSQL(patient == nil ? "patient IS NULL" : "patient = $4"), key: patient, seqs: seqs, body)
    }

    package func forEachEvent(ofKind kind: EventKind, seqs: ClosedRange<Int64>,
                              _ body: (RecordedEvent) throws -> Bool) throws(EventLogError) {
        try forEachIndexed(Self.indexedSQL("kind = $4"), key: kind.rawValue, seqs: seqs, body)
    }

    /// The statement reading a page of the site's events matching `condition` (on `$4`, if it
    /// names one) with seq from `$2` to `$3`, in seq order: the site and the condition lead an
    /// index, whose seq column then orders the page and bounds it.
    static func indexedSQL(_ condition: String) -> String {
        "SELECT \(columns) FROM event WHERE site = $1 AND \(condition) AND seq >= $2::bigint AND seq <= $3::bigint ORDER BY seq LIMIT \(pageSize)"
    }

    /// Reads the events `sql` finds (``indexedSQL(_:)``, `key` its `$4`) with seq in `seqs`, a
    /// page at a time, each page read whole before `body` sees its events; stops when `body`
    /// returns false.
    private func forEachIndexed(_ sql: String, key: String?, seqs: ClosedRange<Int64>,
                                _ body: (RecordedEvent) throws -> Bool) throws(EventLogError) {
        var next = seqs.lowerBound
        while true {
            var binds: [String?] = [url.site, String(next), String(seqs.upperBound)]
            if let key { binds.append(key) }
            let rows = try session.cellRows(sql, binds)
            for row in rows {
                let event = try decoded(StoredEvent(cells: row))
                do {
                    guard try body(event) else { return }
                } catch let error as EventLogError {
                    throw error
                } catch {
                    throw .io(path: url.description, detail: "\(error)")
                }
                guard event.seq < seqs.upperBound else { return }
                next = event.seq + 1
            }
            if rows.count < Self.pageSize { return }
        }
    }
}
