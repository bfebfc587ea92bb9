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
        return try appendTrialFollowUp(draft, sites: source.sites)
    }

    /// The same follow-up on a fold of the trial kept between writes (``TrialRuleFold``, a site's
    /// board keeps one): `kept` reads only what the sites appended since it last read them, and
    /// the rules are evaluated on the fold, so a write pays for what grew, not for the whole
    /// trial. When the fold cannot answer at `asOf` (an event recorded after it: a clock set back),
    /// the trial is read whole as above.
    package func appendTrialRuleFollowUp(source: any TrialSource, asOf: ClinicalTime, kept: inout TrialRuleFold)
        throws(EventLogError) -> RuleFollowUp? {
        try kept.catchUp(source)
        guard let status = kept.status(asOf: asOf) else { return try appendTrialRuleFollowUp(kept.trial, source: source, asOf: asOf) }
        // The dose decision reads the infusions alone, which the fold keeps when there is one to make.
        guard let draft = Self.followUpDraft(kept.trial, events: kept.infusions, asOf: asOf, status: status, logged: kept.logged) else {
            return nil
        }
        return try appendTrialFollowUp(draft, sites: kept.sites)
    }

    /// Appends the follow-up's `ruleStatus` at this recorder's site, naming the sites counted.
    private func appendTrialFollowUp(_ draft: (event: EventDraft, status: TrialStatus, statusChanged: Bool, decisionChanged: Bool),
                                     sites: [String]) throws(EventLogError) -> RuleFollowUp {
        var event = draft.event
        if case .object(var members) = event.payload {
            members.append((PayloadKey.sites.rawValue, .array(sites.map { .string($0) })))
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
