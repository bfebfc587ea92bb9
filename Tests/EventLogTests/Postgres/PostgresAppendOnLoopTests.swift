import Clinical
@testable import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

/// An append's transaction run on the connection's event loop from BEGIN to COMMIT
/// (`PostgresSession.transactionOnLoop`; README, "The log on PostgreSQL", Concurrency): the body
/// makes the last statements there from the first exchange's rows, a failure anywhere commits
/// nothing, and a statement the body would run of its own fails at once instead of waiting for
/// the loop it runs on.
@Suite("PostgreSQL transactions on the event loop", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresAppendOnLoopTests {
    typealias Statement = PostgresSession.Statement
    typealias Last = (last: [Statement], answer: [String?])

    static func count(_ session: PostgresSession) throws -> String? {
        try PostgresAppendExchangeTests.count(session)
    }

    @Test func theBodyRunsOnTheLoopAndTheFirstAndLastStatementsCommitTogether() throws {
        let session = try PostgresAppendExchangeTests.sessionWithTable()
        let (seen, last) = try session.transactionOnLoop(first: [Statement("INSERT INTO exchange VALUES (1) RETURNING x::text"),
                                                         Statement("SELECT $1::text", ["b"])]) { (answers) throws(EventLogError) -> Last in
            #expect(session.isOnEventLoop)
            return ([Statement("INSERT INTO exchange VALUES (2)"), Statement("INSERT INTO exchange VALUES ($1::integer) RETURNING x::text", ["3"])],
                    answers.map { rows in rows.first?.first??.text })
        }
        #expect(seen == ["1", "b"])
        // and the last statements' rows come back (COMMIT's not among them)
        #expect(last.map { rows in rows.map { cells in cells.map { $0?.text } } } == [[], [["3"]]])
        #expect(try Self.count(session) == "3")
    }

    @Test func aFailedStatementHandedOverWithCommitCommitsNothing() throws {
        let session = try PostgresAppendExchangeTests.sessionWithTable()
        do {
            _ = try session.transactionOnLoop(first: [Statement("INSERT INTO exchange VALUES (1)")]) { (_) throws(EventLogError) -> Last in
                ([Statement("INSERT INTO exchange VALUES (2)"), Statement("INSERT INTO exchange VALUES (1)")], [])
            }
            Issue.record("a transaction with a failed statement committed")
        } catch {
            #expect("\(error)".contains("23505"), "\(error)")   // unique_violation
        }
        #expect(try Self.count(session) == "0")
    }

    @Test func aFailureInTheFirstExchangeRunsNoBody() throws {
        let session = try PostgresAppendExchangeTests.sessionWithTable()
        let ran = Failures()
        do {
            _ = try session.transactionOnLoop(first: [Statement("INSERT INTO exchange VALUES (1)"), Statement("SELECT * FROM no_such_table")]) {
                (_) throws(EventLogError) -> Last in
                ran.add("the body ran")
                return ([Statement("INSERT INTO exchange VALUES (2)")], [])
            }
            Issue.record("a transaction whose first exchange failed answered")
        } catch {
            #expect(error == .missing(path: session.url.description), "\(error)")
        }
        #expect(ran.all.isEmpty)
        #expect(try Self.count(session) == "0")
    }

    @Test func aBodyThatThrowsRollsBackAndTheSessionGoesOn() throws {
        let session = try PostgresAppendExchangeTests.sessionWithTable()
        #expect(throws: EventLogError.refused("no")) {
            _ = try session.transactionOnLoop(first: [Statement("INSERT INTO exchange VALUES (1)")]) { (_) throws(EventLogError) -> Last in
                throw .refused("no")
            }
        }
        #expect(try Self.count(session) == "0")
        try session.run("INSERT INTO exchange VALUES (5)")
        #expect(try Self.count(session) == "1")
    }

    @Test func aStatementRunFromTheBodyFailsAtOnceAndNothingIsCommitted() throws {
        // Given a body that runs a statement of its own (it would wait for the loop it runs on)
        let session = try PostgresAppendExchangeTests.sessionWithTable()
        do {
            _ = try session.transactionOnLoop(first: [Statement("INSERT INTO exchange VALUES (1)")]) { (_) throws(EventLogError) -> Last in
                try session.run("INSERT INTO exchange VALUES (2)")
                return ([], [])
            }
            Issue.record("a statement run on the event loop answered")
        } catch {
            // Then that statement fails, naming why, and the transaction rolls back
            #expect("\(error)".contains("event loop"), "\(error)")
        }
        #expect(try Self.count(session) == "0")
    }

    @Test func anAccountEventSinceTheKeptDirectoryThatDoesNotRefuseIsFoldedAndTheAppendWritten() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Given the nurse's recorder, which wrote once, and its check for her next write made
        let (store, site, nurse, _) = try PostgresStandingUnderLockTests.nurseAtSite(scratch)
        try nurse.permit(.recordEvent)
        _ = try PostgresStandingUnderLockTests.note(by: nurse, "first")
        try nurse.permit(.recordEvent)
        // When the administrator deactivates someone else at another terminal before her append
        // (an account event after her kept directory: her append's INSERT writes nothing, and the
        // append is made again with that event read and folded)
        let deactivation = try PostgresStandingUnderLockTests.administrator(at: site).deactivate(user: AccountsFixture.user(.physician))
        let recorded = try PostgresStandingUnderLockTests.note(by: nurse, "after another account's deactivation")
        // Then her note is written once, right after the deactivation, and the chain verifies
        #expect(recorded.map(\.seq) == [deactivation.seq + 1])
        let all = try store.allEvents()
        #expect(all.last?.id == recorded.first?.id)
        #expect(all.filter { $0.payload.compactText.contains("after another account") }.count == 1)
        #expect(all.map(\.seq) == Array(1...Int64(all.count)))
        #expect(try store.verify().isIntact)
        // And her next write, its check made again, needs no further read to be written
        try nurse.permit(.recordEvent)
        let next = try PostgresStandingUnderLockTests.note(by: nurse, "next")
        #expect(next.map(\.seq) == [deactivation.seq + 2])
    }

    @Test func aGuardedInsertWritesNothingWhenAnAccountEventIsInItsRange() throws {
        // Given a site whose last events include an account event (its administrator's)
        let scratch = try Scratch()
        defer { scratch.remove() }
        let (store, _, _, _) = try PostgresStandingUnderLockTests.nurseAtSite(scratch)
        let head = try #require(try store.lastEvent())
        let account = try #require(try store.accountEvents().last)
        // When rows after the head are inserted unless an account event lies after one before it
        var event = head
        event.seq = head.seq + 1
        event.id = UUID().uuidString.lowercased()
        event.prevHash = head.hash
        let row = PostgresEventStore.EventRow(event: event, payloadText: event.payload.compactText, signature: ("00", "11"))
        let guarded = PostgresEventStore.insertStatement(site: store.url.site, rows: [row][...],
                                                         unlessAccountEventsBetween: (after: account.seq - 1, before: event.seq))
        // Then nothing is inserted and the statement answers no seq
        #expect(try store.session.rows(guarded.sql, guarded.binds).isEmpty)
        #expect(try store.lastEvent()?.seq == head.seq)
        // And with the range past that event the same rows are inserted, their seq answered
        let open = PostgresEventStore.insertStatement(site: store.url.site, rows: [row][...],
                                                      unlessAccountEventsBetween: (after: account.seq, before: event.seq))
        #expect(try store.session.rows(open.sql, open.binds) == [[String(event.seq)]])
        #expect(try store.lastEvent()?.seq == event.seq)
    }
}
