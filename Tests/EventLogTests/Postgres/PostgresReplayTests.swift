import Clinical
@testable import EventLog
import Foundation
@testable import PostgresLog
import Testing
import TestSupport

/// `log replay` on PostgreSQL folds what the SQLite store's replay folds: the same events, pushed
/// from an SQLite log to a site, replay to the same state, as `log replay` prints it, at every seq
/// and record time, whether the chain is read in one page or across many (the page read ahead is
/// folded in the right order, and the patients and criteria numbered per page are mapped right);
/// and a damaged payload stops it naming the event, as a whole decode would.
@Suite("PostgreSQL replay", .enabled(if: PostgresTestServer.shouldRun, "no PostgreSQL test server (AEGRADE_TEST_POSTGRES)"))
struct PostgresReplayTests {
    /// An SQLite log of a random history and a fresh site holding the same events (pushed).
    static func sameEvents(seed: UInt64, _ scratch: Scratch) throws -> (sqlite: SQLiteEventStore, site: String, events: [RecordedEvent]) {
        let local = try SQLiteEventStore(path: scratch.path("ward.db"), mode: .readWrite(create: true))
        try RandomHistory.write(seed: seed, operations: 50, into: local, nurse: PostgresStoreTests.nurse, notes: true)
        let events = try local.allEvents()
        let site = PostgresTestServer.freshSite("replay")
        _ = try PostgresReceiveTests.central(site).receive(events)
        return (local, site, events)
    }

    @Test(arguments: [3, 4] as [UInt64])
    func replayEqualsTheSQLiteReplayOfTheSameEventsAtEverySeqAndRecordTimeInPagesOfAnySize(seed: UInt64) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Given a random history in an SQLite log, and the same events at a site of the server
        let (sqlite, site, events) = try Self.sameEvents(seed: seed, scratch)
        let server = try PostgresTestServer.store(site: site, mode: .readOnly)
        #expect(try server.allEvents() == events)
        #expect(Set(events.map(\.kind)).isSuperset(of: [.observation, .grades, .correction, .override, .note]), "seed \(seed)")
        // When each is replayed to every seq (the server's chain read a page of 1, 7 and
        // `pageSize` events at a time), and to the end
        var limits: [Replay.Limit] = events.map { .seq($0.seq) } + [.seq(0), .seq(Int64(events.count) + 5), .end]
        // and to each record time the log holds, and to one before the first
        let times = Set(events.compactMap { ClinicalTime(iso8601: $0.recordTime) }).sorted()
        limits += times.map { .recordTime($0) }
        if let first = times.first { limits.append(.recordTime(ClinicalTime(secondsSinceEpoch: first.secondsSinceEpoch - 1))) }
        for limit in limits {
            let expected = try sqlite.replay(until: limit).json.compactText
            for pageSize in [1, 7, PostgresEventStore.pageSize] {
                // Then the server's replay prints what the SQLite replay prints
                let replay = try server.replay(until: limit, pageSize: pageSize)
                #expect(replay.json.compactText == expected, "seed \(seed), \(limit), pages of \(pageSize)")
            }
        }
        // And the store's own replay (its default page) is the same replay
        #expect(try server.replay(until: .end).json.compactText == (try sqlite.replay(until: .end).json.compactText))
    }

    @Test func aPayloadThatIsNotJSONStopsTheReplayNamingItsEventWhateverItsKind() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Given the same events at a site
        let (_, site, events) = try Self.sameEvents(seed: 3, scratch)
        let admin = try PostgresTestServer.session(try PostgresTestServer.adminURL())
        try admin.execute("SET session_replication_role = replica")
        // (a grades event, skimmed; an observation, checked; a correction, decoded whole)
        for kind in [EventKind.grades, .observation, .correction] {
            let seq = try #require(events.first { $0.kind == kind }?.seq, "\(kind)")
            let stored = try admin.rows("SELECT payload FROM event WHERE site = $1 AND seq = $2::bigint", [site, String(seq)])
            let payload = try #require(stored.first?.first ?? nil)
            // When a superuser cuts its payload short
            try admin.run("UPDATE event SET payload = $3 WHERE site = $1 AND seq = $2::bigint", [site, String(seq), String(payload.dropLast())])
            // Then the replay stops there, naming the event, read in one page or in many
            for pageSize in [1, PostgresEventStore.pageSize] {
                let server = try PostgresTestServer.store(site: site, mode: .readOnly)
                let outcome = Result { () throws(EventLogError) -> Replay in try server.replay(until: .end, pageSize: pageSize) }
                guard case .failure(.corrupt(_, let detail)) = outcome else {
                    Issue.record("\(kind) at \(seq), pages of \(pageSize): \(outcome)")
                    continue
                }
                #expect(detail == "event \(seq): payload is not JSON", "\(kind), pages of \(pageSize)")
            }
            try admin.run("UPDATE event SET payload = $3 WHERE site = $1 AND seq = $2::bigint", [site, String(seq), payload])
        }
        // And the repaired chain replays again
        #expect(try PostgresTestServer.store(site: site, mode: .readOnly).replay(until: .end).lastSeq == Int64(events.count))
    }
}
