import ArgumentParser
import Clinical
import EventLog
import Foundation
import Safety
import PostgresLog

/// Loads the criteria, the protocol and the log, and evaluates the protocol on the log up to the
/// limit (``TrialEvaluation``), or on every site of a PostgreSQL trial (`PostgresTrial`, README
/// "The whole trial").
func evaluate(log: LogFileOptions, sites: SiteOptions, trial: ProtocolOptions, limit: LogLimitOptions,
              source: CriteriaSourceOptions) throws -> (TrialProtocol, TrialStatus) {
    let loaded = try trial.load(criteria: try source.load())
    if let whole = try sites.trial(of: log, limit: limit) {
        let now = ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970)
        return (loaded, try mapped { () throws(EventLogError) in try whole.status(loaded, until: limit.limit, now: now) })
    }
    let store = try log.open(.readOnly)
    let status = try mapped { () throws(EventLogError) in try TrialEvaluation.status(loaded, store: store, until: limit.limit) }
    return (loaded, status)
}
