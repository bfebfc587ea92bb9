import Clinical
@testable import EventLog
import Foundation
import GRDB
import Testing
import TestSupport

/// Each account's Ed25519 key: made with its credential, the public half registered by the
/// `userAdmin` event the chain covers, the private half sealed with the password (or derived
/// from the service key file), and unsealed at sign-in to sign every event (README, "Signed events").
@Suite("Accounts: signing keys") struct SigningKeyTests {
    /// The `eventWrite` row of `event`.
    static func signatureKey(_ log: AccountLog, _ event: RecordedEvent) throws -> String? {
        try log.store.queue.read { db in try SQLiteEventStore.writeRows(db, from: event.seq, to: event.seq + 1).first?.publicKey }
    }

    @Test func aPersonsKeyIsMadeWithTheAccountAndResealedWithTheirOwnPassword() throws {
        // Given an account an administrator made: its created event registers a public key
        let log = try AccountLog()
        defer { log.remove() }
        let admin = try log.recorder(try log.signIn(.administrator))
        let added = try admin.addUser(id: "nurse.wu", name: "Wu Lan", roles: [.nurse], kind: .person)
        let secret = try #require(added.oneTimeSecret)
        let registered = try #require(added.event.payloadString(.signingKey))
        #expect(try Self.signatureKey(log, added.event) != registered, "the administrator's event is the administrator's")
        // When she sets her own password
        let wu = try log.authenticator.setOwnPassword(user: "nurse.wu", current: secret, new: "Wu's own password", role: nil)
        // Then she signs with the same key, now sealed with her password only
        #expect(wu.signer?.publicKeyHex == registered)
        let credential = try #require(try log.store.credential(of: "nurse.wu"))
        #expect(PasswordHashing.signingKey(in: credential, password: "Wu's own password")?.publicKeyHex == registered)
        #expect(PasswordHashing.signingKey(in: credential, password: secret) == nil)
        #expect(credential.sealedKey != nil)
        let login = try #require(try log.store.lastEvent(of: .login))
        let loginKey = try Self.signatureKey(log, login)
        #expect(login.author.id == "nurse.wu" && loginKey == registered)
        // and what she records is signed by it
        let outcome = try log.recorder(wu).record(try Bedside.crsJSON(patient: "BED-09", time: "2026-11-22T20:00:00+08:00"))
        guard case .recorded(_, _, let seqs) = outcome else { Issue.record("not recorded: \(outcome)"); return }
        #expect(try Self.signatureKey(log, try #require(try log.store.event(seq: seqs[0]))) == registered)
        #expect(try log.store.verify().isIntact)
    }

    @Test func anAdministratorsResetMakesANewKeyPair() throws {
        let log = try AccountLog()
        defer { log.remove() }
        let before = try #require(try AccountDirectory(store: log.store)["dr.wang"]?.signingKey)
        let admin = try log.recorder(try log.signIn(.administrator))
        let reset = try admin.resetPassword(user: "dr.wang")
        let after = try #require(reset.event.payloadString(.signingKey))
        #expect(after != before)
        let wang = try log.authenticator.setOwnPassword(user: "dr.wang", current: try #require(reset.oneTimeSecret), new: "Wang's new password", role: nil)
        #expect(wang.signer?.publicKeyHex == after)
        #expect(try log.store.verify().isIntact)
    }

    @Test func aServiceKeyFileSignsWithTheKeyRegisteredWhenItWasIssued() throws {
        let log = try AccountLog()
        defer { log.remove() }
        let key = try ServiceKey.read(path: log.fixture.keyPath)
        #expect(try AccountDirectory(store: log.store)[AccountsFixture.service]?.signingKey == key.signer.publicKeyHex)
        let service = try log.authenticator.signIn(key: key, role: nil)
        #expect(service.signer?.publicKeyHex == key.signer.publicKeyHex)
        // A new key issued registers its own public key; the old file no longer signs in
        let admin = try log.recorder(try log.signIn(.administrator))
        let issued = try admin.issueKey(user: AccountsFixture.service)
        let newKey = try #require(issued.key)
        #expect(issued.event.payloadString(.signingKey) == newKey.signer.publicKeyHex)
        #expect(newKey.signer.publicKeyHex != key.signer.publicKeyHex)
        let again = try log.authenticator.signIn(key: newKey, role: nil)
        let login = try #require(try log.store.lastEvent(of: .login))
        #expect(login.author == again.author)
        #expect(try Self.signatureKey(log, login) == newKey.signer.publicKeyHex)
        #expect(try log.store.verify().isIntact)
    }

    @Test func aLogMadeBeforeAccountsGetsItsKeyWithItsFirstAdministrator() throws {
        // Given a log made before accounts (schema version 1), with two unsigned notes
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("old.db")
        try LogBeforeAccountsTests.logBeforeAccounts(path)
        let store = try SQLiteEventStore(path: path, mode: .readWrite(create: false))
        // When its first administrator is made
        let created = try Authenticator(store: store, cost: AccountLog.cheap)
            .createFirstAdministrator(id: "admin.kim", name: "Kim Admin", password: "first password")
        // Then the log is version 3, its key registered by that event, and the notes before it
        // are before signatures: verify passes
        #expect(try LogBeforeAccountsTests.userVersion(path) == SQLiteEventStore.schemaVersion)
        #expect(created.payloadString(.logKey) == (try LogKey.read(path: LogKey.path(forLog: path))).publicKeyHex)
        #expect(try store.logPublicKey() == created.payloadString(.logKey))
        #expect(try store.verify().isIntact)
    }
}
