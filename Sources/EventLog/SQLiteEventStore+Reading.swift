import Clinical
import GRDB

extension SQLiteEventStore {
    /// The columns of `event` in table order, as every reader selects them (the raw readers
    /// index them: `column(of:)`).
    static let columns = EventRow.Columns.all.map(\.name).joined(separator: ", ")

    /// A stored row as an event. A row the product could not have written (unknown kind or role,
    /// a column of the wrong type, payload not JSON) is returned as a `RowProblem` so that
    /// `verify` can name it.
    static func event(from row: Row) throws -> RecordedEvent {
        try EventRow(row: row).event()
    }

    /// A row read in place as an event with a null payload. A row the product could not have
    /// written (a seq that is not an integer, an unknown kind or role, a required column null) is
    /// a `RowProblem`.
    static func header(from row: RawRow) throws -> RecordedEvent {
        let (seq, kind, role) = try checkedHead(of: row)
        func required(_ column: Int32) throws -> String {
            guard let text = row.string(column) else { throw RowProblem(seq: seq, message: "a required column is null") }
            return text
        }
        return RecordedEvent(seq: seq, id: try required(1), kind: kind, patient: row.string(3), clinicalTime: row.string(4),
                             recordTime: try required(5), timeZone: try required(6), author: Author(id: try required(7), role: role),
                             terminal: try required(9), productVersion: try required(10), payload: .null, prevHash: try required(12),
                             hash: try required(13))
    }

    /// id, recordTime, timeZone, authorId, terminal, productVersion, payload, prevHash, hash.
    private static let requiredColumns: [Int32] = [1, 5, 6, 7, 9, 10, 11, 12, 13]

    /// The seq, kind and role of a row, after checking that the seq is an integer, the kind and
    /// role are known and no required column is null; nothing else of the row is made a string.
    static func checkedHead(of row: RawRow) throws -> (seq: Int64, kind: EventKind, role: Role) {
        guard row.isInteger(0) else { throw RowProblem(seq: 0, message: "seq \"\(row.string(0) ?? "null")\" is not an integer") }
        let seq = row.int64(0)
        let kindText = row.string(2) ?? ""
        let roleText = row.string(8) ?? ""
        guard let kind = EventKind(rawValue: kindText) else { throw RowProblem(seq: seq, message: "unknown kind \"\(kindText)\"") }
        guard let role = Role(rawValue: roleText) else { throw RowProblem(seq: seq, message: "unknown role \"\(roleText)\"") }
        for column in requiredColumns where row.isNull(column) {
            throw RowProblem(seq: seq, message: "a required column is null")
        }
        return (seq, kind, role)
    }

    /// A row that does not decode as an event.
    struct RowProblem: Error {
        let seq: Int64
        let message: String
    }

    /// Reads the events in short read transactions (`ReadSlice`), each slice's events decoded
    /// inside it and handed to `body` after it ended, so that neither the reading nor what `body`
    /// does with an event (grading it again, evaluating rules) holds up a writer's commit.
    package func forEachEvent(from seq: Int64, _ body: (RecordedEvent) throws -> Bool) throws(EventLogError) {
        var next: Int64? = seq
        do {
            while let lower = next {
                var events: [RecordedEvent] = []
                next = try queue.read { db -> Int64? in
                    let rows = try Row.fetchCursor(db, sql: "SELECT \(Self.columns) FROM event WHERE seq >= ? ORDER BY seq", arguments: [lower])
                    var clock = ReadSlice(rowLimit: settings.sliceRowLimit)
                    while let row = try rows.next() {
                        let event = try Self.event(from: row)
                        events.append(event)
                        if clock.isOver() || events.count >= 4096 { return event.seq < Int64.max ? event.seq + 1 : nil }
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

    package func lastEvent() throws(EventLogError) -> RecordedEvent? {
        try fetchOne(sql: "SELECT \(Self.columns) FROM event ORDER BY seq DESC LIMIT 1", arguments: [])
    }

    package func event(seq: Int64) throws(EventLogError) -> RecordedEvent? {
        try fetchOne(sql: "SELECT \(Self.columns) FROM event WHERE seq = ?", arguments: [seq])
    }

    package func event(id: String) throws(EventLogError) -> RecordedEvent? {
        try fetchOne(sql: "SELECT \(Self.columns) FROM event WHERE id = ?", arguments: [id])
    }

    private func fetchOne(sql: String, arguments: StatementArguments) throws(EventLogError) -> RecordedEvent? {
        do {
            return try queue.read { db in try Row.fetchOne(db, sql: sql, arguments: arguments).map(Self.event(from:)) }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }
}
