import Clinical
import EventLog
import Safety
import Terminal
import Localization

/// A line under the title bar that cannot be missed: the log failing verification, a tripped
/// stopping rule, or (in the replay) that the screen shows the past. Long text wraps onto more
/// lines rather than lose its end.
package struct Banner: Equatable, Sendable {
    package enum Kind: Sendable, Equatable {
        /// The log does not verify (or could not be verified): nothing on screen can be trusted.
        case logFailed
        /// A stopping rule has tripped.
        case rule
        /// The screen shows the log as it stood at a replay point, not the live board.
        case replay
        /// Accounts locked out by failed sign-ins, for an administrator or a safety user.
        case lockout
        /// The system clock is not synchronised: record times may be wrong (C-TIME-3).
        case clock
    }

    package var kind: Kind
    package var text: String
    /// A shorter text for a narrow terminal, used when `text` does not fit on one line.
    package var compact: String?

    package init(kind: Kind, text: String, compact: String? = nil) {
        self.kind = kind
        self.text = text
        self.compact = compact
    }

    /// The live banners: verification first, then the stopping rules, the lockouts, the clock.
    static func live(_ context: BedsideContext) -> [Banner] {
        var banners: [Banner] = []
        if let failure = context.logCheck.failure { banners.append(Banner(kind: .logFailed, text: failure)) }
        if var rule = rule(context.ruleStatus) ?? rule(logged: context.loggedStatus, trial: context.trial, loading: !context.isFullyLoaded) {
            // On one site's board of a trial the rules count every site: the banner says whose they are.
            if let sites = context.countedSites {
                rule += localized(" · the trial ({sites})", ["sites": sites.map(PrintableText.escaped).joined(separator: ", ")])
            }
            banners.append(Banner(kind: .rule, text: rule + localized(": review before the next subject (r: rules)"),
                                  compact: rule + localized(" · r: rules")))
        }
        // 21 CFR 11.300(d): a lockout is shown to those who answer for the system's security.
        if !context.lockedOutAccounts.isEmpty {
            let ids = context.lockedOutAccounts.joined(separator: ", ")
            banners.append(Banner(kind: .lockout,
                                  text: localized("Locked out after {n} failed sign-ins: {ids} (aegrade user reset)",
                                                  ["n": String(Authenticator.maximumFailures), "ids": ids]),
                                  compact: localized("Locked out: {ids}", ["ids": ids])))
        }
        if let clock = context.clockWatch?.banner { banners.append(clock) }
        return banners
    }

    /// The banner of a tripped stopping rule.
    static func rule(_ status: TrialStatus?) -> String? {
        guard let status, status.state != .continue || !status.tripped.isEmpty else { return nil }
        var actions: [String] = []
        if status.enrolmentPaused { actions.append(localized("ENROLMENT PAUSED")) }
        if status.dosingPaused { actions.append(localized("DOSING PAUSED")) }
        return ruleText(actions, tripped: status.tripped)
    }

    /// The banner from the last status the log recorded, while the protocol is being evaluated
    /// (and in the replay: the status logged by then).
    static func rule(logged: LoggedRuleStatus?, trial: TrialProtocol?, loading: Bool = true) -> String? {
        guard loading, let logged, logged.status != TrialStatus.State.continue.rawValue || !logged.tripped.isEmpty else { return nil }
        let actions = Set(trial?.rules.filter { logged.tripped.contains($0.id) }.map(\.action) ?? [])
        var words: [String] = []
        if actions.contains(.pauseEnrolment) { words.append(localized("ENROLMENT PAUSED")) }
        if actions.contains(.pauseDosing) { words.append(localized("DOSING PAUSED")) }
        return ruleText(words, tripped: logged.tripped)
    }

    private static func ruleText(_ actions: [String], tripped: [String]) -> String {
        let words = actions.isEmpty ? [localized("STOPPING RULE TRIPPED")] : actions
        return "⚠ " + localized("{actions} — rule {rules} tripped", ["actions": words.joined(separator: " · "), "rules": tripped.joined(separator: ", ")])
    }

    /// The style: reversed red for the log and the rules, reversed blue for the replay, black on
    /// yellow for the clock; without
    /// colours reversed and bold, the replay's underlined as well.
    func style(colors: Bool) -> Style {
        switch kind {
        case .logFailed, .rule, .lockout:
            return Style(foreground: colors ? .white : nil, background: colors ? .red : nil, bold: true, reverse: !colors)
        case .replay:
            return Style(foreground: colors ? .white : nil, background: colors ? .blue : nil, bold: true, reverse: !colors, underline: !colors)
        case .clock:
            return Style(foreground: colors ? .black : nil, background: colors ? .yellow : nil, bold: true, reverse: !colors)
        }
    }

    /// The text on one line when it fits, else the compact text when that does, else the text
    /// broken at spaces into lines of `width` columns: never cut.
    func lines(width: Int) -> [String] {
        let columns = max(10, width - 2)
        if text.displayWidth <= columns { return [" " + text] }
        if let compact, compact.displayWidth <= columns { return [" " + compact] }
        return DocumentView.wrap(compact ?? text, columns: columns).map { " " + $0 }
    }
}
