import Clinical
@testable import EventLog
import Foundation
import Grading
@testable import PostgresLog
import Testing
import TestSupport

/// On PostgreSQL a write's check of the account's standing reads the account events in the
/// append's own first exchange, after the site's lock (``StandingCheck``, README, "The log on
/// PostgreSQL"): it sees every account event committed before the lock, and a deactivation
/// committed after the recorder's check and before the append refuses the append.
@Suite("PostgreSQL standing checked under the append's lock", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresStandingUnderLockTests {
    /// A site with the fixture's accounts, and the nurse's recorder keeping `standing`, signed in
    /// with the same standing (as `record` and `log stress-append` do).
    static func nurseAtSite(_ scratch: Scratch, aheadTimeLimitMillis: Int64 = PostgresEventStore.defaultAheadTimeLimitMillis)
        throws -> (store: PostgresEventStore, site: String, nurse: LogRecorder, standing: AccountStanding) {
        let site = PostgresTestServer.freshSite("standing")
        let url = try PostgresTestServer.writerURL(site: site)
        let store = try PostgresEventStore(url: url, password: PostgresTestServer.password(url), mode: .readWrite(create: true),
                                           logKeyPath: scratch.path("site.logkey"), aheadTimeLimitMillis: aheadTimeLimitMillis)
        _ = try AccountsFixture.make(in: store, path: url.description, keyPath: scratch.path("service.key"))
        let standing = AccountStanding()
        let signedIn = try Authenticator(store: store, standing: standing)
            .signIn(user: AccountsFixture.user(.nurse), password: AccountsFixture.password, role: .nurse)
        let nurse = LogRecorder(store: store, criteria: CriteriaSet(files: []), signedIn: signedIn, standing: standing)
        return (store, site, nurse, standing)
    }

    /// The administrator's recorder on a connection of its own (another terminal of the site).
    static func administrator(at site: String) throws -> LogRecorder {
        let store = try PostgresTestServer.store(site: site, mode: .readWrite(create: false))
        let signedIn = try Authenticator(store: store)
            .signIn(user: AccountsFixture.administrator, password: AccountsFixture.password, role: .administrator)
        return LogRecorder(store: store, criteria: CriteriaSet(files: []), signedIn: signedIn)
    }

    /// A note as `log stress-append` writes it: the recorder's check, then the append.
    static func note(by recorder: LogRecorder, _ text: String) throws -> [RecordedEvent] {
        try recorder.signedIn.signing { () throws(EventLogError) in
            try recorder.store.append([PostgresStoreTests.note(text)], author: recorder.author)
        }
    }

    @Test func aDeactivationCommittedAfterTheChecksReadRefusesTheAppendAndWritesNothing() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Given the nurse's recorder, which wrote once, and its check for her next write made
        let (store, site, nurse, _) = try Self.nurseAtSite(scratch)
        try nurse.permit(.recordEvent)
        _ = try Self.note(by: nurse, "first")
        try nurse.permit(.recordEvent)
        // When the administrator deactivates her at another terminal before her append
        let deactivation = try Self.administrator(at: site).deactivate(user: AccountsFixture.user(.nurse))
        let head = try store.lastEvent()?.seq
        // Then her append is refused, naming why, and nothing is written
        do {
            _ = try Self.note(by: nurse, "after the deactivation")
            Issue.record("an append by a deactivated account was written")
        } catch {
            #expect(error as? EventLogError == .refused("\(store.url.description): \(SignInError.deactivated(user: AccountsFixture.user(.nurse)).description); nothing was written"),
                    "\(error)")
        }
        #expect(try store.lastEvent()?.seq == head && head == deactivation.seq)
        // And her recorder's next check refuses before anything is read, on what the append read
        #expect(throws: RecordError.refused(.account(SignInError.deactivated(user: AccountsFixture.user(.nurse)).description))) {
            try nurse.permit(.recordEvent)
        }
    }

    @Test func theDirectoryFoldedUnderTheLockIsAWholeFoldWithAnotherTerminalsAccountEvents() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, site, nurse, standing) = try Self.nurseAtSite(scratch)
        try nurse.permit(.recordEvent)
        _ = try Self.note(by: nurse, "first")
        // Given account events written at another terminal: a failed sign-in of the nurse (it
        // counts towards her lockout: folded twice it would count two) and a role revoked
        let other = try PostgresTestServer.store(site: site, mode: .readWrite(create: false))
        #expect(throws: SignInError.self) {
            _ = try Authenticator(store: other).signIn(user: AccountsFixture.user(.nurse), password: "not her password", role: .nurse)
        }
        _ = try Self.administrator(at: site).revoke(user: AccountsFixture.user(.monitor), role: .monitor)
        let before = standing.foldedThrough
        // When she writes again (her check reads nothing; her append reads them under its lock)
        try nurse.permit(.recordEvent)
        #expect(standing.foldedThrough == before)
        _ = try Self.note(by: nurse, "second")
        // Then the kept directory is the whole fold of the site's account events
        #expect(standing.foldedThrough > before)
        #expect(standing.snapshot.directory == (try AccountDirectory(store: store)))
        #expect(standing.snapshot.directory[AccountsFixture.user(.nurse)]?.consecutiveFailures == 1)
        #expect(standing.snapshot.directory[AccountsFixture.user(.monitor)]?.roles == [])
    }

    @Test func aSignInRecordAloneIsWrittenWhateverTheStandingAndTheCheckWaitsForTheEntry() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, site, nurse, _) = try Self.nurseAtSite(scratch)
        try nurse.permit(.recordEvent)
        _ = try Self.administrator(at: site).deactivate(user: AccountsFixture.user(.nurse))
        // When a sign-out record alone is appended for her (no entry: no check made for it)
        let signOut = EventDraft(kind: .login, patient: nil, clinicalTime: nil, payload: .object([("action", .string("signedOut"))]))
        let written = try nurse.signedIn.signing { () throws(EventLogError) in try store.append([signOut], author: nurse.author) }
        #expect(written.count == 1)
        // Then her entry after it is still checked, and refused
        #expect(throws: EventLogError.self) { _ = try Self.note(by: nurse, "after") }
        #expect(try store.lastEvent()?.seq == written.first?.seq)
    }

    @Test func aStoreWithoutTheCheckUnderItsLockReadsTheStandingBeforeTheWrite() throws {
        // SQLite has a single writer at a time and no exchange to save: its check reads as before
        let scratch = try Scratch()
        defer { scratch.remove() }
        let fixture = try AccountsFixture.make(at: scratch.path("log.db"))
        let store = try SQLiteEventStore(path: fixture.path, mode: .readWrite(create: false))
        let standing = AccountStanding()
        let signedIn = try Authenticator(store: store, cost: PasswordHashing.Cost(rounds: 1 << 10, blockSize: 8, parallelism: 1), standing: standing)
            .signIn(user: AccountsFixture.user(.nurse), password: AccountsFixture.password, role: .nurse)
        let nurse = LogRecorder(store: store, criteria: CriteriaSet(files: []), signedIn: signedIn, standing: standing)
        let admin = try Authenticator(store: try SQLiteEventStore(path: fixture.path, mode: .readWrite(create: false)))
            .signIn(user: AccountsFixture.administrator, password: AccountsFixture.password, role: .administrator)
        _ = try LogRecorder(store: try SQLiteEventStore(path: fixture.path, mode: .readWrite(create: false)), criteria: CriteriaSet(files: []),
                            signedIn: admin).deactivate(user: AccountsFixture.user(.nurse))
        #expect(throws: RecordError.refused(.account(SignInError.deactivated(user: AccountsFixture.user(.nurse)).description))) {
            try nurse.permit(.recordEvent)
        }
    }
}
