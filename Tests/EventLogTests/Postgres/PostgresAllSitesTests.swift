import Clinical
import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

extension ThroughTheBinary {
    /// `aegrade log verify --all-sites`: every site of a trial's database in one command.
    @Suite("PostgreSQL verify of every site", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
    struct PostgresAllSitesTests {
        /// A database of its own (the shared test database holds other tests' tampered sites),
        /// made by the superuser for the owner, with the log's schema.
        static func freshDatabase() throws -> PostgresURL {
            let name = "trial_" + PostgresTestServer.freshSite("d").replacingOccurrences(of: "-", with: "_")
            let admin = try PostgresTestServer.session(try PostgresTestServer.adminURL())
            try admin.execute("CREATE DATABASE \(name) OWNER aegrade_owner")
            var owner = try PostgresTestServer.ownerURL()
            owner.database = name
            try PostgresSchema.create(owner, password: PostgresTestServer.password(owner), writerRole: "aegrade")
            return owner.with(user: "aegrade")
        }

        @Test func everySiteIsCheckedAndTheFirstBadEventOfEachIsNamed() throws {
            let scratch = try Scratch()
            defer { scratch.remove() }
            // Given a trial's database with three sites, each with accounts (so signed) and events
            let writer = try Self.freshDatabase()
            let sites = ["ward-a", "ward-b", "ward-c"]
            for site in sites {
                let url = writer.with(site: site)
                let store = try PostgresEventStore(url: url, password: PostgresTestServer.password(url), mode: .readWrite(create: true),
                                                   logKeyPath: scratch.path("\(site).logkey"))
                _ = try AccountsFixture.make(in: store, path: url.description, keyPath: scratch.path("\(site).key"))
                _ = try store.append([PostgresStoreTests.note("at \(site)")], author: .system)
            }
            // When every site is verified: each is named, intact (exit 0)
            let pass = try Run.aegrade(["log", "verify", "--db", writer.with(site: "ward-b").description, "--all-sites"])
            let lines = pass.stdout.split(separator: "\n")
            #expect(pass.status == 0 && lines.count == 3, "\(pass.transcript)")
            // (11: the genesis event, ten accounts' events — the first registering the site's log
            // key, once — and the note)
            for (line, site) in zip(lines, sites) { #expect(line.hasPrefix("ok: site \(site): 11 events"), "\(pass.transcript)") }
            // When a superuser rewrites an event of ward-b and strips a signature of ward-c
            var admin = try PostgresTestServer.adminURL()
            admin.database = writer.database
            let session = try PostgresTestServer.session(admin)
            try session.transaction { () throws(EventLogError) in
                try session.execute("ALTER TABLE event DISABLE TRIGGER USER")
                try session.execute("ALTER TABLE event_signature DISABLE TRIGGER USER")
                try session.run(#"UPDATE event SET payload = '{"text":"changed"}' WHERE site = 'ward-b' AND seq = 11"#)
                try session.run("DELETE FROM event_signature WHERE site = 'ward-c' AND seq = 5")
                try session.execute("ALTER TABLE event ENABLE TRIGGER USER")
                try session.execute("ALTER TABLE event_signature ENABLE TRIGGER USER")
            }
            // Then verify of every site fails (exit 1), naming each bad site's first bad seq, the good one ok
            let fail = try Run.aegrade(["log", "verify", "--db", writer.description, "--all-sites"])
            let failLines = fail.stdout.split(separator: "\n").map(String.init)
            #expect(fail.status == 1 && failLines.count == 3, "\(fail.transcript)")
            #expect(failLines.first?.hasPrefix("ok: site ward-a: ") == true, "\(fail.transcript)")
            #expect(failLines.dropFirst().first?.hasPrefix("FAIL at site ward-b seq 11: content changed") == true, "\(fail.transcript)")
            #expect(failLines.last?.hasPrefix("FAIL at site ward-c seq 5: signature: ") == true, "\(fail.transcript)")
            // And --all-sites on an SQLite file is a usage error
            let usage = try Run.aegrade(["log", "verify", "--db", scratch.path("x.db"), "--all-sites"])
            #expect(usage.status == 2 && usage.stderr.contains("--all-sites"), "\(usage.transcript)")
        }
    }
}
