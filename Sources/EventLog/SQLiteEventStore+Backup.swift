import Foundation
import GRDB

extension SQLiteEventStore {
    /// Copies the log into a new file at `destination` with SQLite's online backup API, and
    /// returns the last seq copied.
    ///
    /// Copying the file with `cp` is not safe: while a write is under way, or after a crash left a
    /// hot journal, the file holds pages of a write that never committed, and its copy (without
    /// the journal) shows events that were never acknowledged — a checkpoint taken from it
    /// later "mismatches" the real log. The backup API copies the committed log as one read
    /// transaction sees it (a store opened read-only has already let SQLite roll back a hot
    /// journal, or refused). Writers wait while the pages are copied (about a second per GB).
    ///
    /// The copy is created with mode 0600 and never over an existing file; a copy that fails is
    /// removed.
    package func backup(to destination: String) throws(EventLogError) -> Int64 {
        let target = try LogFilePath(destination)
        guard try target.entry() == .none else {
            throw .invalidPath(path: destination, reason: "a file is already there; a backup is never written over a file")
        }
        try target.createIfAbsent()
        do {
            let copy = try DatabaseQueue(path: target.absolute)
            try queue.backup(to: copy)
            let last = try copy.read { db in try Int64.fetchOne(db, sql: "SELECT max(seq) FROM event") } ?? 0
            try copy.close()
            return last
        } catch {
            try? FileManager.default.removeItem(atPath: target.absolute)
            try? FileManager.default.removeItem(atPath: target.absolute + "-journal")
            throw Self.mapped(error, path: destination)
        }
    }
}
