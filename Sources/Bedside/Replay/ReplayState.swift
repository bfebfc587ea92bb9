import Clinical
import EventLog
import Foundation
import Localization
import Safety

/// The replay: the log folded up to one event, the board as it stood then, and the event's
/// details. Stepping forward folds only the events stepped over; stepping back restarts from the
/// nearest checkpoint (one every ``checkpointInterval`` events). A value; no I/O.
struct ReplayState {
    /// Which time the replayed board counts ages and overdue assessments from.
    enum Clock: String {
        /// The current event's record time: the board as it was shown when the event was written.
        case recorded
        /// The latest clinical time in the log so far: the bedside as it then was (for logs entered
        /// after the fact, such as the demo, whose record times are all the same few seconds).
        case clinical
    }

    /// How often a folded state is kept for stepping back.
    static let checkpointInterval = 256

    private(set) var events: [RecordedEvent]
    private(set) var fold: ReplayFold
    /// Folded states at multiples of the interval (index of the last event folded → state).
    private var checkpoints: [Int: ReplayFold] = [:]
    private var lookup: Replay.Lookup
    /// On the whole trial, its merged events by site and seq (README, "The whole trial"); nil on one log.
    private(set) var trialIndex: TrialEventIndex?
    let trial: TrialProtocol?
    /// Events folded since the replay opened (stepping forward by one folds one).
    private(set) var eventsFolded = 0
    var clock = Clock.recorded
    private(set) var board = TriageBoardState()
    /// The text of a go-to being typed after `g`; nil when not typing.
    private(set) var goTo: String?
    /// A note on the last command (a time before the log began, say).
    private(set) var note: String?
    /// The result of `verify`, run when the replay opened.
    let verification: String
    let verified: Bool

    /// A replay standing at the end of `events`, whose fold is `replay` (the context's).
    init(events: [RecordedEvent], replay: Replay, trialIndex: TrialEventIndex? = nil, trial: TrialProtocol?, verification: String, verified: Bool) {
        self.events = events
        self.trialIndex = trialIndex
        self.trial = trial
        self.verification = verification
        self.verified = verified
        lookup = trialIndex?.lookup ?? ReplayFold.lookup(events)
        fold = ReplayFold(replay: replay, index: events.count - 1, events: events, trialIndex: trialIndex)
        refreshBoard()
    }

    /// The index of the current event; -1 for an empty log.
    var index: Int { fold.index }
    var current: RecordedEvent? { events.indices.contains(index) ? events[index] : nil }

    /// The current event as the title and banner name it: its seq, and on the whole trial its
    /// site (`12 (ward-a)`: a seq numbers one site's events).
    var currentLabel: String? {
        guard let current else { return nil }
        guard let trialIndex, trialIndex.sites.indices.contains(index) else { return String(current.seq) }
        return "\(current.seq) (\(trialIndex.siteNames[trialIndex.sites[index]]))"
    }

    /// Whether the events at `a` and `b` are of one site (always on one log).
    func sameSite(_ a: Int, _ b: Int) -> Bool {
        guard let trialIndex else { return true }
        return trialIndex.sites.indices.contains(a) && trialIndex.sites.indices.contains(b) && trialIndex.sites[a] == trialIndex.sites[b]
    }

    /// The time the board counts from.
    var clockTime: ClinicalTime? {
        switch clock {
        case .recorded: current?.recordInstant
        case .clinical: fold.latestClinical ?? current?.recordInstant
        }
    }

    /// The last `ruleStatus` event at or before the current one.
    var ruleStatus: RecordedEvent? { fold.lastRuleStatus.map { events[$0] } }

    // MARK: - Moving

    /// Moves to the event at `target` (clamped to the log).
    mutating func move(to target: Int) {
        guard !events.isEmpty else { return }
        var target = max(0, min(events.count - 1, target))
        // Going to an observation shows it with its grades (the moment it belongs to).
        if isWithoutItsGrades(target) { target += 1 }
        if target < fold.index {
            // Back: from the latest checkpoint at or before the target, else from the start.
            let start = checkpoints.keys.filter { $0 <= target }.max()
            fold = start.flatMap { checkpoints[$0] } ?? ReplayFold(lookup: lookup, trialIndex: trialIndex)
        }
        while fold.index < target {
            fold.fold(events[fold.index + 1])
            eventsFolded += 1
            if fold.index % Self.checkpointInterval == 0, checkpoints[fold.index] == nil { checkpoints[fold.index] = fold }
        }
        refreshBoard()
    }

    /// Moves by `delta` events. An observation and its grades were written in one transaction:
    /// they are one moment, stepped over together (never the observation without its grades).
    mutating func step(_ delta: Int) {
        var target = max(0, min(events.count - 1, index + delta))
        if isWithoutItsGrades(target) { target += delta > 0 ? 1 : -1 }
        move(to: target)
    }

    /// Whether the event at `index` is an observation (or correction) whose grades, written in the
    /// same transaction, follow it: a replay never stands between the two.
    func isWithoutItsGrades(_ index: Int) -> Bool {
        guard events.indices.contains(index), events.indices.contains(index + 1) else { return false }
        let event = events[index], next = events[index + 1]
        return (event.kind == .observation || event.kind == .correction) && next.kind == .grades
            && next.observationSeq == event.seq && sameSite(index, index + 1)
    }

    /// The events of the current moment: an observation with its grades, or the one event.
    var moment: [RecordedEvent] {
        guard let current else { return [] }
        if index > 0, isWithoutItsGrades(index - 1) { return [events[index - 1], current] }
        return [current]
    }

    /// Moves to the next (or previous) correction, override or rule status.
    mutating func stepToChange(forward: Bool) {
        let kinds: Set<EventKind> = [.correction, .override, .ruleStatus]
        let start = moment.count > 1 ? index - 1 : index
        let found = forward ? events.indices.dropFirst(index + 1).first { kinds.contains(events[$0].kind) }
                            : events.indices.prefix(max(0, start)).last { kinds.contains(events[$0].kind) }
        if let found { move(to: found) } else { note = forward ? localized("no later correction, override or rule status") : localized("no earlier correction, override or rule status") }
    }

    /// Moves to the last event recorded at or before `time`: the longest prefix of the log
    /// recorded by then (the log is ordered by sequence number, never by wall time).
    mutating func move(toRecordTime time: ClinicalTime) {
        let after = events.firstIndex { ($0.recordInstant ?? time) > time } ?? events.count
        if after == 0 {
            note = localized("the log begins after {time}: showing its first event", ["time": "\(ClockText.dateTime(time, seconds: true, offset: time.offsetSeconds)) \(ClockText.offset(time.offsetSeconds))"])
            move(to: 0)
        } else {
            note = after == events.count ? localized("nothing was recorded after that time: showing the last event") : nil
            // An observation recorded by then whose grades were not: its transaction was not
            // committed yet, so neither was known.
            if isWithoutItsGrades(after - 1) {
                if after - 1 == 0 { move(to: 0) } else { move(to: after - 2) }
            } else {
                move(to: after - 1)
            }
        }
    }

    // MARK: - Commands

    /// Applies a command; the replay screen pushes the timeline itself.
    mutating func apply(_ command: ReplayCommand) -> Reaction {
        note = nil
        switch command {
        case .previous: step(-1)
        case .next: step(1)
        case .back50: step(-ReplayKeymap.page)
        case .forward50: step(ReplayKeymap.page)
        case .first: move(to: 0)
        case .last: move(to: events.count - 1)
        case .goTo: goTo = ""
        case .previousChange: stepToChange(forward: false)
        case .nextChange: stepToChange(forward: true)
        case .selectDown: board.move(1)
        case .selectUp: board.move(-1)
        case .clock:
            clock = clock == .recorded ? .clinical : .recorded
            refreshBoard()
        case .timeline: return .none
        }
        return .redraw
    }

    /// A key typed while a go-to is being typed.
    mutating func type(_ key: GoToKey) {
        guard var text = goTo else { return }
        switch key {
        case .character(let c): text.append(c); goTo = text
        case .backspace: if !text.isEmpty { text.removeLast() }; goTo = text
        case .cancel: goTo = nil
        case .submit:
            goTo = nil
            submit(text)
        }
    }

    /// What a go-to prompt does with a key.
    enum GoToKey {
        case character(Character), backspace, cancel, submit
    }

    /// Goes to `#seq` or to a time typed as ISO 8601, `YYYY-MM-DD HH:MM[:SS]` or `HH:MM[:SS]`
    /// (local times at this terminal's offset, on the current event's record date for HH:MM).
    mutating func submit(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let trialIndex, let hash = trimmed.firstIndex(of: "#"), hash != trimmed.startIndex {
            // On the whole trial `SITE#seq` names one site's event.
            guard let site = trialIndex.siteNames.firstIndex(of: String(trimmed[..<hash])), let seq = Int64(trimmed[trimmed.index(after: hash)...]),
                  let found = trialIndex.position(site: site, seq: seq) else {
                note = localized("there is no event {seq} in the log", ["seq": trimmed])
                return
            }
            move(to: found)
            return
        }
        if trimmed.hasPrefix("#") || trimmed.allSatisfy(\.isNumber) && !trimmed.isEmpty && !trimmed.contains(":") {
            // On the whole trial `#seq` is the seq of the current event's site.
            let site = trialIndex.flatMap { $0.sites.indices.contains(index) ? $0.sites[index] : nil }
            guard let seq = Int64(trimmed.drop { $0 == "#" }),
                  let found = site.flatMap({ trialIndex?.position(site: $0, seq: seq) }) ?? (trialIndex == nil ? events.firstIndex(where: { $0.seq == seq }) : nil) else {
                note = localized("there is no event {seq} in the log", ["seq": trimmed])
                return
            }
            move(to: found)
            return
        }
        let reference = current?.recordInstant ?? ClinicalTime(secondsSinceEpoch: 0)
        guard let time = ClockText.parse(trimmed, reference: reference, localOffset: ClockText.localOffset(at: reference.secondsSinceEpoch)) else {
            note = localized("\"{typed}\" is not a time: type 2026-05-14T08:00:00+08:00, 2026-05-14 08:00, 08:00, or #seq", ["typed": trimmed])
            return
        }
        move(toRecordTime: time)
    }

    // MARK: - The log changed

    /// Takes the log as it now is (`replay` folded to its end); a replay standing at the end
    /// follows the new events, one standing in the past stays there.
    mutating func update(events newEvents: [RecordedEvent], replay: Replay, trialIndex newIndex: TrialEventIndex? = nil) {
        guard newEvents.count > events.count else { return }
        let following = index == events.count - 1
        // On the whole trial a site's new events may come before another's in the merged order:
        // the replay stays at the same event, wherever it now stands.
        var position = index
        if let trialIndex, let newIndex, trialIndex.sites.indices.contains(index), let current,
           let moved = newIndex.position(site: trialIndex.sites[index], seq: current.seq) { position = moved }
        events = newEvents
        trialIndex = newIndex
        // Checkpoints and lookup were made for the shorter log: start again from the new end.
        lookup = newIndex?.lookup ?? ReplayFold.lookup(newEvents)
        checkpoints = [:]
        fold = ReplayFold(replay: replay, index: newEvents.count - 1, events: newEvents, trialIndex: newIndex)
        if following { refreshBoard() } else { move(to: position) }
    }

    private mutating func refreshBoard() {
        let now = clockTime ?? ClinicalTime(secondsSinceEpoch: 0)
        board.update(TriageBoardState.rows(replay: fold.replay, events: events, trialIndex: trialIndex, status: nil, trial: trial, now: now))
        // The current event's patient is the one selected.
        if let patient = current?.patient, let row = board.visibleRows.firstIndex(where: { $0.patient == patient }) {
            board.selected = row
        }
    }
}
