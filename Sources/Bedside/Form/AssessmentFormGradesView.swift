import Clinical
import Foundation
import Grading
import Terminal
import Localization

/// The live grades of the form: ASTCT CRS and ICANS with their reasons or what is missing, then
/// the other criteria compactly. A grade that cannot be given says "not assessable — missing …";
/// it is never shown as 0.
enum AssessmentFormGradesView {
    static func render(_ live: LiveGrades, into buffer: inout ScreenBuffer, frame: AssessmentFormView.Frame, colors: Bool) {
        let area = frame.grades
        let x = area.x + (frame.wide ? 1 : 0)
        let width = area.width - (frame.wide ? 2 : 1)
        var y = area.top
        let title = "── " + localized("LIVE GRADES (recomputed on every key)") + " "
        buffer.put(title + String(repeating: "─", count: max(0, width - title.displayWidth)), x: x, y: y, style: .bold, limit: width)
        y += 1
        // Narrow: two lines for each ASTCT grade, one for the rest. Wide: as much as fits.
        let mainRows = frame.wide ? max(2, min(6, (area.bottom - area.top - 4) / 3)) : 2
        for (label, id) in [("CRS  ", LiveGrades.crs), ("ICANS", LiveGrades.icans)] {
            let lines = mainLines(live.result(id), label: label, width: width)
            for (offset, line) in lines.prefix(mainRows).enumerated() where y < area.bottom {
                if offset == 0 {
                    var column = buffer.put(label + " ", x: x, y: y, style: .bold)
                    let outcome = live.result(id)?.outcome
                    let glyph = GradeGlyph.text(grade: outcome?.grade, atLeast: outcome?.atLeast, graded: outcome != nil)
                    column = buffer.put(glyph, x: column, y: y, style: GradeGlyph.style(grade: outcome?.grade, colors: colors))
                    buffer.put(line, x: column + 1, y: y, limit: max(0, x + width - column - 1))
                } else {
                    buffer.put(line, x: x + 6, y: y, limit: width - 6)
                }
                y += 1
            }
            if frame.wide { y += 1 }
        }
        let others = live.results.filter { $0.criteria != LiveGrades.crs && $0.criteria != LiveGrades.icans }
        if frame.wide {
            if !others.isEmpty, y < area.bottom { buffer.put(localized("Other criteria"), x: x, y: y, style: .bold); y += 1 }
            for result in others where y < area.bottom {
                buffer.put(LiveGrades.compact(result), x: x + 1, y: y, style: style(result, colors: colors), limit: width - 1)
                y += 1
            }
        } else if y < area.bottom {
            var column = x
            for (index, result) in others.enumerated() {
                let text = (index > 0 ? " · " : "") + LiveGrades.compact(result)
                guard column + text.displayWidth <= x + width else {
                    buffer.put(" …", x: min(column, x + width - 2), y: y)
                    break
                }
                if index > 0 { column = buffer.put(" · ", x: column, y: y, style: .dim) }
                column = buffer.put(LiveGrades.compact(result), x: column, y: y, style: style(result, colors: colors))
            }
        }
    }

    /// The explanation of one ASTCT grade, wrapped: reasons, or "not assessable — missing …".
    static func mainLines(_ result: CriteriaResult?, label: String, width: Int) -> [String] {
        guard let result, let outcome = result.outcome else { return [localized("not graded (criteria not loaded)")] }
        let glyph = GradeGlyph.text(grade: outcome.grade, atLeast: outcome.atLeast)
        let first = width - label.count - glyph.displayWidth - 2
        let text = LiveGrades.explanation(outcome, criteria: result.criteria, version: result.version)
        let words = AssessmentFormView.wrap(text, width: max(10, first))
        guard let head = words.first else { return [""] }
        let rest = String(text.dropFirst(head.count)).trimmingCharacters(in: .whitespaces)
        return [head] + AssessmentFormView.wrap(rest, width: max(10, width - 6))
    }

    static func style(_ result: CriteriaResult, colors: Bool) -> Style {
        if case .grade(let outcome) = result.value { return GradeGlyph.style(grade: outcome.grade, colors: colors) }
        return LiveGrades.grade(result).map { GradeGlyph.style(grade: $0, colors: colors) } ?? .plain
    }
}
