import Clinical
import Safety

/// The rule-status follow-up of a write: the protocol's stopping rules evaluated again after the
/// new events, and a `ruleStatus` event appended when what they say changed, so that replay shows
/// when a rule tripped and who saw it (README, "Protocol safety rules"). `aegrade record`, the
/// bedside board and the demo each call it after their writes.
extension LogRecorder {
    /// A change of the trial's status, as appended.
    package struct RuleStatusChange: Sendable {
        /// The `ruleStatus` event written.
        package let event: RecordedEvent
        /// The status it records.
        package let status: TrialStatus
    }

    /// Evaluates `trial` on `events` — the log up to its head, the writes just made included — at
    /// `asOf`, and appends a `ruleStatus` event when the status differs from the last one
    /// logged; nil when it does not. It writes what aegrade itself concludes, so it is
    /// attributed to aegrade (`Author.system`) and no role is needed for it.
    package func appendRuleStatusIfChanged(_ trial: TrialProtocol, events: [RecordedEvent], asOf: ClinicalTime)
        throws(EventLogError) -> RuleStatusChange? {
        guard let status = TrialStatus.changedStatus(trial, events: events, asOf: asOf) else { return nil }
        let recorded = try store.append([status.ruleStatusDraft], author: .system)
        return RuleStatusChange(event: recorded[0], status: status)
    }

    /// The same on the whole log, read from the store first (for a front end that holds no fold
    /// of it, such as `aegrade record`).
    package func appendRuleStatusIfChanged(_ trial: TrialProtocol, asOf: ClinicalTime) throws(EventLogError) -> RuleStatusChange? {
        var all: [RecordedEvent] = []
        try store.forEachEvent(from: 1) { all.append($0); return true }
        return try appendRuleStatusIfChanged(trial, events: all, asOf: asOf)
    }
}
