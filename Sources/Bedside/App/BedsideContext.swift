import Clinical
import EventLog
import Foundation
import Grading
import Localization
import Safety

/// What every screen may read: the log, the criteria, the protocol, who is signed in, and the
/// state folded from the log (reloaded when another terminal writes).
package final class BedsideContext {
    package let store: any EventStore
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
    package private(set) var events: [RecordedEvent] = []
    package private(set) var status: TrialStatus?
    /// The protocol folded over `events` (nil without a protocol): a reload folds only the events
    /// it adds, and the status at any later time is asked of it rather than of every event.
    private var trialFold: TrialFold?
    /// The head of the log as last loaded.
    package private(set) var headSeq: Int64 = 0
    /// The time `status` was evaluated at, on the events as loaded; nil when the events changed
    /// since (a save's follow-up then evaluates the protocol again).
    private var statusAsOf: ClinicalTime?
    /// A message for the status bar (a save, an error), cleared on the next key.
    package var message: (text: String, isError: Bool)?

    /// Whether `events`, `replay` and `status` hold the whole log. A fast start shows the board
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
    private let check = Handoff<LogCheck>()
    /// The protocol evaluated again at the clock's tick, on another thread (the whole log is
    /// read: too slow for the screen loop on a large log), with the number of events it saw.
    private let clockStatus = Handoff<(events: Int, status: TrialStatus)>()
    private var clockRefreshPending = false

    package init(store: any EventStore, criteria: CriteriaSet, trial: TrialProtocol?, signedIn: SignedIn?, colors: Bool = true,
                 now: @escaping () -> ClinicalTime = { ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970) }) throws(EventLogError) {
        self.store = store
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
    package init(fastStart store: any EventStore, criteria: CriteriaSet, trial: TrialProtocol?, signedIn: SignedIn?, colors: Bool = true,
                 now: @escaping () -> ClinicalTime = { ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970) }) throws(EventLogError) {
        self.store = store
        self.criteria = criteria
        self.trial = trial
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
        let pending = self.pending, check = self.check
        let asOf = now()
        let thread = Thread {
            let result = Result { () throws(EventLogError) in try Self.fold(store, trial: trial, now: { asOf }) }
            pending.fill(0, result)
            // Then the chain, so that the first key (which waits for the fold) does not wait for it too.
            DispatchQueue.global(qos: .utility).async { check.deliver(LogCheck.run(store)) }
        }
        thread.stackSize = 1 << 24
        thread.start()
        refreshLockedOutAccounts()
    }

    /// The grades event with `seq`, from the full fold or the fast start.
    package func gradesEvent(_ seq: Int64) -> RecordedEvent? {
        if isFullyLoaded { return events.indices.contains(Int(seq) - 1) ? events[Int(seq) - 1] : nil }
        return headGrades[seq]
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
        events = full.events
        replay = full.replay
        trialFold = full.trialFold
        status = full.status
        statusAsOf = nil
        headSeq = full.events.last?.seq ?? 0
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
        guard result.events == events.count else { return false }
        status = result.status
        statusAsOf = nil
        return true
    }

    /// Evaluates the protocol again at the clock's now (a DLT window ends, an assessment falls
    /// due, with nothing written): ``finishClockRefresh(wait:)`` takes it. The fold answers at once
    /// (only the subjects a time crossed are evaluated again); when it cannot (an event recorded
    /// after the clock's now), the events are evaluated on another thread.
    package func refreshClock() {
        guard isFullyLoaded, let trial, !clockRefreshPending else { return }
        clockRefreshPending = true
        let events = self.events, asOf = now(), handoff = clockStatus
        if let folded = trialFold?.status(asOf: asOf) {
            handoff.deliver((events.count, folded))
            return
        }
        DispatchQueue.global(qos: .userInitiated).async {
            handoff.deliver((events.count, TrialStatus.evaluate(trial, events: events, asOf: asOf)))
        }
    }

    /// Folds the whole log and evaluates the protocol.
    static func fold(_ store: any EventStore, trial: TrialProtocol?, now: () -> ClinicalTime) throws(EventLogError) -> LoadedLog {
        var all: [RecordedEvent] = []
        var folded = Replay(lookup: try store.replayLookup())
        var trialFold = trial.map(TrialFold.init)
        try store.forEachEvent(from: 1) { event in
            all.append(event)
            trialFold?.add(event)
            return folded.fold(event)
        }
        var status: TrialStatus?
        if var fold = trialFold {
            trialFold = nil
            status = Self.status(of: &fold, events: all, asOf: now())
            trialFold = fold
        }
        return LoadedLog(events: all, replay: folded, trialFold: trialFold, status: status)
    }

    /// The status of `fold` at `asOf`, or, when an event it folded was recorded after `asOf` (a
    /// clock set back), of the events evaluated again.
    private static func status(of fold: inout TrialFold, events: [RecordedEvent], asOf: ClinicalTime) -> TrialStatus {
        fold.status(asOf: asOf) ?? TrialStatus.evaluate(fold.trial, events: events, asOf: asOf)
    }

    /// Reads the log again if it grew; returns whether it did.
    @discardableResult
    package func reloadIfChanged() throws(EventLogError) -> Bool {
        if !isFullyLoaded { return try finishLoading(wait: false) }
        let head = try store.lastEvent()?.seq ?? 0
        guard head != headSeq else { return false }
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
        if !isFullyLoaded { try finishLoading(wait: true); return }
        if headSeq > 0, let last = events.last, let stored = try store.event(seq: headSeq), stored.hash == last.hash {
            var added: [RecordedEvent] = []
            var folded = replay
            var trialFold = self.trialFold
            try store.forEachEvent(from: headSeq + 1) { event in
                added.append(event)
                trialFold?.add(event)
                return folded.fold(event)
            }
            guard !added.isEmpty else { return }
            events += added
            replay = folded
            self.trialFold = trialFold
        } else {
            let full = try Self.fold(store, trial: trial, now: { asOf })
            events = full.events
            replay = full.replay
            trialFold = full.trialFold
            headSeq = events.last?.seq ?? 0
            status = full.status
            statusAsOf = asOf
            return
        }
        headSeq = events.last?.seq ?? 0
        if var fold = trialFold {
            trialFold = nil
            status = Self.status(of: &fold, events: events, asOf: asOf)
            trialFold = fold
        }
        statusAsOf = asOf
    }

    /// After an entry was written: the rule status appended if it changed, and the state brought up
    /// to the head of the log. Returns "" or, when that failed, the words to add to the status
    /// message (the entry itself is written either way).
    package func settleAfterSave() -> String {
        do {
            try appendStatusIfChanged()
            return ""
        } catch {
            return localized("; the rule status could not be written or the log read back: {reason}", ["reason": localizedMessage(error.description)])
        }
    }

    /// The recorder's rule-status follow-up with the dose decision (``LogRecorder/appendRuleFollowUp(_:events:asOf:)``)
    /// on the state brought up to the head first, so that the status is evaluated on everything
    /// written so far, by any terminal; then reloads if it appended.
    package func appendStatusIfChanged() throws(EventLogError) {
        let asOf = now()
        try reload(asOf: asOf)
        guard let trial else { return }
        // The fold gives the status at this time (the reload's, or the subjects a time crossed since
        // evaluated again) and the last status and decision logged, all of its events being known
        // then; else the follow-up reads the events.
        let evaluated = statusAsOf == asOf ? status : trialFold?.status(asOf: asOf)
        var logged: LogRecorder.LoggedFollowUp?
        if let fold = trialFold, fold.latestRecord.map({ $0 <= asOf }) ?? true {
            logged = LogRecorder.LoggedFollowUp(status: fold.lastLoggedStatus, decision: fold.lastLoggedDecision)
        }
        if try systemRecorder(at: asOf).appendRuleFollowUp(trial, events: events, asOf: asOf, status: evaluated, logged: logged) != nil {
            try reload()
        }
    }

    /// The recorder every screen writes through: the signed-in user, the clock as it reads now
    /// (one reading for the whole write). Refused while no one is signed in.
    package func recorder() throws(RecordError) -> LogRecorder {
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

    /// Makes `user` the signed-in user (after the ``Authenticator`` said so).
    func begin(_ user: SignedIn) {
        signedIn = user
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

/// The whole log folded: its events, the replay, the protocol's fold and the status.
struct LoadedLog: Sendable {
    let events: [RecordedEvent]
    let replay: Replay
    let trialFold: TrialFold?
    let status: TrialStatus?
}

/// The whole-log fold handed from the loading thread to the screen loop (slot 0).
private typealias PendingLoad = WaitableSlots<Result<LoadedLog, EventLogError>>
