import Clinical
import Safety

/// The stopping rules of a trial of several sites folded over every site's events, as a site's
/// board keeps them (README, "The whole trial"): its banner and rules screen show the trial's
/// status, and each save's follow-up (``LogRecorder/appendTrialRuleFollowUp(source:asOf:kept:)``)
/// reads only what the sites appended since the last one, not every site's chain again.
///
/// **What is kept** is what the rules read — the protocol's fold (``TrialFold``: per subject the
/// facts the rules count), the last rule status logged at any site, and, when the protocol makes a
/// dose decision, the trial's infusions — never the events: memory grows with the subjects, not
/// with the trial's length.
///
/// **Reading what grew.** Each site's last seq folded is kept; ``catchUp(_:)`` reads the sites
/// whose head moved from there (``TrialSource/forEachMergedEvent(after:through:only:_:)``) and folds their new
/// events, which is the fold of the whole trial merged again only when those events follow, in
/// the trial's one order (``TrialOrderKey``), every event folded since their site's last one. A
/// pushed offline log's events recorded before those do not (the merge would have put them
/// earlier): then, as when a site was begun since, the trial is read whole and folded again.
package struct TrialRuleFold: Sendable {
    package let trial: TrialProtocol
    private var fold: TrialFold
    /// The sites folded, in the source's order (the index every merged event names).
    package private(set) var sites: [String] = []
    /// Each site's last seq folded.
    package private(set) var heads: [String: Int64] = [:]
    /// Whether the trial has been read once.
    private var loaded = false
    /// Where each site's next event must come in the trial's order.
    private var frontier = TrialMergeFrontier(sites: [])
    /// The last `ruleStatus` event folded, in the trial's order (a seq orders one site's events
    /// only): what the rules screen says was logged.
    package private(set) var lastRuleStatus: RecordedEvent?
    /// The last rule status and dose decision logged at any site, in the trial's order.
    private var loggedStatus: LoggedRuleStatus?
    private var loggedDecision: JSONValue?
    /// The trial's infusions, patients qualified by site, when the protocol has a dose-finding
    /// section (the dose decision reads them); empty otherwise.
    package private(set) var infusions: [RecordedEvent] = []

    package init(_ trial: TrialProtocol) {
        self.trial = trial
        fold = TrialFold(trial)
    }

    /// Brings the fold up to every site's head: reads only the sites whose head moved, from the
    /// seq last folded, or the whole trial the first time, when the sites changed, or when a
    /// site's new events come before others already folded. Returns whether anything was folded.
    @discardableResult
    package mutating func catchUp(_ source: any TrialSource) throws(EventLogError) -> Bool {
        let now = try source.heads()
        if loaded, now == heads { return false }
        if loaded, try grow(source, to: now) { return true }
        var fresh = TrialRuleFold(trial)
        try source.takeUpNewSites()
        fresh.sites = source.sites
        fresh.frontier = TrialMergeFrontier(sites: fresh.sites)
        // Streamed through the fold a page per site at a time: the trial is never held whole.
        try source.forEachMergedEvent(after: [:], through: nil, only: nil) { (event, site) throws(EventLogError) in
            fresh.add(event, site: site)
        }
        fresh.loaded = true
        self = fresh
        return true
    }

    /// Folds the events of the sites whose head moved, when they follow what was folded; false,
    /// having folded nothing, when the trial must be read whole.
    private mutating func grow(_ source: any TrialSource, to now: [String: Int64]) throws(EventLogError) -> Bool {
        guard source.sites == sites, Set(now.keys) == Set(sites),
              !now.contains(where: { $0.value < heads[$0.key] ?? 0 }) else { return false }
        let moved = Set(now.filter { $0.value > heads[$0.key] ?? 0 }.keys)
        // What grew only (a few events a save): kept until every site's first is checked.
        var added: [(event: RecordedEvent, site: Int)] = []
        try source.forEachMergedEvent(after: heads, through: nil, only: moved) { (event, site) throws(EventLogError) in
            added.append((event, site))
        }
        var first: Set<Int> = []
        for (event, site) in added where first.insert(site).inserted {
            guard frontier.follows(event, site: site) else { return false }
        }
        for (event, site) in added { add(event, site: site) }
        return true
    }

    /// Folds the merge's next event, of site `site`.
    private mutating func add(_ event: RecordedEvent, site: Int) {
        guard sites.indices.contains(site) else { return }
        fold.add(event)
        heads[sites[site]] = event.seq
        frontier.note(event, site: site)
        switch event.kind {
        case .ruleStatus:
            lastRuleStatus = event
            if let logged = event.loggedRuleStatus { loggedStatus = logged }
            if let decision = event.payload[.doseDecision] { loggedDecision = decision }
        case .infusion where trial.doseFinding != nil:
            infusions.append(event)
        default:
            break
        }
    }

    /// The trial's status at `asOf` from the fold; nil when it cannot answer (an event folded was
    /// recorded after `asOf`: a clock set back), and the caller evaluates the events.
    package mutating func status(asOf: ClinicalTime) -> TrialStatus? { fold.status(asOf: asOf) }

    /// What the sites last logged of the follow-up, as of a time the fold answers for
    /// (``status(asOf:)`` not nil: every event folded was recorded by then).
    package var logged: LogRecorder.LoggedFollowUp { LogRecorder.LoggedFollowUp(status: loggedStatus, decision: loggedDecision) }

    /// What the rules screen reads besides the status: the infusions (the dose decision) and the
    /// last rule status logged, last.
    package var ruleEvents: [RecordedEvent] { infusions + (lastRuleStatus.map { [$0] } ?? []) }
}
