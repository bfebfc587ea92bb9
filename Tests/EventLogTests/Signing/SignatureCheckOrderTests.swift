import Clinical
@testable import EventLog
import Foundation
import GRDB
import Testing
import TestSupport

/// `verify` checks the signatures on every core, a chunk of them per thread, and still names the
/// first finding in seq order with the words of a single pass (README, "Verify"; issue 19, goal 6).
/// Each log here is checked in chunks of several sizes, so its findings fall in different chunks.
@Suite("Signing: the first bad signature among many") struct SignatureCheckOrderTests {
    /// Chunk sizes: one signature each, a few, and all in one.
    static let chunks = [1, 3, 4, 7, SignatureVerifications.defaultChunk]

    /// The fixture's log with `count` notes the nurse signed after her sign-in: their seqs.
    static func nurseNotes(_ log: AccountLog, count: Int) throws -> [Int64] {
        let nurse = try log.signIn(.nurse)
        let drafts = (1...count).map { EventDraft(kind: .note, patient: "BED-07", clinicalTime: "2026-11-22T08:00:00+08:00",
                                                  payload: .object([("text", .string("round \($0)"))])) }
        return try EventSigner.with(nurse.signer) { () throws(EventLogError) in try log.store.append(drafts, author: nurse.author) }.map(\.seq)
    }

    /// Replaces the signature of `seq` with one that does not verify (a hex digit changed).
    static func spoil(_ path: String, seq: Int64) throws {
        let signature = try #require(try LogFile.reader(path).read { db in
            try String.fetchOne(db, sql: "SELECT signature FROM eventWrite WHERE seq = ?", arguments: [seq])
        })
        let spoiled = (signature.first == "0" ? "1" : "0") + signature.dropFirst()
        try Forgery.withoutTriggers(path, on: "eventWrite", "UPDATE eventWrite SET signature = '\(spoiled)' WHERE seq = \(seq);")
    }

    static func strip(_ path: String, seq: Int64) throws {
        try Forgery.withoutTriggers(path, on: "eventWrite", "DELETE FROM eventWrite WHERE seq = \(seq);")
    }

    static func verify(_ path: String, chunk: Int) throws -> LogVerification {
        try SQLiteEventStore(path: path, mode: .readOnly).verify(signatureChunk: chunk)
    }

    /// Verifies `path` with every chunk size in `chunks`, expecting the report `report`, or an
    /// intact log for nil.
    static func expectEveryChunk(_ path: String, reports report: String?, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for chunk in chunks {
            let answer = try verify(path, chunk: chunk)
            if let report {
                #expect(answer.report == report, "chunk \(chunk)", sourceLocation: sourceLocation)
            } else {
                #expect(answer.isIntact, "chunk \(chunk): \(answer.report)", sourceLocation: sourceLocation)
            }
        }
    }

    static let nurseDoesNotVerify = "signature: the signature of the event by \"nurse.li\" does not verify (the event or its signature was changed or forged)"

    @Test func everySignatureGoodIsIntactInEveryChunkSize() throws {
        let log = try AccountLog()
        defer { log.remove() }
        _ = try Self.nurseNotes(log, count: 40)
        try Self.expectEveryChunk(log.fixture.path, reports: nil)
    }

    @Test func theFirstOfTwoSignaturesThatDoNotVerifyIsNamed() throws {
        // Given 40 signed notes, the signatures of the 12th and the 31st spoiled
        let log = try AccountLog()
        defer { log.remove() }
        let notes = try Self.nurseNotes(log, count: 40)
        try Self.spoil(log.fixture.path, seq: notes[11])
        try Self.spoil(log.fixture.path, seq: notes[30])
        // Then every chunk size names the 12th, with a single pass's words
        try Self.expectEveryChunk(log.fixture.path, reports: "FAIL at seq \(notes[11]): \(Self.nurseDoesNotVerify)")
    }

    @Test func aMissingSignatureBeforeABadOneIsNamed() throws {
        let log = try AccountLog()
        defer { log.remove() }
        let notes = try Self.nurseNotes(log, count: 40)
        try Self.strip(log.fixture.path, seq: notes[9])
        try Self.spoil(log.fixture.path, seq: notes[25])
        try Self.expectEveryChunk(log.fixture.path, reports: "FAIL at seq \(notes[9]): signature: the event by \"nurse.li\" carries no signature")
    }

    @Test func aBadSignatureBeforeAMissingOneIsNamed() throws {
        // The bad one is still being checked on another thread when the fold finds the missing one
        let log = try AccountLog()
        defer { log.remove() }
        let notes = try Self.nurseNotes(log, count: 40)
        try Self.spoil(log.fixture.path, seq: notes[9])
        try Self.strip(log.fixture.path, seq: notes[25])
        try Self.expectEveryChunk(log.fixture.path, reports: "FAIL at seq \(notes[9]): \(Self.nurseDoesNotVerify)")
    }

    @Test func aKeyIssuedMidLogIsTheKeyOnlyAfterIt() throws {
        // Given the service account's notes under its first key, a new key issued, and notes under
        // the new key
        let log = try AccountLog()
        defer { log.remove() }
        let path = log.fixture.path
        let oldKey = try ServiceKey.read(path: log.fixture.keyPath)
        func notes(_ key: ServiceKey, _ count: Int) throws -> [Int64] {
            let service = try log.authenticator.signIn(key: key, role: nil)
            let drafts = (1...count).map { EventDraft(kind: .note, patient: "BED-07", clinicalTime: "2026-11-22T08:00:00+08:00",
                                                      payload: .object([("text", .string("import \($0)"))])) }
            return try EventSigner.with(service.signer) { () throws(EventLogError) in try log.store.append(drafts, author: service.author) }.map(\.seq)
        }
        let before = try notes(oldKey, 10)
        let issued = try log.recorder(try log.signIn(.administrator)).issueKey(user: AccountsFixture.service)
        let newKey = try #require(issued.key)
        let after = try notes(newKey, 10)
        // Then each side verifies under its own key, the change inside a chunk or at its edge
        try Self.expectEveryChunk(path, reports: nil)
        // When an event after the change is signed with the old key (a forger holding the old file)
        let forged = try Forgery.death(path, by: Author(id: AccountsFixture.service, role: .nurse))
        try Forgery.append(path, forged, signature: try Forgery.signature(of: forged, by: oldKey.signer))
        // and an event before the change carries a signature by the new key
        let early = try Forgery.Row.stored(path, seq: before[4])
        let resigned = try Forgery.signature(of: early, by: newKey.signer)
        try Forgery.withoutTriggers(path, on: "eventWrite",
                                    "UPDATE eventWrite SET publicKey = '\(resigned.key)', signature = '\(resigned.sig)' WHERE seq = \(early.seq);")
        // Then the one before is named: signed by the new key where the old one was registered
        let short = { (key: String) in PrintableText.quoted(String(key.prefix(16)) + "…") }
        try Self.expectEveryChunk(path, reports: "FAIL at seq \(early.seq): signature: the event by \"\(AccountsFixture.service)\" is signed by key "
                                    + "\(short(newKey.signer.publicKeyHex)), not by the author's registered key \(short(oldKey.signer.publicKeyHex))")
        // And with it put back, the one after is named: signed by the old key where the new one was
        try Forgery.withoutTriggers(path, on: "eventWrite", "UPDATE eventWrite SET publicKey = '\(oldKey.signer.publicKeyHex)', signature = '"
                                    + (try Forgery.signature(of: early, by: oldKey.signer)).sig + "' WHERE seq = \(early.seq);")
        try Self.expectEveryChunk(path, reports: "FAIL at seq \(forged.seq): signature: the event by \"\(AccountsFixture.service)\" is signed by key "
                                    + "\(short(oldKey.signer.publicKeyHex)), not by the author's registered key \(short(newKey.signer.publicKeyHex))")
        #expect(after.last! < forged.seq)
    }
}
