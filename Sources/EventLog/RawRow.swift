import GRDB
import GRDBSQLite

/// A stored row read in place: each column as the bytes SQLite holds, valid only inside the body
/// that receives it (until the statement steps again).
///
/// `verify` and `replay` read every row of the log; reading them through `Row` would make a Swift
/// string of every column of every event. A raw row lets them hash and scan the stored bytes
/// directly, and make strings only of what they keep.
struct RawRow {
    fileprivate let statement: SQLiteStatement

    /// The column's storage class is INTEGER.
    func isInteger(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_INTEGER }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

    /// The column as UTF-8 text bytes; nil for NULL. (A number is converted to its text by SQLite.)
    func bytes(_ column: Int32) -> UnsafeBufferPointer<UInt8>? {
        if isNull(column) { return nil }
        // sqlite3_column_text before sqlite3_column_bytes, as SQLite documents, so the length is
        // that of the UTF-8 text.
        guard let text = sqlite3_column_text(statement, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column)))
    }

    /// The column as a string; nil for NULL. Invalid UTF-8 is repaired, as `Row` does.
    func string(_ column: Int32) -> String? { bytes(column).map { String(decoding: $0, as: UTF8.self) } }
}

extension SQLiteEventStore {
    /// Steps `sql` (its columns in the order of `columns`) on `connection` and calls `body` with
    /// each row in place, until `body` returns false or the rows end. Errors come out as the log's
    /// errors: a `RowProblem` that `body` throws is a corrupt log.
    static func forEachRawRow(on connection: DatabaseQueue, path: String, sql: String, arguments: StatementArguments = [],
                              _ body: (RawRow) throws -> Bool) throws(EventLogError) {
        do {
            try connection.read { db in
                let statement = try db.makeStatement(sql: sql)
                try statement.setArguments(arguments)
                let raw = statement.sqliteStatement
                defer { sqlite3_reset(raw) }
                while true {
                    let code = sqlite3_step(raw)
                    if code == SQLITE_DONE { return }
                    guard code == SQLITE_ROW else {
                        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                            sql: sql)
                    }
                    guard try body(RawRow(statement: raw)) else { return }
                }
            }
        } catch {
            throw mapped(error, path: path)
        }
    }
}
