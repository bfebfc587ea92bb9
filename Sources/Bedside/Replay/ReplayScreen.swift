import Clinical
import EventLog
import Localization
import Safety
import Terminal

/// The audit-trail replay: step through the log event by event (or jump to a time), see each
/// event's details, the board as it stood then, the patient's timeline as of then, and whether
/// the log verifies.
package final class ReplayScreen: Screen {
    private(set) var state: ReplayState

    package init(context: BedsideContext) {
        // Verified once, on entering: the chain from the genesis event to the head.
        let (line, ok) = context.sites.flatMap { sites in context.showsTrial ? Self.verification(sites) : nil } ?? Self.verification(context.store)
        // The events stepped through are read when the replay opens and held while it is open;
        // on the whole trial, merged from the sites by site and seq.
        let trialIndex = context.trialEvents()
        state = ReplayState(events: trialIndex?.events ?? context.events, replay: context.replay, trialIndex: trialIndex, trial: context.trial,
                            verification: line, verified: ok)
    }

    /// Every site's chain verified in turn (the whole trial): the first site that fails, by its
    /// report, else every event counted.
    static func verification(_ sites: any TrialSource) -> (String, Bool) {
        var checked: Int64 = 0
        for site in sites.sites {
            do {
                let result = try sites.readingStore(site).verify()
                guard result.failure == nil else { return (localized("verify: FAIL — {what}", ["what": result.report]), false) }
                checked += result.checked
            } catch {
                return (localized("verify: could not run — {reason}", ["reason": error.description]), false)
            }
        }
        return (localized("verify: ok, {n} events intact", ["n": String(checked)]), true)
    }

    /// `verify: ok, N events intact` or `verify: FAIL at seq X — what`.
    static func verification(_ store: any EventStore) -> (String, Bool) {
        do {
            let result = try store.verify()
            guard let failure = result.failure else { return (localized("verify: ok, {n} events intact", ["n": String(result.checked)]), true) }
            let report = result.report
            let prefix = "FAIL at seq \(failure.seq): "
            let what = report.hasPrefix(prefix) ? String(report.dropFirst(prefix.count)) : report
            return (localized("verify: FAIL at seq {seq} — {what}", ["seq": String(failure.seq), "what": what]), false)
        } catch {
            return (localized("verify: could not run — {reason}", ["reason": localizedMessage(error.description)]), false)
        }
    }

    package var title: String { localized("Replay") + (state.currentLabel.map { localized(" as of #{seq}", ["seq": $0]) } ?? "") }

    /// In the replay everything on screen is as of the replay point: no live banner, but one that
    /// says so, with the rule status logged by then.
    package func banners(context: BedsideContext) -> [Banner] {
        [Self.banner(asOf: state.currentLabel, ruleStatus: state.ruleStatus?.loggedRuleStatus, trial: context.trial)]
    }

    /// `◀◀ REPLAY as of event #N — the log as it stood then, not the live board`, and, where it fits, the
    /// stopping rules as logged by then when they had tripped (the body's "rules then" says it
    /// in any case).
    static func banner(asOf seq: String?, ruleStatus: LoggedRuleStatus?, trial: TrialProtocol?) -> Banner {
        let at = "◀◀ " + localized("REPLAY as of event #{seq}", ["seq": seq ?? "0"])
        let text = at + localized(" — the log as it stood then, not the live board")
        guard let rule = Banner.rule(logged: ruleStatus, trial: trial) else { return Banner(kind: .replay, text: text) }
        return Banner(kind: .replay, text: at + localized(", not the live board · then: ") + rule, compact: text)
    }
    package var keymap: Keymap { ReplayKeymap.keys }

    package func render(into buffer: inout ScreenBuffer, area: Area, context: BedsideContext) {
        ReplayView.render(state, into: &buffer, area: area, colors: context.colors)
    }

    package func handle(_ key: Key, context: BedsideContext) -> Reaction {
        if state.goTo != nil {
            switch key {
            case .enter: state.type(.submit)
            case .escape: state.type(.cancel)
            case .backspace: state.type(.backspace)
            case .character(let c): state.type(.character(c))
            default: break
            }
            return .redraw
        }
        guard let command = keymap.command(for: key).flatMap(ReplayCommand.init(rawValue:)) else { return .unhandled }
        if command == .timeline {
            guard let patient = state.board.selectedPatient, let seq = state.current?.seq else { return .none }
            return .push(PatientTimelineScreen(patient: patient, context: context, asOf: seq, position: state.index, in: state.trialIndex))
        }
        return state.apply(command)
    }

    package func logChanged(context: BedsideContext) {
        let trialIndex = context.trialEvents()
        state.update(events: trialIndex?.events ?? context.events, replay: context.replay, trialIndex: trialIndex)
    }
}
