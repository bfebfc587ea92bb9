import Clinical
import EventLog
import Foundation
import Testing
import TestSupport

extension ThroughTheBinary {
    /// `verify` runs SQLite's structural check on a copy of the log made a few pages at a time, so
    /// that writers are not held while it runs; when writes keep interrupting the copy, or no copy
    /// can be made, it runs on the log itself and says so (README, "Durability and concurrency").
    @Suite("Verify: the structural check on a copy") struct StructureSnapshotTests {
        /// A scratch directory for the copy, given to verify as TMPDIR.
        static func temporaryDirectory(in scratch: Scratch) throws -> String {
            let directory = scratch.path("tmp")
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
            return directory
        }

        static func errors(_ scratch: Scratch) -> String {
            (try? String(contentsOf: scratch.file("verify.err"), encoding: .utf8)) ?? ""
        }

        @Test func aWriterCommitsWhileTheStructuralCheckIsHeldAndTheCopyIsRemoved() throws {
            // Given a product-written log (seq 1–12)
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            let temporary = try Self.temporaryDirectory(in: scratch)
            // When verify is held once its copy is made, before SQLite's check runs on it
            let release = scratch.path("release")
            let verify = try Run.startAegrade(["log", "verify", "--db", path],
                                              environment: ["AEGRADE_TEST_PAUSE_STRUCTURE": release, "TMPDIR": temporary],
                                              stdout: scratch.file("verify.out"), stderr: scratch.file("verify.err"))
            defer {
                _ = FileManager.default.createFile(atPath: release, contents: nil)
                verify.waitUntilExit()
            }
            try #require(Run.waitForText("aegrade-test: structure check paused on ", in: scratch.file("verify.err"), seconds: 30), "\(Self.errors(scratch))")
            // Then the copy is a file of mode 0600 in TMPDIR
            let copies = try FileManager.default.contentsOfDirectory(atPath: temporary)
            #expect(copies.count == 1 && copies[0].hasPrefix("aegrade-structure-"), "\(copies)")
            let copy = (temporary as NSString).appendingPathComponent(copies.first ?? "")
            #expect(Self.errors(scratch).contains(copy))
            let mode = (try FileManager.default.attributesOfItem(atPath: copy)[.posixPermissions] as? NSNumber)?.intValue
            #expect(mode == 0o600, "mode \(String(mode ?? 0, radix: 8))")
            // And a record commits meanwhile, waiting at most one second for a lock
            let record = try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: Bedside.crs(patient: "W-1"),
                                         environment: ["AEGRADE_TEST_BUSY_TIMEOUT": "1"])
            #expect(record.status == 0, "\(record.transcript)")
            #expect(record.stdout.contains("\"seq\":[26,27]"), "\(record.stdout)")  // after its sign-in, 25
            // When the check goes on
            _ = FileManager.default.createFile(atPath: release, contents: nil)
            verify.waitUntilExit()
            // Then verify passes, without having held writers, and the copy is gone
            let stdout = try String(contentsOf: scratch.file("verify.out"), encoding: .utf8)
            #expect(verify.terminationStatus == 0, "\(stdout)\(Self.errors(scratch))")
            #expect(stdout.hasPrefix("ok: "), "\(stdout)")
            #expect(!Self.errors(scratch).contains("ran on the log itself"), "\(Self.errors(scratch))")
            #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty)
        }

        @Test func damageInTheLogIsFoundThroughTheCopy() throws {
            // Given a log of 2,000 notes whose eventPatient index has one entry pointing to another
            // row (a bit flipped in an index cell): only integrity_check finds it
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("log.db")
            try LogFile.writeNotes(path, patientPrefix: "PAT-")
            try Self.flipAnIndexEntry(path)
            let temporary = try Self.temporaryDirectory(in: scratch)
            // When verify is held once its copy is made
            let release = scratch.path("release")
            let verify = try Run.startAegrade(["log", "verify", "--db", path],
                                              environment: ["AEGRADE_TEST_PAUSE_STRUCTURE": release, "TMPDIR": temporary],
                                              stdout: scratch.file("verify.out"), stderr: scratch.file("verify.err"))
            defer {
                _ = FileManager.default.createFile(atPath: release, contents: nil)
                verify.waitUntilExit()
            }
            try #require(Run.waitForText("aegrade-test: structure check paused on ", in: scratch.file("verify.err"), seconds: 30), "\(Self.errors(scratch))")
            // Then the copy holds the damage, page for page
            let copy = (temporary as NSString).appendingPathComponent(try FileManager.default.contentsOfDirectory(atPath: temporary).first ?? "")
            let inCopy = try LogFile.sqlite(copy, "PRAGMA integrity_check;")
            #expect(inCopy.stdout.contains("eventPatient"), "\(inCopy.transcript)")
            // And verify, checking the copy, names it
            _ = FileManager.default.createFile(atPath: release, contents: nil)
            verify.waitUntilExit()
            let stdout = try String(contentsOf: scratch.file("verify.out"), encoding: .utf8)
            #expect(verify.terminationStatus == 1, "\(stdout)\(Self.errors(scratch))")
            #expect(stdout.hasPrefix("FAIL at seq 0: SQLite structure check failed:") && stdout.contains("eventPatient"), "\(stdout)")
            #expect(!Self.errors(scratch).contains("ran on the log itself"), "\(Self.errors(scratch))")
            #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty)
        }

        @Test func aCopyInterruptedByAWriteStartsAgainAndEndsOnACopy() throws {
            // Given a product-written log, copied one page per step
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            let temporary = try Self.temporaryDirectory(in: scratch)
            let prefix = scratch.path("release")
            let verify = try Run.startAegrade(["log", "verify", "--db", path],
                                              environment: ["AEGRADE_TEST_SNAPSHOT_PAGES": "1", "AEGRADE_TEST_PAUSE_SNAPSHOT": prefix,
                                                            "TMPDIR": temporary],
                                              stdout: scratch.file("verify.out"), stderr: scratch.file("verify.err"))
            defer {
                for attempt in 1...6 { _ = FileManager.default.createFile(atPath: "\(prefix)-\(attempt)", contents: nil) }
                verify.waitUntilExit()
            }
            // When a record commits in the middle of the first copy
            try #require(Run.waitForText("aegrade-test: snapshot copy 1 paused", in: scratch.file("verify.err"), seconds: 30), "\(Self.errors(scratch))")
            let record = try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: Bedside.crs(patient: "W-1"),
                                         environment: ["AEGRADE_TEST_BUSY_TIMEOUT": "1"])
            #expect(record.status == 0, "\(record.transcript)")
            _ = FileManager.default.createFile(atPath: "\(prefix)-1", contents: nil)
            // Then SQLite starts the copy again, and with no write during the second it ends
            try #require(Run.waitForText("aegrade-test: snapshot copy 2 paused", in: scratch.file("verify.err"), seconds: 30), "\(Self.errors(scratch))")
            _ = FileManager.default.createFile(atPath: "\(prefix)-2", contents: nil)
            verify.waitUntilExit()
            let stdout = try String(contentsOf: scratch.file("verify.out"), encoding: .utf8)
            #expect(verify.terminationStatus == 0, "\(stdout)\(Self.errors(scratch))")
            #expect(stdout.hasPrefix("ok: "), "\(stdout)")
            #expect(!Self.errors(scratch).contains("snapshot copy 3"), "\(Self.errors(scratch))")
            #expect(!Self.errors(scratch).contains("ran on the log itself"), "\(Self.errors(scratch))")
            #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty)
        }

        @Test func copiesInterruptedByWritesEveryTimeEndInOneReadAndSaySo() throws {
            // Given a product-written log, copied one page per step
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            let temporary = try Self.temporaryDirectory(in: scratch)
            let prefix = scratch.path("release")
            let verify = try Run.startAegrade(["log", "verify", "--db", path],
                                              environment: ["AEGRADE_TEST_SNAPSHOT_PAGES": "1", "AEGRADE_TEST_PAUSE_SNAPSHOT": prefix,
                                                            "TMPDIR": temporary],
                                              stdout: scratch.file("verify.out"), stderr: scratch.file("verify.err"))
            defer {
                for attempt in 1...6 { _ = FileManager.default.createFile(atPath: "\(prefix)-\(attempt)", contents: nil) }
                verify.waitUntilExit()
            }
            // When a record commits in the middle of each of the five copies
            for attempt in 1...5 {
                try #require(Run.waitForText("aegrade-test: snapshot copy \(attempt) paused", in: scratch.file("verify.err"), seconds: 30),
                             "\(Self.errors(scratch))")
                let record = try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: Bedside.crs(patient: "W-\(attempt)"),
                                             environment: ["AEGRADE_TEST_BUSY_TIMEOUT": "1"])
                #expect(record.status == 0, "\(record.transcript)")
                _ = FileManager.default.createFile(atPath: "\(prefix)-\(attempt)", contents: nil)
            }
            verify.waitUntilExit()
            // Then verify stops copying in steps, copies the log in one read, says so and for how
            // long it held writers, checks the copy and passes; no copy is left
            let stdout = try String(contentsOf: scratch.file("verify.out"), encoding: .utf8)
            let errors = Self.errors(scratch)
            #expect(verify.terminationStatus == 0, "\(stdout)\(errors)")
            #expect(stdout.hasPrefix("ok: "), "\(stdout)")
            #expect(!errors.contains("snapshot copy 6"), "\(errors)")
            #expect(errors.contains("the log changed during each of 5 copies (writers were saving): it was copied in one read, which held writers for "),
                    "\(errors)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty)
        }

        @Test func damageIsFoundWhenWritesInterruptEveryCopy() throws {
            // Given a log of 2,000 notes whose eventPatient index has one entry pointing to another
            // row (only integrity_check finds it), copied one page per step
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("log.db")
            try LogFile.writeNotes(path, patientPrefix: "PAT-")
            try Self.flipAnIndexEntry(path)
            let temporary = try Self.temporaryDirectory(in: scratch)
            let prefix = scratch.path("release")
            let verify = try Run.startAegrade(["log", "verify", "--db", path],
                                              environment: ["AEGRADE_TEST_SNAPSHOT_PAGES": "1", "AEGRADE_TEST_PAUSE_SNAPSHOT": prefix,
                                                            "TMPDIR": temporary],
                                              stdout: scratch.file("verify.out"), stderr: scratch.file("verify.err"))
            defer {
                for attempt in 1...6 { _ = FileManager.default.createFile(atPath: "\(prefix)-\(attempt)", contents: nil) }
                verify.waitUntilExit()
            }
            // When a record commits in the middle of each of the five copies
            for attempt in 1...5 {
                try #require(Run.waitForText("aegrade-test: snapshot copy \(attempt) paused", in: scratch.file("verify.err"), seconds: 30),
                             "\(Self.errors(scratch))")
                let record = try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: Bedside.crs(patient: "W-\(attempt)"),
                                             environment: ["AEGRADE_TEST_BUSY_TIMEOUT": "1"])
                #expect(record.status == 0, "\(record.transcript)")
                _ = FileManager.default.createFile(atPath: "\(prefix)-\(attempt)", contents: nil)
            }
            verify.waitUntilExit()
            // Then the copy made in one read holds the damage, and verify names it and says how it
            // copied; no copy is left
            let stdout = try String(contentsOf: scratch.file("verify.out"), encoding: .utf8)
            let errors = Self.errors(scratch)
            #expect(verify.terminationStatus == 1, "\(stdout)\(errors)")
            #expect(stdout.hasPrefix("FAIL at seq 0: SQLite structure check failed:") && stdout.contains("eventPatient"), "\(stdout)")
            #expect(errors.contains("it was copied in one read, which held writers for "), "\(errors)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).isEmpty)
        }

        @Test func whenNoCopyCanBeMadeTheCheckRunsOnTheLogItselfAndSaysSo() throws {
            // Given a product-written log, and a TMPDIR that does not exist
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            let missing = scratch.path("no-such-directory")
            // When it is verified quickly
            let verify = try Run.aegrade(["log", "verify", "--db", path, "--quick"], environment: ["TMPDIR": missing])
            // Then the check ran on the log, which is intact, and standard error says why
            #expect(verify.status == 0, "\(verify.transcript)")
            #expect(verify.stdout.hasPrefix("ok: 24 events"), "\(verify.stdout)")
            #expect(verify.stderr.contains("no copy of the log could be made in \(missing)"), "\(verify.stderr)")
            #expect(verify.stderr.contains("SQLite's quick_check ran on the log itself and held writers for "), "\(verify.stderr)")
        }

        /// Flips a bit in the seq of one entry of the eventPatient index (leaving its page sound),
        /// so that `quick_check` passes and `integrity_check` fails.
        static func flipAnIndexEntry(_ path: String) throws {
            let (pageSize, leaves) = try LogFile.leafPages(path, of: "eventPatient")
            try #require(!leaves.isEmpty)
            let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            let pageStart = UInt64((leaves[0] - 1) * pageSize)
            try handle.seek(toOffset: pageStart)
            var page = [UInt8](try handle.read(upToCount: pageSize) ?? Data())
            let marker = Array("PAT-".utf8)
            let cells = (0..<(page.count - 6)).filter { Array(page[$0..<$0 + 4]) == marker }
            try #require(cells.count > 10)
            page[cells[cells.count / 2] + 5] ^= 0x01
            try handle.seek(toOffset: pageStart)
            handle.write(Data(page))
            try #require(try LogFile.sqlite(path, "PRAGMA quick_check;").stdout == "ok\n")
        }
    }
}
