import Clinical
@testable import EventLog
import Foundation
import Testing
import TestSupport

/// The account calls of `EventStore`: credentials beside the events, each written in the same
/// transaction as the `userAdmin` event that commits to it, never exported.
extension EventStoreConformance {
    /// A credential with recognisable bytes (so an export holding them would show them).
    static func credential(_ user: String, salt: UInt8 = 0xA5, oneTime: Bool = false) -> StoredCredential {
        StoredCredential(user: user, kind: .password, kdf: "scrypt", parameters: "N=1024 r=8 p=1",
                         salt: Array(repeating: salt, count: 16), verifier: Array(repeating: 0x5A, count: 32), oneTime: oneTime)
    }

    /// The one signing key pair the accounts of these checks register (a real log makes one per person).
    static let accountSigner = EventSigner.generate(user: "")

    static func created(_ user: String, _ credential: StoredCredential) -> EventDraft {
        EventDraft(kind: .userAdmin, patient: nil, clinicalTime: nil,
                   payload: AccountPayload.created(user: user, name: "Li Mei", roles: [.nurse], kind: .person,
                                                   credential: Authenticator.note(credential),
                                                   signingKey: accountSigner.publicKeyHex))
    }

    func accountWithCredential(_ log: any ConformanceLog) throws {
        // Given a log with a clinical note
        let store = log.store
        _ = try store.append([Self.note("before")], author: Self.nurse)
        #expect(try store.credential(of: "li.m") == nil)
        // When an account is created with its credential, then given a new one
        let first = Self.credential("li.m", oneTime: true)
        let created = try store.appendAccount(Self.created("li.m", first), author: .system, credential: first)
        #expect(try log.openReader().credential(of: "li.m") == first)
        let second = Self.credential("li.m", salt: 0x33)
        // Signed by li.m's key, as after her sign-in (every event from the log's first account on is signed)
        let liSigner = Self.accountSigner.forAccount("li.m")
        let set = try EventSigner.with(liSigner) { () throws(EventLogError) in try store.appendAccount(EventDraft(kind: .userAdmin, patient: nil, clinicalTime: nil,
                                                     payload: AccountPayload.userAdmin(.passwordSet, user: "li.m",
                                                                                       credential: Authenticator.note(second))),
                                          author: Self.nurse, credential: second) }
        let login = try EventSigner.with(liSigner) { () throws(EventLogError) in
            try store.appendAccount(EventDraft(kind: .login, patient: nil, clinicalTime: nil,
                                               payload: AccountPayload.login(.signedIn, method: .password, role: .nurse)),
                                    author: Self.nurse, credential: nil)
        }
        // Then the events are in the chain, the account events read alone in order, the newest
        // credential is the user's, and the log verifies
        #expect([created.seq, set.seq, login.seq] == [3, 4, 5])
        #expect(try store.accountEvents() == [created, set, login])
        #expect(try log.openReader().credential(of: "li.m") == second)
        #expect(try store.credential(of: "someone.else") == nil)
        #expect(try store.verify().isIntact)
    }

    func uncommittedCredential(_ log: any ConformanceLog) throws {
        let store = log.store
        let before = try Self.snapshot(store)
        let credential = Self.credential("li.m")
        // A credential the event does not commit to, one for another user, a clinical event with
        // a credential, and an event that claims a credential not given: each refused whole
        let attempts: [(EventDraft, StoredCredential?)] = [
            (Self.created("li.m", Self.credential("li.m", salt: 1)), credential),
            (Self.created("wang.f", credential), credential),
            (Self.note("note"), credential),
            (Self.created("li.m", credential), nil),
        ]
        for (index, (draft, credential)) in attempts.enumerated() {
            #expect(throws: EventLogError.self, "attempt \(index)") {
                try store.appendAccount(draft, author: .system, credential: credential)
            }
        }
        let after = try Self.snapshot(store)
        #expect(after.events == before.events && after.verification == before.verification)
        #expect(try store.credential(of: "li.m") == nil)
    }

    func refusedAccountWrite(_ log: any ConformanceLog) throws {
        for reason in [Refusal.readOnly, .locked] {
            let before = try Self.snapshot(log.store)
            guard let (store, release) = try log.refusing(reason) else { continue }
            let credential = Self.credential("li.m")
            do {
                _ = try store.appendAccount(Self.created("li.m", credential), author: .system, credential: credential)
                Issue.record("\(reason): the account write was not refused")
            } catch {
                #expect(reason.matches(error), "\(reason): \(error)")
            }
            try release()
            let after = try Self.snapshot(try log.openReader())
            #expect(after.events == before.events, "\(reason)")
            #expect(try log.openReader().credential(of: "li.m") == nil, "\(reason)")
        }
    }

    func credentialsStayOutOfExports(_ log: any ConformanceLog) throws {
        // Given a clinical history and an account with a credential of recognisable bytes
        try Self.clinicalHistory(log.store)
        let credential = Self.credential("li.m")
        _ = try log.store.appendAccount(Self.created("li.m", credential), author: .system, credential: credential)
        // When the log is exported in both formats
        for format in [LogExport.Format.jsonl, .csv] {
            var bytes: [UInt8] = []
            try log.store.export(format: format, until: .end) { bytes += $0 }
            let text = String(decoding: bytes, as: UTF8.self).lowercased()
            // Then the event's commitment is there, but neither salt nor verifier, in hex or base64
            #expect(text.contains(credential.commitment), "\(format)")
            for secret in [credential.salt, credential.verifier] {
                #expect(!text.contains(secret.map { String(format: "%02x", $0) }.joined()), "\(format)")
                #expect(!text.contains(Data(secret).base64EncodedString().lowercased()), "\(format)")
                #expect(!text.contains("a5a5a5a5") && !text.contains("5a5a5a5a"), "\(format)")
            }
        }
        // … and a replay holds no credential either
        #expect(!"\(try log.store.replay().json)".lowercased().contains("5a5a5a5a"))
        // A backup, the log itself, keeps the credentials with their events
        guard log.backsUpToAFile else { return }
        let destination = log.backupDestination()
        _ = try log.store.backup(to: destination)
        let copy = try log.openCopy(destination)
        #expect(try copy.credential(of: "li.m") == credential)
        #expect(try copy.verify().isIntact)
    }
}
