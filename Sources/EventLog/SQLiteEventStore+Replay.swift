import Clinical
import GRDB

extension SQLiteEventStore {
    /// The lookups a replay needs for corrections and overrides of older entries. They read
    /// through a second, read-only connection, since the replay itself is reading through the first.
    package func replayLookup() throws(EventLogError) -> Replay.Lookup {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .timeout(60)
        let reader: DatabaseQueue
        do { reader = try DatabaseQueue(path: path, configuration: configuration) } catch { throw Self.mapped(error, path: path) }
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

    /// Folds the log up to `limit` into the state per patient.
    package func replay(until limit: Replay.Limit = .end) throws(EventLogError) -> Replay {
        var replay = Replay(lookup: try replayLookup())
        try forEachEvent(from: 1) { replay.fold($0, limit: limit) }
        return replay
    }
}
