import ArgumentParser
import Clinical
import EventLog
import Foundation
import PostgresLog
import Localization

/// `--db FILE|URL` (or `AEGRADE_DB`): the log, an SQLite file or a site's chain on PostgreSQL.
struct LogFileOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "The aegrade log: the path of a regular file (SQLite), never a URI or :memory:; or postgres://USER@HOST:PORT/DATABASE?site=SITE "
            + "(the password from PGPASSWORD, ~/.pgpass or a prompt, never the URL). Default: $AEGRADE_DB.", valueName: "FILE|URL"))
    var db: String?

    /// The log as given: `--db`, else `AEGRADE_DB`.
    var path: String { db ?? ProcessInfo.processInfo.environment["AEGRADE_DB"] ?? "" }

    func validate() throws {
        if db == nil, ProcessInfo.processInfo.environment["AEGRADE_DB"] == nil {
            throw ValidationError(localized("Missing expected argument '--db <FILE|URL>' (or set AEGRADE_DB)."))
        }
        if PostgresURL.isURL(path) {
            do throws(EventLogError) { _ = try PostgresURL(path) } catch { throw ValidationError("\(localizedMessage(error.description)).") }
        }
    }

    /// Opens the log, or exits with the reason: status 2, or 3 when a log opened to append refuses the write.
    func open(_ mode: SQLiteEventStore.Mode) throws -> any EventStore { try Self.open(path: path, mode) }

    /// The one place the commands name the log's implementation: an SQLite file at `path`, with
    /// the settings of `environment`. `refusingDamage`: a log opened to append whose schema or
    /// chain tail was changed is refused here (exit 2), as it opens; the board passes false, to
    /// show such a log under its banner (the store refuses every append to it all the same).
    static func open(path: String, _ mode: SQLiteEventStore.Mode, refusingDamage: Bool = true,
                     environment: [String: String] = ProcessInfo.processInfo.environment) throws -> any EventStore {
        if PostgresURL.isURL(path) { return try openPostgres(path, mode, environment: environment) }
        do throws(EventLogError) {
            let store = try SQLiteEventStore(path: path, mode: mode, settings: settings(environment))
            if refusingDamage, let refusal = store.writeRefusal { throw refusal }
            if store.rolledBackInterruptedWrite {
                printError("aegrade: " + localized("{path}: a write interrupted by a crash (never acknowledged) was rolled back by SQLite from {path}-journal, as it does on the next open that may write; the log reads as it was before that write",
                                                   ["path": path]))
            }
            return store
        } catch {
            if case .missing = error, case .readWrite(create: false) = mode {
                printError("aegrade: " + localized("{path}: no such log; create it with its first administrator: {command}",
                                                   ["path": path, "command": "aegrade log init --db \(path) --admin ID --name \"FULL NAME\""]))
                throw ExitCode(2)
            }
            printError("aegrade: \(localizedMessage(error.description))")
            // Opening to append already writes (an IMMEDIATE transaction): a log that refuses it
            // (locked, disk full, read-only) is exit 3, "the log refused the write", as documented.
            if case .readWrite = mode {
                switch error {
                case .locked, .diskFull, .readOnly: throw ExitCode(3)
                default: break
                }
            }
            throw ExitCode(2)
        }
    }
}

extension LogFileOptions {
    /// The store's settings: the product's, except where a test of the built binary sets an
    /// `AEGRADE_TEST_…` variable (no user sets them; the test runner passes none on unless a test
    /// asks): `BUSY_TIMEOUT` seconds, `SLICE_ROWS`, `MAX_PAGE_COUNT`, `CACHE_PAGES`,
    /// `PAUSE_BEFORE_COMMIT` seconds, `PAUSE_EXPORT` (the file that releases the export).
    static func settings(_ environment: [String: String]) -> SQLiteEventStore.Settings {
        var settings = SQLiteEventStore.Settings()
        if let seconds = environment["AEGRADE_TEST_BUSY_TIMEOUT"].flatMap(Double.init) { settings.busyTimeoutSeconds = seconds }
        settings.sliceRowLimit = environment["AEGRADE_TEST_SLICE_ROWS"].flatMap(Int.init)
        settings.maxPageCount = environment["AEGRADE_TEST_MAX_PAGE_COUNT"].flatMap(Int.init)
        settings.cachePages = environment["AEGRADE_TEST_CACHE_PAGES"].flatMap(Int.init)
        settings.pauseBeforeCommitSeconds = environment["AEGRADE_TEST_PAUSE_BEFORE_COMMIT"].flatMap(Double.init)
        settings.exportReleaseFile = environment["AEGRADE_TEST_PAUSE_EXPORT"]
        settings.snapshotPagesPerStep = environment["AEGRADE_TEST_SNAPSHOT_PAGES"].flatMap(Int32.init).flatMap { $0 > 0 ? $0 : nil }
        settings.snapshotPausePrefix = environment["AEGRADE_TEST_PAUSE_SNAPSHOT"]
        settings.structureReleaseFile = environment["AEGRADE_TEST_PAUSE_STRUCTURE"]
        settings.backupReleaseFile = environment["AEGRADE_TEST_PAUSE_BACKUP"]
        return settings
    }
}

extension Role: ExpressibleByArgument {}

/// `--as-of TIME` or `--seq N`: how far into the log.
struct LogLimitOptions: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp("Only the events recorded at or before this ISO 8601 time (with offset).", valueName: "TIME"))
    var asOf: String?

    @Option(name: .customLong("seq"), help: ArgumentHelp("Only the events up to this sequence number.", valueName: "N"))
    var seq: Int64?

    func validate() throws {
        if asOf != nil, seq != nil { throw ValidationError(localized("Give --as-of or --seq, not both.")) }
        if let asOf, ClinicalTime(iso8601: asOf) == nil {
            throw ValidationError(localized("--as-of {time} is not an ISO 8601 time with an offset, such as 2026-11-22T08:00:00+08:00.", ["time": asOf]))
        }
    }

    var limit: Replay.Limit {
        if let seq { return .seq(seq) }
        if let asOf, let time = ClinicalTime(iso8601: asOf) { return .recordTime(time) }
        return .end
    }
}

/// Writes bytes to standard output.
func writeStandardOutput(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let written = Foundation.write(1, raw.baseAddress! + offset, raw.count - offset)
            if written <= 0 { break }
            offset += written
        }
    }
}
