import Clinical
import Localization
import Safety
import Terminal

/// Draws the rules screen as a scrolling document: the state, each rule, dosing, not treated.
enum RulesView {
    @discardableResult
    static func render(_ state: RulesState, into buffer: inout ScreenBuffer, area: Area, colors: Bool) -> DocumentLayout {
        let (lines, sections) = document(state, width: area.width, colors: colors)
        DocumentView.draw(lines, scroll: state.scroll, top: area.top, bottom: area.bottom, width: area.width, into: &buffer)
        return DocumentLayout(lineCount: lines.count, page: max(1, area.height), sections: sections)
    }

    static func tripStyle(_ colors: Bool) -> Style { Style(foreground: colors ? .red : nil, bold: true, reverse: !colors) }

    static func document(_ state: RulesState, width: Int, colors: Bool) -> (lines: [DocumentLine], sections: [Int]) {
        guard let status = state.status else { return (noProtocol(state), [0]) }
        var lines: [DocumentLine] = []
        var sections: [Int] = [0]

        var head = DocumentLine(" \(status.trial)", style: .bold)
        head.add(localized(" · {subjects} subjects · {infused} infused · {evaluable} evaluable · {notTreated} not treated",
                           ["subjects": String(status.subjects.count), "infused": String(status.infusedCount),
                            "evaluable": String(status.evaluableCount), "notTreated": String(status.notTreated.count)]))
        lines.append(head)
        if let sites = state.sites {
            lines.append(DocumentLine(" " + localized("the trial's rules: the subjects of every site counted ({sites})",
                                                      ["sites": sites.map(PrintableText.escaped).joined(separator: ", ")]), style: .bold))
        }
        var stateLine = DocumentLine(" " + localized("STATE") + "  ")
        if status.state == .paused || !status.tripped.isEmpty {
            var what: [String] = []
            if status.enrolmentPaused { what.append(localized("enrolment paused")) }
            if status.dosingPaused { what.append(localized("dosing paused")) }
            if what.isEmpty { what.append(localized("notify: the trial continues")) }
            stateLine.add("⚠ " + (status.state == .paused ? localized("PAUSED") : localized("CONTINUE")), style: tripStyle(colors))
            stateLine.add(localized(" — {what} · tripped: {rules}", ["what": what.joined(separator: localized(", ")), "rules": status.tripped.joined(separator: ", ")]), style: .bold)
        } else {
            stateLine.add("✓ " + localized("continue"), style: Style(foreground: colors ? .green : nil, bold: true))
            stateLine.add(localized(" — no rule has tripped"))
        }
        lines.append(stateLine)
        var logLine = DocumentLine(" " + localized("evaluated {time}", ["time": ClockText.short(status.asOf, offset: ClockText.localOffset(at: status.asOf.secondsSinceEpoch))]) + " · ", style: .dim)
        logLine.spans += logged(state.lastLogged, current: status).spans
        lines.append(logLine)

        lines.append(DocumentLine())
        sections.append(lines.count)
        lines.append(DocumentLine(localized("RULES"), style: .bold))
        for outcome in status.rules {
            lines += rule(outcome, definition: state.rule(outcome.rule), now: status.asOf, width: width, colors: colors)
        }

        lines.append(DocumentLine())
        sections.append(lines.count)
        lines.append(DocumentLine(localized("DOSING"), style: .bold))
        lines += dosing(status, colors: colors)

        if let dose = state.dose, let plan = state.trial?.doseFinding {
            lines.append(DocumentLine())
            sections.append(lines.count)
            lines += doseSection(dose, plan: plan, width: width, colors: colors)
        }

        lines.append(DocumentLine())
        sections.append(lines.count)
        lines.append(DocumentLine(localized("NOT TREATED ({n})", ["n": String(status.notTreated.count)]), style: .bold))
        if status.notTreated.isEmpty { lines.append(DocumentLine("  " + localized("none: every enrolled subject was infused or is waiting"))) }
        for entry in status.notTreated {
            var line = DocumentLine()
            line.add(entry.patient, style: .bold, at: 2)
            line.add(entry.reason.localizedText, at: 14)
            line.add(entry.replaced.map { $0 ? localized(" · replaced") : localized(" · not replaced") } ?? "")
            lines.append(line)
        }
        let waiting = status.subjects.filter { $0.infusion == nil && $0.notTreated == nil }.map(\.patient)
        if !waiting.isEmpty { lines.append(DocumentLine("  " + localized("waiting for infusion: {patients}", ["patients": waiting.joined(separator: ", ")]), style: .dim)) }
        return (lines, sections)
    }

    static func noProtocol(_ state: RulesState) -> [DocumentLine] {
        var lines = [
            DocumentLine(" " + localized("No protocol is loaded, so no stopping rule is evaluated."), style: .bold),
            DocumentLine(),
            DocumentLine(" " + localized("Open the board with its protocol:") + "  aegrade board --db LOG --protocol protocol.yaml"),
            DocumentLine(" " + localized("(a bare `aegrade` reads ./protocol.yaml when it is there).")),
        ]
        if let event = state.lastLogged {
            lines.append(DocumentLine())
            lines.append(DocumentLine(" " + localized("The log's last rule status (#{seq}, {time}): {status}", ["seq": String(event.seq), "time": ClockText.recorded(event), "status": EventText.payload(event)])))
        }
        return lines
    }

    /// Whether the log has recorded the status shown (the `ruleStatus` event).
    static func logged(_ event: RecordedEvent?, current: TrialStatus) -> DocumentLine {
        guard let event, let logged = event.loggedRuleStatus else {
            let needed = current.state != .continue || !current.tripped.isEmpty
            return DocumentLine(needed ? localized("logged: not yet — the next save records this status") : localized("logged: nothing (no rule has tripped)"),
                                style: needed ? .bold : .dim)
        }
        let same = logged.status == current.state.rawValue && Set(logged.tripped) == Set(current.tripped)
        return DocumentLine(localized("logged #{seq} {status}", ["seq": String(event.seq), "status": ClinicalWords.ruleStatus(logged.status)])
                            + (logged.tripped.isEmpty ? "" : " (\(logged.tripped.joined(separator: ", ")))")
                            + ", \(event.author.id) \(ClockText.recorded(event))" + (same ? "" : localized(" — differs from now: the next save records it")),
                            style: same ? .dim : .bold)
    }

    /// `Pocock`, `Bayes`, `count`, `stagger`.
    static func typeName(_ type: String) -> String {
        switch type {
        case "pocock": "Pocock"
        case "bayes": "Bayes"
        case "count": localized("count")
        case "stagger": localized("stagger")
        default: type
        }
    }

    /// `●●○`: the count against the threshold (at most 12 marks).
    static func bar(count: Int, threshold: Int?) -> String {
        guard let threshold, threshold <= 12 else { return "" }
        return String(repeating: "●", count: min(count, threshold)) + String(repeating: "○", count: max(0, threshold - count))
            + (count > threshold ? "+\(count - threshold)" : "")
    }

    static func rule(_ outcome: RuleOutcome, definition: SafetyRule?, now: ClinicalTime, width: Int, colors: Bool) -> [DocumentLine] {
        var first = DocumentLine()
        first.add(outcome.tripped ? "⚠" : "✓", style: outcome.tripped ? tripStyle(colors) : .plain, at: 1)
        first.add(outcome.rule, style: .bold, at: 3)
        first.add(typeName(outcome.type), at: 21)
        let bar = bar(count: outcome.count, threshold: outcome.threshold)
        first.add(bar.isEmpty ? "" : bar + " ", at: 30)
        first.add(standing(outcome, definition: definition, now: now), style: outcome.tripped ? .bold : .plain)
        var lines = [first]
        let indent = String(repeating: " ", count: 5)
        let action = (outcome.tripped ? localized("TRIPPED → ") : "") + localized(outcome.action.rawValue)
        for (index, text) in DocumentView.wrap("\(action) · \(outcome.description)", columns: width - 6).enumerated() {
            lines.append(DocumentLine(indent + text, style: index == 0 && outcome.tripped ? tripStyle(colors) : .dim))
        }
        var details: [String] = []
        if case .monitoring(_, let boundary)? = definition?.kind { details.append(localized("boundary {boundary}", ["boundary": boundary.compactText])) }
        if !outcome.counted.isEmpty {
            details.append((outcome.type == "stagger" ? localized("infused early: ") : localized("counted: ")) + outcome.counted.joined(separator: ", "))
        }
        for text in DocumentView.wrap(details.joined(separator: " · "), columns: width - 6) where !text.isEmpty {
            lines.append(DocumentLine(indent + text, style: .dim))
        }
        return lines
    }

    /// The count against the threshold, in the rule's own terms.
    static func standing(_ outcome: RuleOutcome, definition: SafetyRule?, now: ClinicalTime) -> String {
        switch definition?.kind {
        case .count(_, let atLeast, let ofFirst?)?:
            return localized("{count} of ≥ {atLeast} in the first {first} evaluable ({subjects} so far)", ["count": String(outcome.count), "atLeast": String(atLeast), "first": String(ofFirst), "subjects": String(outcome.subjects ?? 0)])
        case .count(_, let atLeast, nil)?:
            return localized("{count} of ≥ {atLeast} subjects", ["count": String(outcome.count), "atLeast": String(atLeast)])
        case .monitoring(_, let boundary)?:
            let n = outcome.subjects ?? 0
            var text = localized("{count} of n = {n}", ["count": String(outcome.count), "n": String(n)])
            if let after = outcome.trippedAfter {
                text += localized(" — crossed the boundary at n = {n}", ["n": String(after)])
            } else if let b = outcome.threshold {
                text += localized("; stops at ≥ {b} (boundary at n = {n})", ["b": String(b), "n": String(n)])
            } else if let next = (n + 1...max(n + 1, boundary.maxSubjects)).first(where: { boundary.stopsAt($0) != nil }),
                      let b = boundary.stopsAt(next) {
                text += localized(" — no stop possible yet (≥ {b} at n = {n})", ["b": String(b), "n": String(next)])
            } else {
                text += localized(" — no stop possible up to N = {n}", ["n": String(boundary.maxSubjects)])
            }
            return text
        case .stagger(let stagger)?:
            var text = localized("{count} dosed < {days} d after the previous", ["count": String(outcome.count), "days": "\(stagger.days)"])
            if let next = outcome.nextDosing, next > now { text += localized("; next from {time}", ["time": ClockText.short(next)]) }
            if !outcome.nextDosingByCohort.isEmpty { text += localized("; see DOSING") }
            return text
        case nil:
            return "\(outcome.count)" + (outcome.threshold.map { localized(" of ≥ {n}", ["n": String($0)]) } ?? "")
        }
    }

    static func dosing(_ status: TrialStatus, colors: Bool) -> [DocumentLine] {
        var lines: [DocumentLine] = []
        var line = DocumentLine("  " + localized("next permitted dosing: "))
        switch status.nextDosing {
        case .anyTime:
            line.add(localized("any time"), style: .bold)
            line.add(status.nextDosingByCohort.isEmpty ? localized(" (no stagger applies)") : localized(" (trial-wide; see the cohorts below)"))
        case .from(let time):
            line.add(localized("from {time}", ["time": "\(ClockText.dateTime(time)) \(ClockText.offset(time.offsetSeconds))"]), style: .bold)
            line.add(localized(" — in {age}", ["age": TriageBoardView.age(time.secondsSinceEpoch - status.asOf.secondsSinceEpoch)]))
            let rules = status.rules.filter { $0.nextDosing == time }.map(\.rule)
            if !rules.isEmpty { line.add(localized(" (stagger: {rules})", ["rules": rules.joined(separator: ", ")])) }
        case .pausedPendingReview:
            line.add(localized("⚠ PAUSED pending review"), style: tripStyle(colors))
            let rules = status.rules.filter { $0.tripped && $0.action == .pauseDosing }.map(\.rule)
            line.add(localized(" ({rules} tripped)", ["rules": rules.joined(separator: ", ")]))
        }
        lines.append(line)
        for cohort in status.nextDosingByCohort.keys.sorted() {
            let time = status.nextDosingByCohort[cohort]!
            var entry = DocumentLine("    " + localized("cohort {cohort}", ["cohort": cohort.isEmpty ? localized("(none)") : cohort]) + localized(": "))
            entry.add(localized("from {time}", ["time": "\(ClockText.dateTime(time)) \(ClockText.offset(time.offsetSeconds))"]), style: .bold)
            entry.add(localized(" — in {age}", ["age": TriageBoardView.age(time.secondsSinceEpoch - status.asOf.secondsSinceEpoch)]))
            lines.append(entry)
        }
        if status.enrolmentPaused {
            lines.append(DocumentLine("  " + localized("enrolment: ⚠ paused until the data monitoring committee has reviewed"), style: tripStyle(colors)))
        }
        return lines
    }
}
