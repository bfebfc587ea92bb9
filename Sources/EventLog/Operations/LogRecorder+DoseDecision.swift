import Clinical
import Safety

/// The rule-status follow-up with the dose-escalation decision: after a write, the stopping rules
/// and, when the protocol has a dose-finding section, the dose decision are evaluated again, and
/// one `ruleStatus` event is appended when either changed since the last one logged (README,
/// "Dose finding from the log"). The event carries the stopping rules' status as it stands and,
/// under `doseDecision`, the decision (``DoseEscalationStatus/loggedDecision``), so a replay shows
/// when each decision became available and which infusions followed it.
extension LogRecorder {
    /// What the follow-up appended: the `ruleStatus` event, the status it records, and which of
    /// the two changed.
    package struct RuleFollowUp: Sendable {
        package let event: RecordedEvent
        package let status: TrialStatus
        /// The stopping rules' state or tripped rules changed.
        package let statusChanged: Bool
        /// The dose decision changed (its `doseDecision` is in the event's payload).
        package let decisionChanged: Bool
    }

    /// What the log last recorded of the follow-up, as a fold of it holds it (``TrialFold``): the
    /// last `ruleStatus` and the last dose decision, of events all recorded by the evaluation time.
    package struct LoggedFollowUp: Sendable {
        package let status: LoggedRuleStatus?
        package let decision: JSONValue?

        package init(status: LoggedRuleStatus?, decision: JSONValue?) {
            self.status = status
            self.decision = decision
        }
    }

    /// Evaluates `trial` on `events` (the log up to its head) at `asOf` and appends a `ruleStatus`
    /// event when the stopping rules' status or the dose decision changed; nil when neither did.
    /// Attributed to aegrade itself (`Author.system`), as the stopping rules' follow-up is.
    /// `status`, when given, is `trial` already evaluated on exactly `events` at `asOf`, and
    /// `logged` what they last logged (the board's fold holds both), so that a save reads the
    /// events neither to evaluate the protocol nor to find the last status.
    package func appendRuleFollowUp(_ trial: TrialProtocol, events: [RecordedEvent], asOf: ClinicalTime, status: TrialStatus? = nil,
                                    logged: LoggedFollowUp? = nil) throws(EventLogError) -> RuleFollowUp? {
        guard let draft = Self.followUpDraft(trial, events: events, asOf: asOf, status: status, logged: logged) else { return nil }
        let recorded = try store.append([draft.event], author: .system)
        return RuleFollowUp(event: recorded[0], status: draft.status, statusChanged: draft.statusChanged, decisionChanged: draft.decisionChanged)
    }

    /// The same on the whole log, read from the store first (for a front end that holds no fold
    /// of it, such as `aegrade record`).
    package func appendRuleFollowUp(_ trial: TrialProtocol, asOf: ClinicalTime) throws(EventLogError) -> RuleFollowUp? {
        var all: [RecordedEvent] = []
        try store.forEachEvent(from: 1) { all.append($0); return true }
        return try appendRuleFollowUp(trial, events: all, asOf: asOf)
    }

    /// The `ruleStatus` event the follow-up appends after `events` at `asOf`, and the status it
    /// records, and which changed; nil when neither the stopping rules' status nor the dose
    /// decision changed. `status` is the evaluation of `trial` on `events` at `asOf` and `logged`
    /// what `events` last logged, when the caller has them already.
    package static func followUpDraft(_ trial: TrialProtocol, events: [RecordedEvent], asOf: ClinicalTime, status: TrialStatus? = nil,
                                      logged: LoggedFollowUp? = nil)
        -> (event: EventDraft, status: TrialStatus, statusChanged: Bool, decisionChanged: Bool)? {
        let status = status ?? TrialStatus.evaluate(trial, events: events, asOf: asOf)
        let logged = logged ?? {
            let known = events.filter { ($0.recordInstant ?? asOf) <= asOf }
            return LoggedFollowUp(status: TrialStatus.lastLoggedStatus(in: known), decision: lastLoggedDecision(in: known))
        }()
        let statusChanged = TrialStatus.statusChanged(previous: logged.status, current: status)
        let decision = trial.doseFinding.map { DoseEscalationStatus.evaluate($0, status: status, events: events).loggedDecision }
        let decisionChanged = decision.map { !Self.sameJSON($0, logged.decision) } ?? false
        guard statusChanged || decisionChanged else { return nil }
        guard case .object(var members) = status.ruleStatusPayload else { return nil }
        if let decision {
            members.append((PayloadKey.doseDecision.rawValue, decision))
            members.sort { $0.0 < $1.0 }
        }
        return (EventDraft(kind: .ruleStatus, patient: nil, clinicalTime: nil, payload: .object(members)), status, statusChanged, decisionChanged)
    }

    /// The `doseDecision` of the last `ruleStatus` event that carries one (by sequence number).
    package static func lastLoggedDecision(in events: [RecordedEvent]) -> JSONValue? {
        var last: (seq: Int64, decision: JSONValue)?
        for event in events where event.kind == .ruleStatus {
            guard let decision = event.payload[.doseDecision], event.seq > (last?.seq ?? .min) else { continue }
            last = (event.seq, decision)
        }
        return last?.decision
    }

    /// JSON equality with object members compared by key, whatever their order: the store may
    /// give a payload back with its members in another order than they were written.
    static func sameJSON(_ a: JSONValue, _ b: JSONValue?) -> Bool {
        guard let b else { return false }
        switch (a, b) {
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            let byKey = Dictionary(y, uniquingKeysWith: { first, _ in first })
            return x.allSatisfy { member in sameJSON(member.1, byKey[member.0]) }
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { sameJSON($0, $1) }
        default:
            return a == b
        }
    }
}
