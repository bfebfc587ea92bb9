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

    /// `trial` evaluated on `store` up to `limit`: the events and the time of
    /// ``events(of:until:now:)``. A store that reads per patient (``PatientEventReading``) is
    /// evaluated subject by subject (``subjectwiseStatus(_:store:through:asOf:)``), holding no
    /// event and no subject's facts past that subject; another is folded as it is read
    /// (``StoredEvents``). `sliceSize` is for tests.
    package static func status(_ trial: TrialProtocol, store: any EventStore, until limit: Replay.Limit,
                               now: ClinicalTime = ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970),
                               sliceSize: Int = 4096) throws(EventLogError) -> TrialStatus {
        let asOf: ClinicalTime
        // The last event of the prefix, where it is known without reading the log.
        var lastAdmitted: RecordedEvent?
        var lastKnown = false
        switch limit {
        case .recordTime(let time): asOf = time
        case .end:
            asOf = now
            lastAdmitted = try store.lastEvent()
            lastKnown = true
        case .seq(let last):
            // The record time of the last event admitted, which the fold needs before it starts:
            // named at once, or, past a gap in the seqs, found by a first pass that keeps nothing.
            lastAdmitted = try lastEvent(of: store, atOrBefore: last)
            lastKnown = lastAdmitted != nil
            if lastAdmitted == nil {
                let pass = StoredEvents(store, until: limit, sliceSize: sliceSize)
                for event in pass { lastAdmitted = event }
                if let failure = pass.failure { throw failure }
                lastKnown = true
            }
            asOf = lastAdmitted?.recordInstant ?? now
        }
        if let reader = store as? any EventStore & PatientEventReading {
            if !lastKnown {
                // A record-time limit ends the prefix at the first event recorded after it: found
                // by a pass that keeps nothing.
                let pass = StoredEvents(store, until: limit, sliceSize: sliceSize)
                for event in pass { lastAdmitted = event }
                if let failure = pass.failure { throw failure }
            }
            return try subjectwiseStatus(trial, store: reader, through: lastAdmitted?.seq ?? 0, asOf: asOf)
        }
        let stream = StoredEvents(store, until: limit, sliceSize: sliceSize)
        let status = TrialStatus.evaluate(trial, events: stream, asOf: asOf)
        if let failure = stream.failure { throw failure }
        return status
    }

    /// The event with the greatest seq at or before `seq`, when it can be named without reading
    /// the log: the event at `seq` itself, or the last event when the log ends before `seq`; nil
    /// otherwise (no event at `seq` but later ones: a gap in the seqs) and for an empty log.
    private static func lastEvent(of store: any EventStore, atOrBefore seq: Int64) throws(EventLogError) -> RecordedEvent? {
        if let event = try store.event(seq: seq) { return event }
        guard let last = try store.lastEvent(), last.seq < seq else { return nil }
        return last
    }
}
