import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading
import Safety

/// Loads the criteria, the protocol and the log up to the limit, and evaluates the protocol on it.
func evaluate(log: LogFileOptions, trial: ProtocolOptions, limit: LogLimitOptions,
              source: CriteriaSourceOptions) throws -> (TrialProtocol, TrialStatus) {
    let loaded = try trial.load(criteria: try source.load())
    let store = try log.open(.readOnly)
    let (all, asOf) = try events(of: store, until: limit.limit)
    return (loaded, TrialStatus.evaluate(loaded, events: all, asOf: asOf))
}

/// Every event of the log up to `limit`, and the time to evaluate at.
func events(of store: any EventStore, until limit: Replay.Limit) throws -> (events: [RecordedEvent], asOf: ClinicalTime) {
    var all: [RecordedEvent] = []
    try mapped { () throws(EventLogError) in
        try store.forEachEvent(from: 1) { event in
            switch limit {
            case .end: break
            case .seq(let last): if event.seq > last { return false }
            case .recordTime(let time): if let recorded = event.recordInstant, recorded > time { return false }
            }
            all.append(event)
            return true
        }
    }
    let now = ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970)
    switch limit {
    case .recordTime(let time): return (all, time)
    case .seq: return (all, all.last?.recordInstant ?? now)
    case .end: return (all, now)
    }
}
