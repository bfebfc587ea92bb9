import Foundation
import GRDB

extension SQLiteEventStore {
    /// Copies the log into a new log at `destination`, event by event in short read
    /// transactions, and returns the last seq copied.
    ///
    /// Copying the file with `cp` is not safe: while a write is under way, or after a crash left a
    /// hot journal, the file holds pages of a write that never committed, and its copy (without
    /// the journal) shows events that were never acknowledged — a checkpoint taken from it
    /// later "mismatches" the real log. This reads only committed rows (a store opened read-only
    /// has already let SQLite roll back a hot journal, or refused).
    ///
    /// Why a copy of the rows, not of the pages: in rollback-journal mode a reader's lock keeps
    /// every writer from committing, so the copy reads in slices of at most 5 ms (`ReadSlice`),
    /// each its own read transaction, the next starting after the last seq copied. SQLite's
    /// backup API could be stepped a few pages at a time too, but any commit by another process
    /// starts it again from page 1, so on a ward that saves more often than a whole copy takes
    /// (seconds for a large log) it would never end. The log is append-only, so the slices read
    /// one after another are exactly the events committed up to the last seq copied. The copy is
    /// a new log made as `createSchema(_:version:)` makes one — the same tables, indexes, triggers,
    /// `application_id`, `user_version` and page size — holding every row with every column's
    /// value and storage class as stored, so its hashes are the log's and `aegrade log verify`
    /// checks it like the log. A log whose schema is not this product's is refused (`verify`
    /// names the difference), since its copy would not show it.
    ///
    /// The copy is created with mode 0600 and never over an existing file; it is committed (and
    /// synced) every `backupBatchRows` events, and a copy that fails is removed.
    package func backup(to destination: String) throws(EventLogError) -> Int64 {
        let target = try LogFilePath(destination)
        guard try target.entry() == .none else {
            throw .invalidPath(path: destination, reason: "a file is already there; a backup is never written over a file")
        }
        if let problem = try Self.schemaProblem(on: queue, path: path) {
            throw .corrupt(path: path, detail: "the schema is not the one aegrade creates: \(problem)")
        }
        let pageSize: Int
        let version: Int
        do {
            (pageSize, version) = try queue.read { db in
                (try Int.fetchOne(db, sql: "PRAGMA page_size") ?? Self.pageSize, try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0)
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
        try target.createIfAbsent()
        do {
            var configuration = Configuration()
            configuration.label = "aegrade.backup"
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
                try db.execute(sql: "PRAGMA page_size = \(pageSize)")
            }
            let copy = try DatabaseQueue(path: target.absolute, configuration: configuration)
            try copy.write { db in try Self.createSchema(db, version: version) }
            let last = try copyEvents(into: copy)
            // The credentials go with the events they belong to: a restored log signs its users
            // in as the log did (its own file, 0600, never an export).
            if version >= Self.schemaVersionBeforeSignatures { try copyCredentials(into: copy, upTo: last) }
            // The signatures too: without them the copy's events from the log's key on would fail verify.
            if version >= Self.schemaVersion { try copyWriteRows(into: copy, upTo: last) }
            try copy.close()
            return last
        } catch {
            try? FileManager.default.removeItem(atPath: target.absolute)
            try? FileManager.default.removeItem(atPath: target.absolute + "-journal")
            throw Self.mapped(error, path: destination)
        }
    }

    /// Copies the credential rows set by events up to `last` (a few rows per user: one short read).
    private func copyCredentials(into copy: DatabaseQueue, upTo last: Int64) throws {
        let (columns, rows) = try queue.read { db in
            let columns = try Self.credentialColumns(db)
            return (columns, try Row.fetchAll(db, sql: "SELECT \(columns) FROM credential WHERE seq <= ? ORDER BY seq", arguments: [last])
                .map { Array($0.databaseValues) })
        }
        let marks = Array(repeating: "?", count: columns.split(separator: ",").count).joined(separator: ", ")
        try copy.write { db in
            for values in rows {
                try db.execute(sql: "INSERT INTO credential (\(columns)) VALUES (\(marks))", arguments: StatementArguments(values))
            }
        }
    }

    /// Copies the `eventWrite` rows (signatures, clock status) of the events up to `last`, in
    /// short reads of `backupBatchRows` rows each.
    private func copyWriteRows(into copy: DatabaseQueue, upTo last: Int64) throws {
        var lower: Int64 = 1
        while lower <= last {
            let upper = min(last + 1, lower + Int64(Self.backupBatchRows))
            let rows = try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT \(Self.writeRowColumns) FROM eventWrite WHERE seq >= ? AND seq < ? ORDER BY seq",
                                 arguments: [lower, upper]).map { Array($0.databaseValues) }
            }
            try copy.write { db in
                for values in rows {
                    try db.execute(sql: "INSERT INTO eventWrite (\(Self.writeRowColumns)) VALUES (?, ?, ?, ?, ?, ?)", arguments: StatementArguments(values))
                }
            }
            lower = upper
        }
    }

    /// Events written to the copy per transaction: few commits (each synced), small journal.
    static let backupBatchRows = 5_000

    /// Copies every event, slice by slice, into `copy`; returns the last seq copied.
    private func copyEvents(into copy: DatabaseQueue) throws -> Int64 {
        let insert = "INSERT INTO event (\(Self.columns)) VALUES (\(Array(repeating: "?", count: 14).joined(separator: ", ")))"
        var last: Int64 = 0
        var pending: [[DatabaseValue]] = []
        var slices = 0
        func flush() throws {
            guard !pending.isEmpty else { return }
            try copy.write { db in
                let statement = try db.cachedStatement(sql: insert)
                for values in pending { try statement.execute(arguments: StatementArguments(values)) }
            }
            pending.removeAll(keepingCapacity: true)
        }
        while true {
            let lower = last + 1
            // One short read transaction: rows are taken as stored values, written after it ended.
            let (rows, more) = try queue.read { db -> ([[DatabaseValue]], Bool) in
                let cursor = try Row.fetchCursor(db, sql: "SELECT \(Self.columns) FROM event WHERE seq >= ? ORDER BY seq", arguments: [lower])
                var rows: [[DatabaseValue]] = []
                var clock = ReadSlice(rowLimit: settings.sliceRowLimit)
                while let row = try cursor.next() {
                    rows.append(Array(row.databaseValues))
                    if clock.isOver() { return (rows, true) }
                }
                return (rows, false)
            }
            for values in rows {
                guard let seq = Int64.fromDatabaseValue(values[0]) else {
                    throw RowProblem(seq: last + 1, message: "seq is not an integer")
                }
                last = seq
            }
            pending.append(contentsOf: rows)
            if pending.count >= Self.backupBatchRows || !more { try flush() }
            slices += 1
            if slices == 1 { TestHooks.pauseAfterFirstBackupSlice(until: settings.backupReleaseFile) }
            guard more, last < Int64.max else { break }
        }
        return last
    }
}
