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

    /// Folds the site's chain up to `limit` as the SQLite store's replay does (its
    /// `readForReplay`): each page read as a `Replay.ReadRange` on a thread of its own while the
    /// page before is folded (`forEachPage`) — a grades event skimmed for its grades, an
    /// observation's payload checked to be JSON (and read again at the end only if it is still its
    /// patient's current one), the rare other kinds decoded whole — so that no payload is built as
    /// a `JSONValue` and no column made a `String` that the fold does not read.
    package func replay(until limit: Replay.Limit) throws(EventLogError) -> Replay {
        try replay(until: limit, pageSize: Self.pageSize)
    }

    /// The same, reading pages of `pageSize` events (tests read a short chain across many pages).
    func replay(until limit: Replay.Limit, pageSize: Int) throws(EventLogError) -> Replay {
        var replay = Replay(lookup: try replayLookup())
        var last: Int64?
        if case .seq(let seq) = limit { last = max(seq, 0) }
        var recordTimes = false
        if case .recordTime = limit { recordTimes = true }
        try forEachPage(from: 1, through: last, size: pageSize, read: { [self, recordTimes] (rows) throws(EventLogError) -> Replay.ReadRange in
            try readForReplay(rows, recordTimes: recordTimes)
        }, { range in replay.fold(range, limit: limit) })
        for seq in replay.unreadObservations {
            guard let event = try event(seq: seq) else { throw .corrupt(path: url.description, detail: "event \(seq) could not be read again") }
            replay.supply(event)
        }
        if replay.lastRecordTimeUnread {
            guard let event = try event(seq: replay.lastSeq) else {
                throw .corrupt(path: url.description, detail: "event \(replay.lastSeq) could not be read again")
            }
            replay.supplyLastRecordTime(event.recordTime)
        }
        return replay
    }

    /// The events of one page as a replay needs them; record times are read only when the replay
    /// stops at one. A row that is not an event aegrade writes stops the replay as `decoded` would.
    private func readForReplay(_ rows: [PostgresSession.CellRow], recordTimes: Bool) throws(EventLogError) -> Replay.ReadRange {
        var read = Replay.ReadRange()
        for row in rows {
            let stored = StoredEvent(cells: row)
            let seq: Int64, kind: EventKind
            switch stored.checkedHead() {
            case .success(let head): (seq, kind) = (head.seq, head.kind)
            case .failure:
                read.append(.event(try decoded(stored)))
                continue
            }
            func header() -> Replay.ReadHeader {
                Replay.ReadHeader(seq: seq, patient: read.patient(stored.text(3)),
                                  recordInstant: recordTimes ? stored.text(5).flatMap(ClinicalTime.init(iso8601:)) : nil)
            }
            switch kind {
            case .grades:
                if let digest = stored.cells[11]?.withBytes({ try? GradesDigest(skimming: $0) }) {
                    read.append(.grades(header(), read.grades(digest)))
                    continue
                }
            case .observation:
                if stored.cells[11]?.withBytes({ (try? JSONSkimmer.validate($0)) != nil }) == true {
                    read.append(.unreadObservation(header(), time: stored.text(4).flatMap(ClinicalTime.init(iso8601:))))
                    continue
                }
            default:
                break
            }
            // Any other kind decoded whole; so is a row the checks above refused, which `decoded`
            // names as the damaged row it is (the skim rejects exactly the texts the parser does).
            read.append(.event(try decoded(stored)))
        }
        return read
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
