import Clinical
import EventLog
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
        let seen = try session.transactionOnLoop(first: [Statement("INSERT INTO exchange VALUES (1) RETURNING x::text"),
                                                         Statement("SELECT $1::text", ["b"])]) { (answers) throws(EventLogError) -> Last in
            #expect(session.isOnEventLoop)
            return ([Statement("INSERT INTO exchange VALUES (2)"), Statement("INSERT INTO exchange VALUES ($1::integer)", ["3"])],
                    answers.map { rows in rows.first?.first??.text })
        }
        #expect(seen == ["1", "b"])
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
}
