import Clinical
import Localization
import Terminal

/// Draws the replay: where it stands, whether the log verifies, the current event, the rule
/// status logged by then, and the board as it stood (drawn by the board's own view).
enum ReplayView {
    /// Rows above the board.
    static let detailRows = 7

    static func render(_ state: ReplayState, into buffer: inout ScreenBuffer, area: Area, colors: Bool) {
        let width = area.width
        var y = area.top
        guard let event = state.current else {
            buffer.put(" " + localized("The log is empty."), x: 0, y: y)
            return
        }
        let last = state.events.last?.seq ?? event.seq
        let moment = state.moment
        let first = moment.first ?? event
        var position = DocumentLine()
        position.add(" " + (moment.count > 1 ? localized("events #{first}–#{seq} of {last}", ["first": String(first.seq), "seq": String(event.seq), "last": String(last)])
                                        : localized("event #{seq} of {last}", ["seq": String(event.seq), "last": String(last)])), style: .bold)
        position.add(" \(state.index > 0 ? "◀" : " ")\(state.index < state.events.count - 1 ? "▶" : " ")")
        position.add(localized(" · recorded {time}", ["time": ClockText.recorded(event, long: true)]))
        if state.clock == .clinical, let time = state.clockTime {
            position.add(localized(" · board clock: clinical {time}", ["time": ClockText.short(time)]), style: .bold)
        }
        DocumentView.draw(position, y: y, width: width, into: &buffer)
        y += 1
        let verifyStyle = state.verified ? Style(foreground: colors ? .green : nil)
                                         : Style(foreground: colors ? .red : nil, bold: true, reverse: !colors)
        buffer.put(" " + state.verification, x: 0, y: y, style: verifyStyle, limit: width - 1)
        y += 1

        var what = DocumentLine()
        what.add(EventText.kind(first.kind) + (moment.count > 1 ? localized(" and its grades") : ""), style: .bold, at: 2)
        what.add("  \(first.patient ?? localized("trial"))", style: first.patient == nil ? .dim : .bold)
        if let time = first.clinicalInstant {
            what.add("  " + localized("clinical {time}", ["time": "\(ClockText.dateTime(time)) \(ClockText.offset(time.offsetSeconds))"]))
        }
        DocumentView.draw(what, y: y, width: width, into: &buffer)
        y += 1
        buffer.put("  " + localized("by {user} ({role})", ["user": first.author.id, "role": localized(first.author.role.rawValue)]) + " · \(first.terminal) · aegrade \(first.productVersion)",
                   x: 0, y: y, style: .dim, limit: width - 1)
        y += 1
        // An entry and its grades, one transaction: the grades first (what the board shows), then
        // what was entered.
        let main = event.loggedGrades.filter { $0.term == nil && [TriageBoardState.crsCriteria, TriageBoardState.icansCriteria].contains($0.criteria) }
        let payload = moment.count > 1 ? "→ \(EventText.grades(main.isEmpty ? event.loggedGrades : main)) · \(EventText.payload(first))"
                                       : EventText.payload(event)
        let payloadStyle: Style = first.kind == .correction || first.kind == .override
            ? Style(foreground: colors ? .magenta : nil, bold: true) : .plain
        buffer.put("  " + (payload.isEmpty ? localized("(no payload)") : payload), x: 0, y: y, style: payloadStyle, limit: width - 1)
        y += 1
        var rules = DocumentLine("  " + localized("rules then: "))
        if state.trial == nil && state.ruleStatus == nil {
            rules.add(localized("no protocol loaded"), style: .dim)
        } else if let logged = state.ruleStatus, let status = logged.loggedRuleStatus {
            let tripped = !status.tripped.isEmpty
            rules.add(tripped ? "⚠ " + ClinicalWords.ruleStatus(status.status) + localized(" — tripped {rules}", ["rules": status.tripped.joined(separator: ", ")]) : ClinicalWords.ruleStatus(status.status),
                      style: tripped ? Style(foreground: colors ? .red : nil, bold: true) : .plain)
            rules.add("  " + localized("(logged #{seq})", ["seq": String(logged.seq)]), style: .dim)
        } else {
            rules.add(localized("continue — no rule status logged yet"), style: .dim)
        }
        DocumentView.draw(rules, y: y, width: width, into: &buffer)

        let boardTop = area.top + detailRows
        let promptY = area.bottom - 1
        if promptY - boardTop >= 3 {
            TriageBoardView.render(state.board, into: &buffer, area: Area(top: boardTop, bottom: promptY, width: width), colors: colors,
                                   noPatients: localized("No patients in the log at this point."))
        }
        if let typed = state.goTo {
            buffer.fill(y: promptY, style: .bold)
            buffer.put(" " + localized("go to (2026-05-14 08:00, 08:00, ISO 8601, or #seq): ") + "\(typed)▏", x: 0, y: promptY, style: .bold)
        } else if let note = state.note {
            buffer.put(" " + note, x: 0, y: promptY, style: .bold, limit: width - 1)
        } else {
            buffer.put(" " + localized("board as of event #{seq} ({clock}) · c switches", ["seq": String(event.seq), "clock": state.clock == .recorded ? localized("clock: its record time") : localized("clock: latest clinical time")]),
                       x: 0, y: promptY, style: .dim, limit: width - 1)
        }
    }
}
