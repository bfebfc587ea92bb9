import Clinical
import Foundation
import Safety

/// The protocol evaluated on the log as it stands or as it stood (`aegrade rules status`,
/// `aegrade report`): the events up to a limit, as a replay admits them, and the time to
/// evaluate at.
package enum TrialEvaluation {
    /// Every event of `store` up to `limit` — the prefix a ``Replay`` folds for it — and the time
    /// the protocol is evaluated at: the limit's record time, the record time of the last event
    /// up to a seq, or `now` for the whole log.
    package static func events(of store: any EventStore, until limit: Replay.Limit, now: ClinicalTime)
        throws(EventLogError) -> (events: [RecordedEvent], asOf: ClinicalTime) {
        var all: [RecordedEvent] = []
        // The replay's own limit decides where the prefix ends, so that the rules and the replay
        // screen always read the same events.
        try store.forEachEvent(from: 1) { event in
            guard limit.admits(event) else { return false }
            all.append(event)
            return true
        }
        switch limit {
        case .recordTime(let time): return (all, time)
        case .seq: return (all, all.last?.recordInstant ?? now)
        case .end: return (all, now)
        }
    }

    /// `trial` evaluated on `store` up to `limit` (see ``events(of:until:now:)``).
    package static func status(_ trial: TrialProtocol, store: any EventStore, until limit: Replay.Limit,
                               now: ClinicalTime = ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970)) throws(EventLogError) -> TrialStatus {
        let (events, asOf) = try events(of: store, until: limit, now: now)
        return TrialStatus.evaluate(trial, events: events, asOf: asOf)
    }
}
