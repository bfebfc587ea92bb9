import Clinical
import EventLog
import PostgresNIO

/// Replay, the board's first frame and export on PostgreSQL: each a pass over the site's chain,
/// a page at a time, folding event by event (`Replay.fold`), the same fold the SQLite store's
/// ranges feed.
extension PostgresEventStore {
    package func replayLookup() throws(EventLogError) -> Replay.Lookup {
        let store = self
        return Replay.Lookup(
            event: { seq in try? store.event(seq: seq) },
            gradesOfObservation: { observation in
                // The grades of an observation are appended right after it, in the same transaction;
                // the search is for a log written otherwise.
                if let next = try? store.event(seq: observation + 1), next.kind == .grades, next.observationSeq == observation { return next }
                return try? store.one("kind = 'grades' AND (payload::jsonb ->> $2) = $3 ORDER BY seq LIMIT 1",
                                      [PayloadKey.observationSeq.rawValue, String(observation)])
            },
            overridesOfGrades: { gradesSeq, before in
                (try? store.session.cellRows("""
                    SELECT \(Self.columns) FROM event WHERE site = $1 AND kind = 'override' AND (payload::jsonb ->> $2) = $3
                    AND seq < $4::bigint ORDER BY seq
                    """, [store.url.site, PayloadKey.supersedesSeq.rawValue, String(gradesSeq), String(before)])
                    .compactMap { try? store.decoded(StoredEvent(cells: $0)) }) ?? []
            })
    }

    package func replay(until limit: Replay.Limit) throws(EventLogError) -> Replay {
        var replay = Replay(lookup: try replayLookup())
        try forEachEvent(from: 1) { event in replay.fold(event, limit: limit) }
        return replay
    }

    /// The whole fold, and every grades event by seq: on PostgreSQL the first frame is the fold of
    /// the site's chain (the per-patient reads of the SQLite store are left for later).
    package func boardHeads(definiteOf criteria: [String]) throws(EventLogError) -> (replay: Replay, grades: [Int64: RecordedEvent]) {
        var replay = Replay(lookup: try replayLookup())
        var grades: [Int64: RecordedEvent] = [:]
        try forEachEvent(from: 1) { event in
            if event.kind == .grades { grades[event.seq] = event }
            return replay.fold(event)
        }
        return (replay, grades)
    }

    /// Each JSON line is built from the stored texts (`CanonicalEvent.write`), the payload spliced in
    /// as stored, with the stored hash: what `verify` hashes, verifiable without aegrade. A signed
    /// event's line ends with `"signature": {"key": HEX, "sig": HEX}`, as an SQLite log's export
    /// (`LogExport`), which `Examples/verify-log-export.py` checks.
    package func export(format: LogExport.Format, until limit: Replay.Limit, to write: ([UInt8]) -> Void) throws(EventLogError) {
        var out: [UInt8] = []
        if format == .csv { out += (LogExport.csvColumns.joined(separator: ",") + "\r\n").utf8 }
        var last: Int64?
        if case .seq(let seq) = limit { last = max(seq, 0) }
        var written = 0
        try forEachStoredRow(from: 1, through: last, signatures: format == .jsonl) { (stored) throws(EventLogError) -> Bool in
            let event = try decoded(stored)
            if case .recordTime(let time) = limit {
                guard let recorded = ClinicalTime(iso8601: event.recordTime), recorded <= time else { return false }
            }
            switch format {
            case .jsonl:
                (stored.cells[13] ?? ByteBuffer()).withBytes { hashBytes in
                    CanonicalEvent.write(seq: event.seq, hash: hashBytes, into: &out, withField: { field, body in
                        guard let cell = stored.cells[Self.column(of: field)] else { return body(nil) }
                        cell.withBytes { body($0) }
                    }, payload: { out, payload in out.append(contentsOf: payload) })
                }
                LogExport.appendSignature(key: stored.publicKey, signature: stored.signature, to: &out)
                out.append(0x0A)
            case .csv:
                let fields = [String(event.seq)] + (1..<14).map { stored.text($0) ?? "" }
                out += fields.map(PrintableText.csvField).joined(separator: ",").utf8
                out += "\r\n".utf8
            }
            written += 1
            if out.count > 1 << 16 {
                write(out)
                out.removeAll(keepingCapacity: true)
            }
            return true
        }
        if !out.isEmpty { write(out) }
    }

    /// The column of `StoredEvent` that holds `field`.
    static func column(of field: CanonicalEvent.Field) -> Int {
        switch field {
        case .id: 1
        case .kind: 2
        case .patient: 3
        case .clinicalTime: 4
        case .recordTime: 5
        case .timeZone: 6
        case .authorId: 7
        case .authorRole: 8
        case .terminal: 9
        case .productVersion: 10
        case .payload: 11
        case .prevHash: 12
        }
    }
}
