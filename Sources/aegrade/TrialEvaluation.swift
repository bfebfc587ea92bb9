import ArgumentParser
import EventLog
import Safety

/// Loads the criteria, the protocol and the log, and evaluates the protocol on the log up to the
/// limit (``TrialEvaluation``).
func evaluate(log: LogFileOptions, trial: ProtocolOptions, limit: LogLimitOptions,
              source: CriteriaSourceOptions) throws -> (TrialProtocol, TrialStatus) {
    let loaded = try trial.load(criteria: try source.load())
    let store = try log.open(.readOnly)
    let status = try mapped { () throws(EventLogError) in try TrialEvaluation.status(loaded, store: store, until: limit.limit) }
    return (loaded, status)
}
