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
}
