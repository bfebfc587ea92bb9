import Dispatch
import Foundation
import GRDB

/// SQLite's structural check (`integrity_check`, or `quick_check`) run on a copy of the log, so
/// that it holds no lock on the log while it runs.
///
/// In rollback-journal mode a reader's shared lock keeps every writer from committing until the
/// read ends, and SQLite cannot split its structural check: run on the log itself it is one read
/// of the whole file (10 s for `integrity_check` at 1,000,000 events), and every bedside save
/// waits behind it. So the file is first copied into a temporary file with SQLite's online backup
/// API, a few pages per step: `sqlite3_backup_step` takes the log's shared lock and releases it
/// within each step (the source connection holds no transaction), so a writer waits one step at
/// most. The backup API copies pages verbatim, so damage in the log is in the copy; and when a
/// step finds that another connection committed since the last one, SQLite starts the copy again
/// from page 1, so a finished copy is the file as one moment saw it — the check on it is the check
/// on the log at that moment.
///
/// A log that keeps changing (saves arriving faster than the copy runs) would restart the copy
/// forever: after `maximumAttempts` copies were each interrupted by a write, the copy is made in
/// one read transaction, which holds writers for the copy's time (a fraction of the check's);
/// when the temporary directory has no room for a copy, the check runs on the log itself as
/// before. Either way `note` says so and how long writers were held (README, "Durability and
/// concurrency").
///
/// The copy is a file of mode 0600 in the temporary directory (`TMPDIR`), never the log's
/// directory (which the reader may not be allowed to write), and it is removed when the check
/// ends, also when it fails, when a signal interrupts the process, and by the next check when the
/// process was killed outright (`StructureSnapshot+Scratch`). It is written without a journal and without syncs: it is scratch,
/// thrown away after one read.
struct StructureSnapshot {
    /// What the check found, and how it ran when it could not run on a copy.
    struct Answer {
        /// SQLite's findings (up to three), nil when the check passes.
        var problem: String?
        /// Said on standard error by the commands: why the check ran on the log itself, and for
        /// how long it held writers. Nil when it ran on a copy.
        var note: String?
        /// Seconds spent copying the log (0 when the check ran on the log itself), for
        /// `LogVerification.timings`.
        var copySeconds: Double = 0
    }

    /// Copies that may be interrupted by a write before the check runs on the log itself. A copy
    /// of a 2.9 GB log takes a few seconds; a ward's saves come far less often than that, so a
    /// second or third copy usually runs through.
    static let maximumAttempts = 5

    /// Pages per backup step: 4 MiB, a millisecond or two of copying from the page cache, within
    /// the 5 ms a read transaction may last (`ReadSlice`), unless the settings of a test ask for steps of a few
    /// pages, to stop a copy of a small log half-way.
    static func pagesPerStep(pageSize: Int, settings: SQLiteEventStore.Settings) -> Int32 {
        if let pages = settings.snapshotPagesPerStep, pages > 0 { return pages }
        return Int32(max(1, (4 << 20) / max(pageSize, 512)))
    }

    /// Runs the check on a snapshot of the log read through `source` (a connection with no
    /// transaction open), or on the log itself when no snapshot can be made.
    static func check(source: DatabaseQueue, path: String, thorough: Bool,
                      settings: SQLiteEventStore.Settings) throws(EventLogError) -> Answer {
        let (pageSize, pageCount): (Int, Int)
        do {
            (pageSize, pageCount) = try source.read { db in
                (try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0, try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0)
            }
        } catch {
            throw SQLiteEventStore.mapped(error, path: path)
        }
        let directory = temporaryDirectory
        // The copy needs the log's size, with room to spare for pages appended while it runs.
        let needed = Int64(pageSize) * Int64(pageCount) + (64 << 20)
        if let free = freeBytes(in: directory), free < needed {
            return try inPlace(source: source, path: path, thorough: thorough,
                               why: "there is no room for a copy of the log in \(directory) (\(needed >> 20) MB needed, \(free >> 20) MB free)")
        }
        let copy: String
        switch makeScratchFile(in: directory) {
        case .success(let made): copy = made
        case .failure(let failure):
            return try inPlace(source: source, path: path, thorough: thorough,
                               why: "no copy of the log could be made in \(directory) (\(failure.reason))")
        }
        defer { removeScratch(copy) }
        do {
            var configuration = Configuration()
            configuration.label = "aegrade.structure-copy"
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA journal_mode = OFF")
                try db.execute(sql: "PRAGMA synchronous = OFF")
            }
            let snapshot = try DatabaseQueue(path: copy, configuration: configuration)
            defer { try? snapshot.close() }
            var note: String?
            let copyStart = DispatchTime.now().uptimeNanoseconds
            if try !copyPages(from: source, to: snapshot, pagesPerStep: pagesPerStep(pageSize: pageSize, settings: settings),
                                  pausePrefix: settings.snapshotPausePrefix) {
                // Copying is a fraction of the check's time (it reads each page once, in file
                // order, and checks nothing), so a copy in one read transaction holds writers for
                // less time than the check on the log itself would.
                let start = DispatchTime.now().uptimeNanoseconds
                try source.backup(to: snapshot)
                note = "the log changed during each of \(maximumAttempts) copies (writers were saving): it was copied in one read, "
                    + "which held writers for \(seconds(since: start)) s"
            }
            let copySeconds = Double(DispatchTime.now().uptimeNanoseconds - copyStart) / 1e9
            TestHooks.pauseDuringStructureCheck(snapshot: copy, until: settings.structureReleaseFile)
            return Answer(problem: try SQLiteEventStore.structuralProblem(on: snapshot, path: path, thorough: thorough), note: note,
                          copySeconds: copySeconds)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_FULL {
            return try inPlace(source: source, path: path, thorough: thorough, why: "\(directory) filled up while the log was copied")
        } catch let error as EventLogError {
            throw error
        } catch {
            throw SQLiteEventStore.mapped(error, path: path)
        }
    }

    /// A copy interrupted by a write more often than `maximumAttempts` allows.
    private struct TooManyRestarts: Error {}

    /// Copies the log into `snapshot` with the backup API in steps of `pagesPerStep` pages; false
    /// when every one of `maximumAttempts` copies was interrupted by a write.
    ///
    /// GRDB's `Database.backup(to:pagesPerStep:progress:)` steps `sqlite3_backup_step`; called on a
    /// connection with no transaction open (`inDatabase`, not `read`), each step takes and
    /// releases the log's lock itself. A restart shows as a step after which only the pages of
    /// one step are done: SQLite copies page 1 onwards again.
    private static func copyPages(from source: DatabaseQueue, to snapshot: DatabaseQueue, pagesPerStep: Int32,
                                  pausePrefix: String?) throws -> Bool {
        var attempt = 1
        var stepsInAttempt = 0
        do {
            try source.inDatabase { sourceDB in
                try snapshot.writeWithoutTransaction { snapshotDB in
                    try sourceDB.backup(to: snapshotDB, pagesPerStep: pagesPerStep) { progress in
                        guard !progress.isCompleted else { return }
                        stepsInAttempt += 1
                        if stepsInAttempt > 1, progress.completedPageCount <= Int(pagesPerStep) {
                            attempt += 1
                            stepsInAttempt = 1
                            guard attempt <= maximumAttempts else { throw TooManyRestarts() }
                        }
                        if stepsInAttempt == 1 { TestHooks.pauseDuringSnapshotCopy(attempt: attempt, prefix: pausePrefix) }
                    }
                }
            }
            return true
        } catch is TooManyRestarts {
            return false
        }
    }

    /// The check on the log itself, one read transaction, timed for the note.
    private static func inPlace(source: DatabaseQueue, path: String, thorough: Bool, why: String) throws(EventLogError) -> Answer {
        let start = DispatchTime.now().uptimeNanoseconds
        let problem = try SQLiteEventStore.structuralProblem(on: source, path: path, thorough: thorough)
        let check = thorough ? "integrity_check" : "quick_check"
        return Answer(problem: problem, note: "\(why): SQLite's \(check) ran on the log itself and held writers for \(seconds(since: start)) s")
    }

    /// Seconds since `start` (uptime nanoseconds), to two places.
    private static func seconds(since start: UInt64) -> String {
        String(format: "%.2f", Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    /// `TMPDIR`, else `/tmp`.
    private static var temporaryDirectory: String {
        if let directory = ProcessInfo.processInfo.environment["TMPDIR"], !directory.isEmpty { return directory }
        return "/tmp"
    }

    /// Bytes an unprivileged process may still write in `directory` (nil when unknown).
    private static func freeBytes(in directory: String) -> Int64? {
        let attributes = try? FileManager.default.attributesOfFileSystem(forPath: directory)
        return (attributes?[.systemFreeSize] as? NSNumber)?.int64Value
    }

    struct ScratchFailure: Error { var reason: String }
}
