import Clinical
@testable import EventLog
import Foundation
import TestSupport

/// A log with the accounts of ``AccountsFixture`` (an administrator, one person per role, a
/// service key), for the tests of sign-in and of the role table through the recorder.
struct AccountLog {
    let scratch: Scratch
    let fixture: AccountsFixture
    let store: SQLiteEventStore

    init(settings: SQLiteEventStore.Settings = .init()) throws {
        scratch = try Scratch()
        fixture = try AccountsFixture.make(at: scratch.path("log.db"))
        store = try SQLiteEventStore(path: fixture.path, mode: .readWrite(create: false), settings: settings)
    }

    var authenticator: Authenticator { Authenticator(store: store, cost: Self.cheap) }

    /// A cheaper scrypt for the passwords these tests set (each row names its cost).
    static let cheap = PasswordHashing.Cost(rounds: 1 << 10, blockSize: 8, parallelism: 1)

    /// Signs `role`'s person in with the fixture's password.
    func signIn(_ role: Role) throws -> SignedIn {
        try authenticator.signIn(user: AccountsFixture.user(role), password: AccountsFixture.password, role: role)
    }

    func recorder(_ signedIn: SignedIn) throws -> LogRecorder {
        var recorder = LogRecorder(store: store, criteria: try Fixtures.bundled(), signedIn: signedIn,
                                   now: { ClinicalTime(iso8601: "2026-11-23T00:00:00+08:00")! })
        recorder.passwordCost = Self.cheap
        return recorder
    }

    /// The events after `seq`.
    func events(after seq: Int64) throws -> [RecordedEvent] { try store.allEvents().filter { $0.seq > seq } }

    var head: Int64 { (try? store.lastEvent()?.seq) ?? 0 }

    func remove() { scratch.remove() }
}
