import Clinical
import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

/// A chain longer than one page of the store's reads (`PostgresEventStore.pageSize`): `verify`,
/// the event pass replay folds and export each read every event once, in seq order, across the
/// pages, and a change just past a page's end is found at its seq, as within a page.
@Suite("PostgreSQL chain of several pages", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresPagedChainTests {
    /// A site whose chain runs one event and a little past the end of its first page.
    static func longSite() throws -> (site: String, store: PostgresEventStore, count: Int64) {
        let site = PostgresTestServer.freshSite("paged")
        let store = try PostgresTestServer.store(site: site)
        let nurse = Author(id: "li.m", role: .nurse)
        var written: Int64 = 0
        while written < Int64(PostgresEventStore.pageSize) + 10 {
            let drafts = (0..<500).map { index in
                EventDraft(kind: .note, patient: "P-\(index % 7)", clinicalTime: "2026-11-22T08:00:00+08:00",
                           payload: .object([("text", .string("note \(written + Int64(index))"))]))
            }
            written = try store.append(drafts, author: nurse).last?.seq ?? written
        }
        return (site, store, written)
    }

    /// One site serves every step (writing a page of events takes a while in a debug build): the
    /// reads of the intact chain first, then a change past the first page, then an earlier gap.
    @Test func everyEventIsReadOnceAcrossPagesAndAChangeOrGapAtTheBoundaryIsNamedThere() throws {
        // Given a chain longer than a page
        let (site, store, count) = try Self.longSite()
        let pageSize = Int64(PostgresEventStore.pageSize)
        #expect(count > pageSize)
        // Then verify checks every event and ends at the last
        let verification = try store.verify()
        #expect(verification.isIntact, "\(verification.report)")
        #expect(verification.checked == count)
        #expect(verification.head?.seq == count)
        // And the events come once each, 1…count
        #expect(try store.allEvents().map(\.seq) == Array(1...count))
        // And export writes one line an event
        var lines = 0
        try store.export(format: .jsonl, until: .end) { bytes in lines += bytes.count { $0 == 0x0A } }
        #expect(Int64(lines) == count)

        // When a superuser rewrites the first event of the second page
        let admin = try PostgresTestServer.session(try PostgresTestServer.adminURL())
        try admin.execute("SET session_replication_role = replica")
        try admin.run(#"UPDATE event SET payload = '{"text":"changed"}' WHERE site = $1 AND seq = $2::bigint"#, [site, String(pageSize + 1)])
        // Then verify names that seq, the content changed
        let changed = try PostgresTestServer.store(site: site, mode: .readOnly).verify()
        #expect(changed.failure?.seq == pageSize + 1)
        #expect(changed.checked == pageSize)
        #expect(changed.report.hasPrefix("FAIL at site \(site) seq \(pageSize + 1): content changed"), "\(changed.report)")

        // When the superuser deletes the last event of the first page
        try admin.run("DELETE FROM event WHERE site = $1 AND seq = $2::bigint", [site, String(pageSize)])
        // Then verify names the gap at that seq
        let gap = try PostgresTestServer.store(site: site, mode: .readOnly).verify()
        #expect(gap.failure?.seq == pageSize)
        #expect(gap.failure?.problem == .gap(expected: pageSize, found: pageSize + 1), "\(gap.report)")
    }
}
