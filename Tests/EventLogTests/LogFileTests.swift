import Clinical
import EventLog
import Foundation
import Testing
import TestSupport

extension ThroughTheBinary {
    /// `--db` names a regular file and nothing else; a new log is its owner's alone.
    @Suite("The log file") struct LogFileTests {
        /// Names SQLite would open as something other than a file: each would take appends and
        /// forget them (an unset `$DB` gives the first).
        static let notFiles = ["", ":memory:", "file::memory:", "file:x?mode=memory", "file:log.db"]

        @Test(arguments: notFiles)
        func recordRefusesANameThatIsNotAFileAndWritesNothing(name: String) throws {
            // Given an empty working directory
            let scratch = try Scratch()
            defer { scratch.remove() }
            // When record is given the name
            let output = try Run.aegrade(["record", "--db", name, "--key", "service.key"], stdin: Bedside.crs(patient: "P-1"),
                                         directory: scratch.url)
            // Then it is refused (exit 2) saying why, no seq is printed, and no file was made
            #expect(output.status == 2, "\(output.transcript)")
            #expect(output.stderr.contains("not a log file"), "\(output.stderr)")
            #expect(output.stdout.isEmpty, "\(output.stdout)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).isEmpty)
        }

        @Test(arguments: notFiles)
        func theStoreRefusesItWhateverTheCommand(name: String) throws {
            // When the store itself (as the board and every command open it) is given the name
            for mode in [SQLiteEventStore.Mode.readWrite(create: true), .readWrite(create: false), .readOnly] {
                #expect {
                    _ = try SQLiteEventStore(path: name, mode: mode)
                } throws: { error in
                    guard case .invalidPath(let path, _)? = error as? EventLogError else { return false }
                    return path == name
                }
            }
        }

        @Test func aNameThatLooksLikeAURIIsAFileWhenWrittenAsAPath() throws {
            // Given a working directory with a log (and its accounts) in the file named file:x
            let scratch = try Scratch()
            defer { scratch.remove() }
            _ = try AccountsFixture.make(at: scratch.path("file:x"))
            // When record is given ./file:x (a path, not a URI)
            let output = try Run.aegrade(["record", "--db", "./file:x", "--key", scratch.path("file:x") + ".key"], stdin: Bedside.crs(patient: "P-1"),
                                         directory: scratch.url)
            // Then the events are in that file on disk (after the accounts and the sign-in)
            #expect(output.status == 0, "\(output.transcript)")
            #expect(try LogFile.count(scratch.path("file:x")) == AccountsFixture.events + 3)
        }

        @Test func aLinkToNothingIsRefusedAndNotFollowedIntoANewFile() throws {
            // Given a symbolic link to a file that does not exist
            let scratch = try Scratch()
            defer { scratch.remove() }
            try FileManager.default.createSymbolicLink(atPath: scratch.path("link.db"), withDestinationPath: scratch.path("target.db"))
            // When record and the reading commands are given the link
            let record = try Run.aegrade(["record", "--db", scratch.path("link.db"), "--key", AccountsFixture.keyFile(for: scratch.path("link.db"))], stdin: Bedside.crs(patient: "P-1"))
            let verify = try Run.aegrade(["log", "verify", "--db", scratch.path("link.db")])
            // Then they are refused, and nothing was created where the link points
            for output in [record, verify] {
                #expect(output.status == 2, "\(output.transcript)")
                #expect(output.stderr.contains("a symbolic link to a file that does not exist"), "\(output.stderr)")
            }
            #expect(!FileManager.default.fileExists(atPath: scratch.path("target.db")))
        }

        @Test func aDirectoryIsRefused() throws {
            let scratch = try Scratch()
            defer { scratch.remove() }
            let output = try Run.aegrade(["record", "--db", scratch.url.path, "--key", AccountsFixture.keyFile(for: scratch.url.path)], stdin: Bedside.crs(patient: "P-1"))
            #expect(output.status == 2, "\(output.transcript)")
            #expect(output.stderr.contains("not a regular file"), "\(output.stderr)")
        }

        @Test func aNewLogAndItsJournalAreReadableByTheOwnerOnly() throws {
            // Given no log yet
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("log.db")
            // When it is made (as `log init` makes it) and recorded to, and a second record holds its transaction open
            let first = try Run.aegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], stdin: Bedside.crs(patient: "P-1"))
            try #require(first.status == 0, "\(first.transcript)")
            try Data(Bedside.crs(patient: "P-2").utf8).write(to: scratch.file("p2.json"))
            let writer = try Run.startAegrade(["record", "--db", path, "--key", AccountsFixture.keyFile(for: path)], environment: ["AEGRADE_TEST_PAUSE_BEFORE_COMMIT": "60"],
                                              stdin: scratch.file("p2.json"), stdout: scratch.file("out"), stderr: scratch.file("err"))
            defer { Run.kill9(writer) }
            try #require(Run.waitForText("aegrade-test: paused before commit", in: scratch.file("err"), seconds: 30))
            // Then the log and its journal are mode 0600
            func mode(_ file: String) throws -> Int? { try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int }
            #expect(try mode(path) == 0o600)
            #expect(try mode(path + "-journal") == 0o600)
        }

        @Test func anEmptyFileMadeBeforehandKeepsItsModeForAGroupOfAccounts() throws {
            // Given an empty file made with mode 0660 (README: several clinical accounts in one group)
            let scratch = try Scratch()
            defer { scratch.remove() }
            let path = scratch.path("log.db")
            #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o660]))
            // When the log is made in it (as `log init` makes it) and recorded to
            _ = try AccountsFixture.make(at: path)
            let output = try Run.aegrade(["record", "--db", path, "--key", path + ".key"], stdin: Bedside.crs(patient: "P-1"))
            // Then the log is written there and keeps the mode
            #expect(output.status == 0, "\(output.transcript)")
            #expect(try LogFile.count(path) == AccountsFixture.events + 3)
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o660)
        }
    }
}
