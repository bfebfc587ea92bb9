import Clinical
import EventLog

/// The log folded up to one event: the replayed state per patient, and what the replay screen
/// shows beside it (the latest clinical time seen, the last rule status logged).
struct ReplayFold {
    /// The index (in the log's events) of the last event folded; -1 before the first.
    private(set) var index = -1
    private(set) var replay: Replay
    /// The latest clinical time among the events folded.
    private(set) var latestClinical: ClinicalTime?
    /// The index of the last `ruleStatus` event folded.
    private(set) var lastRuleStatus: Int?
    /// On the whole trial, the merged events by site and seq: each event is folded with the
    /// lookups of its own site (a correction names its target by its site's seq).
    private let trialIndex: TrialEventIndex?

    init(lookup: Replay.Lookup, trialIndex: TrialEventIndex? = nil) {
        replay = Replay(lookup: lookup)
        self.trialIndex = trialIndex
    }

    /// A fold that already stands at `index` (the context's replay of the whole log).
    init(replay: Replay, index: Int, events: [RecordedEvent], trialIndex: TrialEventIndex? = nil) {
        self.replay = replay
        self.index = index
        self.trialIndex = trialIndex
        latestClinical = events.prefix(index + 1).compactMap(\.clinicalInstant).max()
        lastRuleStatus = events.prefix(index + 1).lastIndex { $0.kind == .ruleStatus }
    }

    /// Folds `event`, the next one of the log.
    mutating func fold(_ event: RecordedEvent) {
        if let trialIndex, trialIndex.sites.indices.contains(index + 1) { trialIndex.folding = trialIndex.sites[index + 1] }
        _ = replay.fold(event)
        index += 1
        if let time = event.clinicalInstant, latestClinical.map({ time > $0 }) ?? true { latestClinical = time }
        if event.kind == .ruleStatus { lastRuleStatus = index }
    }

    /// Finds in `events` what a fold needs from the past (the grades of an older observation, the
    /// overrides made to them) without reading the database: the replay holds the log in memory.
    static func lookup(_ events: [RecordedEvent]) -> Replay.Lookup {
        @Sendable func at(_ seq: Int64) -> RecordedEvent? {
            let index = Int(seq) - 1
            return events.indices.contains(index) && events[index].seq == seq ? events[index] : events.first { $0.seq == seq }
        }
        return Replay.Lookup(
            event: { seq in at(seq) },
            gradesOfObservation: { observation in
                // The grades of an observation follow it in the same transaction.
                let start = max(0, min(events.count, Int(observation) - 1))
                return events[start...].first { $0.kind == .grades && $0.observationSeq == observation }
            },
            overridesOfGrades: { gradesSeq, before in
                events.filter { $0.kind == .override && $0.seq < before && $0.supersedesSeq == gradesSeq }
            })
    }
}
