import Clinical
import EventLog
import Foundation
import Grading
import Localization
import Safety

/// What every screen may read: the log, the criteria, the protocol, who is signed in, and the
/// state folded from the log (reloaded when another terminal writes).
///
/// **Where the events come from** is one site's log (`store`) or, on a PostgreSQL trial, the
/// merged chains of its sites (`sites`, README "The whole trial"): `replay` holds either, patients
/// qualified `site/ID` for the trial, and ``trialBoard`` reads the trial's events from their sites
/// where one log reads them from the store. The screens read the same properties either way. The
/// whole trial is read only; `store` is then the site the user signs in at.
///
/// **What is kept** of one log is what the board shows, per patient (the replay's state, the
/// protocol's fold, the latest grades events of the rows), never the log's events: a timeline,
/// the rules screen or the replay reads the events it shows from the store when it opens
/// (README, "The triage board"), so the board's memory does not grow with the log. The same holds
/// on the whole trial: the board keeps per site its last seq folded (``TrialBoardFold``), and the
/// merged events are read from the sites, as a stream, when it folds them or a screen shows them.
package final class BedsideContext {
    /// The site the board signs in at and writes to (on the whole trial: signs in at only).
    package private(set) var store: any EventStore
    /// The trial's sites, when the board may show more than one site; nil for one log.
    package let sites: (any TrialSource)?
    /// Which sites the board shows, by the signed-in user's role.
    package let scope: BoardScope
    /// Whether `store` is the site named on the command line; else the sign-in finds the site
    /// that holds the account (``accountStore(for:)``).
    private var homeFixed = true
    /// What the board keeps of the trial's merged events while it shows the whole trial (each
    /// site's last seq folded, no event); nil while it shows one site's log.
    package private(set) var trialBoard: TrialBoardFold?
    /// Whether the board shows the whole trial.
    package var showsTrial: Bool { trialBoard != nil }
    package let criteria: CriteriaSet
    package let trial: TrialProtocol?
    /// Who the ``Authenticator`` signed in at this terminal; nil until the sign-in screen has
    /// signed someone in, after a switch of user, and never typed (21 CFR 11.10(d), 11.200(a)).
    package private(set) var signedIn: SignedIn?
    /// The account and role of the signed-in user; while no one is, a role that may write nothing.
    package var author: Author { signedIn?.author ?? Self.nobody }
    static let nobody = Author(id: "(not signed in)", role: .inspector)
    /// The clock screens use for "now": the system clock, or one a test advances without
    /// sleeping. Time-dependent text is evaluated again at it on every tick of the app.
    package let now: () -> ClinicalTime
    /// Whether colours are used (false with NO_COLOR).
    package let colors: Bool
    /// Whether the system clock is synchronised, for the clock's banner (C-TIME-3); the
    /// executable gives the kernel's (`ClockWatch()`), a context without one shows no banner.
    package var clockWatch: ClockWatch?

    /// The log as last loaded.
    package private(set) var replay: Replay
    package private(set) var status: TrialStatus?
    /// On one site's board of a trial of several (``sites`` given, one site shown), the trial's
    /// stopping rules folded over every site's events (README, "The whole trial"): the banner and
    /// the rules screen show their status (``ruleStatus``), a save's follow-up reads only what the
    /// sites appended since. Nil for one log, without a protocol, and on the trial-wide board.
    var trialRules: TrialRuleFold?
    /// The trial's status from ``trialRules`` as last brought up to the sites' heads; nil until then.
    package internal(set) var trialStatus: TrialStatus?
    /// The protocol folded over the log as loaded (nil without a protocol): a reload folds only
    /// the events it adds, and the status at any later time is asked of it rather than of every event.
    private var trialFold: TrialFold?
    /// The head of the log as last loaded (on the whole trial: the number of merged events).
    package private(set) var headSeq: Int64 = 0
    /// The hash of the event at `headSeq` as loaded: a reload folds only what follows when the
    /// log still holds that event there (the log is append-only).
    private var headHash: String?
    /// The latest grades event of each patient's row as last read (``gradesEvent(_:of:)``): one
    /// per patient, read again from the store when the row names another.
    private(set) var rowGrades: [String: RecordedEvent] = [:]
    /// The time `status` was evaluated at, on the events as loaded; nil when the events changed
    /// since (a save's follow-up then evaluates the protocol again).
    private var statusAsOf: ClinicalTime?
    /// A message for the status bar (a save, an error), cleared on the next key.
    package var message: (text: String, isError: Bool)?

    /// Whether `replay` and `status` hold the whole log. A fast start shows the board
    /// from `EventStore.boardHeads(definiteOf:)` and the last logged rule status while the whole log
    /// is folded on another thread; the first key waits for that fold.
    package private(set) var isFullyLoaded = true
    /// The last rule status the log recorded, for the banner until the protocol is evaluated.
    package private(set) var loggedStatus: LoggedRuleStatus?
    /// The verification of the log's chain run when the context opened (in the background).
    package private(set) var logCheck = LogCheck.running
    /// Grades events read by the fast start.
    private var headGrades: [Int64: RecordedEvent] = [:]
    private let pending = PendingLoad(count: 1)
    /// Why the whole-log fold failed, once it has (``finishLoading(wait:)``).
    private var loadFailure: EventLogError?
    /// A new one when the board turns to the whole trial, whose every site is verified then.
    private var check = Handoff<LogCheck>()
    /// The protocol evaluated again at the clock's tick, on another thread (the whole log is
    /// read: too slow for the screen loop on a large log), with the number of events it saw.
    private let clockStatus = Handoff<(head: Int64, status: TrialStatus)>()
    private var clockRefreshPending = false

    package init(store: any EventStore, criteria: CriteriaSet, trial: TrialProtocol?, signedIn: SignedIn?, colors: Bool = true,
                 now: @escaping () -> ClinicalTime = { ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970) }) throws(EventLogError) {
        self.store = store
        self.sites = nil
        self.scope = .site
        self.criteria = criteria
        self.trial = trial
        self.signedIn = signedIn
        self.colors = colors
        self.now = now
        self.replay = Replay()
        try reload()
        refreshLockedOutAccounts()
        let check = self.check
        DispatchQueue.global(qos: .utility).async { check.deliver(LogCheck.run(store)) }
    }

    /// A context whose first frame is drawn from the board heads of the log (in time
    /// proportional to the patients), the whole log being folded on another thread meanwhile.
    ///
    /// With `sites` and `scope` `.trialFor(roles)`, a user signing in in one of `roles` reads the
    /// whole trial (``begin(_:)``).
    package init(fastStart store: any EventStore, sites: (any TrialSource)? = nil, scope: BoardScope = .site,
                 criteria: CriteriaSet, trial: TrialProtocol?, signedIn: SignedIn?, colors: Bool = true,
                 now: @escaping () -> ClinicalTime = { ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970) }) throws(EventLogError) {
        self.store = store
        self.sites = sites
        self.scope = sites == nil ? .site : scope
        self.criteria = criteria
        self.trial = trial
        self.trialRules = sites == nil ? nil : trial.map(TrialRuleFold.init)
        self.signedIn = signedIn
        self.colors = colors
        self.now = now
        let head = try store.lastEvent()?.seq ?? 0
        let heads = try store.boardHeads(definiteOf: [TriageBoardState.crsCriteria, TriageBoardState.icansCriteria])
        self.replay = heads.replay
        self.headGrades = heads.grades
        self.loggedStatus = try store.lastEvent(of: .ruleStatus)?.loggedRuleStatus
        self.headSeq = head
        self.isFullyLoaded = false
        let pending = self.pending, check = self.check, rules = self.trialRules
        let asOf = now()
        let thread = Thread {
            let result = Result { () throws(EventLogError) in
                var loaded = try Self.fold(store, trial: trial, now: { asOf })
                // The trial's rules too, read whole here rather than on the screen loop; a trial
                // that cannot be read now is read again there, and its error shown.
                loaded.trialRules = Self.readTrialRules(rules, sites: sites)
                return loaded
            }
            pending.fill(0, result)
            // Then the chain, so that the first key (which waits for the fold) does not wait for it too.
            DispatchQueue.global(qos: .utility).async { check.deliver(LogCheck.run(store)) }
        }
        thread.stackSize = 1 << 24
        thread.start()
        refreshLockedOutAccounts()
    }

    /// A board over the whole trial (or the sites chosen), read only (README, "The whole trial"):
    /// the sites' events merged, patients qualified `site/ID`. `home` is the site the user signs
    /// in at; nil lets the sign-in find the site that holds the account.
    package init(sites: any TrialSource, home: (any EventStore)?, criteria: CriteriaSet, trial: TrialProtocol?, signedIn: SignedIn?,
                 colors: Bool = true,
                 now: @escaping () -> ClinicalTime = { ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970) }) throws(EventLogError) {
        self.sites = sites
        self.scope = .trial
        let first = try sites.sites.first.map { site throws(EventLogError) in try sites.siteStore(site) }
        guard let store = home ?? first else { throw .missing(path: "the trial (no site)") }
        self.store = store
        self.homeFixed = home != nil
        self.criteria = criteria
        self.trial = trial
        self.signedIn = signedIn
        self.colors = colors
        self.now = now
        self.replay = Replay()
        try loadTrial(asOf: now())
        refreshLockedOutAccounts()
        verifySites(sites)
    }

    /// Verifies every site's chain in the background, as `verify --all-sites` does: the board's
    /// banner then speaks for every site shown (``finishLogCheck(wait:)`` takes the answer).
    private func verifySites(_ sites: any TrialSource) {
        let check = Handoff<LogCheck>(), names = sites.sites
        self.check = check
        logCheck = .running
        DispatchQueue.global(qos: .utility).async { check.deliver(LogCheck.run(sites: sites, names: names)) }
    }

    /// Brings the whole trial up to its sites' heads: folds in what the sites whose head moved
    /// appended since they were read (``growTrial(_:sites:asOf:)``), or reads every site again,
    /// merged, and folds them — the first time, when a site was begun since, and when a site's new
    /// events come before others already folded (a pushed offline log's may: README, "The whole
    /// trial"). Either way the events stream through the fold and none is kept (``TrialBoardFold``).
    /// The trial's status is the protocol's fold of the merged events, evaluated at `asOf`.
    private func loadTrial(asOf: ClinicalTime) throws(EventLogError) {
        guard let sites else { return }
        if let board = trialBoard, try growTrial(board, sites: sites, asOf: asOf) { return }
        try sites.takeUpNewSites()
        let board = try TrialBoardFold(sites: sites)
        var folded = Replay(lookup: board.lookup)
        var fold = trial.map(TrialFold.init)
        var latestGrades: [String: RecordedEvent] = [:]
        try sites.forEachMergedEvent(after: [:], through: nil, only: nil) { event, site in
            board.note(event, site: site)
            fold?.add(event)
            Self.keepLatestGrades(event, in: &latestGrades)
            _ = folded.fold(event)
        }
        replay = folded
        trialBoard = board
        headSeq = board.merged
        headHash = nil
        headGrades = [:]
        rowGrades = latestGrades
        readMissingTrialRowGrades(board, of: nil)
        isFullyLoaded = true
        trialFold = fold
        try evaluateTrial(board, sites: sites, asOf: asOf)
    }

    /// Folds in the events appended since the trial was read at the sites whose head moved, read
    /// from the seq last read of those sites only. False, having folded nothing, when the trial
    /// must be read whole: the sites changed, or a site's first new event does not follow what
    /// was merged since its last one (``TrialBoardFold/follows(_:site:)``). The new events are
    /// held until they are folded: what the sites added, not the trial.
    private func growTrial(_ board: TrialBoardFold, sites: any TrialSource, asOf: ClinicalTime) throws(EventLogError) -> Bool {
        let heads = try sites.heads()
        guard Set(heads.keys) == Set(board.siteNames), board.siteNames == sites.sites,
              !heads.contains(where: { $0.value < board.read[$0.key] ?? 0 }) else { return false }
        let moved = Set(heads.filter { $0.value > board.read[$0.key] ?? 0 }.keys)
        if !moved.isEmpty {
            var added: [(event: RecordedEvent, site: Int)] = []
            try sites.forEachMergedEvent(after: board.read, through: nil, only: moved) { event, site in added.append((event, site)) }
            var first: Set<Int> = []
            for (event, site) in added where first.insert(site).inserted {
                guard board.follows(event, site: site) else { return false }
            }
            var folded = replay
            var touched: Set<String> = []
            for (event, site) in added {
                board.note(event, site: site)
                trialFold?.add(event)
                Self.keepLatestGrades(event, in: &rowGrades)
                if let patient = event.patient { touched.insert(patient) }
                _ = folded.fold(event)
            }
            replay = folded
            readMissingTrialRowGrades(board, of: touched)
            headSeq = board.merged
        }
        try evaluateTrial(board, sites: sites, asOf: asOf)
        return true
    }

    /// Reads from the patients' sites the grades event each row names that ``rowGrades`` does not
    /// hold (``readMissingRowGrades(_:of:store:into:)`` on one log), for the patients in `ids`
    /// (nil: every patient).
    private func readMissingTrialRowGrades(_ board: TrialBoardFold, of ids: Set<String>?) {
        let patients = replay.patients
        for id in ids.map(Array.init) ?? patients.ids {
            guard let patient = patients[id], let seq = patient.latestGradesSeq, rowGrades[patient.id]?.seq != seq else { continue }
            if let event = board.event(seq: seq, patient: patient.id), event.patient == patient.id { rowGrades[patient.id] = event }
        }
    }

    /// The trial's status at `asOf`: the fold's, or, when it cannot answer (an event recorded
    /// after `asOf`), the merged events as folded read again from the sites and evaluated.
    private func evaluateTrial(_ board: TrialBoardFold, sites: any TrialSource, asOf: ClinicalTime) throws(EventLogError) {
        if let trial {
            if let folded = trialFold?.status(asOf: asOf) {
                status = folded
            } else {
                status = TrialStatus.evaluate(trial, events: try Self.mergedEvents(sites, through: board.read), asOf: asOf)
            }
        } else {
            status = nil
        }
        statusAsOf = asOf
    }

    /// The trial's merged events up to each site's seq in `read` (what the board folded), read
    /// from the sites; held by the caller only while it needs them.
    private static func mergedEvents(_ sites: any TrialSource, through read: [String: Int64]) throws(EventLogError) -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        try sites.forEachMergedEvent(after: [:], through: read, only: nil) { event, _ in events.append(event) }
        return events
    }

    /// The trial's merged events as the board folded them, by site and seq, read from the sites
    /// for a screen that steps through them (the replay), which holds them while it is open; nil
    /// while the board shows one site's log. A failure to read is left in the status bar.
    package func trialEvents() -> TrialEventIndex? {
        guard let board = trialBoard, let sites else { return nil }
        var events: [RecordedEvent] = []
        var siteOf: [Int] = []
        do throws(EventLogError) {
            try sites.forEachMergedEvent(after: [:], through: board.read, only: nil) { event, site in
                events.append(event)
                siteOf.append(site)
            }
        } catch {
            message = (localized("Cannot read the log: {reason}", ["reason": error.description]), true)
        }
        return TrialEventIndex(events: events, sites: siteOf, siteNames: board.siteNames)
    }

    /// Shows the sites `role` reads (``BoardScope``): the whole trial or the one site's log,
    /// read again when that changes. A failure to read is left in the status bar.
    private func showSites(for role: Role?) {
        guard sites != nil, scope.readsTrial(role) != showsTrial else { return }
        do throws(EventLogError) {
            if scope.readsTrial(role), let sites {
                // The fast start's thread may be reading the sites still: they are read on one thread at a time.
                if !isFullyLoaded { try finishLoading(wait: true) }
                try loadTrial(asOf: now())
                verifySites(sites)
            } else {
                if !isFullyLoaded { try finishLoading(wait: true) }
                trialBoard = nil
                let full = try Self.fold(store, trial: trial, now: now)
                take(full)
                statusAsOf = nil
                try followTrialRules(asOf: now())
                // The banner speaks for the site shown again.
                let check = Handoff<LogCheck>(), store = self.store
                self.check = check
                logCheck = .running
                DispatchQueue.global(qos: .utility).async { check.deliver(LogCheck.run(store)) }
            }
        } catch {
            message = (localized("Cannot read the log: {reason}", ["reason": error.description]), true)
        }
    }

    /// Why nothing may be written from this board: the whole trial is shown, which is read only;
    /// nil while it shows one site's log.
    package var readOnlyReason: String? {
        guard showsTrial else { return nil }
        return localized("The whole trial is shown read only: to write, open one site's board (aegrade board --db URL?site=SITE, or --site SITE)")
    }

    /// The events a patient's timeline reads: the patient's events and the log's signatures up to
    /// `seq` (the head as loaded when nil), read from the store through its patient and kind
    /// indexes; on the whole trial, from the patient's site up to the seq the board folded there
    /// (``TrialBoardFold/timelineEvents(of:)``), or, from the replay at `position` in its merged
    /// events `replayed`, that site's events up to there. A failure to read is left in the status bar.
    package func timelineEvents(of patient: String, through position: Int? = nil, in replayed: TrialEventIndex? = nil,
                                upTo seq: Int64? = nil) -> [RecordedEvent] {
        if let replayed, let position { return replayed.events(ofSiteOf: patient, through: position) }
        let last = min(seq ?? headSeq, headSeq)
        do throws(EventLogError) {
            if let trialBoard { return try trialBoard.timelineEvents(of: patient) }
            guard last >= 1 else { return [] }
            let own = try store.events(ofPatient: patient, seqs: 1...last)
            let signatures = try store.events(ofKind: .signature, seqs: 1...last).filter { $0.patient != patient }
            return (own + signatures).sorted { $0.seq < $1.seq }
        } catch {
            message = (localized("Cannot read the log: {reason}", ["reason": error.description]), true)
            return []
        }
    }

    /// The log's events up to the head as loaded (on the whole trial, the merged events), read
    /// from the store when asked: for the screens that step through the whole log or search it
    /// (the replay, a signature's proposed event), which hold them only while they are open. A
    /// failure to read is left in the status bar.
    package var events: [RecordedEvent] {
        if let trialBoard, let sites {
            do throws(EventLogError) {
                return try Self.mergedEvents(sites, through: trialBoard.read)
            } catch {
                message = (localized("Cannot read the log: {reason}", ["reason": error.description]), true)
                return []
            }
        }
        var read: [RecordedEvent] = []
        let head = headSeq
        do throws(EventLogError) {
            try store.forEachEvent(from: 1) { event in
                guard event.seq <= head else { return false }
                read.append(event)
                return true
            }
        } catch {
            message = (localized("Cannot read the log: {reason}", ["reason": error.description]), true)
        }
        return read
    }

    /// The events the rules screen reads besides the status: the rule statuses logged (the last
    /// one's time) and the infusions (the dose-finding decision), read through the store's kind
    /// index up to the head as loaded.
    package var ruleEvents: [RecordedEvent] {
        if countedSites != nil, let trialRules { return trialRules.ruleEvents }
        do throws(EventLogError) {
            if let trialBoard, let sites {
                // The trial's, merged: read as a stream, only these two kinds kept.
                var kept: [RecordedEvent] = []
                try sites.forEachMergedEvent(after: [:], through: trialBoard.read, only: nil) { event, _ in
                    if event.kind == .ruleStatus || event.kind == .infusion { kept.append(event) }
                }
                return kept
            }
            guard headSeq >= 1 else { return [] }
            let statuses = try store.events(ofKind: .ruleStatus, seqs: 1...headSeq)
            let infusions = try store.events(ofKind: .infusion, seqs: 1...headSeq)
            return (statuses + infusions).sorted { $0.seq < $1.seq }
        } catch {
            message = (localized("Cannot read the log: {reason}", ["reason": error.description]), true)
            return []
        }
    }

    /// The store to sign `user` in at: the board's site, or on the whole trial opened without one
    /// the site among those read that holds `user`'s account (the first site when none does, so
    /// that the refusal is the ordinary one). Nil when several sites hold an account of that id:
    /// the user must open the board at one of them.
    package func accountStore(for user: String) -> (store: any EventStore, ambiguous: [String]) {
        guard !homeFixed, let sites else { return (store, []) }
        var holding: [(String, any EventStore)] = []
        for site in sites.sites {
            guard let candidate = try? sites.siteStore(site), let directory = try? AccountDirectory(store: candidate),
                  directory[user] != nil else { continue }
            holding.append((site, candidate))
        }
        if holding.count > 1 { return (store, holding.map(\.0)) }
        return (holding.first?.1 ?? store, [])
    }

    /// The grades event with `seq` of `patient`'s log (on the whole trial, of the patient's
    /// site), from the full fold or the fast start.
    package func gradesEvent(_ seq: Int64, of patient: String) -> RecordedEvent? {
        guard isFullyLoaded else { return headGrades[seq] }
        if let kept = rowGrades[patient], kept.seq == seq { return kept }
        let read = trialBoard.map { $0.event(seq: seq, patient: patient) } ?? (try? store.event(seq: seq))
        guard let read, read.patient == patient else { return nil }
        rowGrades[patient] = read
        return read
    }

    /// Takes over the whole log once it is folded; with `wait`, waits for it. Returns whether the
    /// state changed.
    @discardableResult
    package func finishLoading(wait: Bool) throws(EventLogError) -> Bool {
        // The fold's answer is taken once: a failed one is kept and given again, or the next key
        // would wait for ever for a fold that already ended.
        if let loadFailure { throw loadFailure }
        guard !isFullyLoaded, let result = wait ? pending.take(0) : pending.takeIfFilled(0) else { return false }
        let full: LoadedLog
        switch result {
        case .success(let folded): full = folded
        case .failure(let error):
            loadFailure = error
            throw error
        }
        take(full)
        if let rules = full.trialRules { trialRules = rules }
        statusAsOf = nil
        headGrades = [:]
        isFullyLoaded = true
        try reload()
        return true
    }

    /// Takes the verification's result once there (with `wait`, waits for it); returns whether
    /// it changed.
    @discardableResult
    package func finishLogCheck(wait: Bool) -> Bool {
        guard logCheck == .running, let result = check.take(wait: wait) else { return false }
        logCheck = result
        return true
    }

    /// Takes the protocol's evaluation at the last tick once there (with `wait`, waits for it);
    /// returns whether the status changed. One made before the log grew is dropped: the reload
    /// evaluated the longer log already.
    @discardableResult
    package func finishClockRefresh(wait: Bool) -> Bool {
        guard clockRefreshPending, let result = clockStatus.take(wait: wait) else { return false }
        clockRefreshPending = false
        guard result.head == headSeq else { return false }
        status = result.status
        statusAsOf = nil
        return true
    }

    /// Evaluates the protocol again at the clock's now (a DLT window ends, an assessment falls
    /// due, with nothing written): ``finishClockRefresh(wait:)`` takes it. The fold answers at once
    /// (only the subjects a time crossed are evaluated again); when it cannot (an event recorded
    /// after the clock's now), the events are evaluated on another thread.
    package func refreshClock() {
        refreshTrialRulesClock()
        guard isFullyLoaded, let trial, !clockRefreshPending else { return }
        clockRefreshPending = true
        let head = headSeq, asOf = now(), handoff = clockStatus
        if let folded = trialFold?.status(asOf: asOf) {
            handoff.deliver((head, folded))
            return
        }
        if let board = trialBoard, let sites {
            // The trial's merged events as loaded, read from the sites (not the sign-in site's log).
            let read = board.read
            DispatchQueue.global(qos: .userInitiated).async {
                guard let events = try? Self.mergedEvents(sites, through: read) else { return }
                handoff.deliver((head, TrialStatus.evaluate(trial, events: events, asOf: asOf)))
            }
            return
        }
        let store = self.store
        DispatchQueue.global(qos: .userInitiated).async {
            // The log as loaded, read again from the store: the board keeps no events.
            guard let status = try? TrialEvaluation.status(trial, store: store, through: head, asOf: asOf) else { return }
            handoff.deliver((head, status))
        }
    }

    /// Folds the whole log and evaluates the protocol; each event is dropped once folded.
    static func fold(_ store: any EventStore, trial: TrialProtocol?, now: () -> ClinicalTime) throws(EventLogError) -> LoadedLog {
        var last: RecordedEvent?
        var folded = Replay(lookup: try store.replayLookup())
        var trialFold = trial.map(TrialFold.init)
        var latestGrades: [String: RecordedEvent] = [:]
        try store.forEachEvent(from: 1) { event in
            last = event
            trialFold?.add(event)
            Self.keepLatestGrades(event, in: &latestGrades)
            return folded.fold(event)
        }
        let head = last?.seq ?? 0
        try Self.readMissingRowGrades(folded, store: store, into: &latestGrades)
        var status: TrialStatus?
        if var fold = trialFold {
            trialFold = nil
            status = try Self.status(of: &fold, store: store, head: head, asOf: now())
            trialFold = fold
        }
        return LoadedLog(headSeq: head, headHash: last?.hash, replay: folded, trialFold: trialFold, status: status,
                         latestGrades: latestGrades)
    }

    /// Keeps `event` as its patient's latest grades event: what a row names in nearly every case,
    /// so that drawing the rows (at each clock tick, on the screen loop) reads nothing from the
    /// store — reading one event per patient there held the screen half a second on 500 patients.
    /// One event per patient, whatever the log's length.
    static func keepLatestGrades(_ event: RecordedEvent, in kept: inout [String: RecordedEvent]) {
        guard event.kind == .grades, let patient = event.patient else { return }
        kept[patient] = event
    }

    /// Reads the grades event each row names (`latestGradesSeq`) that `kept` does not hold yet —
    /// a row whose standing grades are not its patient's latest grades event, or an id the replay
    /// spells otherwise — so that the rows drawn next read nothing. Off the screen loop for the
    /// whole-log fold; after a reload, only rows whose grades changed read.
    static func readMissingRowGrades(_ replay: Replay, of ids: Set<String>? = nil, store: any EventStore,
                                     into kept: inout [String: RecordedEvent]) throws(EventLogError) {
        let patients = replay.patients
        for id in ids.map(Array.init) ?? patients.ids {
            guard let patient = patients[id], let seq = patient.latestGradesSeq, kept[patient.id]?.seq != seq else { continue }
            if let event = try store.event(seq: seq), event.patient == patient.id { kept[patient.id] = event }
        }
    }

    /// The status of `fold` at `asOf`, or, when an event it folded was recorded after `asOf` (a
    /// clock set back), of the log up to `head` read again from the store.
    private static func status(of fold: inout TrialFold, store: any EventStore, head: Int64, asOf: ClinicalTime) throws(EventLogError) -> TrialStatus {
        if let folded = fold.status(asOf: asOf) { return folded }
        return try TrialEvaluation.status(fold.trial, store: store, through: head, asOf: asOf)
    }

    /// Takes over a whole-log fold.
    private func take(_ full: LoadedLog) {
        replay = full.replay
        trialFold = full.trialFold
        status = full.status
        headSeq = full.headSeq
        headHash = full.headHash
        rowGrades = full.latestGrades
    }

    /// Reads the log again if it grew (on the whole trial, and for a site board's trial rules: if any
    /// site's did); returns whether it did.
    @discardableResult
    package func reloadIfChanged() throws(EventLogError) -> Bool {
        if let trialBoard, let sites {
            guard try sites.heads() != trialBoard.read else { return false }
            try reload()
            refreshLockedOutAccounts()
            return true
        }
        if !isFullyLoaded { return try finishLoading(wait: false) }
        let head = try store.lastEvent()?.seq ?? 0
        let trialMoved = try trialRulesMoved()
        guard head != headSeq || trialMoved else { return false }
        try reload()
        refreshLockedOutAccounts()
        return true
    }

    /// Brings the state up to the head of the log: folds only the events appended since the last
    /// load (the log is append-only), or reads it whole the first time or if the event at the old
    /// head is not the one loaded. The trial status is evaluated again either way.
    package func reload() throws(EventLogError) { try reload(asOf: now()) }

    /// ``reload()`` with the protocol evaluated at `asOf` (one reading of the clock for a save and
    /// its follow-up).
    private func reload(asOf: ClinicalTime) throws(EventLogError) {
        if showsTrial { try loadTrial(asOf: asOf); return }
        if !isFullyLoaded { try finishLoading(wait: true); return }
        try reloadSite(asOf: asOf)
        try followTrialRules(asOf: asOf)
    }

    /// The site's own log brought up to its head (``reload(asOf:)`` on one site's board).
    private func reloadSite(asOf: ClinicalTime) throws(EventLogError) {
        if headSeq > 0, let headHash, let stored = try store.event(seq: headSeq), stored.hash == headHash {
            var added: RecordedEvent?
            var folded = replay
            var trialFold = self.trialFold
            var rowGrades = self.rowGrades
            var touched: Set<String> = []
            try store.forEachEvent(from: headSeq + 1) { event in
                added = event
                trialFold?.add(event)
                Self.keepLatestGrades(event, in: &rowGrades)
                if let patient = event.patient { touched.insert(patient) }
                return folded.fold(event)
            }
            try Self.readMissingRowGrades(folded, of: touched, store: store, into: &rowGrades)
            self.rowGrades = rowGrades
            guard let added else { return }
            replay = folded
            self.trialFold = trialFold
            headSeq = added.seq
            self.headHash = added.hash
        } else {
            take(try Self.fold(store, trial: trial, now: { asOf }))
            statusAsOf = asOf
            return
        }
        if var fold = trialFold {
            trialFold = nil
            defer { trialFold = fold }
            status = try Self.status(of: &fold, store: store, head: headSeq, asOf: asOf)
        }
        statusAsOf = asOf
    }

    /// After an entry was written: the rule status appended if it changed, and the state brought up
    /// to the head of the log. The entry itself is written either way; the follow-up says what the
    /// save's message adds — the rule status it logged, or why it failed.
    package func settleAfterSave() -> SaveFollowUp {
        do {
            guard let change = try appendStatusIfChanged(), change.statusChanged else { return .none }
            return SaveFollowUp(text: "; " + localized("stopping-rule status changed (event {seq}): {status}",
                                                       ["seq": String(change.event.seq), "status": PrintableText.escaped(change.status.textLines[0])]),
                                isError: false)
        } catch {
            return SaveFollowUp(text: localized("; the rule status could not be written or the log read back: {reason}", ["reason": localizedMessage(error.description)]),
                                isError: true)
        }
    }

    /// The recorder's rule-status follow-up with the dose decision (``LogRecorder/appendRuleFollowUp(_:events:asOf:)``)
    /// on the state brought up to the head first, so that the status is evaluated on everything
    /// written so far, by any terminal; then reloads if it appended. Returns what it appended.
    ///
    /// At a site of a PostgreSQL trial of several (``sites``) the stopping rules count every
    /// site's subjects: the follow-up is the one `record --protocol` makes there, evaluated on
    /// every site's events merged and appended at this site naming the sites counted, so that a
    /// rule tripped only when another site's subjects are counted is logged by the save that
    /// tripped it (README, "The whole trial"); it reads only what the sites appended since the
    /// board last read them (``followUpOverTrial(_:sites:asOf:)``).
    @discardableResult
    package func appendStatusIfChanged() throws(EventLogError) -> LogRecorder.RuleFollowUp? {
        let asOf = now()
        try reload(asOf: asOf)
        // The whole trial is read only: its status is what `rules status` on the trial says.
        guard let trial, !showsTrial else { return nil }
        if let sites {
            let change = try followUpOverTrial(trial, sites: sites, asOf: asOf)
            if change != nil { try reload() }
            return change
        }
        // The fold gives the status at this time (the reload's, or the subjects a time crossed since
        // evaluated again) and the last status and decision logged, all of its events being known
        // then; else the follow-up reads the events.
        let evaluated = statusAsOf == asOf ? status : trialFold?.status(asOf: asOf)
        var logged: LogRecorder.LoggedFollowUp?
        if let fold = trialFold, fold.latestRecord.map({ $0 <= asOf }) ?? true {
            logged = LogRecorder.LoggedFollowUp(status: fold.lastLoggedStatus, decision: fold.lastLoggedDecision)
        }
        // The events the follow-up still needs, read from the store: none when the fold gave the
        // status and what was logged, but the infusions when a dose decision is made; else the log.
        let events: [RecordedEvent]
        if evaluated != nil, logged != nil {
            events = trial.doseFinding == nil || headSeq < 1 ? [] : try store.events(ofKind: .infusion, seqs: 1...headSeq)
        } else {
            events = self.events
        }
        let change = try systemRecorder(at: asOf).appendRuleFollowUp(trial, events: events, asOf: asOf, status: evaluated, logged: logged)
        if change != nil { try reload() }
        return change
    }

    /// The recorder every screen writes through: the signed-in user, the clock as it reads now
    /// (one reading for the whole write). Refused while no one is signed in.
    package func recorder() throws(RecordError) -> LogRecorder {
        if let readOnlyReason { throw .refused(.account(readOnlyReason)) }
        guard let signedIn else { throw .refused(.account("no one is signed in at this terminal: sign in first")) }
        let clock = now()
        return LogRecorder(store: store, criteria: criteria, signedIn: signedIn, standing: standing, now: { clock })
    }

    /// The account directory every write of this terminal checks the writer's standing on,
    /// refolded only from the account events appended since the last write.
    let standing = AccountStanding()

    /// aegrade's own recorder, for the rule status it appends after a save.
    func systemRecorder(at clock: ClinicalTime? = nil) -> LogRecorder {
        let clock = clock ?? now()
        return LogRecorder(store: store, criteria: criteria, signedIn: .system, now: { clock })
    }

    /// Seconds without a key after which the board locks: the protocol's, else the default.
    package var idleLockSeconds: Int { trial?.idleLockSeconds ?? TrialProtocol.defaultIdleLockSeconds }

    /// Makes `user` the signed-in user (after the ``Authenticator`` said so), at `site` when the
    /// sign-in found the user's site (``accountStore(for:)``); the board then shows the sites
    /// the user's role reads (``BoardScope``).
    func begin(_ user: SignedIn, at site: (any EventStore)? = nil) {
        if let site, !homeFixed { store = site }
        signedIn = user
        showSites(for: user.author.role)
        refreshLockedOutAccounts()
    }

    /// No one is signed in any more (the caller wrote the `login` event).
    func end() { signedIn = nil }

    /// Accounts locked out by failed sign-ins, shown to an administrator or a safety user
    /// (21 CFR 11.300(d)); read when the log grows, only for those roles.
    package private(set) var lockedOutAccounts: [String] = []

    func refreshLockedOutAccounts() {
        guard let role = signedIn?.author.role, role == .administrator || role == .safety else { lockedOutAccounts = []; return }
        lockedOutAccounts = ((try? AccountDirectory(store: store))?.all ?? []).filter(\.lockedOut).map(\.id)
    }
}

/// The whole log folded: its head, the replay, the protocol's fold and the status.
struct LoadedLog: Sendable {
    /// The seq and hash of the last event folded (0 and nil for an empty log).
    let headSeq: Int64
    let headHash: String?
    let replay: Replay
    let trialFold: TrialFold?
    let status: TrialStatus?
    /// Each patient's latest grades event (``BedsideContext/keepLatestGrades(_:in:)``).
    let latestGrades: [String: RecordedEvent]
    /// On one site's board of a trial, the trial's rules folded by the fast start's thread.
    var trialRules: TrialRuleFold?
}

/// What a save's follow-up adds to the save's message (``BedsideContext/settleAfterSave()``): the
/// stopping-rule status it logged, or why the follow-up failed (an error; the entry stands).
package struct SaveFollowUp: Equatable, Sendable {
    package let text: String
    package let isError: Bool

    /// Nothing to add: no status changed, nothing failed.
    package static let none = SaveFollowUp(text: "", isError: false)
}

/// The whole-log fold handed from the loading thread to the screen loop (slot 0).
private typealias PendingLoad = WaitableSlots<Result<LoadedLog, EventLogError>>
