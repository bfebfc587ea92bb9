import Clinical
import Safety

/// The rule-status follow-up of a write at one site of a trial of several (README, "The whole
/// trial"): the stopping rules count the subjects of every site, so the status a write may change
/// is the trial's, not its site's. A rule tripped only when both wards' subjects are counted must be
/// logged when the write that tripped it is made, at the site that made it, wherever the other
/// subjects were recorded.
extension LogRecorder {
    /// Evaluates `trial` on every event of `source`'s sites (merged in the trial's one order,
    /// patients qualified by site) at `asOf`, and appends to this recorder's store — the writer's
    /// site — a `ruleStatus` event when the trial's status or dose decision changed since the last
    /// one logged at any site; nil when neither did. The event names the sites counted (`sites`).
    package func appendTrialRuleFollowUp(_ trial: TrialProtocol, source: any TrialSource, asOf: ClinicalTime)
        throws(EventLogError) -> RuleFollowUp? {
        let events = try source.mergedEvents().map(\.event)
        let logged = Self.lastLogged(inTrialOrder: events, asOf: asOf)
        guard let draft = Self.followUpDraft(trial, events: events, asOf: asOf, logged: logged) else { return nil }
        var event = draft.event
        if case .object(var members) = event.payload {
            members.append((PayloadKey.sites.rawValue, .array(source.sites.map { .string($0) })))
            members.sort { $0.0 < $1.0 }
            event.payload = .object(members)
        }
        let recorded = try store.append([event], author: .system)
        return RuleFollowUp(event: recorded[0], status: draft.status, statusChanged: draft.statusChanged, decisionChanged: draft.decisionChanged)
    }

    /// The last `ruleStatus` and dose decision logged at any site by `asOf`: the last in the
    /// trial's merged order, since sequence numbers count each site's chain apart and cannot order
    /// two sites' events.
    static func lastLogged(inTrialOrder events: [RecordedEvent], asOf: ClinicalTime) -> LoggedFollowUp {
        var status: LoggedRuleStatus?
        var decision: JSONValue?
        for event in events where event.kind == .ruleStatus && (event.recordInstant ?? asOf) <= asOf {
            if let logged = event.loggedRuleStatus { status = logged }
            if let logged = event.payload[.doseDecision] { decision = logged }
        }
        return LoggedFollowUp(status: status, decision: decision)
    }
}
