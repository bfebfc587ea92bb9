import Foundation
import GRDB

extension SQLiteEventStore {
    /// Opens a read-only connection and reads once, so that a hot journal — a write interrupted
    /// by a crash, which a read-only connection may not roll back — shows now, as
    /// `SQLITE_READONLY_ROLLBACK`, rather than in the middle of a command. A journal of a write
    /// still under way is not hot (its writer holds a lock) and reads go on.
    static func openReadOnly(_ file: LogFilePath, _ configuration: Configuration) throws -> DatabaseQueue {
        let connection = try DatabaseQueue(path: file.absolute, configuration: configuration)
        _ = try connection.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
        return connection
    }

    /// Lets SQLite roll back a write interrupted by a crash: a connection that may write takes
    /// its first read lock, and SQLite, finding the hot journal, copies the pages it saved back
    /// into the log and deletes it. This is SQLite's own recovery, the same as the next append
    /// would run, not a repair: the rolled-back write never committed, so nobody was told it was
    /// written. No statement of aegrade writes anything here.
    static func rollBackInterruptedWrite(_ file: LogFilePath, busyTimeoutSeconds: Double) throws {
        var configuration = Configuration()
        configuration.label = "aegrade.log.recovery"
        configuration.busyMode = BusyWait.mode(seconds: busyTimeoutSeconds)
        let writer = try DatabaseQueue(path: file.absolute, configuration: configuration)
        _ = try writer.inDatabase { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
        try writer.close()
    }

    /// A second, read-only connection to the log, for reading while the first one is reading.
    func readOnlyConnection() throws(EventLogError) -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = BusyWait.mode(seconds: settings.busyTimeoutSeconds)
        do { return try DatabaseQueue(path: file.absolute, configuration: configuration) } catch { throw Self.mapped(error, path: path) }
    }
}
