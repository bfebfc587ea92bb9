import Clinical
@testable import EventLog
import Foundation
import GRDB
import Testing
import TestSupport

/// A long-lived recorder (the board's) keeps the account directory between writes and reads only
/// the account events appended since (``AccountStanding``): one indexed read per write, and a
/// change made by another process still seen by the next write.
@Suite struct AccountStandingTests {
    @Test func theAccountEventsSinceASeqAreReadThroughTheirIndex() throws {
        let log = try AccountLog()
        defer { log.remove() }
        let plan = try log.store.queue.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SQLiteEventStore.accountEventsAfterSQL, arguments: [5])
                .map { $0["detail"] as String? ?? "" }
        }
        #expect(plan.count == 1 && (plan.first ?? "").contains("INDEX eventAccount"), "\(plan)")
        let all = try log.store.accountEvents()
        #expect(try log.store.accountEvents(after: 5).map(\.seq) == all.filter { $0.seq > 5 }.map(\.seq))
        #expect(try log.store.accountEvents(after: all.last?.seq ?? 0).isEmpty)
    }

    @Test func theAccountEventsADirectoryNeedsAreReadThroughTheirIndexAlone() throws {
        let log = try AccountLog()
        defer { log.remove() }
        let plan = try log.store.queue.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SQLiteEventStore.accountStandingEventsSQL, arguments: [5])
                .map { $0["detail"] as String? ?? "" }
        }
        // The outer read and the subquery's each through the partial index, never the table's rows in order
        #expect(plan.filter { $0.contains("INDEX eventAccount") }.count == 2, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN event") && !$0.contains("INDEX") }, "\(plan)")
    }

    @Test func theKeptDirectoryFoldsOnlyWhatWasAppendedAndEqualsAWholeFold() throws {
        let log = try AccountLog()
        defer { log.remove() }
        let standing = AccountStanding()
        #expect(try standing.directory(of: log.store) == AccountDirectory(store: log.store))
        let folded = standing.foldedThrough
        #expect(folded == (try log.store.accountEvents().last?.seq))
        // A write of a clinical entry adds no account event: nothing more is folded
        let nurse = try log.recorder(try log.signIn(.nurse))
        _ = try nurse.record(try JSONParser.parse(Self.assessment))
        #expect(try standing.directory(of: log.store) == AccountDirectory(store: log.store))
        // The sign-in above appended a login event: the kept directory moved on to it
        #expect(standing.foldedThrough > folded)
        // An administrator's change (another recorder, another store on the file) is folded in
        let admin = try log.recorder(try log.signIn(.administrator))
        let other = try SQLiteEventStore(path: log.fixture.path, mode: .readWrite(create: false))
        let adminElsewhere = LogRecorder(store: other, criteria: admin.criteria, signedIn: admin.signedIn, now: admin.now)
        _ = try adminElsewhere.revoke(user: AccountsFixture.user(.monitor), role: .monitor)
        let directory = try standing.directory(of: log.store)
        #expect(directory == (try AccountDirectory(store: log.store)))
        #expect(directory[AccountsFixture.user(.monitor)]?.roles == [])
    }

    @Test func aDeactivationByAnotherProcessIsSeenByTheNextWriteOfALongLivedRecorder() throws {
        let log = try AccountLog()
        defer { log.remove() }
        // Given the nurse's recorder, kept for many writes as the board keeps its standing
        let standing = AccountStanding()
        let signedIn = try log.signIn(.nurse)
        let nurse = LogRecorder(store: log.store, criteria: try Fixtures.bundled(), signedIn: signedIn, standing: standing,
                                now: { ClinicalTime(iso8601: "2026-11-23T00:00:00+08:00")! })
        guard case .recorded = try nurse.record(try JSONParser.parse(Self.assessment)) else { Issue.record("the first entry was refused"); return }
        let head = log.head
        // When an administrator deactivates her account in another process (aegrade user deactivate)
        let deactivate = try Run.aegrade(as: .administrator, ["user", "deactivate", "--db", log.fixture.path, AccountsFixture.user(.nurse)])
        try #require(deactivate.status == 0, "\(deactivate.transcript)")
        let afterDeactivation = log.head
        // Then her next write through the same recorder is refused, and nothing is written
        #expect(throws: RecordError.refused(.account(SignInError.deactivated(user: AccountsFixture.user(.nurse)).description))) {
            _ = try nurse.record(try JSONParser.parse(Self.assessment))
        }
        #expect(log.head == afterDeactivation && afterDeactivation > head)
    }

    static let assessment = #"{"patient":{"id":"P-1","ageYears":50},"time":"2026-11-22T08:00:00+08:00","vitals":{"temperature":{"value":38.4,"unit":"C"}}}"#
}
