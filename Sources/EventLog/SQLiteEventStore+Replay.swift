import Clinical
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
    package func replay(until limit: Replay.Limit = .end) throws(EventLogError) -> Replay {
        var replay = Replay(lookup: try replayLookup())
        try fold(into: &replay, until: limit)
        return replay
    }

    /// Folds the events from `seq` on, up to `limit`, into `replay`, reading each row in place: a
    /// grades event is skimmed for its grades, an observation's payload is checked and kept as text
    /// (decoded at the end only if it is still its patient's current one), and the rare other kinds
    /// are decoded whole. A payload that is not JSON stops the replay as a corrupt log.
    package func fold(into replay: inout Replay, from seq: Int64 = 1, until limit: Replay.Limit = .end) throws(EventLogError) {
        try forEachRawRow(sql: "SELECT \(Self.columns) FROM event WHERE seq >= ? ORDER BY seq", arguments: [seq]) { row in
            let header = try Self.header(from: row)
            let payload = row.bytes(11)!
            do {
                switch header.kind {
                case .grades:
                    return replay.fold(grades: header, digest: try GradesDigest(skimming: payload), limit: limit)
                case .observation:
                    try JSONSkimmer.validate(payload)
                    return replay.fold(observation: header, payloadText: String(decoding: payload, as: UTF8.self), limit: limit)
                default:
                    var event = header
                    event.payload = try JSONParser.parse(bytes: Array(payload))
                    return replay.fold(event, limit: limit)
                }
            } catch {
                throw RowProblem(seq: header.seq, message: "payload is not JSON (\(error))")
            }
        }
        replay.decodeKept()
    }
}
