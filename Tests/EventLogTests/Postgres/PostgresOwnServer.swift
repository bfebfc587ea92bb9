import EventLog
import Foundation
@testable import PostgresLog
import TestSupport

/// A throwaway PostgreSQL server of one test's own (`.ci/postgres.sh start`), for the tests that
/// restart the server or cut its connections, which must not disturb the tests running beside
/// them on the shared one. Stopped and removed by `stop()`.
struct PostgresOwnServer {
    /// The cluster's directory, directly under /tmp (the server's own user must reach it).
    let directory: String
    /// The owner's URL, as `.ci/postgres.sh` printed it.
    let owner: PostgresURL
    /// Its password file, for this process (`environment`) and the binaries it starts (`childEnvironment`).
    let passwordFile: String

    static let script = Run.packageRoot.appendingPathComponent(".ci/postgres.sh").path

    /// Starts the server, makes the log's schema and grants the product's role.
    static func start() throws -> PostgresOwnServer {
        let directory = "/tmp/aegrade-own-pg-" + UUID().uuidString.lowercased().prefix(8)
        let started = try Run.tool("bash", [script, "start", directory])
        guard started.status == 0 else { throw TestFailure("could not start a PostgreSQL server of the test's own: \(started.transcript)") }
        var values: [String: String] = [:]
        for line in started.stdout.split(separator: "\n") where line.hasPrefix("export ") {
            let pair = line.dropFirst("export ".count).split(separator: "=", maxSplits: 1).map(String.init)
            if pair.count == 2 { values[pair[0]] = pair[1] }
        }
        guard let text = values["AEGRADE_TEST_POSTGRES"], let passwordFile = values["PGPASSFILE"] else {
            throw TestFailure("postgres.sh printed no URL: \(started.transcript)")
        }
        let server = PostgresOwnServer(directory: directory, owner: try PostgresURL(text), passwordFile: passwordFile)
        try PostgresSchema.create(server.owner, password: server.password(server.owner), writerRole: "aegrade")
        return server
    }

    var environment: [String: String] { ["PGPASSFILE": passwordFile] }

    func password(_ url: PostgresURL) -> String? { PostgresPassword.find(for: url, environment: environment) }

    func writerURL(site: String) -> PostgresURL { owner.with(user: "aegrade").with(site: site) }

    func adminURL() -> PostgresURL { owner.with(user: "aegrade_admin") }

    func session(_ url: PostgresURL) throws -> PostgresSession {
        try PostgresSession(url: url, password: password(url), lockTimeoutMilliseconds: 60_000, readOnly: false)
    }

    /// `pg_ctl restart -m immediate`: every connection cut, the WAL replayed at start.
    func restart() throws {
        let restarted = try Run.tool("bash", [Self.script, "restart", directory])
        guard restarted.status == 0 else { throw TestFailure("the server did not restart: \(restarted.transcript)") }
    }

    func stop() {
        _ = try? Run.tool("bash", [Self.script, "stop", directory])
    }
}
