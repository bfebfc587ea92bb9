import Clinical
@testable import EventLog
import Foundation
import GRDB
import Testing
import TestSupport

/// Every event a person, a service or aegrade writes carries its author's Ed25519 signature over
/// its hash, and `verify` names the first event whose signature is missing, wrong or by another
/// key (README, "Signed events"; RFC 8032).
@Suite("Signing: signed events") struct EventSignatureTests {
    /// The fixture's log after the nurse signed in and recorded one assessment: the observation.
    static func nurseRecorded(_ log: AccountLog) throws -> RecordedEvent {
        let nurse = try log.signIn(.nurse)
        let outcome = try log.recorder(nurse).record(try Bedside.crsJSON(patient: "BED-07", time: "2026-11-22T20:00:00+08:00"))
        guard case .recorded(_, _, let seqs) = outcome else { throw RecordError.refused(.account("not recorded")) }
        return try #require(try log.store.event(seq: seqs[0]))
    }

    static func writeRow(_ store: SQLiteEventStore, seq: Int64) throws -> SQLiteEventStore.WriteRow? {
        try store.queue.read { db in try SQLiteEventStore.writeRows(db, from: seq, to: seq + 1).first }
    }

    @Test func everyEventFromTheLogsKeyOnIsSignedByItsAuthorsRegisteredKey() throws {
        // Given the fixture's log, in which the nurse signed in and recorded an assessment
        let log = try AccountLog()
        defer { log.remove() }
        let observation = try Self.nurseRecorded(log)
        // Then the log's key is the one in the file beside it, registered by the first account event
        let logKey = try LogKey.read(path: LogKey.path(forLog: log.fixture.path))
        #expect(try log.store.logPublicKey() == logKey.publicKeyHex)
        let registered = try #require(try log.store.queue.read { db in try SQLiteEventStore.registeredLogKey(db) })
        #expect(try log.store.event(seq: registered.seq)?.payloadString(.user) == AccountsFixture.administrator)
        // and every event from it on is signed by its author's key
        let nurseKey = try #require(try AccountDirectory(store: log.store)["nurse.li"]?.signingKey)
        for event in try log.store.allEvents() where event.seq >= registered.seq {
            let row = try #require(try Self.writeRow(log.store, seq: event.seq), "seq \(event.seq) has no eventWrite row")
            var expected = logKey.publicKeyHex
            if event.author != .system {
                let before = AccountDirectory(events: try log.store.allEvents().filter { $0.seq < event.seq })
                expected = try #require(before[event.author.id]?.signingKey, "seq \(event.seq): no key registered for its author")
            }
            #expect(row.publicKey == expected, "seq \(event.seq)")
            #expect(EventSignature.isValid(signatureHex: row.signature ?? "", hash: event.hash, publicKeyHex: expected), "seq \(event.seq)")
        }
        #expect(try Self.writeRow(log.store, seq: observation.seq)?.publicKey == nurseKey)
        #expect(try log.store.verify().isIntact)
    }

    @Test func aForgedAppendWithARecomputedChainFailsVerifyNamingItsSeq() throws {
        // Given a signed log, intact
        let log = try AccountLog()
        defer { log.remove() }
        _ = try Self.nurseRecorded(log)
        // When a forger appends a death "by dr.wang" with sqlite3, its hash and chain right, unsigned
        let forged = try Forgery.death(log.fixture.path, by: Author(id: "dr.wang", role: .physician))
        try Forgery.append(log.fixture.path, forged)
        // Then the chain holds, but verify names the forged event: it carries no signature
        let answer = try SQLiteEventStore(path: log.fixture.path, mode: .readOnly).verify()
        #expect(answer.failure?.seq == forged.seq, "\(answer.report)")
        #expect(answer.report == "FAIL at seq \(forged.seq): signature: the event by \"dr.wang\" carries no signature", "\(answer.report)")
        // and the command exits 1 saying so
        let output = try Run.aegrade(["log", "verify", "--db", log.fixture.path])
        #expect(output.status == 1, "\(output.transcript)")
        #expect(output.stdout.hasPrefix("FAIL at seq \(forged.seq): signature:"), "\(output.transcript)")
    }

    @Test func anAppendSignedByTheForgersOwnKeyFailsVerify() throws {
        let log = try AccountLog()
        defer { log.remove() }
        _ = try Self.nurseRecorded(log)
        // When the forged event is signed, but with a key the forger made
        let forged = try Forgery.death(log.fixture.path, by: Author(id: "dr.wang", role: .physician))
        try Forgery.append(log.fixture.path, forged, signature: try Forgery.signature(of: forged, by: .generate(user: "dr.wang")))
        // Then verify names it: not the author's registered key
        let answer = try SQLiteEventStore(path: log.fixture.path, mode: .readOnly).verify()
        #expect(answer.failure?.seq == forged.seq, "\(answer.report)")
        #expect(answer.report.contains("is signed by key") && answer.report.contains("not by the author's registered key"), "\(answer.report)")
    }

    @Test func aForgedSignatureUnderTheVictimsPublicKeyFailsVerify() throws {
        let log = try AccountLog()
        defer { log.remove() }
        _ = try Self.nurseRecorded(log)
        // When the forged event names dr.wang's registered public key beside a made-up signature
        let forged = try Forgery.death(log.fixture.path, by: Author(id: "dr.wang", role: .physician))
        let victimKey = try #require(try AccountDirectory(store: log.store)["dr.wang"]?.signingKey)
        try Forgery.append(log.fixture.path, forged, signature: (victimKey, String(repeating: "ab", count: 64)))
        // Then verify names it: the signature does not verify
        let answer = try SQLiteEventStore(path: log.fixture.path, mode: .readOnly).verify()
        #expect(answer.failure?.seq == forged.seq, "\(answer.report)")
        #expect(answer.report.contains("does not verify"), "\(answer.report)")
    }

    @Test func aSignatureCopiedFromAnotherEventFailsVerify() throws {
        // A real signature of dr.wang's, moved onto an event it does not sign (C-NEG-9)
        let log = try AccountLog()
        defer { log.remove() }
        let wang = try log.signIn(.physician)
        let login = try #require(try log.store.lastEvent())
        #expect(login.author == wang.author)
        let stolen = try #require(try Self.writeRow(log.store, seq: login.seq))
        let forged = try Forgery.death(log.fixture.path, by: Author(id: "dr.wang", role: .physician))
        try Forgery.append(log.fixture.path, forged, signature: (try #require(stolen.publicKey), try #require(stolen.signature)))
        let answer = try SQLiteEventStore(path: log.fixture.path, mode: .readOnly).verify()
        #expect(answer.failure?.seq == forged.seq, "\(answer.report)")
        #expect(answer.report.contains("does not verify"), "\(answer.report)")
    }

    @Test func aStrippedSignatureFailsVerify() throws {
        // Given a signed log with the nurse's observation
        let log = try AccountLog()
        defer { log.remove() }
        let observation = try Self.nurseRecorded(log)
        // When its signature row is deleted (the triggers dropped and put back as they were)
        try Forgery.withoutTriggers(log.fixture.path, on: "eventWrite", "DELETE FROM eventWrite WHERE seq = \(observation.seq);")
        // Then verify names the observation
        let answer = try SQLiteEventStore(path: log.fixture.path, mode: .readOnly).verify()
        #expect(answer.report == "FAIL at seq \(observation.seq): signature: the event by \"nurse.li\" carries no signature", "\(answer.report)")
    }

    @Test func aReplacedPublicKeyWithTheChainRecomputedFailsVerify() throws {
        // Given a signed log
        let log = try AccountLog()
        defer { log.remove() }
        _ = try Self.nurseRecorded(log)
        let path = log.fixture.path
        let created = try #require(try AccountDirectory(store: log.store)["nurse.li"]?.createdSeq)
        let registered = try #require(try AccountDirectory(store: log.store)["nurse.li"]?.signingKey)
        // When a forger puts their own public key into the nurse's created event, recomputes the
        // chain from there, and appends an event as the nurse signed with their key
        let forger = EventSigner.generate(user: "nurse.li")
        try Forgery.rewrite(path, seq: created) { $0.replacingOccurrences(of: registered, with: forger.publicKeyHex) }
        let forged = try Forgery.death(path, by: Author(id: "nurse.li", role: .nurse))
        try Forgery.append(path, forged, signature: try Forgery.signature(of: forged, by: forger))
        // Then the chain is whole, but the created event's signature (the administrator's) no
        // longer verifies: verify names it
        let answer = try SQLiteEventStore(path: path, mode: .readOnly).verify()
        #expect(answer.failure?.seq == created, "\(answer.report)")
        #expect(answer.report.contains("signature: the signature of the event by \"admin.kim\" does not verify"), "\(answer.report)")
    }

    @Test func aReplacedSealedKeyInTheCredentialTableFailsVerify() throws {
        // The private half swapped in the credential table for one the forger sealed
        let log = try AccountLog()
        defer { log.remove() }
        let seq = try #require(try AccountDirectory(store: log.store)["nurse.li"]?.createdSeq)
        let sealed = try SealedSigningKey.seal(.generate(user: "nurse.li"), password: "the forger's password", cost: AccountLog.cheap)
        let hex = sealed.map { String(format: "%02x", $0) }.joined()
        try Forgery.withoutTriggers(log.fixture.path, on: "credential", "UPDATE credential SET sealedKey = X'\(hex)' WHERE seq = \(seq);")
        let answer = try SQLiteEventStore(path: log.fixture.path, mode: .readOnly).verify()
        #expect(answer.failure?.seq == seq, "\(answer.report)")
        #expect(answer.report.contains("credentials: the stored credential of \"nurse.li\" is not the one this event set"), "\(answer.report)")
    }

    @Test func aForgerWhoKnowsTheVictimsPasswordCanSignTheStatedLimit() throws {
        // The limit the README states: the sealed key opens with the victim's password, so one
        // who holds the file and the password signs as the victim, and verify cannot tell.
        let log = try AccountLog()
        defer { log.remove() }
        _ = try Self.nurseRecorded(log)
        let credential = try #require(try log.store.credential(of: "dr.wang"))
        let stolen = try #require(PasswordHashing.signingKey(in: credential, password: AccountsFixture.password))
        #expect(PasswordHashing.signingKey(in: credential, password: "a wrong guess") == nil)
        let forged = try Forgery.death(log.fixture.path, by: Author(id: "dr.wang", role: .physician))
        try Forgery.append(log.fixture.path, forged, signature: try Forgery.signature(of: forged, by: stolen))
        let answer = try SQLiteEventStore(path: log.fixture.path, mode: .readOnly).verify()
        #expect(answer.isIntact, "\(answer.report)")
    }

    @Test func anAuthorWhoIsNoAccountFailsVerify() throws {
        // An event by a made-up user id in a log with accounts: no key was ever registered for it
        let log = try AccountLog()
        defer { log.remove() }
        let forged = try Forgery.death(log.fixture.path, by: Author(id: "mallory", role: .physician))
        try Forgery.append(log.fixture.path, forged, signature: try Forgery.signature(of: forged, by: .generate(user: "mallory")))
        let answer = try SQLiteEventStore(path: log.fixture.path, mode: .readOnly).verify()
        #expect(answer.report == "FAIL at seq \(forged.seq): signature: the author \"mallory\" has no registered signing key "
                + "(not an account of this log, or its key was never registered)", "\(answer.report)")
    }
}
