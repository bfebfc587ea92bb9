import Clinical
import EventLog
import Safety

/// The protocol's rules over the whole trial: the stopping rules count the subjects of every site
/// (README, "The whole trial"; "Protocol safety rules": evaluable subjects in the order they
/// became evaluable, here across sites).
extension PostgresTrial {
    /// `trial` evaluated on the events of every site up to `limit`, folded as they are read
    /// (``PostgresTrialEvents``), so memory holds a page per site rather than the trial.
    package func status(_ trial: TrialProtocol, until limit: Replay.Limit, now: ClinicalTime) throws(EventLogError) -> TrialStatus {
        let asOf = try evaluationTime(until: limit, now: now)
        let stream = PostgresTrialEvents(self, until: limit)
        let status = TrialStatus.evaluate(trial, events: stream, asOf: asOf)
        if let failure = stream.failure { throw failure }
        return status
    }

    /// The time the protocol is evaluated at, as for one log (`TrialEvaluation`): the limit's
    /// record time, `now` for the whole trial, or for a seq the latest record time among the
    /// sites' events up to it.
    package func evaluationTime(until limit: Replay.Limit, now: ClinicalTime) throws(EventLogError) -> ClinicalTime {
        switch limit {
        case .recordTime(let time): return time
        case .end: return now
        case .seq(let last):
            var latest: ClinicalTime?
            for site in sites {
                guard let instant = try lastEvent(of: site, atOrBefore: last)?.recordInstant else { continue }
                if latest.map({ instant > $0 }) ?? true { latest = instant }
            }
            return latest ?? now
        }
    }

    /// The events of one site up to `limit`, patients qualified, in seq order: what its section
    /// of the report's signatures reads (signatures name the events they sign by the site's seq).
    package func events(of site: String, until limit: Replay.Limit) throws(EventLogError) -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        var next: Int64 = 1
        while true {
            let read = try page(of: site, from: next)
            let admitted = read.prefix { limit.admits($0) }
            events += admitted.map { Self.qualifying($0, site: site) }
            guard admitted.count == read.count, read.count == pageSize, let last = read.last else { return events }
            next = last.seq + 1
        }
    }
}
