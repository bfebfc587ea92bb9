import Clinical
import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

extension ThroughTheBinary {
    /// A site that works offline pushes its log, and `log verify` at the centre checks every
    /// signature of it: the keys those signatures need are registered by the site's own account
    /// events (its log key, each account's `signingKey`), which travel with the events; the
    /// credentials stay at the site (README, "The log on PostgreSQL").
    @Suite("PostgreSQL push of a site's accounts", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
    struct PostgresPushAccountsTests {
        /// A note at `ward` by the fixture's person holding `role`, signed in with the password.
        static func note(by role: Role, at ward: String, _ text: String) throws {
            let written = try Run.aegrade(as: role, ["log", "event", "--db", ward, "--kind", "note", "--patient", "BED-01",
                                                     "--time", "2026-11-22T08:00:00Z", "--data", #"{"text":"\#(text)"}"#, "--reason", "ward round"])
            try #require(written.status == 0, "\(written.transcript)")
        }

        /// A note at `ward` by the service account whose key file is `key`.
        static func note(key: String, at ward: String, _ text: String) throws {
            let written = try Run.aegrade(["log", "event", "--db", ward, "--key", key, "--kind", "note", "--patient", "BED-02",
                                           "--time", "2026-11-22T09:00:00Z", "--data", #"{"text":"\#(text)"}"#, "--reason", "import run"])
            try #require(written.status == 0, "\(written.transcript)")
        }

        @Test func aPushedSiteWithSignedEventsBySeveralUsersVerifiesAtTheCentre() throws {
            let scratch = try Scratch()
            defer { scratch.remove() }
            // Given a ward's own SQLite log with its accounts (people and an import service, each
            // kind with its own key) and notes signed by the nurse, the physician and the import
            let ward = scratch.path("ward.db")
            let importKey = AccountsFixture.keyFile(for: ward)
            try Self.note(by: .nurse, at: ward, "seen by the nurse")
            try Self.note(by: .physician, at: ward, "seen by the physician")
            try Self.note(key: importKey, at: ward, "imported")
            let site = PostgresTestServer.freshSite("ward")
            let url = try PostgresTestServer.writerURL(site: site).description
            // When it is pushed
            let first = try Run.aegrade(["log", "push", "--db", ward, "--to", url])
            try #require(first.status == 0, "\(first.transcript)")
            // And the administrator then adds a second import service at the ward, whose key is
            // registered after the first push, and both services and the nurse write more
            let added = try Run.aegrade(as: .administrator, ["user", "add", "--db", ward, "lab.import", "--name", "Laboratory import",
                                                             "--roles", "nurse", "--service", "--key-out", scratch.path("lab.key")])
            try #require(added.status == 0, "\(added.transcript)")
            try Self.note(key: scratch.path("lab.key"), at: ward, "from the laboratory")
            try Self.note(key: importKey, at: ward, "imported again")
            try Self.note(by: .nurse, at: ward, "seen again")
            let second = try Run.aegrade(["log", "push", "--db", ward, "--to", url])
            try #require(second.status == 0, "\(second.transcript)")

            // Then the centre holds the ward's chain with every signature, by at least four keys:
            // the ward's log key (system's events), the people's, and each service's
            let local = try SQLiteEventStore(path: ward, mode: .readOnly)
            let events = try local.allEvents()
            let signatures = try local.signatures(1...Int64(events.count))
            let central = try PostgresTestServer.store(site: site, mode: .readOnly)
            #expect(try central.allEvents() == events)
            #expect(try PostgresSignatureTests.signatures(site) == signatures.mapValues(\.publicKey))
            #expect(Set(signatures.values.map(\.publicKey)).count >= 4, "\(Set(signatures.values.map(\.publicKey)))")
            let authors = Set(events.filter { signatures[$0.seq] != nil }.map(\.author.id))
            #expect(authors.isSuperset(of: [Author.system.id, AccountsFixture.administrator, AccountsFixture.user(.nurse),
                                            AccountsFixture.user(.physician), AccountsFixture.service, "lab.import"]), "\(authors)")
            // And its account events are the ward's, the registered keys among them
            #expect(try central.accountEvents() == (try local.accountEvents()))
            #expect(try central.registeredLogKey() != nil)
            // And the credentials stayed at the ward
            let admin = try PostgresTestServer.session(try PostgresTestServer.adminURL())
            #expect(try admin.rows("SELECT count(*)::text FROM credential WHERE site = $1", [site]).first?.first == "0")
            // And `log verify` at the centre checks the chain and every signature, and passes
            let verify = try Run.aegrade(["log", "verify", "--db", url])
            #expect(verify.status == 0 && verify.stdout.hasPrefix("ok: site \(site): "), "\(verify.transcript)")
            // And a signature stripped at the centre is named there, by site and seq
            let lab = try #require(events.last { $0.author.id == "lab.import" })
            try admin.transaction { () throws(EventLogError) in
                try admin.execute("ALTER TABLE event_signature DISABLE TRIGGER USER")
                try admin.run("DELETE FROM event_signature WHERE site = $1 AND seq = $2::bigint", [site, String(lab.seq)])
                try admin.execute("ALTER TABLE event_signature ENABLE TRIGGER USER")
            }
            let stripped = try Run.aegrade(["log", "verify", "--db", url])
            #expect(stripped.status == 1 && stripped.stdout.contains("FAIL at site \(site) seq \(lab.seq): signature: "), "\(stripped.transcript)")
        }
    }
}
