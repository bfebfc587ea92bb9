import Clinical
@testable import EventLog
import Foundation
import Grading
import Testing
import TestSupport

/// The replay against the plain reading of its rules (`ReferenceReplay`), on random histories of
/// several patients: entries, late entries, corrections of the current, of older and of already
/// corrected entries, overrides of current, older and superseded grades, infusions and deaths.
@Suite("Replay against its reference") struct ReplayReferenceTests {
    /// Which of the rare turns a history takes: late entries, corrections of older and of already
    /// corrected entries, overrides of older and of superseded grades.
    private static func turns(_ events: [RecordedEvent]) -> Set<String> {
        var turns: Set<String> = []
        var superseded: Set<Int64> = []
        var latest: [String: (seq: Int64, time: ClinicalTime?)] = [:]
        let bySeq = Dictionary(events.map { ($0.seq, $0) }, uniquingKeysWith: { first, _ in first })
        for event in events {
            guard let patient = event.patient else { continue }
            switch event.kind {
            case .observation:
                if let current = latest[patient]?.time, let time = event.clinicalInstant, time < current { turns.insert("late entry") } else {
                    latest[patient] = (event.seq, event.clinicalInstant)
                }
            case .correction:
                guard let target = ReferenceReplay.seq(event.payload[.supersedesSeq]) else { continue }
                if !superseded.insert(target).inserted { turns.insert("correction of a corrected entry") }
                if target != latest[patient]?.seq { turns.insert("correction of an older entry") }
                latest[patient] = (event.seq, event.clinicalInstant)
            case .override:
                guard let grades = ReferenceReplay.seq(event.payload[.supersedesSeq]).flatMap({ bySeq[$0] }),
                      let observation = ReferenceReplay.seq(grades.payload[.observationSeq]) else { continue }
                turns.insert(superseded.contains(observation) ? "override of superseded grades"
                             : observation == latest[patient]?.seq ? "override of current grades" : "override of older grades")
            default:
                break
            }
        }
        return turns
    }

    @Test(arguments: [1, 2, 5, 6] as [UInt64])
    func theReplayAtEverySeqEqualsTheReference(seed: UInt64) throws {
        // Given a random history of about 100 events, with every rare turn
        let scratch = try Scratch()
        defer { scratch.remove() }
        let store = try SQLiteEventStore(path: scratch.path("log.db"), mode: .readWrite(create: true))
        try RandomHistory.write(seed: seed, operations: 60, into: store, nurse: Author(id: "li.m", role: .nurse))
        let events = try store.allEvents()
        let turns = Self.turns(events)
        for turn in ["late entry", "correction of a corrected entry", "correction of an older entry", "override of superseded grades",
                     "override of current grades", "override of older grades"] {
            #expect(turns.contains(turn), "seed \(seed): no \(turn)")
        }
        for end in events.indices {
            let prefix = Array(events[...end])
            let reference = ReferenceReplay.state(after: prefix)
            // When it is replayed up to each seq, reading the log in ranges of 1, 5 and all events,
            // and by folding its decoded events
            var decoded = Replay(lookup: try store.replayLookup())
            for event in prefix { _ = decoded.fold(event) }
            let replays = try [1, 5, 1 << 40].map { try store.replay(until: .seq(prefix.last!.seq), rangeSize: $0) } + [decoded]
            // Then every patient's state is the reference's
            for replay in replays {
                #expect(replay.lastSeq == prefix.last!.seq)
                #expect(Set(replay.patients.ids) == Set(reference.keys), "seed \(seed), seq \(prefix.last!.seq)")
                for (id, expected) in reference {
                    let patient = try #require(replay.patients[id])
                    #expect(ReferenceReplay.view(patient) == expected, "seed \(seed), seq \(prefix.last!.seq), \(id)")
                }
            }
        }
    }
}
