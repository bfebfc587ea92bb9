import Clinical
import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

/// A connection the server ends between two statements (a restart, `pg_terminate_backend`, a
/// network cut): the next statement fails at once as a lost connection. PostgresNIO drops a
/// statement written to a closed channel without ever failing its answer, so before the session
/// watched the connection's end such a statement waited for the whole answer limit (the lock wait
/// and 30 s) and then failed as unanswered (README, "The log on PostgreSQL").
@Suite("PostgreSQL connection lost between statements", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresLostConnectionTests {
    /// Ends the server process of `session`'s connection, as its superuser would, and waits
    /// (bounded) until the session has seen its connection end.
    static func terminate(_ session: PostgresSession) throws {
        let pid = try #require(try session.rows("SELECT pg_backend_pid()::text").first?.first ?? nil)
        let admin = try PostgresTestServer.session(try PostgresTestServer.adminURL())
        // pg_terminate_backend's timeout: it returns once the process has ended (or after 10 s).
        let ended = try admin.rows("SELECT pg_terminate_backend($1::int, 10000)::text", [pid]).first?.first
        try #require(ended == "true", "the backend \(pid) did not end")
        let seen = Run.waitUntil(seconds: 30) { session.isClosed }
        try #require(seen, "the session never saw its connection end")
    }

    @Test func aStatementAfterTheConnectionEndedFailsAtOnceAsLost() throws {
        // Given an idle session whose connection the server then ends
        let session = try PostgresTestServer.session(try PostgresTestServer.writerURL(site: "main"))
        try Self.terminate(session)
        // When it runs a statement, it fails as a lost connection, not as a wait that ran out
        do {
            _ = try session.rows("SELECT 1")
            Issue.record("a statement on an ended connection answered")
        } catch {
            #expect("\(error)".contains("the connection to the server was lost"), "\(error)")
        }
    }

    @Test func anAppendWhoseConnectionEndedFailsAtOnceAndWritesNothing() throws {
        // Given a store on a site with one note, whose connection the server then ends
        let site = PostgresTestServer.freshSite("lost")
        let store = try PostgresTestServer.store(site: site)
        _ = try store.append([PostgresStoreTests.note("before")], author: PostgresStoreTests.nurse)
        try Self.terminate(store.session)
        // When the store appends, the append fails at once as a lost connection
        do {
            _ = try store.append([PostgresStoreTests.note("after")], author: PostgresStoreTests.nurse)
            Issue.record("an append on an ended connection succeeded")
        } catch {
            #expect("\(error)".contains("the connection to the server was lost"), "\(error)")
        }
        // And the site holds what it held, and verifies
        let reader = try PostgresTestServer.store(site: site, mode: .readOnly)
        let events = try reader.allEvents()
        #expect(events.count == 2 && events.last?.payload == PostgresStoreTests.note("before").payload)
        #expect(try reader.verify().isIntact)
    }
}
