import EventLog
import Foundation
@testable import PostgresLog
import TestSupport

/// Logs on the test server for `EventStoreConformance`: each log a fresh site of the one test
/// database, written as the product's role (INSERT and SELECT only).
struct PostgresEventStoreFactory: EventStoreFactory {
    func makeLog() throws -> any ConformanceLog {
        let site = PostgresTestServer.freshSite()
        return PostgresConformanceLog(site: site, store: try PostgresTestServer.store(site: site))
    }
}

struct PostgresConformanceLog: ConformanceLog {
    let site: String
    let store: any EventStore

    func openWriter() throws -> any EventStore { try PostgresTestServer.store(site: site, mode: .readWrite(create: false)) }

    func openReader() throws -> any EventStore { try PostgresTestServer.store(site: site, mode: .readOnly) }

    /// As the cluster's superuser, with triggers (and foreign keys) off for that session only
    /// (`session_replication_role = replica`), so that other tests' sites keep theirs.
    func tamper(_ tampering: Tampering) throws -> Bool {
        let admin = try PostgresTestServer.session(try PostgresTestServer.adminURL())
        try admin.execute("SET session_replication_role = replica")
        let seq = String(tampering.seq)
        switch tampering {
        case .editPayload: try admin.run(#"UPDATE event SET payload = '{"tampered":1}' WHERE site = $1 AND seq = $2::bigint"#, [site, seq])
        case .delete: try admin.run("DELETE FROM event WHERE site = $1 AND seq = $2::bigint", [site, seq])
        case .breakHash: try admin.run("UPDATE event SET hash = $3 WHERE site = $1 AND seq = $2::bigint", [site, seq, String(repeating: "e", count: 64)])
        }
        return true
    }

    func refusing(_ reason: Refusal) throws -> (store: any EventStore, release: () throws -> Void)? {
        switch reason {
        case .readOnly:
            return (try PostgresTestServer.store(site: site, mode: .readOnly), {})
        case .diskFull:
            // A full disk cannot be made on a shared test server; the mapping of SQLSTATE 53100 is
            // all the store adds to the server's own refusal.
            return nil
        case .locked:
            // Another session holds the site's append lock; the store waits a fifth of a second for it.
            let store = try PostgresTestServer.store(site: site, mode: .readWrite(create: false), lockTimeoutMilliseconds: 200)
            let holder = try PostgresTestServer.session(try PostgresTestServer.writerURL(site: site))
            try holder.execute("BEGIN")
            try holder.run("SELECT pg_advisory_xact_lock(hashtextextended('aegrade site ' || $1, 0))", [site])
            return (store, { try holder.execute("ROLLBACK") })
        }
    }

    var backsUpToAFile: Bool { false }

    func backupDestination() -> String { FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-pg-\(UUID().uuidString).db").path }

    func openCopy(_ destination: String) throws -> any EventStore { throw TestFailure("a PostgreSQL log is not copied to a file") }

    /// The site's rows stay: the log is append-only for every role but a superuser, and each test's
    /// site is its own.
    func remove() {}
}
