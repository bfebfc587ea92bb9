import Clinical
import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

/// PostgreSQL's `verify` checks a site's signatures on every core too (the same
/// `SignatureVerifications` as the SQLite store's) and names the first finding in seq order.
@Suite("PostgreSQL: the first bad signature among many", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresSignatureOrderTests {
    /// A signed site with 30 more notes by the nurse: the site and the notes' seqs.
    static func siteWithNotes(_ scratch: Scratch) throws -> (site: String, notes: [Int64]) {
        let (store, site) = try PostgresSignatureTests.signedSite(scratch)
        let nurse = try Authenticator(store: store).signIn(user: AccountsFixture.user(.nurse), password: AccountsFixture.password, role: .nurse)
        let drafts = (1...30).map { PostgresStoreTests.note("round \($0)") }
        let notes = try EventSigner.with(nurse.signer) { () throws(EventLogError) in try store.append(drafts, author: nurse.author) }
        return (site, notes.map(\.seq))
    }

    /// Runs `sql` on the site's signatures with their triggers disabled, as a superuser would.
    static func tamper(_ site: String, _ sql: String, _ binds: [String?]) throws {
        let admin = try PostgresTestServer.session(try PostgresTestServer.adminURL())
        try admin.transaction { () throws(EventLogError) in
            try admin.execute("ALTER TABLE event_signature DISABLE TRIGGER USER")
            try admin.run(sql, binds)
            try admin.execute("ALTER TABLE event_signature ENABLE TRIGGER USER")
        }
    }

    /// Replaces the signature of `seq` with one that does not verify (its first hex digit changed).
    static func spoil(_ site: String, seq: Int64) throws {
        let admin = try PostgresTestServer.session(try PostgresTestServer.adminURL())
        let rows = try admin.rows("SELECT signature FROM event_signature WHERE site = $1 AND seq = $2::bigint", [site, String(seq)])
        let signature = try #require(rows.first?.first ?? nil)
        let spoiled = (signature.first == "0" ? "1" : "0") + signature.dropFirst()
        try tamper(site, "UPDATE event_signature SET signature = $3 WHERE site = $1 AND seq = $2::bigint", [site, String(seq), spoiled])
    }

    static func strip(_ site: String, seq: Int64) throws {
        try tamper(site, "DELETE FROM event_signature WHERE site = $1 AND seq = $2::bigint", [site, String(seq)])
    }

    static func verify(_ site: String, chunk: Int) throws -> LogVerification {
        try PostgresTestServer.store(site: site, mode: .readOnly).verify(checkpoint: nil, signatureChunk: chunk)
    }

    static let chunks = [1, 4, 7, SignatureVerifications.defaultChunk]

    @Test func theFirstBadSignatureIsNamedAndAMissingOneBeforeItFirst() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Given a site whose notes are all signed: intact in every chunk size
        let (site, notes) = try Self.siteWithNotes(scratch)
        for chunk in Self.chunks {
            let answer = try Self.verify(site, chunk: chunk)
            #expect(answer.isIntact, "chunk \(chunk): \(answer.report)")
        }
        // When the 8th and the 22nd notes' signatures are spoiled, the 8th is named
        try Self.spoil(site, seq: notes[7])
        try Self.spoil(site, seq: notes[21])
        for chunk in Self.chunks {
            let answer = try Self.verify(site, chunk: chunk)
            #expect(answer.report == "FAIL at site \(site) seq \(notes[7]): signature: the signature of the event by \"nurse.li\" does not verify "
                    + "(the event or its signature was changed or forged)", "chunk \(chunk)")
        }
        // And when the 3rd note's signature is deleted, the 3rd is named
        try Self.strip(site, seq: notes[2])
        for chunk in Self.chunks {
            let answer = try Self.verify(site, chunk: chunk)
            #expect(answer.report == "FAIL at site \(site) seq \(notes[2]): signature: the event by \"nurse.li\" carries no signature", "chunk \(chunk)")
        }
    }
}
