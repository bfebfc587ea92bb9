import EventLog
import Foundation
@testable import PostgresLog
import TestSupport

/// The PostgreSQL server the tests use: `AEGRADE_TEST_POSTGRES` names it (a URL with the role that
/// owns the test database), as `.ci/postgres.sh start DIR` prints it, with `PGPASSFILE` for the
/// password. Under CI (`CI` set) the tests run and fail when it is missing; elsewhere they are
/// skipped (README, "The log on PostgreSQL").
enum PostgresTestServer {
    static let environment = ProcessInfo.processInfo.environment

    /// Whether the PostgreSQL tests run: a server is named, or this is CI, where its absence is a failure.
    static var shouldRun: Bool { environment["AEGRADE_TEST_POSTGRES"] != nil || environment["CI"] != nil }

    /// The owner's URL, or a failure that says how to start the server.
    static func ownerURL() throws -> PostgresURL {
        guard let text = environment["AEGRADE_TEST_POSTGRES"] else {
            throw TestFailure("AEGRADE_TEST_POSTGRES is not set, so the PostgreSQL store cannot be tested: start the test server with "
                              + "`eval \"$(.ci/postgres.sh start /tmp/aegrade-postgres)\"` (as .ci/run does) and run the tests again")
        }
        return try PostgresURL(text)
    }

    static func password(_ url: PostgresURL) -> String? { PostgresPassword.find(for: url) }

    /// The URL the product's terminals use: the role `aegrade`, which holds INSERT and SELECT only.
    static func writerURL(site: String) throws -> PostgresURL {
        try prepared.get()
        return try ownerURL().with(user: "aegrade").with(site: site)
    }

    /// The cluster's superuser (the tamperer).
    static func adminURL() throws -> PostgresURL { try ownerURL().with(user: "aegrade_admin") }

    /// The schema, made once per test process by the owner, granted to `aegrade`.
    static let prepared: Result<Void, any Error> = Result {
        let owner = try ownerURL()
        try PostgresSchema.create(owner, password: password(owner), writerRole: "aegrade")
    }

    /// A site name no other test uses.
    static func freshSite(_ prefix: String = "t") -> String {
        prefix + "-" + UUID().uuidString.lowercased().prefix(13).replacingOccurrences(of: "-", with: "")
    }

    /// A session as `url`'s role, for what the tests do behind the store's back.
    static func session(_ url: PostgresURL, lockTimeoutMilliseconds: Int = 60_000) throws -> PostgresSession {
        try PostgresSession(url: url, password: password(url), lockTimeoutMilliseconds: lockTimeoutMilliseconds, readOnly: false)
    }

    /// A store on `site` as the product's role.
    static func store(site: String, mode: PostgresEventStore.Mode = .readWrite(create: true),
                      lockTimeoutMilliseconds: Int = 60_000) throws -> PostgresEventStore {
        let url = try writerURL(site: site)
        return try PostgresEventStore(url: url, password: password(url), mode: mode, lockTimeoutMilliseconds: lockTimeoutMilliseconds)
    }
}
