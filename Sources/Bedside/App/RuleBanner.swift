import Clinical
import Safety

/// The banner that cannot be missed when a stopping rule has tripped.
enum RuleBanner {
    static func text(_ status: TrialStatus?) -> String? {
        guard let status, status.state != .continue || !status.tripped.isEmpty else { return nil }
        var actions: [String] = []
        if status.enrolmentPaused { actions.append("ENROLMENT PAUSED") }
        if status.dosingPaused { actions.append("DOSING PAUSED") }
        if actions.isEmpty { actions.append("STOPPING RULE TRIPPED") }
        return " ⚠ \(actions.joined(separator: " · ")) — rule \(status.tripped.joined(separator: ", ")) tripped: review before the next subject (r: rules) "
    }

    /// The banner from the last status the log recorded, while the protocol is being evaluated.
    static func text(logged: LoggedRuleStatus?, trial: TrialProtocol?, loading: Bool) -> String? {
        guard loading, let logged, logged.status != TrialStatus.State.continue.rawValue || !logged.tripped.isEmpty else { return nil }
        let actions = Set(trial?.rules.filter { logged.tripped.contains($0.id) }.map(\.action) ?? [])
        var words: [String] = []
        if actions.contains(.pauseEnrolment) { words.append("ENROLMENT PAUSED") }
        if actions.contains(.pauseDosing) { words.append("DOSING PAUSED") }
        if words.isEmpty { words.append("STOPPING RULE TRIPPED") }
        return " ⚠ \(words.joined(separator: " · ")) — rule \(logged.tripped.joined(separator: ", ")) tripped: review before the next subject (r: rules) "
    }
}
