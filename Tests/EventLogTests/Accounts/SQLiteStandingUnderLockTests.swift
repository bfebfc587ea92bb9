import Clinical
@testable import EventLog
import Foundation
import Synchronization
import Grading
import Testing
import TestSupport

/// On SQLite a write's account standing is read by the recorder before the write and read again
/// in the write's IMMEDIATE transaction, after the lock (``StandingCheckedAppends``): a
/// deactivation committed by another terminal between the two refuses the write, and nothing is
/// written (README, "Accounts").
@Suite struct SQLiteStandingUnderLockTests {
    /// The nurse's recorder on a log with the fixture's accounts, keeping `standing` (as `record`
    /// and the board do), and the administrator's on a connection of its own (another terminal).
    static func nurseAndAdministrator(_ scratch: Scratch) throws -> (store: SQLiteEventStore, nurse: LogRecorder, administrator: LogRecorder) {
        let fixture = try AccountsFixture.make(at: scratch.path("log.db"))
        let cost = PasswordHashing.Cost(rounds: 1 << 10, blockSize: 8, parallelism: 1)
        let store = try SQLiteEventStore(path: fixture.path, mode: .readWrite(create: false))
        let standing = AccountStanding()
        let signedIn = try Authenticator(store: store, cost: cost, standing: standing)
            .signIn(user: AccountsFixture.user(.nurse), password: AccountsFixture.password, role: .nurse)
        let nurse = LogRecorder(store: store, criteria: CriteriaSet(files: []), signedIn: signedIn, standing: standing)
        let other = try SQLiteEventStore(path: fixture.path, mode: .readWrite(create: false))
        let admin = try Authenticator(store: other, cost: cost)
            .signIn(user: AccountsFixture.administrator, password: AccountsFixture.password, role: .administrator)
        return (store, nurse, LogRecorder(store: other, criteria: CriteriaSet(files: []), signedIn: admin))
    }

    static func note(_ text: String) -> EventDraft {
        EventDraft(kind: .note, patient: "P-1", clinicalTime: "2026-11-22T08:00:00+08:00", payload: .object([("text", .string(text))]))
    }

    static let deactivated = SignInError.deactivated(user: AccountsFixture.user(.nurse)).description

    @Test func aDeactivationCommittedAfterTheRecordersCheckRefusesTheAppendAndWritesNothing() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Given the nurse's recorder, which wrote once, and its check for her next write made
        let (store, nurse, administrator) = try Self.nurseAndAdministrator(scratch)
        try nurse.permit(.recordEvent)
        _ = try nurse.signedIn.signing { () throws(EventLogError) in try store.append([Self.note("first")], author: nurse.author) }
        try nurse.permit(.recordEvent)
        // When the administrator deactivates her at another terminal before her append
        let deactivation = try administrator.deactivate(user: AccountsFixture.user(.nurse))
        // Then her append is refused, naming why, and nothing is written
        #expect(throws: EventLogError.refused("\(store.path): \(Self.deactivated); nothing was written")) {
            _ = try nurse.signedIn.signing { () throws(EventLogError) in try store.append([Self.note("after")], author: nurse.author) }
        }
        #expect(try store.lastEvent()?.seq == deactivation.seq)
        // And her recorder's next check refuses before anything is built
        #expect(throws: RecordError.refused(.account(Self.deactivated))) { try nurse.permit(.recordEvent) }
    }

    @Test func recordsAppendWithItsEntryBuiltAheadIsCheckedUnderTheLockToo() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, nurse, administrator) = try Self.nurseAndAdministrator(scratch)
        try nurse.permit(.recordEvent)
        let first = try nurse.signedIn.signing { () throws(EventLogError) in try store.append([Self.note("first")], author: nurse.author) }
        let head = try #require(first.last)
        // Given her next entry built ahead on the head her write left, and her check made
        let ahead = try nurse.signedIn.signing { () throws(EventLogError) in store.appendAhead(Self.note("ahead"), author: nurse.author, signer: EventSigner.current,
                                                              after: SQLiteEventStore.ChainHead(head), by: { _ in [] }) }
        try nurse.permit(.recordEvent)
        // When she is deactivated before the write
        let deactivation = try administrator.deactivate(user: AccountsFixture.user(.nurse))
        // Then the write (`record`'s, with the entry built ahead) is refused and writes nothing
        #expect(throws: EventLogError.refused("\(store.path): \(Self.deactivated); nothing was written")) {
            _ = try nurse.signedIn.signing { () throws(EventLogError) in
                try store.appendFollowed(Self.note("ahead"), author: nurse.author, ahead: ahead, by: { _ in [] }, handingHead: .beforeCommit, headLeft: { _ in })
            }
        }
        #expect(try store.lastEvent()?.seq == deactivation.seq)
    }

    @Test func aSignInRecordAloneIsWrittenWhateverTheStandingAndTheCheckWaitsForTheEntry() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, nurse, administrator) = try Self.nurseAndAdministrator(scratch)
        _ = try nurse.signedIn.signing { () throws(EventLogError) in try store.append([Self.note("first")], author: nurse.author) }
        try nurse.permit(.recordEvent)
        _ = try administrator.deactivate(user: AccountsFixture.user(.nurse))
        // When a sign-out record alone is appended for her (no entry: the check is not made for it)
        let signOut = EventDraft(kind: .login, patient: nil, clinicalTime: nil, payload: .object([("action", .string("signedOut"))]))
        let written = try nurse.signedIn.signing { () throws(EventLogError) in try store.append([signOut], author: nurse.author) }
        #expect(written.count == 1)
        // Then her entry after it is still checked, and refused
        #expect(throws: EventLogError.self) {
            _ = try nurse.signedIn.signing { () throws(EventLogError) in try store.append([Self.note("after")], author: nurse.author) }
        }
        #expect(try store.lastEvent()?.seq == written.first?.seq)
    }

    @Test func aWriteWithNoAccountChangeReadsNothingMoreAndIsWritten() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, nurse, _) = try Self.nurseAndAdministrator(scratch)
        for text in ["one", "two", "three"] {
            try nurse.permit(.recordEvent)
            let written = try nurse.signedIn.signing { () throws(EventLogError) in try store.append([Self.note(text)], author: nurse.author) }
            #expect(written.map(\.kind) == [.note])
        }
        // The check was claimed by each write: none is left pending
        #expect(store.pendingStanding.withLock { $0 } == nil)
    }
}
