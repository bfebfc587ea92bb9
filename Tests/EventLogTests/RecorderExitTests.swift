import Clinical
import EventLog
import Foundation
import GRDB
import Testing
import TestSupport

extension ThroughTheBinary {
    /// `aegrade log` writes through `LogRecorder`: a request the recorder refuses exits 1 with the
    /// refusal's words, a write the log refuses exits 3 with the storage error's, a role without
    /// the authority is a refusal (1) as well — README, "Durability and concurrency". (The board's
    /// side: `RecorderRulesTests` in BedsideTests.)
    @Suite("Refusals and storage failures through the binary") struct RecorderExitTests {
        private func pageCount(_ path: String) throws -> Int {
            try LogFile.reader(path).read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
        }

        private func note(_ path: String, role: String = "physician", text: String = "x", reason: String,
                          environment: [String: String] = [:]) throws -> ProcessOutput {
            let data = JSONValue.object([("text", .string(text))]).compactText
            return try Run.aegrade(["log", "event", "--db", path, "--key", AccountsFixture.keyFile(for: path), "--kind", "note",
                                    "--patient", "P-1", "--time", "2026-11-23T08:00:00+08:00", "--data", data, "--reason", reason],
                                   environment: environment)
        }

        @Test func aRefusalExitsOneAndAFullDiskExitsThreeFromTheSameCommand() throws {
            // Given a product-written log of 24 events (its accounts and sign-ins among them)
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            // When a note comes with a reason the recorder refuses
            let refused = try note(path, reason: "ok")
            // Then it exits 1 with the refusal's words, and nothing is written
            #expect(refused.status == 1, "\(refused.transcript)")
            #expect(refused.stderr.contains(RecordRefusal.reasonTooShort(minimum: LogRecorder.minimumReasonLength).description), "\(refused.stderr)")
            // (but for the service account's sign-in)
            #expect(try LogFile.count(path) == 25)
            // When a note too long for the room left on the disk comes with a good reason
            let budget = try pageCount(path)
            let full = try note(path, text: String(repeating: "long note ", count: 2_000), reason: "ward round",
                                environment: ["AEGRADE_TEST_MAX_PAGE_COUNT": "\(budget)"])
            // Then it exits 3 with the storage error's words, and nothing is written
            #expect(full.status == 3, "\(full.transcript)")
            #expect(full.stderr.contains("the disk holding the log is full"), "\(full.stderr)")
            #expect(try LogFile.rows(path).filter { $0.payload.contains("long note") }.isEmpty)
            #expect(try Run.aegrade(["log", "verify", "--db", path]).status == 0)
        }

        @Test func aNurseOverrideIsRefusedAsTheBoardRefusesIt() throws {
            // Given a product-written log (seq 13 is a grades event)
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            // When a nurse, signed in on a terminal, overrides a grade on the command line
            let output = try Run.aegrade(as: .nurse, ["log", "override", "--db", path, "--event", "13",
                                                      "--criteria", "astct-2019-crs", "--grade", "2", "--reason", "looks worse"])
            // Then, as the board refuses her (RecordRefusal.notPermitted), it exits 1 naming the
            // roles that may, and nothing but her sign-in is written
            #expect(output.status == 1, "\(output.transcript)")
            #expect(output.stderr.contains(RecordRefusal.notPermitted(role: .nurse, permission: .overrideGrade).description), "\(output.stderr)")
            #expect(try LogFile.count(path) == 25)
        }

        @Test func aCorrectionOfAGradesEventIsARefusalNotAStorageFailure() throws {
            // Given a product-written log (seq 13 is a grades event)
            let (path, scratch) = try ThroughTheBinary.makeProductLogInScratch()
            defer { scratch.remove() }
            // When a physician's correction names it
            let output = try Run.aegrade(as: .physician, ["log", "correct", "--db", path, "--event", "13", "--reason", "re-measured"],
                                         input: Bedside.crs(patient: "P-1", celsius: 37.2))
            // Then it exits 1 with the recorder's refusal, and nothing but the sign-in is written
            #expect(output.status == 1, "\(output.transcript)")
            #expect(output.stderr.contains(RecordRefusal.notAnObservation(seq: 13, kind: .grades).description), "\(output.stderr)")
            #expect(try LogFile.count(path) == 25)
        }
    }
}
