import Clinical
import Foundation
import Terminal

/// The default screen: one line per patient, worst first.
package final class TriageBoardScreen: Screen {
    package private(set) var state = TriageBoardState()

    package init(context: BedsideContext) { reload(context) }

    package var title: String { "Triage board" }

    package static let keys = Keymap([
        Binding([.character("j"), .down], "down", "Next patient"),
        Binding([.character("k"), .up], "up", "Previous patient", statusBar: false),
        Binding([.enter, .character("t")], "timeline", "Timeline of the patient"),
        Binding([.character("a")], "assess", "New assessment of the patient"),
        Binding([.character("n")], "new", "New assessment of a new patient", statusBar: false),
        Binding([.character("i")], "ice", "ICE (or CAPD) step by step for the patient", statusBar: false),
        Binding([.character("o")], "override", "Override the patient's CRS or ICANS grade (physician, PI; asks a reason and y/N)", statusBar: false),
        Binding([.character("e")], "correct", "Correct the patient's last assessment (asks a reason and y/N)", statusBar: false),
        Binding([.character("r")], "rules", "Stopping rules and dosing"),
        Binding([.character("p")], "replay", "Replay the audit trail", statusBar: false),
        Binding([.character("/")], "find", "Find a patient"),
        Binding([.home, .character("g")], "top", "First patient", statusBar: false),
        Binding([.end, .character("G")], "bottom", "Last patient", statusBar: false),
    ])

    package var keymap: Keymap { Self.keys }

    /// The permission a board command needs (`Role.may`); nil for reading.
    static func permission(of command: String) -> Permission? {
        switch command {
        case "assess", "new", "ice": .enterAssessment
        case "correct": .correctAssessment
        case "override": .overrideGrade
        default: nil
        }
    }

    func reload(_ context: BedsideContext) {
        state.update(TriageBoardState.rows(replay: context.replay, gradesEvent: context.gradesEvent, trial: context.trial, now: context.now()))
    }

    package func logChanged(context: BedsideContext) { reload(context) }

    package func handle(_ key: Key, context: BedsideContext) -> Reaction {
        if state.filtering {
            switch key {
            case .enter: state.filtering = false
            case .escape: state.filtering = false; state.filter = ""
            case .backspace: if !state.filter.isEmpty { state.filter.removeLast() }
            case .character(let c): state.filter.append(c); state.selected = 0
            default: break
            }
            return .redraw
        }
        let command = keymap.command(for: key)
        // Writing keys are checked against the role table first: a monitor reads, and is told so.
        if let command, let permission = Self.permission(of: command), let refusal = context.author.role.refusal(permission) {
            context.message = (refusal, true)
            return .redraw
        }
        switch command {
        case "down"?: state.move(1)
        case "up"?: state.move(-1)
        case "top"?: state.selected = 0
        case "bottom"?: state.selected = max(0, state.visibleRows.count - 1)
        case "find"?: state.filtering = true; state.filter = ""
        case "timeline"?:
            guard let patient = state.selectedPatient else { return .none }
            return .push(PatientTimelineScreen(patient: patient, context: context))
        case "assess"?:
            guard let patient = state.selectedPatient else { return .none }
            return .push(AssessmentFormScreen(patient: patient, context: context))
        case "new"?: return .push(AssessmentFormScreen(patient: nil, context: context))
        case "ice"?:
            guard let patient = state.selectedPatient else { return .none }
            return .push(AssessmentFormScreen(patient: patient, context: context, startWithNeuroWizard: true))
        case "override"?:
            guard let patient = state.selectedPatient else { return .none }
            return OverrideScreen.open(patient: patient, context: context)
        case "correct"?:
            guard let patient = state.selectedPatient else { return .none }
            return CorrectionScreen.open(patient: patient, context: context)
        case "rules"?: return .push(RulesScreen(context: context))
        case "replay"?: return .push(ReplayScreen(context: context))
        default: return .unhandled
        }
        return .redraw
    }

    package func render(into buffer: inout ScreenBuffer, area: Area, context: BedsideContext) {
        TriageBoardView.render(state, into: &buffer, area: area, colors: context.colors)
    }
}

/// Draws the triage board.
package enum TriageBoardView {
    static let header = "  PATIENT        DAY   CRS        ICANS      HLH   TREND    LAST     STATUS"

    package static func render(_ state: TriageBoardState, into buffer: inout ScreenBuffer, area: Area, colors: Bool) {
        buffer.put(header, x: 0, y: area.top, style: .bold)
        let rows = state.visibleRows
        let capacity = max(1, area.height - 2)
        let first = min(max(0, state.selected - capacity + 1), max(0, rows.count - capacity))
        if rows.isEmpty {
            buffer.put(state.rows.isEmpty ? "  No patients in the log yet: n starts a new assessment." : "  No patient matches \"\(state.filter)\".",
                       x: 0, y: area.top + 2)
        }
        for (offset, row) in rows.dropFirst(first).prefix(capacity).enumerated() {
            let y = area.top + 1 + offset
            let selected = first + offset == state.selected
            let base = selected ? Style(reverse: true) : Style.plain
            if selected { buffer.fill(y: y, style: base) }
            buffer.put(selected ? "▸" : " ", x: 0, y: y, style: base)
            buffer.put(row.patient, x: 2, y: y, style: selected ? Style(bold: true, reverse: true) : .bold, limit: 14)
            buffer.put(row.day.map { "D+\($0)" } ?? "-", x: 17, y: y, style: base)
            put(grade: row.crs, atLeast: row.crsAtLeast, graded: row.crsGraded, x: 23, y: y, selected: selected, colors: colors, into: &buffer)
            put(grade: row.icans, atLeast: row.icansAtLeast, graded: row.icansGraded, x: 34, y: y, selected: selected, colors: colors, into: &buffer)
            let hlh: String = row.hlh.map { $0 ? "HLH!" : "no" } ?? "?"
            buffer.put(hlh, x: 45, y: y, style: row.hlh == true ? GradeGlyph.style(grade: 4, colors: colors) : base)
            let trend: String = row.trend.map { $0 > 0 ? "↑ worse" : ($0 < 0 ? "↓ better" : "= same") } ?? "new"
            buffer.put(trend, x: 51, y: y, style: row.trend == 1 ? Style(bold: true, reverse: selected) : base, limit: 8)
            buffer.put(row.sinceLastAssessment.map(age) ?? "-", x: 60, y: y, style: base, limit: 8)
            var status: [String] = []
            if row.died { status.append("† died") }
            if row.overdue { status.append("OVERDUE") }
            if row.overridden { status.append("overridden") }
            buffer.put(status.joined(separator: " "), x: 69, y: y, style: row.overdue ? Style(bold: true, reverse: !selected) : base, limit: area.width - 69)
        }
        let footerY = area.bottom - 1
        if state.filtering || !state.filter.isEmpty {
            buffer.put("/\(state.filter)\(state.filtering ? "▏" : "")", x: 0, y: footerY, style: .bold)
        } else {
            let overdue = state.rows.filter(\.overdue).count
            buffer.put("  \(state.rows.count) patients · \(overdue) overdue", x: 0, y: footerY, style: .dim)
        }
    }

    static func put(grade: Int?, atLeast: Int?, graded: Bool, x: Int, y: Int, selected: Bool, colors: Bool, into buffer: inout ScreenBuffer) {
        var style = graded ? GradeGlyph.style(grade: grade, colors: colors) : .plain
        if selected { style.reverse.toggle() }
        buffer.put(GradeGlyph.text(grade: grade, atLeast: atLeast, graded: graded), x: x, y: y, style: style, limit: 10)
    }

    /// "45m", "3h05m", "2d04h".
    static func age(_ seconds: Double) -> String {
        let minutes = max(0, Int(seconds / 60))
        if minutes < 60 { return "\(minutes)m" }
        if minutes < 48 * 60 { return String(format: "%dh%02dm", minutes / 60, minutes % 60) }
        return String(format: "%dd%02dh", minutes / 1440, minutes % 1440 / 60)
    }
}
