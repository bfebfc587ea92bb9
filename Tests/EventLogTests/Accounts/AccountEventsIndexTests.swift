import Clinical
@testable import EventLog
import Foundation
import GRDB
import Testing
import TestSupport

/// Every sign-in and every write folds the account events: they are read through their partial
/// index, never by reading the whole event table (which held every other terminal's save for as
/// long as it took on a large log).
@Suite struct AccountEventsIndexTests {
    @Test func theAccountEventsAreReadThroughTheirIndex() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("log.db")
        _ = try AccountsFixture.make(at: path)
        let store = try SQLiteEventStore(path: path, mode: .readOnly)
        let plan = try store.queue.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SQLiteEventStore.accountEventsSQL).map { $0["detail"] as String? ?? "" }
        }
        #expect(plan.count == 1 && (plan.first ?? "").contains("INDEX eventAccount"),
                "\(plan)")
        // And they are the account events, in order, and only those
        let events = try store.accountEvents()
        let expected = try store.allEvents().filter { SQLiteEventStore.accountKinds.contains($0.kind) }
        #expect(!events.isEmpty && events.map(\.seq) == expected.map(\.seq))
    }
}
