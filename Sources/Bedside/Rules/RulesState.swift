import Clinical
import Safety

/// The rules screen: the trial's status as evaluated on the log, the rule-status event last
/// logged, and how far the screen is scrolled. A value built from the context; no I/O.
struct RulesState {
    /// The protocol's rules (for their boundaries); nil without a protocol.
    var trial: TrialProtocol?
    var status: TrialStatus?
    /// The dose-escalation decision, when the protocol has a dose-finding section.
    var dose: DoseEscalationStatus?
    /// The last `ruleStatus` event of the log, if any.
    var lastLogged: RecordedEvent?
    var now: ClinicalTime
    /// The sites whose subjects the status counts, when it is a trial's shown at one site's
    /// board (README, "The whole trial"); nil for the board's own log.
    var sites: [String]?
    var scroll = 0

    init(trial: TrialProtocol?, status: TrialStatus?, events: [RecordedEvent], now: ClinicalTime, sites: [String]? = nil) {
        self.trial = trial
        self.status = status
        self.sites = sites
        self.lastLogged = events.last { $0.kind == .ruleStatus }
        if let plan = trial?.doseFinding, let status { dose = DoseEscalationStatus.evaluate(plan, status: status, events: events) }
        self.now = now
    }

    mutating func apply(_ command: ScrollCommand, layout: DocumentLayout) -> Reaction {
        scroll = command.apply(to: scroll, layout: layout)
        return .redraw
    }

    /// The log changed: the new evaluation, the scroll kept.
    mutating func update(trial: TrialProtocol?, status: TrialStatus?, events: [RecordedEvent], now: ClinicalTime, sites: [String]? = nil) {
        let scroll = scroll
        self = RulesState(trial: trial, status: status, events: events, now: now, sites: sites)
        self.scroll = scroll
    }

    /// The protocol's rule with `id`.
    func rule(_ id: String) -> SafetyRule? { trial?.rules.first { $0.id == id } }
}
