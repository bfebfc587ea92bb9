import Clinical

extension TrialStatus {
    /// The `ruleStatus` payload of this status: state, tripped rules, and each rule's count.
    package var ruleStatusPayload: JSONValue {
        EventPayload.ruleStatus(status: state.rawValue, tripped: tripped, counts: rules.map { ($0.rule, $0.count) }, asOf: asOf.utcText)
    }

    /// A `ruleStatus` event to append (trial-level, no clinical time), written by the product.
    package var ruleStatusDraft: EventDraft {
        EventDraft(kind: .ruleStatus, patient: nil, clinicalTime: nil, payload: ruleStatusPayload)
    }

    /// The last `ruleStatus` event in the log, read back (by sequence number).
    package static func lastLoggedStatus(in events: some Sequence<RecordedEvent>) -> LoggedRuleStatus? {
        var last: (seq: Int64, status: LoggedRuleStatus)?
        for event in events where event.kind == .ruleStatus {
            guard let status = event.loggedRuleStatus, event.seq > (last?.seq ?? .min) else { continue }
            last = (event.seq, status)
        }
        return last?.status
    }

    /// Whether `current` is a change worth an event after `previous` (the last `ruleStatus` logged).
    ///
    /// A change is a different state (`continue` / `paused`) or a different set of tripped rules;
    /// counts that move without tripping anything are not (they are in every evaluation, and an
    /// event per new subject would bury the trips). With nothing logged yet, a trial that has
    /// tripped nothing has nothing to record.
    package static func statusChanged(previous: LoggedRuleStatus?, current: TrialStatus) -> Bool {
        guard let previous else { return current.state != .continue || !current.tripped.isEmpty }
        return previous.status != current.state.rawValue || Set(previous.tripped) != Set(current.tripped)
    }

    /// The same comparison between two evaluations.
    package static func statusChanged(previous: TrialStatus?, current: TrialStatus) -> Bool {
        statusChanged(previous: previous.map {
            LoggedRuleStatus(status: $0.state.rawValue, tripped: $0.tripped, counts: [:], asOf: $0.asOf.utcText)
        }, current: current)
    }

    /// The status of `trial` over `events` at `asOf` when it differs from the last `ruleStatus`
    /// event logged, nil when it does not: the one evaluation the log needs after each append.
    package static func changedStatus(_ trial: TrialProtocol, events: [RecordedEvent], asOf: ClinicalTime) -> TrialStatus? {
        let current = evaluate(trial, events: events, asOf: asOf)
        let previous = lastLoggedStatus(in: events.lazy.filter { ($0.recordInstant ?? asOf) <= asOf })
        return statusChanged(previous: previous, current: current) ? current : nil
    }

    /// The event to append after evaluating `events` at `asOf`, or nil when the status is unchanged
    /// since the last `ruleStatus` event.
    package static func statusEvent(_ trial: TrialProtocol, events: [RecordedEvent], asOf: ClinicalTime) -> EventDraft? {
        changedStatus(trial, events: events, asOf: asOf)?.ruleStatusDraft
    }
}
