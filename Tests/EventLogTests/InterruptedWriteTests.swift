import Clinical
import EventLog
import Foundation
import GRDB
import Testing
import TestSupport

extension ThroughTheBinary {
    /// A writer killed in the middle of its transaction leaves a hot journal: the readers let
    /// SQLite roll it back when they may write the log, refuse with what to run when they may
    /// not, and `log backup` copies what was committed (README, "Durability and concurrency").
    @Suite("Interrupted writes") struct InterruptedWriteTests {
        /// A product-written log (seq 1–24; the writer's login goes with its entries) with a hot journal: `record` of 200 assessments in one
        /// transaction, its cache held to a few pages so that the uncommitted pages spill into the
        /// file, killed with SIGKILL once it says (on standard error) that it waits before COMMIT.
        static func logWithHotJournal(in scratch: Scratch) throws -> String {
            let path = try ThroughTheBinary.makeProductLog(in: scratch)
            let input = (0..<200).map { Bedside.crs(patient: "U-\($0)") }.joined(separator: "\n")
            try Data(input.utf8).write(to: scratch.file("uncommitted.jsonl"))
            let writer = try Run.startAegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path), "--batch", "200"],
                                              environment: ["AEGRADE_TEST_CACHE_PAGES": "2", "AEGRADE_TEST_PAUSE_BEFORE_COMMIT": "60"],
                                              stdin: scratch.file("uncommitted.jsonl"), stdout: scratch.file("writer.out"),
                                              stderr: scratch.file("writer.err"))
            let paused = Run.waitForText("aegrade-test: paused before commit", in: scratch.file("writer.err"), seconds: 60)
            Run.kill9(writer)
            try #require(paused, "the writer reached its commit: \((try? String(contentsOf: scratch.file("writer.err"), encoding: .utf8)) ?? "")")
            try #require(try String(contentsOf: scratch.file("writer.out"), encoding: .utf8).isEmpty, "nothing was acknowledged")
            // The journal is hot: a read-only connection may not read past it.
            try #require(FileManager.default.fileExists(atPath: path + "-journal"))
            #expect(throws: DatabaseError.self, "a read-only open refuses the hot journal") { try LogFile.count(path) }
            return path
        }

        @Test(arguments: [["log", "verify"], ["log", "export"], ["log", "checkpoint", "--chain"], ["log", "replay"]])
        func aReaderThatMayWriteLetsSQLiteRollBackAndGoesOn(command: [String]) throws {
            // Given a log with a write interrupted by a crash
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = try Self.logWithHotJournal(in: scratch)
            // When a reading command runs as the log's owner
            let output = try Run.aegrade(command + ["--db", path])
            // Then it says SQLite rolled the interrupted write back, and reads the committed log
            #expect(output.status == 0, "\(output.transcript)")
            #expect(output.stderr.contains("a write interrupted by a crash (never acknowledged) was rolled back by SQLite"), "\(output.stderr)")
            #expect(!FileManager.default.fileExists(atPath: path + "-journal"))
            let rows = try LogFile.rows(path)
            // (the product log's 24 events: the writer's login went with its uncommitted entries)
            #expect(rows.map(\.seq) == Array(1...24))
            #expect(!rows.contains { $0.patient?.hasPrefix("U-") == true })
            switch command[1] {
            case "verify": #expect(output.stdout.hasPrefix("ok: 24 events"), "\(output.stdout)")
            case "export": #expect(output.lines.count == 24)
            case "checkpoint": #expect(output.stdout == "24:\(rows.last?.hash ?? "?")\n")
            default: #expect(!output.stdout.contains("U-0"))
            }
            #expect(try LogFile.integrityCheck(path) == ["ok"])
        }

        @Test(.enabled(if: Run.canRunUnprivileged, "as root, needs util-linux setpriv to run the binary as an unprivileged user"))
        func aReaderThatMayNotWriteRefusesNamingWhatToRunAndTouchesNothing() throws {
            // Given a log with a hot journal that another account may read but not write
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = try Self.logWithHotJournal(in: scratch)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: scratch.url.path)
            for file in [path, path + "-journal"] { try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file) }
            if getuid() != 0 { try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: scratch.url.path) }
            defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: scratch.url.path) }
            let hashes = (try Bytes.sha256(path), try Bytes.sha256(path + "-journal"))
            // When that account runs each reading command
            for command in [["log", "verify"], ["log", "export"], ["log", "checkpoint", "--chain"], ["log", "replay"]] {
                let output = try Run.aegradeUnprivileged(command + ["--db", path])
                // Then each refuses (exit 2), says why and exactly what to run, and prints nothing
                #expect(output.status == 2, "\(command): \(output.transcript)")
                #expect(output.stderr.contains("a write interrupted by a crash left \(path)-journal"), "\(command): \(output.stderr)")
                #expect(output.stderr.contains("Run `aegrade log verify --db \(path)` as an account that may write them"),
                        "\(command): \(output.stderr)")
                #expect(output.stdout.isEmpty, "\(command): \(output.stdout)")
            }
            // And neither the log nor its journal was touched
            #expect(try Bytes.sha256(path) == hashes.0)
            #expect(try Bytes.sha256(path + "-journal") == hashes.1)
            // When the owner runs what the message says, the log reads as committed
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: scratch.url.path)
            let verify = try Run.aegrade(["log", "verify", "--db", path])
            #expect(verify.status == 0 && verify.stdout.hasPrefix("ok: 24 events"), "\(verify.transcript)")
        }

        @Test func backupCopiesWhatWasCommittedWhereACopyOfTheFileDoesNot() throws {
            // Given a log with a hot journal and its checkpoint as committed (seq 24)
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = try Self.logWithHotJournal(in: scratch)
            // When the file alone is copied, as cp would
            try FileManager.default.copyItem(atPath: path, toPath: scratch.path("copied.db"))
            // Then the copy does not read as the committed log (it holds pages of the write that
            // never committed, and no journal to undo them)
            let copied = try Run.aegrade(["log", "checkpoint", "--chain", "--db", scratch.path("copied.db")])
            let committed = try LogFile.rows(scratch.path("copied.db"))
            #expect(copied.status != 0 || committed.count != 24, "\(copied.transcript), \(committed.count) events")
            // When the log is backed up with aegrade log backup
            let backup = try Run.aegrade(["log", "backup", "--db", path, "--to", scratch.path("backup.db")])
            // Then the hot journal is rolled back first, and the copy holds exactly the committed events
            #expect(backup.status == 0, "\(backup.transcript)")
            #expect(backup.stderr.contains("rolled back by SQLite"), "\(backup.stderr)")
            #expect(backup.stdout == "copied seq 1..24 of \(path) to \(scratch.path("backup.db"))\n", "\(backup.stdout)")
            let original = try Run.aegrade(["log", "checkpoint", "--chain", "--db", path])
            let copy = try Run.aegrade(["log", "checkpoint", "--chain", "--db", scratch.path("backup.db")])
            #expect(original.status == 0 && copy.status == 0, "\(original.transcript)\n\(copy.transcript)")
            #expect(copy.stdout == original.stdout)
            #expect(try Run.aegrade(["log", "verify", "--db", scratch.path("backup.db")]).status == 0)
            // And the copy is readable by its owner only
            let mode = try FileManager.default.attributesOfItem(atPath: scratch.path("backup.db"))[.posixPermissions] as? Int
            #expect(mode == 0o600)
            // And a backup is never written over a file
            let again = try Run.aegrade(["log", "backup", "--db", path, "--to", scratch.path("backup.db")])
            #expect(again.status == 2 && again.stderr.contains("a backup is never written over a file"), "\(again.transcript)")
            #expect(try Run.aegrade(["log", "checkpoint", "--chain", "--db", scratch.path("backup.db")]).stdout == original.stdout)
        }
    }
}
