import Clinical
@testable import EventLog
import Foundation
import GRDB
import Testing
import TestSupport

/// `verify` runs its checks side by side (SQLite's structural check on a copy, the credential and
/// signature checks, the chain in ranges), yet names the finding a single pass would name first:
/// the chain before the schema, the schema before the credentials, the credentials before the
/// signatures (README, "The log's verification").
@Suite("Verify: the first finding of a log with several") struct VerifyFindingOrderTests {
    /// The fixture's log with the nurse's assessment, and an unsigned death "by dr.wang" appended
    /// with `sqlite3`, its chain right: on its own, a signature finding at the forged seq.
    static func logWithUnsignedForgery() throws -> (log: AccountLog, observation: RecordedEvent, forged: Int64) {
        let log = try AccountLog()
        let observation = try EventSignatureTests.nurseRecorded(log)
        let forged = try Forgery.death(log.fixture.path, by: Author(id: "dr.wang", role: .physician))
        try Forgery.append(log.fixture.path, forged)
        return (log, observation, forged.seq)
    }

    static func verify(_ log: AccountLog) throws -> LogVerification {
        try SQLiteEventStore(path: log.fixture.path, mode: .readOnly).verify()
    }

    @Test func theUnsignedForgeryAloneIsASignatureFinding() throws {
        let (log, _, forged) = try Self.logWithUnsignedForgery()
        defer { log.remove() }
        #expect(try Self.verify(log).report == "FAIL at seq \(forged): signature: the event by \"dr.wang\" carries no signature")
    }

    @Test func aChangedEventBeforeItIsNamedInsteadOfTheSignature() throws {
        // Given the forgery, and the nurse's observation changed in place (triggers dropped and put
        // back), its hash not recomputed
        let (log, observation, _) = try Self.logWithUnsignedForgery()
        defer { log.remove() }
        try Forgery.withoutTriggers(log.fixture.path, on: "event",
                                    "UPDATE event SET terminal = 'ward-9 /dev/pts/9' WHERE seq = \(observation.seq);")
        // Then verify names the changed observation, as one pass would, not the later signature
        let answer = try Self.verify(log)
        #expect(answer.failure?.seq == observation.seq, "\(answer.report)")
        #expect(answer.report.hasPrefix("FAIL at seq \(observation.seq): content changed after it was written"), "\(answer.report)")
    }

    @Test func aChangedSchemaIsNamedInsteadOfTheSignature() throws {
        // Given the forgery and a table added beside aegrade's
        let (log, _, _) = try Self.logWithUnsignedForgery()
        defer { log.remove() }
        try #require(try LogFile.sqlite(log.fixture.path, "CREATE TABLE notes (x);").status == 0)
        // Then verify names the schema
        #expect(try Self.verify(log).report == "FAIL at seq 0: the schema is not the one aegrade creates: table notes is not one of aegrade's")
    }

    @Test func aReplacedCredentialIsNamedInsteadOfTheSignature() throws {
        // Given the forgery and the nurse's sealed key swapped in the credential table
        let (log, _, _) = try Self.logWithUnsignedForgery()
        defer { log.remove() }
        let seq = try #require(try AccountDirectory(store: log.store)["nurse.li"]?.createdSeq)
        let sealed = try SealedSigningKey.seal(.generate(user: "nurse.li"), password: "the forger's password", cost: AccountLog.cheap)
        let hex = sealed.map { String(format: "%02x", $0) }.joined()
        try Forgery.withoutTriggers(log.fixture.path, on: "credential", "UPDATE credential SET sealedKey = X'\(hex)' WHERE seq = \(seq);")
        // Then verify names the credential, whose seq comes before the forgery's
        let answer = try Self.verify(log)
        #expect(answer.failure?.seq == seq, "\(answer.report)")
        #expect(answer.report.contains("credentials: the stored credential of \"nurse.li\" is not the one this event set"), "\(answer.report)")
    }
}
