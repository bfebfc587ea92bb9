import Clinical
import Dispatch
import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

/// An append's two exchanges with the connection (README, "The log on PostgreSQL", Concurrency):
/// statements handed over together answer each in turn; BEGIN goes with the first, COMMIT with the
/// last, and a failure anywhere leaves nothing committed; concurrent writers of one site still get
/// a gap-free chain.
@Suite("PostgreSQL append exchanges", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresAppendExchangeTests {
    typealias Statement = PostgresSession.Statement

    /// A session with a temporary table of its own (other tests' sessions do not see it).
    static func sessionWithTable() throws -> PostgresSession {
        let session = try PostgresTestServer.session(try PostgresTestServer.ownerURL())
        try session.execute("CREATE TEMPORARY TABLE exchange (x integer PRIMARY KEY)")
        return session
    }

    static func count(_ session: PostgresSession) throws -> String? {
        try session.rows("SELECT count(*)::text FROM exchange").first?.first ?? nil
    }

    @Test func statementsHandedOverTogetherAnswerEachInOrder() throws {
        let session = try PostgresTestServer.session(try PostgresTestServer.ownerURL())
        let answers = try session.rows(of: [Statement("SELECT $1::text", ["a"]), Statement("SELECT g::text FROM generate_series(1, 3) AS g"),
                                            Statement("SELECT NULL::text")])
        #expect(answers == [[["a"]], [["1"], ["2"], ["3"]], [[nil]]])
    }

    @Test func theFirstFailureIsWhatTheCallThrowsAndTheSessionGoesOn() throws {
        let session = try PostgresTestServer.session(try PostgresTestServer.ownerURL())
        do {
            _ = try session.rows(of: [Statement("SELECT 1"), Statement("SELECT * FROM no_such_table"), Statement("SELECT 1/0")])
            Issue.record("a failing statement among others answered")
        } catch {
            // undefined_table, not the division by zero after it
            #expect(error == .missing(path: session.url.description), "\(error)")
        }
        #expect(try session.rows("SELECT 'still here'") == [["still here"]])
    }

    @Test func aTransactionCommitsTheFirstStatementAndTheLastTogether() throws {
        let session = try Self.sessionWithTable()
        let seen = try session.transaction(first: Statement("INSERT INTO exchange VALUES (1) RETURNING x::text")) {
            (rows) throws(EventLogError) -> (last: [Statement], answer: [PostgresSession.Row]) in
            ([Statement("INSERT INTO exchange VALUES (2)"), Statement("INSERT INTO exchange VALUES ($1::integer)", ["3"])], rows)
        }
        #expect(seen == [["1"]])
        #expect(try Self.count(session) == "3")
    }

    @Test func aFailedStatementHandedOverWithCommitCommitsNothing() throws {
        // Given a transaction whose last statements fail on the second (a duplicate key)
        let session = try Self.sessionWithTable()
        do {
            try session.transaction(first: Statement("INSERT INTO exchange VALUES (1)")) { (_) throws(EventLogError) -> (last: [Statement], answer: Void) in
                ([Statement("INSERT INTO exchange VALUES (2)"), Statement("INSERT INTO exchange VALUES (1)")], ())
            }
            Issue.record("a transaction with a failed statement committed")
        } catch {
            #expect("\(error)".contains("23505"), "\(error)")   // unique_violation
        }
        // Then neither the first statement's row nor the one before the failure is there
        #expect(try Self.count(session) == "0")
    }

    @Test func aBodyThatThrowsRollsTheFirstStatementBack() throws {
        let session = try Self.sessionWithTable()
        #expect(throws: EventLogError.refused("no")) {
            try session.transaction(first: Statement("INSERT INTO exchange VALUES (1)")) { (_) throws(EventLogError) -> (last: [Statement], answer: Void) in
                throw .refused("no")
            }
        }
        #expect(try Self.count(session) == "0")
        // and the session is out of the transaction: what follows commits on its own
        try session.run("INSERT INTO exchange VALUES (5)")
        #expect(try Self.count(session) == "1")
    }

    @Test func eightWritersOfOneSiteGetAGapFreeChain() throws {
        // Given one site and eight writers on their own connections
        let site = PostgresTestServer.freshSite("gapfree")
        let store = try PostgresTestServer.store(site: site)
        let writers = try (0..<8).map { _ in try PostgresTestServer.store(site: site, mode: .readWrite(create: false)) }
        // When each appends 15 notes at once with the others, some two at a time
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: writers.count) { writer in
            for index in 0..<15 {
                let drafts = index % 5 == 0 ? [PostgresStoreTests.note("w\(writer) \(index)a"), PostgresStoreTests.note("w\(writer) \(index)b")]
                    : [PostgresStoreTests.note("w\(writer) \(index)")]
                do {
                    let recorded = try writers[writer].append(drafts, author: PostgresStoreTests.nurse)
                    if recorded.count == 2, recorded[1].seq != recorded[0].seq + 1 || recorded[1].prevHash != recorded[0].hash {
                        failures.add("an append's two events are not one after the other: \(recorded.map(\.seq))")
                    }
                } catch { failures.add("\(error)") }
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(3))")
        // Then the chain holds every note once, seq 1 (genesis) to the last without a gap, and verifies
        let all = try store.allEvents()
        #expect(all.map(\.seq) == Array(1...Int64(1 + 8 * 18)))
        #expect(Set(all.dropFirst().map(\.id)).count == 8 * 18)
        #expect(try store.verify().isIntact)
    }
}
