import Clinical
import EventLog
import Foundation
@testable import PostgresLog
import TestSupport

/// A trial of its own: a fresh database on the test server (made by the cluster's superuser, owned
/// by `aegrade_owner`, its schema granted to `aegrade`), so that "every site" means the sites this
/// test makes and no other test's.
struct PostgresTrialFixture {
    /// The owner's URL of the database (its site unused).
    let ownerURL: PostgresURL

    init() throws {
        let owner = try PostgresTestServer.ownerURL()
        let name = "trial_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let admin = try PostgresTestServer.session(try PostgresTestServer.adminURL().withDatabase("postgres"))
        try admin.execute("CREATE DATABASE \(name) OWNER aegrade_owner")
        var url = owner
        url.database = String(name)
        ownerURL = url
        try PostgresSchema.create(url, password: PostgresTestServer.password(url), writerRole: "aegrade")
    }

    /// The product's URL of `site`.
    func writerURL(site: String) -> PostgresURL { ownerURL.with(user: "aegrade").with(site: site) }

    /// The URL text of the whole trial, as the product's role: no `site=`.
    var trialText: String { "postgres://aegrade@\(ownerURL.host):\(ownerURL.port)/\(ownerURL.database)" }

    /// The URL text of one site, as the product's role.
    func siteText(_ site: String) -> String { trialText + "?site=" + site }

    /// A store on `site` (its genesis event made when new).
    func store(site: String) throws -> PostgresEventStore {
        let url = writerURL(site: site)
        return try PostgresEventStore(url: url, password: PostgresTestServer.password(url), mode: .readWrite(create: true))
    }

    /// The trial as the product's role reads it.
    func trial(only: [String] = [], pageSize: Int = 500) throws -> PostgresTrial {
        let url = writerURL(site: "main")
        return try PostgresTrial(url: url, password: PostgresTestServer.password(url), only: only, pageSize: pageSize)
    }

    /// Inserts a row as the owner, behind the store's back, with the record time given: for the
    /// order of the merge, which the server's clock alone cannot make deterministic. The row is not
    /// hashed (nothing here verifies it).
    func insertRow(site: String, seq: Int64, patient: String?, recordTime: String, kind: String = "note") throws {
        let session = try PostgresTestServer.session(ownerURL)
        try session.run("""
            INSERT INTO event (site, seq, id, kind, patient, clinical_time, record_time, time_zone, author_id, author_role, terminal,
                               product_version, payload, prev_hash, hash)
            VALUES ($1, $2::bigint, $3, $6, $4, NULL, $5, 'UTC +00:00', 'li.m', 'nurse', 'test', 'test', '{"text":"x"}', '', '')
            """, [site, String(seq), UUID().uuidString.lowercased(), patient, recordTime, kind])
    }
}

extension PostgresURL {
    /// The same server and role, another database.
    func withDatabase(_ name: String) -> PostgresURL {
        var copy = self
        copy.database = name
        return copy
    }
}
