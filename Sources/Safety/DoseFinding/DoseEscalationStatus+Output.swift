import Clinical

extension DoseEscalationStatus {
    /// The status as JSON, for `aegrade rules dose --json` and other tools (keep its keys):
    /// `asOf`, `doses` (per level `label`, `dose`, `treated`, `patients`, `evaluable`, `dlts`,
    /// `pending`, `pendingPatients`, `notEvaluable`, `eliminated`), `current`, `step`
    /// (`fillCohort`, `waitForPending`, `treat`, `stop`), `decision` (`{action, reason}` or null),
    /// `action` and `reason` (the decision's word and why, in one line), `eliminated` (labels),
    /// `designDose` (the dose the design gives the next subject), `nextDose` (the dose the next
    /// subject may receive now; null when anything holds dosing back), `holds` (`{hold, text}`),
    /// `stop` (text or null), `selected` (the MTD or 3+3 recommendation, or null). Labels and
    /// times are as the protocol and the log write them; times are UTC.
    package var json: JSONValue {
        func label(_ index: Int?) -> JSONValue { index.map { .string(doses[$0].level.label) } ?? .null }
        func number(_ value: Int) -> JSONValue { .number(Double(value)) }
        var stopText = JSONValue.null
        if case .stop(let stop) = step { stopText = .string(stop.text) }
        return .object([
            ("asOf", .string(asOf.utcText)),
            ("doses", .array(doses.map { dose in
                .object([("label", .string(dose.level.label)), ("dose", .string(dose.level.dose)),
                         ("treated", number(dose.treated.count)), ("patients", .array(dose.treated.map { .string($0) })),
                         ("evaluable", number(dose.evaluable)), ("dlts", number(dose.dlts)),
                         ("pending", number(dose.pending.count)), ("pendingPatients", .array(dose.pending.map { .string($0) })),
                         ("notEvaluable", number(dose.notEvaluable)), ("eliminated", .bool(dose.eliminated))])
            })),
            ("current", label(current)),
            ("step", .string(step.name)),
            ("decision", decision.map { .object([("action", .string($0.action.rawValue)), ("reason", .string($0.reasonText))]) } ?? .null),
            ("action", .string(actionWord)),
            ("reason", .string(reasonText)),
            ("eliminated", .array(doses.filter(\.eliminated).map { .string($0.level.label) })),
            ("designDose", label(designDose)),
            ("nextDose", label(nextDose)),
            ("holds", .array(holds.map { .object([("hold", .string($0.name)), ("text", .string($0.text))]) })),
            ("stop", stopText),
            ("selected", label(selected)),
        ])
    }

    /// The status for people: a line per dose level, then the current dose, the decision and
    /// why, the eliminated doses, the next subject's dose (or why nobody is dosed now) and, at the
    /// end, the selected dose. Text from the protocol and the log is escaped.
    package var textLines: [String] {
        func label(_ index: Int) -> String { PrintableText.escaped(doses[index].level.label) }
        var lines = ["dose finding as of \(asOf.utcText)", "level\tdose\ttreated\tevaluable\tDLT\tpending\tnot evaluable"]
        for (index, dose) in doses.enumerated() {
            lines.append("\(label(index))\t\(PrintableText.escaped(dose.level.dose))\t\(dose.treated.count)\t\(dose.evaluable)\t\(dose.dlts)"
                         + "\t\(dose.pending.count)\t\(dose.notEvaluable)" + (dose.eliminated ? "\teliminated" : "") + (index == current ? "\t← current" : ""))
        }
        lines.append("current dose: \(label(current))")
        lines.append("decision: \(actionWord) — \(PrintableText.escaped(reasonText))")
        let eliminated = doses.indices.filter { doses[$0].eliminated }.map(label)
        lines.append("eliminated: \(eliminated.isEmpty ? "none" : eliminated.joined(separator: ", "))")
        if let next = nextDose {
            lines.append("next subject: \(label(next)) (\(PrintableText.escaped(doses[next].level.dose)))")
        } else {
            lines.append("next subject: nobody now" + (designDose.map { " (the design gives \(label($0)))" } ?? ""))
            for hold in holds { lines.append("  \(PrintableText.escaped(hold.text))") }
        }
        if case .stop = step {
            lines.append("selected: " + (selected.map { "\(label($0)) (\(PrintableText.escaped(doses[$0].level.dose)))" } ?? "none"))
        }
        return lines
    }

    /// What a `ruleStatus` event records of the decision, and what is compared to tell a change
    /// (README, "Dose finding from the log"): the current dose, the step, the decision's word and
    /// reason, the dose the design gives the next subject, what holds dosing back (a stagger
    /// left out: it comes and goes with every infusion), the eliminated doses and the selected
    /// dose. A subject joining a cohort that is filling, or a pending subject becoming evaluable,
    /// without changing any of these is not a change (the reason is logged without the counts
    /// while the cohort fills or the decision waits).
    package var loggedDecision: JSONValue {
        func label(_ index: Int?) -> JSONValue { index.map { .string(doses[$0].level.label) } ?? .null }
        return .object([
            ("action", .string(actionWord)), ("current", label(current)), ("designDose", label(designDose)),
            ("eliminated", .array(doses.filter(\.eliminated).map { .string($0.level.label) })),
            ("holds", .array(holds.filter { $0.name != "staggered" }.map { .string($0.name) })),
            ("reason", .string(loggedReason)), ("selected", label(selected)), ("step", .string(step.name)),
        ])
    }

    /// The reason as logged: without the counts while the cohort fills or the decision waits.
    var loggedReason: String {
        switch step {
        case .fillCohort: "the cohort at \(doses[current].level.label) is filling"
        case .waitForPending: "the decision at \(doses[current].level.label) waits for subjects in the DLT window"
        case .treat, .stop: reasonText
        }
    }
}
