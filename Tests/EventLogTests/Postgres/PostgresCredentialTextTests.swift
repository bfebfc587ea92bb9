import Clinical
@testable import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

/// A credential's salt and verifier are stored on PostgreSQL as lowercase hex text (SQLite keeps
/// them as bytes). A text changed by hand into another spelling of the same bytes — capitals, a
/// sign — is not a row aegrade writes: `verify` names it, and a sign-in's read refuses it, as the
/// SQLite store refuses a row it did not write (README, "The log on PostgreSQL").
@Suite("PostgreSQL credential texts", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresCredentialTextTests {
    /// Each rewrite spells the same bytes as the row aegrade wrote: salt 0x0f…, verifier 0x5a….
    @Test(arguments: [("salt", "upper(salt)"), ("verifier", "upper(verifier)"), ("salt", "replace(salt, '0f', '+f')")])
    func aCredentialsHexRewrittenByHandIsNamedByVerify(column: String, rewrite: String) throws {
        // Given a site with an account whose credential row is as aegrade wrote it
        let site = PostgresTestServer.freshSite("cred")
        let store = try PostgresTestServer.store(site: site)
        _ = try store.append([EventStoreConformance.note("before")], author: EventStoreConformance.nurse)
        let credential = EventStoreConformance.credential("li.m", salt: 0x0F)
        let created = try store.appendAccount(EventStoreConformance.created("li.m", credential), author: .system, credential: credential)
        #expect(try store.verify().isIntact)
        #expect(try store.credential(of: "li.m") == credential)

        // When someone with the server's superuser rewrites one of its texts (triggers off)
        let admin = try PostgresTestServer.session(try PostgresTestServer.adminURL())
        try admin.execute("SET session_replication_role = replica")
        try admin.run("UPDATE credential SET \(column) = \(rewrite) WHERE site = $1", [site])
        let stored = try admin.rows("SELECT \(column) FROM credential WHERE site = $1", [site]).first?.first ?? nil
        #expect(stored != LowercaseHex.text(column == "salt" ? credential.salt : credential.verifier), "the row was rewritten")

        // Then verify names the row by seq, and reading the account's credential refuses it
        let verification = try store.verify()
        #expect(verification.failure?.seq == created.seq, "\(verification)")
        #expect(verification.failure?.problem == .credential("the credential row at seq \(created.seq) is not one aegrade writes"), "\(verification)")
        #expect(throws: EventLogError.self) { _ = try store.credential(of: "li.m") }
    }
}
