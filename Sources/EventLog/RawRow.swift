import Dispatch
import Foundation
import GRDB
import GRDBSQLite

/// A stored row read in place: each column as the bytes SQLite holds, valid only inside the body
/// that receives it (until the statement steps again).
///
/// `verify` and `replay` read every row of the log; reading them through `Row` would make a Swift
/// string of every column of every event. A raw row lets them hash and scan the stored bytes
/// directly, and make strings only of what they keep.
///
/// It reads through SQLite's C API rather than GRDB's `Row.withUnsafeData(atIndex:)`, which hands
/// each column over as a `Data` (a copy for a value of up to 14 bytes, a heap-allocated box
/// otherwise) valid only inside a closure: reading every column of 200,000 event-like rows
/// (2.4 KB payloads) took 1.7–2.2 s through the C API and 3.9–4.5 s (1.8–2.7×) through
/// `withUnsafeData`, release build, on the loaded 2-core machine.
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
    /// Steps the rows of `range` on `connection`, in seq order, and calls `body` with each row in
    /// place, until `body` returns false or the rows end. Errors come out as the log's errors: a
    /// `RowProblem` that `body` throws is a corrupt log.
    ///
    /// The rows are read in short read transactions (`ReadSlice`): in the rollback journal a
    /// reader's lock keeps a writer from committing, so a long read would hold up every bedside
    /// save behind it. A slice ends after `ReadSlice.budget`, and the next one starts after the
    /// last seq read. The log is append-only, so the slices read one after another are the rows
    /// one read would give (plus any appended meanwhile, in the open last range).
    static func forEachRawRow(on connection: DatabaseQueue, path: String, range: SeqRange, rowLimit: Int? = nil,
                              afterSlice: () -> Void = {}, _ body: (RawRow) throws -> Bool) throws(EventLogError) {
        var slice = range
        do {
            while true {
                let next = try connection.read { db -> SeqRange? in
                    let statement = try db.makeStatement(sql: slice.sql)
                    let raw = statement.sqliteStatement
                    defer { sqlite3_reset(raw) }
                    var clock = ReadSlice(rowLimit: rowLimit)
                    while true {
                        let code = sqlite3_step(raw)
                        if code == SQLITE_DONE { return nil }
                        guard code == SQLITE_ROW else {
                            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                                                sql: slice.sql)
                        }
                        let row = RawRow(statement: raw)
                        let seq = row.int64(0)
                        guard try body(row) else { return nil }
                        if clock.isOver(), seq < Int64.max { return SeqRange(lower: seq + 1, upper: slice.upper) }
                    }
                }
                afterSlice()
                guard let next else { return }
                slice = next
            }
        } catch {
            throw mapped(error, path: path)
        }
    }
}

/// The time one read transaction may last.
///
/// In rollback-journal mode a reader's shared lock keeps a writer from committing until the read
/// ends: every read of many rows (verify, replay, export, regrade) is cut into slices of about
/// this long, so that a bedside save waits at most one slice (README, "Durability and
/// concurrency"). 5 ms: a `record` process arriving during a slice waits for the rest of it on
/// top of its own work, so the slice is most of what a reader adds to its p99 (it was 20 ms, a
/// p99 of 128 ms during an export against 100 ms with no reader); starting a transaction (a lock
/// and a check of the file's change counter) still costs little beside 5 ms.
struct ReadSlice {
    static let budget: UInt64 = 5_000_000
    /// Test hook (`SQLiteEventStore.Settings.sliceRowLimit`): a slice ends after exactly this
    /// many rows instead of after the time budget, so that a test can stop a command between two
    /// slices of a small log at a row it knows, however fast the machine reads (with the budget
    /// too, a loaded machine ended the first slice after one row).
    private let rowLimit: Int?
    private let start = DispatchTime.now().uptimeNanoseconds
    private var rows = 0

    init(rowLimit: Int? = nil) {
        self.rowLimit = rowLimit
    }

    /// Counts a row read; true when the slice should end after it.
    mutating func isOver() -> Bool {
        rows += 1
        if let rowLimit { return rows >= rowLimit }
        return DispatchTime.now().uptimeNanoseconds - start > Self.budget
    }
}

extension SQLiteEventStore {
    /// `forEachRawRow` on the store's own connection; `afterSlice` runs after each short read
    /// transaction has ended (to write out what it read without holding the lock).
    func forEachRawRow(range: SeqRange, afterSlice: () -> Void = {}, _ body: (RawRow) throws -> Bool) throws(EventLogError) {
        try Self.forEachRawRow(on: queue, path: path, range: range, rowLimit: settings.sliceRowLimit, afterSlice: afterSlice, body)
    }

    /// The column (in the order of `columns`) that holds a field of the canonical text.
    static func column(of field: CanonicalEvent.Field) -> Int32 {
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
