import Clinical
import Foundation
import Grading
import Terminal

/// Draws the ICE or CAPD wizard in the form's field area: the step, its question, its keys, the
/// answers so far, and at the end the total and the ICANS grade it gives.
enum AssessmentFormWizardView {
    static func render(_ wizard: AssessmentFormState.Wizard, grades: AssessmentFormState.WizardGrades?, into buffer: inout ScreenBuffer,
                       frame: AssessmentFormView.Frame, colors: Bool) {
        let width = frame.fields.width - 2
        let x = frame.fields.x + 1
        var lines: [(String, Style)] = []
        let hint: String
        switch wizard {
        case .ice(let ice):
            hint = ice.hint
            switch ice.step {
            case .item(let index):
                let item = ICEWizard.items[index]
                lines.append(("ICE step \(index + 1) of \(ICEWizard.items.count) · \(item.domain) · points so far \(ice.total)", .bold))
                lines.append(("  " + item.question, .bold))
            case .unableReason:
                lines.append(("ICE could not be done: why?", .bold))
                lines += ICEWizard.unableReasons.map { ("  " + $0.hint, .plain) }
            case .done:
                lines.append((ice.unable.map { "ICE not done: \($0 == .awakeAphasic ? "awake but globally aphasic" : $0 == .unarousable ? "unarousable" : "other reason")" }
                              ?? "ICE total \(ice.total)/10", .bold))
            }
            lines.append(("", .plain))
            lines += ice.answeredLines.map { ("  " + $0, .plain) }
        case .capd(let capd):
            hint = capd.hint
            switch capd.step {
            case .item(let index):
                lines.append(("CAPD item \(index + 1) of \(CAPDWizard.items.count) · points so far \(capd.total)", .bold))
                lines.append(("  " + CAPDWizard.items[index] + "?", .bold))
            case .done:
                lines.append((capd.unable ? "CAPD not done: unable to perform CAPD" : "CAPD total \(capd.total)/32", .bold))
            }
            lines.append(("", .plain))
            lines += capd.answeredLines.map { ("  " + $0, .plain) }
        }
        if let grades {
            var result: [(String, Style)] = []
            for (title, outcome) in [("ICANS from this score alone (other neuro domains normal): ", grades.domain),
                                     ("ICANS with the rest of the form: ", grades.form)] {
                let wrapped = AssessmentFormView.wrap(title + describe(outcome), width: width - 2)
                result += wrapped.enumerated().map { ($0.offset == 0 ? $0.element : "  " + $0.element, gradeStyle(outcome, colors)) }
            }
            lines.insert(contentsOf: result, at: 1)
        }
        let rows = frame.fields.bottom - frame.fields.top
        // Keep the question and the newest answers when the area is short.
        let head = (lines.firstIndex { $0.0.isEmpty } ?? 2) + 1
        let shown = lines.count <= rows ? lines : Array(lines.prefix(head)) + Array(lines.suffix(max(0, rows - head)))
        for (offset, line) in shown.prefix(rows).enumerated() {
            buffer.put(line.0, x: x, y: frame.fields.top + offset, style: line.1, limit: width)
        }
        for (offset, line) in AssessmentFormView.wrap(hint, width: width).prefix(frame.hintRows).enumerated() {
            AssessmentFormView.putKeys(line, x: x, y: frame.hintY + offset, limit: width, into: &buffer)
        }
    }

    static func describe(_ outcome: GradeOutcome?) -> String {
        guard let outcome else { return "-" }
        return GradeGlyph.text(grade: outcome.grade, atLeast: outcome.atLeast) + " " + LiveGrades.explanation(outcome)
    }

    static func gradeStyle(_ outcome: GradeOutcome?, _ colors: Bool) -> Style {
        var style = GradeGlyph.style(grade: outcome?.grade, colors: colors)
        style.bold = true
        return style
    }
}
