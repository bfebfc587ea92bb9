import EventLog
import Foundation
import GRDB
import TestSupport

/// Logs in SQLite files in a temporary directory, for `EventStoreConformance`.
struct SQLiteEventStoreFactory: EventStoreFactory {
    func makeLog() throws -> any ConformanceLog {
        let scratch = try Scratch()
        let path = scratch.path("log.db")
        return SQLiteConformanceLog(scratch: scratch, path: path, store: try SQLiteEventStore(path: path, mode: .readWrite(create: true)))
    }
}

struct SQLiteConformanceLog: ConformanceLog {
    let scratch: Scratch
    let path: String
    let store: any EventStore

    func openWriter() throws -> any EventStore { try SQLiteEventStore(path: path, mode: .readWrite(create: false)) }

    func openReader() throws -> any EventStore { try SQLiteEventStore(path: path, mode: .readOnly) }

    /// With the `sqlite3` shell, the trigger that refuses the change dropped, as `TamperTests` does.
    func tamper(_ tampering: Tampering) throws -> Bool {
        let sql = switch tampering {
        case .editPayload(let seq): "DROP TRIGGER eventNoUpdate; UPDATE event SET payload = json_set(payload, '$.tampered', 1) WHERE seq = \(seq);"
        case .delete(let seq): "DROP TRIGGER eventNoDelete; DELETE FROM event WHERE seq = \(seq);"
        case .breakHash(let seq): "DROP TRIGGER eventNoUpdate; UPDATE event SET hash = '\(String(repeating: "e", count: 64))' WHERE seq = \(seq);"
        }
        let output = try LogFile.sqlite(path, sql)
        guard output.status == 0 else { throw TestFailure("the tampering itself failed: \(output.transcript)") }
        return true
    }

    func refusing(_ reason: Refusal) throws -> (store: any EventStore, release: () throws -> Void)? {
        switch reason {
        case .readOnly:
            return (try SQLiteEventStore(path: path, mode: .readOnly), {})
        case .diskFull:
            // No page beyond those the file has: the large entry needs more.
            let pages = try LogFile.reader(path).read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
            let settings = SQLiteEventStore.Settings(maxPageCount: pages)
            return (try SQLiteEventStore(path: path, mode: .readWrite(create: false), settings: settings), {})
        case .locked:
            // Another connection holds the write lock; the store waits a fifth of a second for it.
            let store = try SQLiteEventStore(path: path, mode: .readWrite(create: false), settings: SQLiteEventStore.Settings(busyTimeoutSeconds: 0.2))
            var configuration = Configuration()
            configuration.allowsUnsafeTransactions = true
            let holder = try DatabaseQueue(path: path, configuration: configuration)
            try holder.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
            return (store, { try holder.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") } })
        }
    }

    func backupDestination() -> String { scratch.path("copy-\(UUID().uuidString).db") }

    func openCopy(_ destination: String) throws -> any EventStore { try SQLiteEventStore(path: destination, mode: .readOnly) }

    func remove() { scratch.remove() }
}
