@testable import EventLog
import Foundation
@testable import PostgresLog
import Testing

/// The store's libpq connection for entries built ahead (`PipelinedConnection`): BEGIN, a
/// statement and COMMIT in one write, the statement's rows given before the COMMIT is answered;
/// nothing committed when a statement fails, the connection usable after; the session's lock
/// wait; a lost connection an error.
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
                $0
            }
            #expect(rows == [[String(value), "y"]])
        }
        #expect(try Self.count(owner, table) == "3")
        #expect(connection.preparedCount == 1, "one text, prepared once")
    }

    /// Texts of every kind reach the server as they were: empty, NULL, long, outside ASCII.
    @Test func parametersReachTheServerAsTheyWere() throws {
        let connection = try Self.connection()
        let texts = PipelinedParametersTests.texts
        let placeholders = texts.indices.map { "$\($0 + 1)::text" }.joined(separator: ", ")
        let rows = try connection.transaction(.init("SELECT \(placeholders)", texts)) { $0 }
        #expect(rows == [texts])
    }

    @Test func aTextThePreparedScanCannotVouchForIsSentUnnamed() throws {
        let (table, owner) = try Self.table()
        defer { try? owner.execute("DROP TABLE \(table)") }
        let connection = try Self.connection()
        let rows = try connection.transaction(.init("INSERT INTO \(table) VALUES ($1::integer) RETURNING x::text -- a comment", ["7"])) {
            $0
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
        _ = try connection.transaction(insert(1)) { $0 }
        // A second row at the same key: the server refuses it, naming the state
        do {
            _ = try connection.transaction(insert(1)) { $0 }
            Issue.record("a duplicate key was accepted")
        } catch {
            #expect("\(error)".contains("23505"), "\(error)")
        }
        // A statement the server cannot plan: nothing after it runs, and the transaction is ended
        #expect(throws: EventLogError.self) {
            _ = try connection.transaction(.init("INSERT INTO \(table) VALUES ($1::integer) RETURNING no_such_column", ["2"])) { $0 }
        }
        _ = try connection.transaction(insert(3)) { $0 }
        #expect(try owner.rows("SELECT x::text FROM \(table) ORDER BY x") == [["1"], ["3"]])
    }

    /// The COMMIT goes with the statement, so the body sees the rows of a transaction whose COMMIT
    /// then fails: the failure is thrown, not the body's answer, and nothing is committed.
    @Test func aCommitRefusedAfterTheRowsWereGivenThrowsAndCommitsNothing() throws {
        let (table, owner) = try Self.table()
        defer {
            try? owner.execute("DROP TABLE \(table)")
            try? owner.execute("DROP FUNCTION \(table)_refuse()")
        }
        // A trigger deferred to the commit refuses the row 13
        try owner.execute("""
            CREATE FUNCTION \(table)_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'refused at commit' USING ERRCODE = 'P0001'; END $$
            """)
        try owner.execute("""
            CREATE CONSTRAINT TRIGGER refuse AFTER INSERT ON \(table) DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
            WHEN (NEW.x = 13) EXECUTE FUNCTION \(table)_refuse()
            """)
        let connection = try Self.connection()
        var given: [[String?]] = []
        do {
            _ = try connection.transaction(.init("INSERT INTO \(table) VALUES ($1::integer) RETURNING x::text", ["13"])) { rows in
                given = rows
                return rows
            }
            Issue.record("a transaction whose COMMIT the server refused answered")
        } catch {
            #expect("\(error)".contains("refused at commit"), "\(error)")
        }
        #expect(given == [["13"]], "the rows are given before the COMMIT's answer")
        #expect(try Self.count(owner, table) == "0")
        // And the connection goes on
        #expect(try connection.transaction(.init("INSERT INTO \(table) VALUES ($1::integer) RETURNING x::text", ["14"])) { $0 } == [["14"]])
        #expect(try Self.count(owner, table) == "1")
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
            _ = try connection.transaction(.init("INSERT INTO \(table) VALUES ($1::integer) RETURNING x::text", ["1"])) { $0 }
            Issue.record("the insert did not wait for the other transaction's key")
        } catch {
            #expect(error == .locked(path: try PostgresTestServer.ownerURL().description), "\(error)")
        }
    }

    @Test func aConnectionTheServerEndedFailsAsLostAndDoesNotWait() throws {
        let (table, owner) = try Self.table()
        defer { try? owner.execute("DROP TABLE \(table)") }
        let connection = try Self.connection()
        _ = try connection.transaction(.init("INSERT INTO \(table) VALUES ($1::integer) RETURNING x::text", ["1"])) { $0 }
        let admin = try PostgresTestServer.session(try PostgresTestServer.adminURL())
        try admin.run("SELECT pg_terminate_backend($1::integer)", [String(connection.backendPID)])
        do {
            _ = try connection.transaction(.init("INSERT INTO \(table) VALUES ($1::integer) RETURNING x::text", ["2"])) { $0 }
            Issue.record("a transaction on an ended connection succeeded")
        } catch {
            #expect("\(error)".contains("connection to the server was lost") || "\(error)".contains("terminat"), "\(error)")
        }
        #expect(try Self.count(owner, table) == "1")
    }
}
