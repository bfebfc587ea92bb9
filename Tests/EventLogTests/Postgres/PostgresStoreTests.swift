import Clinical
import Dispatch
import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

/// What the PostgreSQL store adds to the conformance suite: the server enforces append-only, a
/// superuser's change is found, sites keep separate chains and do not wait for each other, the
/// record time is the server's, and an export verifies with the monitors' script.
@Suite("PostgreSQL store", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresStoreTests {
    static let nurse = Author(id: "li.m", role: .nurse)

    static func note(_ text: String, patient: String? = "P-1") -> EventDraft {
        EventDraft(kind: .note, patient: patient, clinicalTime: "2026-11-22T08:00:00+08:00", payload: .object([("text", .string(text))]))
    }

    @Test func theProductsRoleMayNotChangeDeleteOrTruncateAndTheOwnersTriggersRefuse() throws {
        // Given a site with events
        let site = PostgresTestServer.freshSite()
        let store = try PostgresTestServer.store(site: site)
        _ = try store.append([Self.note("a"), Self.note("b")], author: Self.nurse)
        let before = try store.allEvents()
        // When the product's role tries to change, delete or truncate: it has no such privilege
        let writer = try PostgresTestServer.session(try PostgresTestServer.writerURL(site: site))
        for sql in ["UPDATE event SET payload = '{}' WHERE site = $1", "DELETE FROM event WHERE site = $1"] {
            #expect(throws: EventLogError.readOnly(path: writer.url.description), "\(sql)") { try writer.run(sql, [site]) }
        }
        #expect(throws: EventLogError.readOnly(path: writer.url.description)) { try writer.execute("TRUNCATE event") }
        // And the tables' owner is refused by the triggers
        let owner = try PostgresTestServer.session(try PostgresTestServer.ownerURL())
        for sql in ["UPDATE event SET payload = '{}' WHERE site = $1", "DELETE FROM event WHERE site = $1"] {
            do {
                try owner.run(sql, [site])
                Issue.record("the owner's \(sql) was not refused")
            } catch {
                #expect(error.description.contains("append-only"), "\(error)")
            }
        }
        #expect(throws: EventLogError.self) { try owner.execute("TRUNCATE event CASCADE") }
        // Then the site is as it was
        #expect(try store.allEvents() == before)
        #expect(try store.verify().isIntact)
    }

    @Test func aSuperusersUpdateWithTriggersDisabledIsNamedBySiteAndSeq() throws {
        // Given a site with events
        let site = PostgresTestServer.freshSite()
        let store = try PostgresTestServer.store(site: site)
        _ = try store.append([Self.note("a"), Self.note("b"), Self.note("c")], author: Self.nurse)
        // When a superuser disables the triggers and rewrites a payload
        let admin = try PostgresTestServer.session(try PostgresTestServer.adminURL())
        try admin.transaction { () throws(EventLogError) in
            try admin.execute("ALTER TABLE event DISABLE TRIGGER USER")
            try admin.run(#"UPDATE event SET payload = '{"text":"changed"}' WHERE site = $1 AND seq = 3"#, [site])
            try admin.execute("ALTER TABLE event ENABLE TRIGGER USER")
        }
        // Then verify names the site and the seq
        let verification = try PostgresTestServer.store(site: site, mode: .readOnly).verify()
        #expect(verification.failure?.seq == 3)
        #expect(verification.report.hasPrefix("FAIL at site \(site) seq 3: content changed"), "\(verification.report)")
    }

    @Test func sitesKeepTheirOwnChainsAndDoNotWaitForEachOther() throws {
        // Given two sites, each with two writers on their own connections
        let sites = [PostgresTestServer.freshSite("a"), PostgresTestServer.freshSite("b")]
        let stores = try sites.map { try PostgresTestServer.store(site: $0) }
        let writers = try (0..<4).map { try PostgresTestServer.store(site: sites[$0 % 2], mode: .readWrite(create: false)) }
        // When all four append at once
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: writers.count) { writer in
            for index in 0..<20 {
                do { _ = try writers[writer].append([Self.note("w\(writer) \(index)")], author: Self.nurse) } catch { failures.add("\(error)") }
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all.prefix(3))")
        // Then each site's chain is gap-free from its own genesis event, naming its site, and verifies
        for (site, store) in zip(sites, stores) {
            let all = try store.allEvents()
            #expect(all.map(\.seq) == Array(1...41))
            #expect(all.first?.kind == .genesis && all.first?.payload["site"] == .string(site))
            #expect(try store.verify().isIntact)
        }
        // And while one site's append lock is held, the other site appends without waiting
        let holder = try PostgresTestServer.session(try PostgresTestServer.writerURL(site: sites[0]))
        try holder.execute("BEGIN")
        try holder.run("SELECT pg_advisory_xact_lock(hashtextextended('aegrade site ' || $1, 0))", [sites[0]])
        let impatientA = try PostgresTestServer.store(site: sites[0], mode: .readWrite(create: false), lockTimeoutMilliseconds: 200)
        let impatientB = try PostgresTestServer.store(site: sites[1], mode: .readWrite(create: false), lockTimeoutMilliseconds: 200)
        #expect(throws: EventLogError.locked(path: impatientA.url.description)) { try impatientA.append([Self.note("waits")], author: Self.nurse) }
        #expect(try impatientB.append([Self.note("goes on")], author: Self.nurse).first?.seq == 42)
        try holder.execute("ROLLBACK")
    }

    @Test func theRecordTimeIsTheServersClockInUTC() throws {
        let site = PostgresTestServer.freshSite()
        let store = try PostgresTestServer.store(site: site)
        let clock = try PostgresTestServer.session(try PostgresTestServer.writerURL(site: site))
        let now = #"SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')"#
        let beforeRows = try clock.rows(now)
        let before = try #require(beforeRows.first?.first ?? nil)
        let event = try #require(try store.append([Self.note("now")], author: Self.nurse).first)
        let afterRows = try clock.rows(now)
        let after = try #require(afterRows.first?.first ?? nil)
        #expect(event.recordTime.hasSuffix("Z") && ClinicalTime(iso8601: event.recordTime) != nil)
        #expect(before <= event.recordTime && event.recordTime <= after, "\(before) \(event.recordTime) \(after)")
        // and the writer's own zone is kept as data beside it
        #expect(event.timeZone == WriterIdentity.timeZone())
    }

    @Test func anExportVerifiesWithTheMonitorsScript() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try PostgresTestServer.store(site: PostgresTestServer.freshSite())
        _ = try store.append([Self.note(#"fièvre "38,6" 张伟 😷"#), Self.note("b", patient: nil)], author: Self.nurse)
        var bytes: [UInt8] = []
        try store.export(format: .jsonl, until: .end) { bytes += $0 }
        let file = scratch.file("events.jsonl")
        try Data(bytes).write(to: file)
        let verifier = Run.packageRoot.appendingPathComponent("Examples/verify-log-export.py").path
        let pass = try Run.tool("python3", [verifier, file.path])
        #expect(pass.status == 0 && pass.stdout == "ok: 3 events intact\n", "\(pass.transcript)")
    }
}

/// Errors from concurrent writers.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.lock(); items.append(item); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}
