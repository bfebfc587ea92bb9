import Clinical
import GRDB

extension SQLiteEventStore {
    static let columns = "seq, id, kind, patient, clinicalTime, recordTime, timeZone, authorId, authorRole, terminal, productVersion, payload, prevHash, hash"

    /// A stored row as an event. A row the product could not have written (unknown kind or role,
    /// payload not JSON) is returned as a `RowProblem` so that `verify` can name it.
    static func event(from row: Row) throws -> RecordedEvent {
        let seq: Int64 = row[0]
        let kindText: String = row[2]
        let roleText: String = row[8]
        let payloadText: String = row[11]
        guard let kind = EventKind(rawValue: kindText) else { throw RowProblem(seq: seq, message: "unknown kind \"\(kindText)\"") }
        guard let role = Role(rawValue: roleText) else { throw RowProblem(seq: seq, message: "unknown role \"\(roleText)\"") }
        guard let payload = try? JSONParser.parse(payloadText) else { throw RowProblem(seq: seq, message: "payload is not JSON") }
        return RecordedEvent(seq: seq, id: row[1], kind: kind, patient: row[3], clinicalTime: row[4], recordTime: row[5],
                             timeZone: row[6], author: Author(id: row[7], role: role), terminal: row[9], productVersion: row[10],
                             payload: payload, prevHash: row[12], hash: row[13])
    }

    /// A row read in place as an event with a null payload. A row the product could not have
    /// written (a seq that is not an integer, an unknown kind or role, a required column null) is
    /// a `RowProblem`.
    static func header(from row: RawRow) throws -> RecordedEvent {
        let (seq, kind, role) = try checkedHead(of: row)
        // The required columns were checked not to be null.
        return RecordedEvent(seq: seq, id: row.string(1)!, kind: kind, patient: row.string(3), clinicalTime: row.string(4),
                             recordTime: row.string(5)!, timeZone: row.string(6)!, author: Author(id: row.string(7)!, role: role),
                             terminal: row.string(9)!, productVersion: row.string(10)!, payload: .null, prevHash: row.string(12)!,
                             hash: row.string(13)!)
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

    package func forEachEvent(from seq: Int64, _ body: (RecordedEvent) throws -> Bool) throws(EventLogError) {
        do {
            try queue.read { db in
                let rows = try Row.fetchCursor(db, sql: "SELECT \(Self.columns) FROM event WHERE seq >= ? ORDER BY seq", arguments: [seq])
                while let row = try rows.next() {
                    guard try body(try Self.event(from: row)) else { break }
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

    /// SQLite's own structural check (`PRAGMA quick_check`): nil when it passes.
    package func quickCheck() throws(EventLogError) -> String? {
        try Self.structuralProblem(on: queue, path: path)
    }
}
