import Clinical
import EventLog
import Safety

/// One site's board of a trial of several speaks for the trial's stopping rules (README, "The
/// whole trial"): they count the subjects of every site, so its banner and rules screen show the
/// trial's status, naming the sites counted, kept current as any site's head moves, and a save's
/// follow-up is evaluated over every site. All of it from one fold of the trial
/// (``BedsideContext/trialRules``) that reads only what the sites appended since it last read them.
extension BedsideContext {
    /// The status the banner and the rules screen show: on one site's board of a trial, the
    /// trial's; else the board's own (one log, or the whole trial on the trial-wide board).
    package var ruleStatus: TrialStatus? { countedSites != nil ? trialStatus : status }

    /// The sites whose subjects ``ruleStatus`` counts, when it is the trial's on one site's board;
    /// nil when it is the board's own.
    package var countedSites: [String]? {
        guard !showsTrial, trialStatus != nil, let trialRules else { return nil }
        return trialRules.sites
    }

    /// Brings ``trialRules`` up to every site's head and evaluates the trial at `asOf`: the fold's
    /// answer, or, when it cannot give one (an event recorded after `asOf`: a clock set back),
    /// every site's events read and evaluated. Nothing on one log or on the trial-wide board.
    func followTrialRules(asOf: ClinicalTime) throws(EventLogError) {
        guard !showsTrial, let sites, var rules = trialRules else { return }
        // Taken out while it changes, so that its tables are changed in place, not copied.
        trialRules = nil
        defer { trialRules = rules }
        try rules.catchUp(sites)
        if let folded = rules.status(asOf: asOf) {
            trialStatus = folded
        } else {
            trialStatus = TrialStatus.evaluate(rules.trial, events: try sites.mergedEvents().map(\.event), asOf: asOf)
        }
    }

    /// `rules` brought up to every site's head, off the screen loop (the fast start's thread); nil
    /// when there are none or the sites cannot be read now.
    static func readTrialRules(_ rules: TrialRuleFold?, sites: (any TrialSource)?) -> TrialRuleFold? {
        guard var rules, let sites, (try? rules.catchUp(sites)) != nil else { return nil }
        return rules
    }

    /// Whether any site's head moved since ``trialRules`` last read the sites (one query): the
    /// board polls it beside its own site's head.
    func trialRulesMoved() throws(EventLogError) -> Bool {
        guard !showsTrial, let sites, let trialRules else { return false }
        return try sites.heads() != trialRules.heads
    }

    /// The trial's status evaluated again at the clock's now (a DLT window ends with nothing
    /// written): the fold answers at once; when it cannot, the last status stands until the next
    /// read of the sites.
    func refreshTrialRulesClock() {
        guard !showsTrial, trialStatus != nil, var rules = trialRules else { return }
        trialRules = nil
        defer { trialRules = rules }
        if let folded = rules.status(asOf: now()) { trialStatus = folded }
    }

    /// The save's follow-up over every site (``LogRecorder/appendTrialRuleFollowUp(source:asOf:kept:)``)
    /// on the board's fold of the trial: what the sites appended since it last read them is read,
    /// and a change is appended at this site.
    func followUpOverTrial(_ trial: TrialProtocol, sites: any TrialSource, asOf: ClinicalTime) throws(EventLogError) -> LogRecorder.RuleFollowUp? {
        var rules = trialRules ?? TrialRuleFold(trial)
        trialRules = nil
        defer { trialRules = rules }
        return try systemRecorder(at: asOf).appendTrialRuleFollowUp(source: sites, asOf: asOf, kept: &rules)
    }
}
