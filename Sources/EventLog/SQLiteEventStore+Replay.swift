import Clinical
import Dispatch
import Foundation
import GRDB

extension SQLiteEventStore {
    /// The lookups a replay needs for corrections and overrides of older entries. They read
    /// through a second, read-only connection, since the replay itself is reading through the first.
    package func replayLookup() throws(EventLogError) -> Replay.Lookup {
        let reader = try readOnlyConnection()
        return Replay.Lookup(
            event: { seq in
                try? reader.read { db in
                    try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM event WHERE seq = ?", arguments: [seq]).map(Self.event(from:))
                }
            },
            gradesOfObservation: { observation in
                try? reader.read { db in
                    // The grades of an observation are appended right after it, in the same
                    // transaction: the next seq, checked, is the answer. The search (which reads
                    // every grades payload) is for a log written otherwise.
                    if let next = try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM event WHERE seq = ?", arguments: [observation + 1])
                        .map(Self.event(from:)),
                       next.kind == .grades, next.observationSeq == observation {
                        return next
                    }
                    return try Row.fetchOne(db, sql: """
                        SELECT \(Self.columns) FROM event
                        WHERE kind = 'grades' AND json_extract(payload, '$.\(PayloadKey.observationSeq.rawValue)') = ? ORDER BY seq LIMIT 1
                        """, arguments: [observation]).map(Self.event(from:))
                }
            },
            overridesOfGrades: { gradesSeq, before in
                (try? reader.read { db in
                    try Row.fetchAll(db, sql: """
                        SELECT \(Self.columns) FROM event
                        WHERE kind = 'override' AND json_extract(payload, '$.\(PayloadKey.supersedesSeq.rawValue)') = ? AND seq < ? ORDER BY seq
                        """, arguments: [gradesSeq, before]).map(Self.event(from:))
                }) ?? []
            })
    }

    /// Folds the log up to `limit` into the state per patient.
    ///
    /// The log is read in ranges of `rangeSize` events on several connections at once, a few
    /// ranges ahead of the fold: each row is read in place, a grades event skimmed for its grades,
    /// an observation's payload checked to be JSON (and read again at the end only if it is still
    /// its patient's current one), the rare other kinds decoded whole. The fold itself runs in seq
    /// order on the calling thread. A payload that is not JSON stops the replay as a corrupt log.
    /// Memory stays flat in the number of events: a few ranges are held at a time.
    package func replay(until limit: Replay.Limit = .end, rangeSize: Int64 = SeqRange.defaultSize / 8) throws(EventLogError) -> Replay {
        var replay = Replay(lookup: try replayLookup())
        var head = try lastSeq()
        if case .seq(let last) = limit { head = min(head, max(last, 0)) }
        var ranges = SeqRange.split(from: 1, head: head, size: rangeSize)
        // A replay to a seq reads no further than it.
        if case .seq(let last) = limit, let final = ranges.popLast() { ranges.append(SeqRange(lower: final.lower, upper: max(last, 0) + 1)) }
        let pool = ReaderPool(open: readOnlyConnection)
        let path = path
        var readRecordTimes = false
        if case .recordTime = limit { readRecordTimes = true }
        let answers = Answers<Replay.ReadRange>(count: ranges.count)
        let running = DispatchGroup()
        // Every range started is waited for, also when the fold stops early or fails.
        defer { running.wait() }
        let ahead = 2 * max(2, ProcessInfo.processInfo.activeProcessorCount)
        var started = 0
        folding: for index in ranges.indices {
            while started < min(index + ahead, ranges.count) {
                let range = ranges[started], task = started
                DispatchQueue.global().async(group: running) { [readRecordTimes] in
                    answers.run(task) { () throws(EventLogError) -> Replay.ReadRange in
                        try pool.with { (connection) throws(EventLogError) -> Replay.ReadRange in
                            try Self.readForReplay(range, recordTimes: readRecordTimes, on: connection, path: path)
                        }
                    }
                }
                started += 1
            }
            guard replay.fold(try answers.take(index).get(), limit: limit) else { break folding }
        }
        for seq in replay.unreadObservations {
            guard let event = try event(seq: seq) else { throw .corrupt(path: path, detail: "event \(seq) could not be read again") }
            replay.supply(event)
        }
        if replay.lastRecordTimeUnread {
            guard let last = try event(seq: replay.lastSeq) else { throw .corrupt(path: path, detail: "event \(replay.lastSeq) could not be read again") }
            replay.supplyLastRecordTime(last.recordTime)
        }
        return replay
    }

    /// The events of one range as a replay needs them; record times are read only when the
    /// replay stops at one.
    private static func readForReplay(_ range: SeqRange, recordTimes: Bool, on connection: DatabaseQueue,
                                      path: String) throws(EventLogError) -> Replay.ReadRange {
        var read = Replay.ReadRange()
        // Reused from row to row: the fast scan's results.
        var scanned: [PayloadFastScan.Result] = []
        var observationSeq: Double?
        try forEachRawRow(on: connection, path: path, range: range) { row in
            let (seq, kind, _) = try Self.checkedHead(of: row)
            guard let payload = row.bytes(11) else { throw RowProblem(seq: seq, message: "payload is null") }
            func header() -> Replay.ReadHeader {
                Replay.ReadHeader(seq: seq, patient: read.patient(bytes: row.bytes(3)),
                                  recordInstant: recordTimes ? row.bytes(5).flatMap(ClinicalTime.parse(iso8601:)) : nil)
            }
            do {
                switch kind {
                case .grades:
                    // The product's own payloads are read by the fast scan; any it declines by the
                    // skim, which decides (and names what is wrong).
                    if PayloadFastScan.grades(payload, observationSeq: &observationSeq, results: &scanned) {
                        read.append(.grades(header(), read.grades(scanned, observationSeq: observationSeq, in: payload)))
                    } else {
                        let digest = try GradesDigest(skimming: payload)
                        read.append(.grades(header(), read.grades(digest)))
                    }
                case .observation:
                    if !PayloadFastScan.vouches(for: payload) { try JSONSkimmer.validate(payload) }
                    // Parsed in place: a time is ASCII, so the bytes parse as their string would.
                    read.append(.unreadObservation(header(), time: row.bytes(4).flatMap(ClinicalTime.parse(iso8601:))))
                default:
                    var event = try Self.header(from: row)
                    event.payload = try JSONParser.parse(bytes: Array(payload))
                    read.append(.event(event))
                }
            } catch let problem as RowProblem {
                throw problem
            } catch {
                throw RowProblem(seq: seq, message: "payload is not JSON (\(error))")
            }
            return true
        }
        return read
    }
}
