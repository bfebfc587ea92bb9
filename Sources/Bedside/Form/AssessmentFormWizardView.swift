import Clinical
import Foundation
import Grading
import Localization
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
                lines.append((localized("ICE step {n} of {count} · {domain} · points so far {total}",
                                        ["n": String(index + 1), "count": String(ICEWizard.items.count), "domain": localized(item.domain),
                                         "total": String(ice.total)]), .bold))
                lines.append(("  " + localized(item.question), .bold))
            case .unableReason:
                lines.append((localized("ICE could not be done: why?"), .bold))
                lines += ICEWizard.unableReasons.map { ("  " + $0.hint, .plain) }
            case .done:
                lines.append((ice.unable.map {
                    localized("ICE not done: {reason}",
                              ["reason": $0 == .awakeAphasic ? localized("awake but globally aphasic")
                                  : $0 == .unarousable ? localized("unarousable") : localized("other reason")])
                } ?? localized("ICE total {total}/10", ["total": String(ice.total)]), .bold))
            }
            lines.append(("", .plain))
            lines += ice.answeredLines.map { ("  " + $0, .plain) }
        case .capd(let capd):
            hint = capd.hint
            switch capd.step {
            case .item(let index):
                lines.append((localized("CAPD item {n} of {count} · points so far {total}",
                                        ["n": String(index + 1), "count": String(CAPDWizard.items.count), "total": String(capd.total)]), .bold))
                lines.append(("  " + localized(CAPDWizard.items[index]) + localized("?"), .bold))
            case .done:
                lines.append((capd.unable ? localized("CAPD not done: unable to perform CAPD")
                              : localized("CAPD total {total}/32", ["total": String(capd.total)]), .bold))
            }
            lines.append(("", .plain))
            lines += capd.answeredLines.map { ("  " + $0, .plain) }
        }
        if let grades {
            var result: [(String, Style)] = []
            for (title, outcome) in [(localized("ICANS from this score alone (other neuro domains normal): "), grades.domain),
                                     (localized("ICANS with the rest of the form: "), grades.form)] {
                let wrapped = AssessmentFormView.wrap(title + describe(outcome, version: grades.version), width: width - 2)
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

    static func describe(_ outcome: GradeOutcome?, version: String?) -> String {
        guard let outcome else { return "-" }
        return GradeGlyph.text(grade: outcome.grade, atLeast: outcome.atLeast) + " "
            + LiveGrades.explanation(outcome, criteria: LiveGrades.icans, version: version)
    }

    static func gradeStyle(_ outcome: GradeOutcome?, _ colors: Bool) -> Style {
        var style = GradeGlyph.style(grade: outcome?.grade, colors: colors)
        style.bold = true
        return style
    }
}
