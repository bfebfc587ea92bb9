import Foundation
import Terminal
import Localization

/// Draws the triage board. The patient column takes the room a wider terminal has; the other
/// columns keep their widths and follow it.
package enum TriageBoardView {
    /// The patient column at 80 columns.
    static let minimumPatientColumns = 14

    /// Where each column starts, for a patient column `patientColumns` wide.
    struct Columns {
        let patient = 2, day: Int, crs: Int, icans: Int, hlh: Int, trend: Int, last: Int, status: Int

        init(patientColumns: Int) {
            day = 3 + patientColumns
            crs = day + 6
            icans = crs + 11
            hlh = icans + 11
            trend = hlh + 6
            last = trend + 9
            status = last + 9
        }
    }

    static func header(_ columns: Columns) -> String {
        var line = ScreenBuffer(width: columns.status + 6, height: 1)
        for (text, x, room) in [(localized("PATIENT"), columns.patient, columns.day - columns.patient - 1),
                                (localized("DAY"), columns.day, 5), ("CRS", columns.crs, 10), ("ICANS", columns.icans, 10),
                                ("HLH", columns.hlh, 5), (localized("TREND"), columns.trend, 8), (localized("LAST"), columns.last, 8),
                                (localized("STATUS"), columns.status, 6)] {
            line.put(text, x: x, y: 0, fitting: room)
        }
        return line.line(0)
    }

    /// What an empty live board says; the replay, where nothing can be entered, says its own.
    package static var noPatientsYet: String { localized("No patients in the log yet: n starts a new assessment.") }

    package static func render(_ state: TriageBoardState, into buffer: inout ScreenBuffer, area: Area, colors: Bool,
                               noPatients: String? = nil) {
        let noPatients = noPatients ?? noPatientsYet
        let longest = state.rows.map(\.patient.displayWidth).max() ?? 0
        let patientColumns = max(minimumPatientColumns, min(longest, minimumPatientColumns + max(0, area.width - 80)))
        let columns = Columns(patientColumns: patientColumns)
        // Ids that all fit are shown whole: the labels are worked out only when one is cut.
        let labels = longest > patientColumns ? PatientLabel.labels(state.rows.map(\.patient), columns: patientColumns) : [:]
        buffer.put(header(columns), x: 0, y: area.top, style: .bold)
        let rows = state.visibleRows
        let capacity = max(1, area.height - 2)
        let first = min(max(0, state.selected - capacity + 1), max(0, rows.count - capacity))
        if rows.isEmpty {
            buffer.put(state.rows.isEmpty ? "  " + noPatients : "  " + localized("No patient matches \"{filter}\" (Esc clears).", ["filter": state.filter]),
                       x: 0, y: area.top + 2)
        }
        for (offset, row) in rows.dropFirst(first).prefix(capacity).enumerated() {
            let y = area.top + 1 + offset
            let selected = first + offset == state.selected
            let base = selected ? Style(reverse: true) : Style.plain
            if selected { buffer.fill(y: y, style: base) }
            buffer.put(selected ? "▸" : " ", x: 0, y: y, style: base)
            buffer.put(labels[row.patient] ?? row.patient, x: columns.patient, y: y, style: selected ? Style(bold: true, reverse: true) : .bold,
                       limit: patientColumns)
            buffer.put(row.day.map { $0 < 0 ? "D\($0)" : "D+\($0)" } ?? "-", x: columns.day, y: y, style: base)
            put(grade: row.crs, atLeast: row.crsAtLeast, graded: row.crsGraded, last: row.crsLastDefinite, overridden: row.crsOverridden,
                x: columns.crs, y: y, selected: selected, colors: colors, into: &buffer)
            put(grade: row.icans, atLeast: row.icansAtLeast, graded: row.icansGraded, last: row.icansLastDefinite, overridden: row.icansOverridden,
                x: columns.icans, y: y, selected: selected, colors: colors, into: &buffer)
            buffer.put(localized(row.hlh.text), x: columns.hlh, y: y, style: row.hlh == .met ? GradeGlyph.style(grade: 4, colors: colors) : base)
            let trend: String = row.trend.map { $0 > 0 ? localized("↑ worse") : ($0 < 0 ? localized("↓ better") : localized("= same")) }
                ?? localized("new")
            buffer.put(trend, x: columns.trend, y: y, style: row.trend == 1 ? Style(bold: true, reverse: selected) : base, fitting: 8)
            buffer.put(row.sinceLastAssessment.map(age) ?? "-", x: columns.last, y: y, style: base, limit: 8)
            var status: [String] = []
            if row.died { status.append(localized("† died")) }
            if row.overdue { status.append(localized("OVERDUE")) }
            if row.overridden { status.append(localized("overridden")) }
            buffer.put(status.joined(separator: " "), x: columns.status, y: y, style: row.overdue ? Style(bold: true, reverse: !selected) : base,
                       limit: area.width - columns.status)
        }
        let overdue = state.rows.filter(\.overdue).count
        let counts: KeyValuePairs = ["n": String(state.rows.count), "overdue": String(overdue)]
        var footer = "  " + (state.rows.count == 1 ? localized("{n} patient · {overdue} overdue", counts)
                                                   : localized("{n} patients · {overdue} overdue", counts))
        if !state.filter.isEmpty || state.filtering { footer += localized(" · {n} shown", ["n": String(rows.count)]) }
        buffer.put(footer, x: 0, y: area.bottom - 1, style: .dim, limit: area.width)
        // The marks a glance needs, always on screen; `?` lists them all.
        let key = localized("?(n) last definite grade · ⚑ overridden") + " "
        if footer.displayWidth + key.displayWidth + 2 <= area.width {
            buffer.put(key, x: area.width - key.displayWidth, y: area.bottom - 1, style: .dim)
        }
    }

    /// `1 patient`, `13 patients`.
    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    static func put(grade: Int?, atLeast: Int?, graded: Bool, last: Int?, overridden: Bool, x: Int, y: Int, selected: Bool, colors: Bool,
                    into buffer: inout ScreenBuffer) {
        // A grade not assessable now is drawn in the colour of its last definite grade: the
        // patient stays as visible as they were.
        var style = graded || last != nil ? GradeGlyph.style(grade: grade ?? last, colors: colors) : .plain
        if selected { style.reverse.toggle() }
        let text = GradeGlyph.text(grade: grade, atLeast: atLeast, graded: graded, lastDefinite: last) + (overridden ? "⚑" : "")
        buffer.put(text, x: x, y: y, style: style, limit: 10)
    }

    /// "45m", "3h05m", "2d04h".
    static func age(_ seconds: Double) -> String {
        let minutes = max(0, Int(seconds / 60))
        if minutes < 60 { return "\(minutes)m" }
        if minutes < 48 * 60 { return String(format: "%dh%02dm", minutes / 60, minutes % 60) }
        return String(format: "%dd%02dh", minutes / 1440, minutes % 1440 / 60)
    }
}
