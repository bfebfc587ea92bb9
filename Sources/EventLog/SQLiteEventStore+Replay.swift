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
                    try Row.fetchOne(db, sql: """
                        SELECT \(Self.columns) FROM event
                        WHERE kind = 'grades' AND json_extract(payload, '$.observationSeq') = ? ORDER BY seq LIMIT 1
                        """, arguments: [observation]).map(Self.event(from:))
                }
            },
            overridesOfGrades: { gradesSeq, before in
                (try? reader.read { db in
                    try Row.fetchAll(db, sql: """
                        SELECT \(Self.columns) FROM event
                        WHERE kind = 'override' AND json_extract(payload, '$.supersedesSeq') = ? AND seq < ? ORDER BY seq
                        """, arguments: [gradesSeq, before]).map(Self.event(from:))
                }) ?? []
            })
    }

    /// A second, read-only connection to the log, for reading while the first one is reading.
    func readOnlyConnection() throws(EventLogError) -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(60)
        do { return try DatabaseQueue(path: path, configuration: configuration) } catch { throw Self.mapped(error, path: path) }
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
        let answers = Answers<[Replay.ReadEvent]>(count: ranges.count)
        let running = DispatchGroup()
        // Every range started is waited for, also when the fold stops early or fails.
        defer { running.wait() }
        let ahead = 2 * max(2, ProcessInfo.processInfo.activeProcessorCount)
        var started = 0
        folding: for index in ranges.indices {
            while started < min(index + ahead, ranges.count) {
                let range = ranges[started], task = started
                DispatchQueue.global().async(group: running) {
                    answers.run(task) { () throws(EventLogError) -> [Replay.ReadEvent] in
                        try pool.with { (connection) throws(EventLogError) -> [Replay.ReadEvent] in
                            try Self.readForReplay(range, on: connection, path: path)
                        }
                    }
                }
                started += 1
            }
            for event in try answers.take(index).get() {
                guard replay.fold(event, limit: limit) else { break folding }
            }
        }
        for seq in replay.unreadObservations {
            guard let event = try event(seq: seq) else { throw .corrupt(path: path, detail: "event \(seq) could not be read again") }
            replay.supply(event)
        }
        return replay
    }

    /// The events of one range as a replay needs them.
    private static func readForReplay(_ range: SeqRange, on connection: DatabaseQueue, path: String) throws(EventLogError) -> [Replay.ReadEvent] {
        var events: [Replay.ReadEvent] = []
        try forEachRawRow(on: connection, path: path, sql: range.sql) { row in
            let header = try Self.header(from: row)
            let payload = row.bytes(11)!
            do {
                switch header.kind {
                case .grades:
                    events.append(.grades(header, try GradesDigest(skimming: payload)))
                case .observation:
                    try JSONSkimmer.validate(payload)
                    events.append(.unreadObservation(header, time: header.clinicalInstant))
                default:
                    var event = header
                    event.payload = try JSONParser.parse(bytes: Array(payload))
                    events.append(.event(event))
                }
            } catch {
                throw RowProblem(seq: header.seq, message: "payload is not JSON (\(error))")
            }
            return true
        }
        return events
    }
}
