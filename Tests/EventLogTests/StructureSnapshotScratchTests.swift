import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

extension ThroughTheBinary {
    /// Verify's copy of the log is as large as the log: it is removed when Ctrl-C, SIGTERM or a
    /// hang-up ends verify mid-check, and a copy left by a verify killed outright is removed by the
    /// next (README, "Durability and concurrency").
    @Suite("Verify: no copy of the log left behind") struct StructureSnapshotScratchTests {
        /// A verify of a product-written log held once its copy is made, with `temporary` as TMPDIR.
        static func pausedVerify(_ path: String, _ scratch: Scratch, temporary: String) throws -> (Process, release: String) {
            let release = scratch.path("release")
            let verify = try Run.startAegrade(["log", "verify", "--db", path],
                                              environment: ["AEGRADE_TEST_PAUSE_STRUCTURE": release, "TMPDIR": temporary],
                                              stdout: scratch.file("verify.out"), stderr: scratch.file("verify.err"))
            let errors = { (try? String(contentsOf: scratch.file("verify.err"), encoding: .utf8)) ?? "" }
            guard Run.waitForText("aegrade-test: structure check paused on ", in: scratch.file("verify.err"), seconds: 30) else {
                _ = FileManager.default.createFile(atPath: release, contents: nil)
                verify.waitUntilExit()
                throw ScratchTestFailure(detail: "verify never reached its check: \(errors())")
            }
            return (verify, release)
        }

        struct ScratchTestFailure: Error { var detail: String }

        @Test(arguments: [SIGINT, SIGTERM, SIGHUP])
        func aSignalMidCheckEndsVerifyAsItWouldAndRemovesTheCopy(_ number: Int32) throws {
            // Given a verify holding its copy of the log in TMPDIR
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            let temporary = try StructureSnapshotTests.temporaryDirectory(in: scratch)
            let (verify, release) = try Self.pausedVerify(path, scratch, temporary: temporary)
            defer {
                _ = FileManager.default.createFile(atPath: release, contents: nil)
                verify.waitUntilExit()
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: temporary).count == 1)
            // When the signal arrives
            _ = kill(verify.processIdentifier, number)
            verify.waitUntilExit()
            // Then verify ends by that signal, as it would have, and no copy is left
            #expect(verify.terminationReason == .uncaughtSignal && verify.terminationStatus == number,
                    "\(verify.terminationReason.rawValue) \(verify.terminationStatus)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: temporary) == [])
        }

        @Test func aCopyLeftByAKilledVerifyIsRemovedByTheNextOneOnly() throws {
            // Given a verify killed outright while it held its copy (no handler runs on SIGKILL)
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            let temporary = try StructureSnapshotTests.temporaryDirectory(in: scratch)
            let (verify, release) = try Self.pausedVerify(path, scratch, temporary: temporary)
            Run.kill9(verify)
            _ = FileManager.default.createFile(atPath: release, contents: nil)
            let left = try FileManager.default.contentsOfDirectory(atPath: temporary)
            try #require(left.count == 1 && left[0].hasPrefix("aegrade-structure-\(verify.processIdentifier)-"), "\(left)")
            // And a copy named for a process that runs (this one), and one named as earlier
            // versions named them (no process id)
            let running = "aegrade-structure-\(getpid())-0e0e0e0e-0000-4000-8000-000000000000.db"
            let unnamed = "aegrade-structure-0e0e0e0e-0000-4000-8000-000000000001.db"
            for name in [running, unnamed] {
                _ = FileManager.default.createFile(atPath: (temporary as NSString).appendingPathComponent(name), contents: Data([1]))
            }
            // When the next verify runs
            let next = try Run.aegrade(["log", "verify", "--db", path], environment: ["TMPDIR": temporary])
            // Then it passes, and of the three only the killed verify's copy is gone (its own was
            // removed when it ended)
            #expect(next.status == 0, "\(next.transcript)")
            #expect(try Set(FileManager.default.contentsOfDirectory(atPath: temporary)) == [running, unnamed])
        }
    }
}
