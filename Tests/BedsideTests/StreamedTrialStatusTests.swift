import Clinical
import EventLog
import Foundation
import Grading
import Safety
import Testing
@testable import Bedside

/// `aegrade rules status` folds the log as it reads it (`StoredEvents`) instead of holding every
/// event: its answer must be the one evaluating all the events up to the same limit gives.
@Suite struct StreamedTrialStatusTests {
    @Test func theStreamedStatusEqualsTheStatusOfAllEventsAtEveryLimit() throws {
        // Given the demo log (read only) and its protocol
        let store = try SQLiteEventStore(path: DemoFixture.directory + "/" + DemoTrial.logName, mode: .readOnly)
        let protocolBytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: DemoFixture.directory + "/" + DemoTrial.protocolName)))
        let trial = try TrialProtocol.load(bytes: protocolBytes, name: DemoTrial.protocolName, criteria: DemoFixture.criteria)
        let all = try store.allEvents()
        try #require(all.count > 20, "the demo log has events on both sides of every slice")
        let now = ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970)
        let seqs: [Int64] = [0, 1, 2, all[all.count / 3].seq, all[all.count / 2].seq, all[all.count - 2].seq, all.last!.seq, all.last!.seq + 5]
        let times = [all[0], all[all.count / 2], all[all.count - 1]].compactMap(\.recordInstant)
        let limits = [Replay.Limit.end] + seqs.map { .seq($0) } + times.map { .recordTime($0) }
        var compared = 0
        for limit in limits {
            // When the protocol is evaluated streaming, in slices that split the log many ways
            let (events, asOf) = try TrialEvaluation.events(of: store, until: limit, now: now)
            let whole = TrialStatus.evaluate(trial, events: events, asOf: asOf)
            for slice in [1, 3, 7, 4096] {
                let streamed = try TrialEvaluation.status(trial, store: store, until: limit, now: now, sliceSize: slice)
                // Then it is the status of all the events up to the limit
                #expect(streamed == whole, "\(limit), slices of \(slice)")
                compared += 1
            }
        }
        #expect(compared == limits.count * 4)
    }

    @Test func theStreamReadsEachEventOnceInOrderAndStopsAtTheLimit() throws {
        let store = try SQLiteEventStore(path: DemoFixture.directory + "/" + DemoTrial.logName, mode: .readOnly)
        let all = try store.allEvents()
        let middle = all[all.count / 2].seq
        for slice in [1, 2, 5, 4096] {
            let events = StoredEvents(store, until: .seq(middle), sliceSize: slice)
            #expect(events.map(\.seq) == all.map(\.seq).filter { $0 <= middle }, "slices of \(slice)")
            #expect(events.failure == nil)
            #expect(StoredEvents(store, until: .end, sliceSize: slice).map(\.seq) == all.map(\.seq))
        }
    }
}
