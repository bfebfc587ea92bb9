import Clinical
import EventLog
import Foundation
import Grading
import Safety

/// What every screen may read: the log, the criteria, the protocol, who is signed in, and the
/// state folded from the log (reloaded when another terminal writes).
package final class BedsideContext {
    package let store: SQLiteEventStore
    package let criteria: CriteriaSet
    package let trial: TrialProtocol?
    package let author: Author
    /// The clock screens use for "now" (a fixed time in tests and demos).
    package let now: () -> ClinicalTime
    /// Whether colours are used (false with NO_COLOR).
    package let colors: Bool

    /// The log as last loaded.
    package private(set) var replay: Replay
    package private(set) var events: [RecordedEvent] = []
    package private(set) var status: TrialStatus?
    /// The head of the log as last loaded.
    package private(set) var headSeq: Int64 = 0
    /// A message for the status bar (a save, an error), cleared on the next key.
    package var message: (text: String, isError: Bool)?

    package init(store: SQLiteEventStore, criteria: CriteriaSet, trial: TrialProtocol?, author: Author, colors: Bool = true,
                 now: @escaping () -> ClinicalTime = { ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970) }) throws(EventLogError) {
        self.store = store
        self.criteria = criteria
        self.trial = trial
        self.author = author
        self.colors = colors
        self.now = now
        self.replay = Replay()
        try reload()
    }

    /// Reads the log again if it grew; returns whether it did.
    @discardableResult
    package func reloadIfChanged() throws(EventLogError) -> Bool {
        let head = try store.lastEvent()?.seq ?? 0
        guard head != headSeq else { return false }
        try reload()
        return true
    }

    /// Brings the state up to the head of the log: folds only the events appended since the last
    /// load (the log is append-only), or reads it whole the first time or if the event at the old
    /// head is not the one loaded. The trial status is evaluated again either way.
    package func reload() throws(EventLogError) {
        if headSeq > 0, let last = events.last, let stored = try store.event(seq: headSeq), stored.hash == last.hash {
            var added: [RecordedEvent] = []
            var folded = replay
            try store.forEachEvent(from: headSeq + 1) { event in
                added.append(event)
                return folded.fold(event)
            }
            guard !added.isEmpty else { return }
            events += added
            replay = folded
        } else {
            var all: [RecordedEvent] = []
            var folded = Replay(lookup: try store.replayLookup())
            try store.forEachEvent(from: 1) { event in
                all.append(event)
                return folded.fold(event)
            }
            events = all
            replay = folded
        }
        headSeq = events.last?.seq ?? 0
        status = trial.map { TrialStatus.evaluate($0, events: events, asOf: now()) }
    }

    /// Appends `drafts` as the signed-in user, then the trial status if it changed (so replay
    /// shows when a rule tripped and who saw it), then reloads.
    package func append(_ drafts: [EventDraft]) throws(EventLogError) -> [RecordedEvent] {
        let recorded = try store.append(drafts, author: author)
        try appendStatusIfChanged()
        return recorded
    }

    /// Appends a `ruleStatus` event when the evaluated status differs from the last one logged,
    /// then reloads (the state is brought up to the head first, so the status is evaluated on
    /// everything written so far, by any terminal).
    package func appendStatusIfChanged() throws(EventLogError) {
        try reload()
        guard let trial else { return }
        if let draft = TrialStatus.statusEvent(trial, events: events, asOf: now()) {
            _ = try store.append([draft], author: author)
            try reload()
        }
    }
}
