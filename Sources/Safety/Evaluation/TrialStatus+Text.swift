import Clinical

extension TrialStatus {
    /// The status for people: the state, each rule's count against its threshold, the next
    /// permitted dosing time, and the subjects not treated.
    package var textLines: [String] {
        var lines = ["trial \(trial) as of \(asOf.utcText): \(state == .paused ? "PAUSED" : "continue")"
                     + (tripped.isEmpty ? "" : " — tripped: \(tripped.joined(separator: ", "))")]
        if enrolmentPaused { lines.append("  enrolment is paused pending review") }
        if dosingPaused { lines.append("  dosing is paused pending review") }
        for rule in rules {
            var line = "  \(rule.tripped ? "✗" : "✓") \(rule.rule) (\(rule.type), \(rule.action.rawValue)): \(rule.count)"
            if let threshold = rule.threshold { line += " of \(threshold)" }
            if let subjects = rule.subjects { line += " after \(subjects) evaluable" }
            if rule.tripped { line += " — TRIPPED" + (rule.trippedAfter.map { " after subject \($0)" } ?? "") }
            lines.append(line)
            if !rule.violations.isEmpty { lines.append("      \(rule.violations.joined(separator: "; "))") }
        }
        switch nextDosing {
        case .anyTime: lines.append("  next subject may be dosed: any time")
        case .from(let time): lines.append("  next subject may be dosed from \(time.utcText)")
        case .pausedPendingReview: lines.append("  next subject may be dosed: not before the review (paused)")
        }
        lines.append("  infused \(infusedCount), evaluable \(evaluableCount), not treated \(notTreated.count)"
                     + (notTreated.isEmpty ? "" : ": " + notTreated.map { "\($0.patient) (\($0.reason.text))" }.joined(separator: ", ")))
        return lines
    }
}
