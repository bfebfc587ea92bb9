import Clinical
import EventLog
import Foundation
import Safety
import Testing
@testable import Bedside

/// `TrialEvaluation`: the protocol evaluated on the log up to `--seq` or `--as-of` reads exactly
/// the events a replay to the same limit folds (`aegrade rules status`, `aegrade report`).
@Suite struct TrialEvaluationTests {
    @Test func theEventsUpToALimitAreThoseTheReplayFolds() throws {
        // Given the demo log (read only)
        let store = try SQLiteEventStore(path: DemoFixture.directory + "/" + DemoTrial.logName, mode: .readOnly)
        let all = try store.allEvents()
        let now = ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970)
        let middle = all[all.count / 2]
        let recorded = try #require(middle.recordInstant)
        for limit in [Replay.Limit.end, .seq(middle.seq), .recordTime(recorded)] {
            // When the events are read up to the limit
            let (events, asOf) = try TrialEvaluation.events(of: store, until: limit, now: now)
            // Then they are the prefix a replay to that limit folds, and the time fits the limit
            var replay = Replay()
            let folded = all.prefix { replay.fold($0, limit: limit) }
            #expect(events.map(\.seq) == folded.map(\.seq), "\(limit)")
            switch limit {
            case .end: #expect(asOf == now && events.count == all.count)
            case .seq(let seq): #expect(events.last?.seq == seq && asOf == middle.recordInstant)
            case .recordTime(let time): #expect(asOf == time && events.allSatisfy { ($0.recordInstant ?? now) <= time })
            }
        }
    }
}
