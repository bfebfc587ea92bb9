import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

/// `--db postgres://…`: what the URL may carry, and where the password comes from.
@Suite("PostgreSQL URL") struct PostgresURLTests {
    @Test func aURLNamesUserHostPortDatabaseAndSite() throws {
        let url = try PostgresURL("postgres://aegrade@db.example:6543/trial?site=ward-b")
        #expect(url == PostgresURL(user: "aegrade", host: "db.example", port: 6543, database: "trial", site: "ward-b"))
        let plain = try PostgresURL("postgresql://aegrade@127.0.0.1/trial")
        #expect(plain.port == 5432 && plain.site == PostgresURL.defaultSite)
        #expect(PostgresURL.isURL("postgres://x@y/z") && !PostgresURL.isURL("trial.db") && !PostgresURL.isURL("./postgres://x"))
    }

    @Test func aURLWithAPasswordIsRefusedWithoutEchoingIt() {
        do {
            _ = try PostgresURL("postgres://aegrade:s3cret-pw@127.0.0.1:5432/trial")
            Issue.record("a URL with a password was accepted")
        } catch {
            #expect(error.description.contains("password") && error.description.contains("PGPASSWORD"))
            #expect(!error.description.contains("s3cret-pw"))
        }
    }

    @Test(arguments: ["postgres://127.0.0.1/trial", "postgres://a@127.0.0.1/", "postgres://a@127.0.0.1/trial?site=",
                      "postgres://a@127.0.0.1/trial?site=ward%20b", "postgres://a@127.0.0.1/trial?sslmode=disable"])
    func anIncompleteOrUnknownURLIsRefused(_ text: String) {
        #expect(throws: EventLogError.self) { try PostgresURL(text) }
    }

    @Test func thePasswordComesFromPGPASSWORDThenThePasswordFile() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let url = try PostgresURL("postgres://aegrade@127.0.0.1:5433/trial")
        let file = scratch.path("pgpass")
        try """
            # comment
            127.0.0.1:5432:trial:aegrade:other-port
            127.0.0.1:5433:*:aegrade:with\\:colon
            *:*:*:*:anything
            """.write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        #expect(PostgresPassword.find(for: url, environment: ["PGPASSFILE": file]) == "with:colon")
        #expect(PostgresPassword.find(for: url.with(user: "someone"), environment: ["PGPASSFILE": file]) == "anything")
        #expect(PostgresPassword.find(for: url, environment: ["PGPASSFILE": file, "PGPASSWORD": "from-env"]) == "from-env")
        // A password file others may read is ignored, as libpq ignores it
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        #expect(PostgresPassword.find(for: url, environment: ["PGPASSFILE": file]) == nil)
    }
}
