@testable import EventLog
import Foundation
@testable import PostgresLog
import Testing

/// The store's libpq connection for entries built ahead (`PipelinedConnection`): BEGIN and a
/// statement in one write, COMMIT in another; nothing committed when a statement fails or the
/// body throws, the connection usable after; the session's lock wait; a lost connection an error.
@Suite("PostgreSQL pipelined connection", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PipelinedConnectionTests {
    /// A table of the test's own, made and later dropped by the owner.
    static func table() throws -> (name: String, owner: PostgresSession) {
        let owner = try PostgresTestServer.session(try PostgresTestServer.ownerURL())
        let name = "pipelined_" + PostgresTestServer.freshSite("t").filter { $0.isLetter || $0.isNumber }
        try owner.execute("CREATE TABLE \(name) (x integer PRIMARY KEY)")
        return (name, owner)
    }

    static func connection(lockTimeoutMilliseconds: Int = 60_000) throws -> PipelinedConnection {
        let url = try PostgresTestServer.ownerURL()
        return try PipelinedConnection(url: url, password: PostgresTestServer.password(url), lockTimeoutMilliseconds: lockTimeoutMilliseconds)
    }

    static func count(_ owner: PostgresSession, _ table: String) throws -> String? {
        try owner.rows("SELECT count(*)::text FROM \(table)").first?.first ?? nil
    }

    @Test func aTransactionCommitsAndGivesTheStatementsRowsToTheBody() throws {
        let (table, owner) = try Self.table()
        defer { try? owner.execute("DROP TABLE \(table)") }
        let connection = try Self.connection()
        for value in 1...3 {
            let rows = try connection.transaction(.init("INSERT INTO \(table) VALUES ($1::integer) RETURNING x::text, 'y'", [String(value)])) {
                (rows) throws(EventLogError) in rows
            }
            #expect(rows == [[String(value), "y"]])
        }
        #expect(try Self.count(owner, table) == "3")
        #expect(connection.preparedCount == 1, "one text, prepared once")
    }

    @Test func aTextThePreparedScanCannotVouchForIsSentUnnamed() throws {
        let (table, owner) = try Self.table()
        defer { try? owner.execute("DROP TABLE \(table)") }
        let connection = try Self.connection()
        let rows = try connection.transaction(.init("INSERT INTO \(table) VALUES ($1::integer) RETURNING x::text -- a comment", ["7"])) {
            (rows) throws(EventLogError) in rows
        }
        #expect(rows == [["7"]])
        #expect(connection.preparedCount == 0)
        #expect(try Self.count(owner, table) == "1")
    }

    @Test func aFailedStatementCommitsNothingAndTheConnectionGoesOn() throws {
        let (table, owner) = try Self.table()
        defer { try? owner.execute("DROP TABLE \(table)") }
        let connection = try Self.connection()
        let insert = { (value: Int) in PostgresSession.Statement("INSERT INTO \(table) VALUES ($1::integer) RETURNING x::text", [String(value)]) }
        _ = try connection.transaction(insert(1)) { (rows) throws(EventLogError) in rows }
        // A second row at the same key: the server refuses it, naming the state
        do {
            _ = try connection.transaction(insert(1)) { (rows) throws(EventLogError) in rows }
            Issue.record("a duplicate key was accepted")
        } catch {
            #expect("\(error)".contains("23505"), "\(error)")
        }
        // A body that throws: its row is not committed
        #expect(throws: EventLogError.self) {
            _ = try connection.transaction(insert(2)) { (_) throws(EventLogError) -> Int in throw .refused("the body refuses") }
        }
        _ = try connection.transaction(insert(3)) { (rows) throws(EventLogError) in rows }
        #expect(try owner.rows("SELECT x::text FROM \(table) ORDER BY x") == [["1"], ["3"]])
    }

    @Test func aRowLockedElsewhereFailsAsLockedAfterTheLockWait() throws {
        let (table, owner) = try Self.table()
        defer { try? owner.execute("DROP TABLE \(table)") }
        // Another session inserts key 1 and keeps its transaction open
        let other = try PostgresTestServer.session(try PostgresTestServer.ownerURL())
        try other.execute("BEGIN")
        try other.run("INSERT INTO \(table) VALUES (1)")
        defer { try? other.execute("ROLLBACK") }
        let connection = try Self.connection(lockTimeoutMilliseconds: 200)
        do {
            _ = try connection.transaction(.init("INSERT INTO \(table) VALUES ($1::integer) RETURNING x::text", ["1"])) { (rows) throws(EventLogError) in rows }
            Issue.record("the insert did not wait for the other transaction's key")
        } catch {
            #expect(error == .locked(path: try PostgresTestServer.ownerURL().description), "\(error)")
        }
    }

    @Test func aConnectionTheServerEndedFailsAsLostAndDoesNotWait() throws {
        let (table, owner) = try Self.table()
        defer { try? owner.execute("DROP TABLE \(table)") }
        let connection = try Self.connection()
        _ = try connection.transaction(.init("INSERT INTO \(table) VALUES ($1::integer) RETURNING x::text", ["1"])) { (rows) throws(EventLogError) in rows }
        let admin = try PostgresTestServer.session(try PostgresTestServer.adminURL())
        try admin.run("SELECT pg_terminate_backend($1::integer)", [String(connection.backendPID)])
        do {
            _ = try connection.transaction(.init("INSERT INTO \(table) VALUES ($1::integer) RETURNING x::text", ["2"])) { (rows) throws(EventLogError) in rows }
            Issue.record("a transaction on an ended connection succeeded")
        } catch {
            #expect("\(error)".contains("connection to the server was lost") || "\(error)".contains("terminat"), "\(error)")
        }
        #expect(try Self.count(owner, table) == "1")
    }
}
