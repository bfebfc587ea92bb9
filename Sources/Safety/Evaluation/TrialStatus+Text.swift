import Clinical
import Localization

extension TrialStatus {
    /// The status for people: the state, each rule's count against its threshold, the next
    /// permitted dosing time, and the subjects not treated.
    package var textLines: [String] {
        var lines = [localized("trial {trial} as of {time}: {state}", ["trial": trial, "time": asOf.utcText,
                                                                        "state": state == .paused ? localized("PAUSED") : localized("continue")])
                     + (tripped.isEmpty ? "" : localized(" — tripped: {rules}", ["rules": tripped.joined(separator: ", ")]))]
        if enrolmentPaused { lines.append("  " + localized("enrolment is paused pending review")) }
        if dosingPaused { lines.append("  " + localized("dosing is paused pending review")) }
        for rule in rules {
            var line = "  \(rule.tripped ? "✗" : "✓") \(rule.rule) (\(localized(rule.type)), \(localized(rule.action.rawValue))): \(rule.count)"
            if let threshold = rule.threshold { line += localized(" of {n}", ["n": String(threshold)]) }
            if let subjects = rule.subjects { line += localized(" after {n} evaluable", ["n": String(subjects)]) }
            if rule.tripped { line += localized(" — TRIPPED") + (rule.trippedAfter.map { localized(" after subject {n}", ["n": String($0)]) } ?? "") }
            lines.append(line)
            if !rule.violations.isEmpty { lines.append("      \(rule.violations.joined(separator: "; "))") }
        }
        switch nextDosing {
        case .anyTime: lines.append("  " + localized("next subject may be dosed: any time"))
        case .from(let time): lines.append("  " + localized("next subject may be dosed from {time}", ["time": time.utcText]))
        case .pausedPendingReview: lines.append("  " + localized("next subject may be dosed: not before the review (paused)"))
        }
        lines.append("  " + localized("infused {infused}, evaluable {evaluable}, not treated {notTreated}",
                                      ["infused": String(infusedCount), "evaluable": String(evaluableCount), "notTreated": String(notTreated.count)])
                     + (notTreated.isEmpty ? "" : localized(": ") + notTreated.map { localized("{patient} ({reason})", ["patient": $0.patient, "reason": $0.reason.localizedText]) }.joined(separator: ", ")))
        return lines
    }
}
