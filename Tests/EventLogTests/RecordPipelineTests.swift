import Clinical
@testable import EventLog
import Foundation
import GRDB
import Grading
import Synchronization
import Testing
import TestSupport

/// `record`'s pipeline (`LogRecorder.record(count:batch:input:each:)`): the next assessments are
/// prepared on a second thread while the writer appends; what it writes and gives back is what
/// recording one by one writes and gives back, in input order, and a failed write ends it with
/// nothing written after it.
@Suite struct RecordPipelineTests {
    static let nurse = Author(id: "nurse.li", role: .nurse)

    /// Forty inputs: valid ones, and between them inputs that are not JSON assessments, that
    /// break a limit, and one whose time is ahead of the clock (rejected with its patient).
    static func inputs() throws -> [JSONValue] {
        try (0..<40).map { index in
            switch index % 7 {
            case 2: return .string("not an assessment \(index)")
            case 4: return try Bedside.crsJSON(patient: "P-\(index)", celsius: 80)
            case 6 where index == 13: return try Bedside.crsJSON(patient: "P-\(index)", time: "2099-01-01T08:00:00Z")
            default: return try Bedside.crsJSON(patient: "P-\(index)", celsius: 38 + Double(index % 10) / 10)
            }
        }
    }

    /// An outcome as `record` prints it, but for the seqs: which the test compares separately.
    static func text(_ outcome: LogRecorder.Outcome) -> String {
        switch outcome {
        case let .recorded(patient, time, seqs): "recorded \(patient) \(time) \(seqs)"
        case .rejected(let line): "rejected \(line)"
        }
    }

    static func recorder(_ store: SQLiteEventStore, _ criteria: CriteriaSet) -> LogRecorder {
        // A fixed clock: a rejection of a time ahead of it names it.
        LogRecorder(store: store, criteria: criteria, signedIn: .unauthenticated(Self.nurse), now: { ClinicalTime(secondsSinceEpoch: 1_796_000_000) })
    }

    @Test(arguments: [1, 3])
    func thePipelineWritesAndGivesBackWhatRecordingOneByOneDoesInInputOrder(batch: Int) throws {
        // Given the same inputs and two new logs
        let scratch = try Scratch()
        defer { scratch.remove() }
        let criteria = try CriteriaSet.bundled()
        let inputs = try Self.inputs()
        let alone = try SQLiteEventStore(path: scratch.path("alone.db"), mode: .readWrite(create: true))
        let piped = try SQLiteEventStore(path: scratch.path("piped.db"), mode: .readWrite(create: true))
        // When one is recorded one by one (or chunk by chunk) and the other through the pipeline
        var expected: [[String]] = []
        var start = 0
        while start < inputs.count {
            let chunk = Array(inputs[start..<min(inputs.count, start + batch)])
            start += batch
            let outcomes = batch == 1 ? [try Self.recorder(alone, criteria).record(chunk[0])] : try Self.recorder(alone, criteria).record(batch: chunk)
            expected.append(outcomes.map(Self.text))
        }
        var given: [[String]] = []
        try Self.recorder(piped, criteria).record(count: inputs.count, batch: batch, input: { inputs[$0] }) { outcomes in
            given.append(outcomes.map(Self.text))
        }
        // Then each transaction's outcomes come in input order, the same as recording them alone
        #expect(given == expected)
        #expect(given.joined().filter { $0.hasPrefix("rejected") }.count == 13)
        #expect(given.joined().contains { $0.hasPrefix("rejected {\"patient\":\"P-13\"") }, "the time ahead of the clock names its patient")
        // And the logs hold the same events in the same order, and verify
        let written = try piped.allEvents(), reference = try alone.allEvents()
        #expect(written.map(\.kind) == reference.map(\.kind))
        #expect(written.map(\.patient) == reference.map(\.patient))
        // (the grades name their observation by its id, which differs between the two logs)
        let observations = { (events: [RecordedEvent]) in events.filter { $0.kind == .observation }.map(\.payload.compactText) }
        let results = { (events: [RecordedEvent]) in events.filter { $0.kind == .grades }.map { $0.payload["results"]?.compactText ?? "" } }
        #expect(observations(written) == observations(reference))
        #expect(results(written) == results(reference))
        #expect(try piped.verify().isIntact)
    }

    @Test func aFailedWriteMidWayEndsTheRecordingWithNothingWrittenAfterIt() throws {
        // Given a log with room for a few entries only (SQLite's max_page_count, as a full disk)
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("log.db")
        let criteria = try CriteriaSet.bundled()
        let pages = try SQLiteEventStore(path: path, mode: .readWrite(create: true)).queue.read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
        let store = try SQLiteEventStore(path: path, mode: .readWrite(create: false), settings: .init(maxPageCount: pages + 6))
        // When sixty assessments (every fifth not one) go through the pipeline
        let inputs = try (0..<60).map { index in
            index % 5 == 1 ? JSONValue.string("not an assessment") : try Bedside.crsJSON(patient: "F-\(index)", celsius: 38 + Double(index % 10) / 10)
        }
        let read = Mutex(0)
        var given: [LogRecorder.Outcome] = []
        var failure: EventLog.RecordError?
        do {
            try Self.recorder(store, criteria).record(count: inputs.count, input: { index in
                read.withLock { $0 += 1 }
                return inputs[index]
            }) { outcomes in given += outcomes }
        } catch {
            failure = error
        }
        // Then it stops with the disk full, after some entries and before the last
        guard case .storage(.diskFull)? = failure else { Issue.record("expected a full disk, got \(String(describing: failure))"); return }
        let recorded = given.compactMap { outcome -> [Int64]? in
            if case .recorded(_, _, let seqs) = outcome { return seqs }
            return nil
        }
        try #require(!recorded.isEmpty && given.count < 60, "some entries fit, not all")
        // And the outcomes given are those of the first inputs, in order
        for (index, outcome) in given.enumerated() {
            if case .rejected = outcome { #expect(index % 5 == 1, "input \(index)") } else { #expect(index % 5 != 1, "input \(index)") }
        }
        // And the log ends with the last entry given, whole (no observation without its grades), and verifies
        let events = try store.allEvents()
        #expect(events.last?.seq == recorded.last?.last)
        #expect(events.filter { $0.kind == .observation }.count == events.filter { $0.kind == .grades }.count)
        #expect(try SQLiteEventStore(path: path, mode: .readOnly).verify().isIntact)
        // And the preparing thread read no further than the hand-offs hold beyond the failed entry
        // (the failed one; for the chain stage one waiting and one being built; for the preparer
        // two waiting and one being put), and had ended when the recording returned
        let readAtReturn = read.withLock { $0 }
        #expect(readAtReturn <= given.count + 1 + 2 + 2 + 1, "\(readAtReturn) read for \(given.count) given")
    }

    @Test func aRefusedAuthorEndsTheRecordingBeforeAnythingIsWritten() throws {
        // Given a monitor, whose role may not enter assessments
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try SQLiteEventStore(path: scratch.path("log.db"), mode: .readWrite(create: true))
        let monitor = LogRecorder(store: store, criteria: try CriteriaSet.bundled(), signedIn: .unauthenticated(Author(id: "cra.zhou", role: .monitor)))
        let inputs = try Self.inputs()
        var given = 0
        // When the pipeline is given its entries, then it is refused at the first, and nothing is written or given back
        do {
            try monitor.record(count: inputs.count, input: { inputs[$0] }) { given += $0.count }
            Issue.record("the monitor's entries were accepted")
        } catch {
            guard case .refused(.notPermitted) = error else { Issue.record("expected a refusal of the role, got \(error)"); return }
        }
        #expect(given == 0)
        #expect(try store.allEvents().count == 1)
    }
}
