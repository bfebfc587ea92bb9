import Clinical
import EventLog
import Localization
import Safety
import Terminal

/// One patient's course: grade strips and a temperature sparkline per day since infusion, the
/// episodes, and every event with its author, corrections and overrides marked. Opened from the
/// board (the live log) or from the replay (the log as it stood at one event).
package final class PatientTimelineScreen: Screen {
    let patient: String
    /// The replay position the timeline stops at; nil for the live log.
    let asOfSeq: Int64?
    /// On the whole trial, the replay's position in the merged events (a seq names one site's event only).
    let asOfPosition: Int?
    /// On the whole trial, the replay's merged events (held by the replay while it is open).
    let replayed: TrialEventIndex?
    private(set) var state: PatientTimelineState
    /// The rule status last logged at the replay's point, for its banner (read once, not per frame).
    private var replayedRuleStatus: LoggedRuleStatus?
    /// The layout of the last frame, which the scrolling keys move in.
    private var layout = DocumentLayout()

    package init(patient: String, context: BedsideContext) {
        self.patient = patient
        self.asOfSeq = nil
        self.asOfPosition = nil
        self.replayed = nil
        state = PatientTimelineState(timeline: Self.timeline(patient, context: context, asOf: nil, position: nil, in: nil))
    }

    /// The timeline as the log stood at event `seq` (from the replay); on the whole trial, at
    /// `position` in the replay's merged events `replayed`, whose event `seq` is.
    package init(patient: String, context: BedsideContext, asOf seq: Int64, position: Int? = nil, in replayed: TrialEventIndex? = nil) {
        self.patient = patient
        self.asOfSeq = seq
        self.asOfPosition = replayed == nil ? nil : position
        self.replayed = replayed
        state = PatientTimelineState(timeline: Self.timeline(patient, context: context, asOf: seq, position: asOfPosition, in: replayed))
        replayedRuleStatus = Self.lastRuleStatus(context, seq: seq, position: asOfPosition, in: replayed)
    }

    /// The patient's timeline: on one log their events (and the log's signatures) read from the
    /// store when it opens, up to the replay's `seq`; on the whole trial the patient's site's
    /// events, up to the replay's position.
    static func timeline(_ patient: String, context: BedsideContext, asOf seq: Int64?, position: Int?, in replayed: TrialEventIndex?) -> PatientTimeline {
        var subject = context.status?.subject(patient)
        let events = context.timelineEvents(of: patient, through: position, in: replayed, upTo: position == nil ? seq : nil)
        if let seq, let trial = context.trial {
            // The protocol's view then: the events up to `seq`, evaluated at the time the last was
            // recorded. A subject's summary reads only that subject's events: the others are not folded.
            let mine: [RecordedEvent], asOf: ClinicalTime
            if let position, let index = replayed {
                let prefix = index.events.prefix(position + 1)
                mine = prefix.filter { $0.patient == patient }
                asOf = prefix.last?.recordInstant ?? context.now()
            } else {
                mine = events.filter { $0.patient == patient && $0.seq <= seq }
                asOf = (try? context.store.event(seq: seq))?.flatMap(\.recordInstant) ?? context.now()
            }
            subject = TrialStatus.evaluate(trial, events: mine, asOf: asOf).subject(patient)
        }
        return PatientTimeline(patient: patient, events: events, upTo: position == nil ? seq : nil, subject: subject, now: context.now())
    }

    /// The rule status last logged up to the replay's point: up to `seq` on one log (read through
    /// the store's kind index), up to `position` on the merged trial.
    static func lastRuleStatus(_ context: BedsideContext, seq: Int64, position: Int?, in replayed: TrialEventIndex?) -> LoggedRuleStatus? {
        if let position, let index = replayed {
            return index.events.prefix(position + 1).last { $0.kind == .ruleStatus }?.loggedRuleStatus
        }
        guard seq >= 1 else { return nil }
        return (try? context.store.events(ofKind: .ruleStatus, seqs: 1...seq))?.last?.loggedRuleStatus
    }

    package var title: String {
        localized("Timeline {patient}", ["patient": patient]) + (asOfSeq.map { localized(" as of #{seq}", ["seq": String($0)]) } ?? "")
    }
    package var keymap: Keymap { PatientTimelineKeymap.keys }

    /// A timeline opened from the replay shows the past: the replay's banner, not the live one.
    package func banners(context: BedsideContext) -> [Banner] {
        guard let seq = asOfSeq else { return Banner.live(context) }
        let status = replayedRuleStatus
        let site = asOfPosition.flatMap { position in replayed.flatMap { index in
            index.sites.indices.contains(position) ? index.siteNames[index.sites[position]] : nil } }
        return [ReplayScreen.banner(asOf: String(seq) + (site.map { " (\($0))" } ?? ""), ruleStatus: status, trial: context.trial)]
    }

    package func render(into buffer: inout ScreenBuffer, area: Area, context: BedsideContext) {
        layout = PatientTimelineView.render(state, into: &buffer, area: area, colors: context.colors)
    }

    package func handle(_ key: Key, context: BedsideContext) -> Reaction {
        switch keymap.command(for: key) {
        case "override"?, "correct"?, "sign"?:
            guard asOfSeq == nil else {
                context.message = (localized("A replayed timeline shows the past: override, correct or sign from the live board"), true)
                return .redraw
            }
            if let reason = context.readOnlyReason {
                context.message = (reason, true)
                return .redraw
            }
            if keymap.command(for: key) == "correct" { return CorrectionScreen.open(patient: patient, context: context) }
            if keymap.command(for: key) == "sign" { return SignScreen.open(patient: patient, context: context) }
            return OverrideScreen.open(patient: patient, context: context)
        default: break
        }
        guard let command = keymap.command(for: key).flatMap(ScrollCommand.init(rawValue:)) else { return .unhandled }
        return state.apply(command, layout: layout)
    }

    package func logChanged(context: BedsideContext) {
        // A replayed timeline shows the past, which does not change.
        guard asOfSeq == nil else { return }
        state.update(Self.timeline(patient, context: context, asOf: nil, position: nil, in: nil))
    }

    /// Today's study day follows the clock.
    package func tick(context: BedsideContext) { logChanged(context: context) }
}
