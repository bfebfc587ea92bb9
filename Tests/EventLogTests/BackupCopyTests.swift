import Clinical
import EventLog
import Foundation
import Testing
import TestSupport

extension ThroughTheBinary {
    /// `log backup` copies the events in short read transactions into a new log with the same
    /// schema, pragmas and stored values (README, "Durability and concurrency").
    @Suite("Backup: a copy in short reads") struct BackupCopyTests {
        /// Every stored value of every event, with its storage class, as the `sqlite3` shell quotes it.
        static func dump(_ path: String) throws -> String {
            let columns = "seq, id, kind, patient, clinicalTime, recordTime, timeZone, authorId, authorRole, terminal, productVersion, payload, prevHash, hash"
            let quoted = columns.split(separator: ",").map { "typeof(\($0.trimmingCharacters(in: .whitespaces))) || ':' || quote(\($0.trimmingCharacters(in: .whitespaces)))" }
            let output = try LogFile.sqlite(path, "SELECT \(quoted.joined(separator: " || ' ' || ")) FROM event ORDER BY seq;")
            try #require(output.status == 0, "\(output.transcript)")
            return output.stdout
        }

        /// The schema and the pragmas a log is made with.
        static func makeup(_ path: String) throws -> String {
            let output = try LogFile.sqlite(path, """
                SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name;
                PRAGMA page_size; PRAGMA application_id; PRAGMA user_version; PRAGMA journal_mode; PRAGMA encoding;
                """)
            try #require(output.status == 0, "\(output.transcript)")
            return output.stdout
        }

        @Test func theCopyHoldsExactlyTheCommittedEventsAndVerifies() throws {
            // Given a product-written log (seq 1–12)
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            let copy = scratch.path("copy.db")
            // When it is backed up in slices of 5 events
            let backup = try Run.aegrade(["log", "backup", "--db", path, "--to", copy], environment: ["AEGRADE_TEST_SLICE_ROWS": "5"])
            // Then the copy holds every event with every stored value, in a log made as aegrade makes one
            #expect(backup.status == 0, "\(backup.transcript)")
            #expect(backup.stdout == "copied seq 1..24 of \(path) to \(copy)\n", "\(backup.stdout)")
            #expect(try Self.dump(copy) == (try Self.dump(path)))
            #expect(try Self.makeup(copy) == (try Self.makeup(path)))
            let mode = (try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? NSNumber)?.intValue
            #expect(mode == 0o600, "mode \(String(mode ?? 0, radix: 8))")
            // And it verifies, with the log's checkpoint
            let checkpoint = try Run.aegrade(["log", "checkpoint", "--chain", "--db", path])
            let verify = try Run.aegrade(["log", "verify", "--db", copy, "--checkpoint", checkpoint.stdout.trimmingCharacters(in: .newlines)])
            #expect(verify.status == 0 && verify.stdout.hasPrefix("ok: 24 events"), "\(verify.transcript)")
            #expect(!FileManager.default.fileExists(atPath: copy + "-journal"))
        }

        @Test func aWriterCommitsWhileABackupIsHalfWay() throws {
            // Given a product-written log (seq 1–12)
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            let copy = scratch.path("copy.db")
            // When a backup is held after its first slice of 5 events
            let release = scratch.path("release")
            let backup = try Run.startAegrade(["log", "backup", "--db", path, "--to", copy],
                                              environment: ["AEGRADE_TEST_SLICE_ROWS": "5", "AEGRADE_TEST_PAUSE_BACKUP": release],
                                              stdout: scratch.file("backup.out"), stderr: scratch.file("backup.err"))
            defer {
                _ = FileManager.default.createFile(atPath: release, contents: nil)
                backup.waitUntilExit()
            }
            try #require(Run.waitForText("aegrade-test: backup paused", in: scratch.file("backup.err"), seconds: 30),
                         "\((try? String(contentsOf: scratch.file("backup.err"), encoding: .utf8)) ?? "")")
            // And a record commits meanwhile, waiting at most one second for a lock
            let record = try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: Bedside.crs(patient: "W-1"),
                                         environment: ["AEGRADE_TEST_BUSY_TIMEOUT": "1"])
            #expect(record.status == 0, "\(record.transcript)")
            #expect(record.stdout.contains("\"seq\":[26,27]"), "\(record.stdout)")  // after its sign-in, 25
            // When the backup goes on
            _ = FileManager.default.createFile(atPath: release, contents: nil)
            backup.waitUntilExit()
            // Then it copied every event committed up to the seq it prints, those appended meanwhile too
            let stdout = try String(contentsOf: scratch.file("backup.out"), encoding: .utf8)
            #expect(backup.terminationStatus == 0, "\(stdout)")
            #expect(stdout == "copied seq 1..27 of \(path) to \(copy)\n", "\(stdout)")
            #expect(try Self.dump(copy) == (try Self.dump(path)))
            let verify = try Run.aegrade(["log", "verify", "--db", copy])
            #expect(verify.status == 0 && verify.stdout.hasPrefix("ok: 27 events"), "\(verify.transcript)")
        }

        @Test func aLogWithAnotherSchemaIsNotCopied() throws {
            // Given a product-written log whose trigger refusing updates was dropped
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            try #require(try LogFile.sqlite(path, "DROP TRIGGER eventNoUpdate;").status == 0)
            let copy = scratch.path("copy.db")
            // When it is backed up
            let backup = try Run.aegrade(["log", "backup", "--db", path, "--to", copy])
            // Then the backup is refused (a copy made as aegrade makes a log would hide the change),
            // and nothing is left at the copy's path
            #expect(backup.status == 2, "\(backup.transcript)")
            #expect(backup.stderr.contains("trigger eventNoUpdate is missing"), "\(backup.stderr)")
            #expect(!FileManager.default.fileExists(atPath: copy))
        }
    }
}
