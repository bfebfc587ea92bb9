import Clinical
import Foundation
import Localization
import Terminal

/// Draws the assessment form: the fields (scrolled so the cursor is visible), the keys of the
/// focused field, what is refused or unusual, and the live grades — below the fields on an 80×24
/// terminal, beside them from 110 columns. Meaning never rests on colour: the cursor is `▸` and
/// reverse video, a carried-over value `↺`, a refused one `✗`, an unusual one `⚠`, and every
/// grade shows its digit and symbol.
package enum AssessmentFormView {
    /// Where each part goes in an area.
    struct Frame {
        var headerY: Int
        var fields: (top: Int, bottom: Int, x: Int, width: Int)
        var hintY: Int
        var hintRows: Int
        var issueY: Int
        var issueRows: Int
        var grades: (top: Int, bottom: Int, x: Int, width: Int)
        var wide: Bool
    }

    static func frame(_ area: Area) -> Frame {
        let wide = area.width >= 110 && area.height >= 24
        if wide {
            let gradesWidth = min(64, max(44, area.width * 2 / 5))
            let left = area.width - gradesWidth - 1
            return Frame(headerY: area.top, fields: (area.top + 1, area.bottom - 4, 0, left), hintY: area.bottom - 4, hintRows: 2,
                         issueY: area.bottom - 2, issueRows: 2, grades: (area.top, area.bottom, left + 1, gradesWidth), wide: true)
        }
        let gradesTop = area.bottom - 6
        return Frame(headerY: area.top, fields: (area.top + 1, gradesTop - 3, 0, area.width), hintY: gradesTop - 3, hintRows: 2,
                     issueY: gradesTop - 1, issueRows: 1, grades: (gradesTop, area.bottom, 0, area.width), wide: false)
    }

    package static func render(_ state: AssessmentFormState, into buffer: inout ScreenBuffer, area: Area, colors: Bool) {
        var frame = frame(area)
        // Every key of the focused field is shown: a long choice list (oxygen device: CPAP, BiPAP,
        // ventilation are the grade-4 choices) takes rows from the fields, never gets cut.
        if state.wizard == nil, state.phase == .form {
            let needed = hintLines(state, width: frame.fields.width - 2).count
            let extra = min(max(0, needed - frame.hintRows), max(0, frame.fields.bottom - frame.fields.top - 4))
            frame.fields.bottom -= extra
            frame.hintY -= extra
            frame.hintRows += extra
        }
        header(state, into: &buffer, frame: frame)
        if let wizard = state.wizard {
            AssessmentFormWizardView.render(wizard, grades: state.wizardGrades, into: &buffer, frame: frame, colors: colors)
        } else if state.phase == .identify {
            identify(state, into: &buffer, frame: frame)
        } else {
            fields(state, into: &buffer, frame: frame)
        }
        // The focused field's keys take the rows they need; what is refused or unusual the rest.
        let used = state.wizard == nil && state.phase == .form ? hint(state, into: &buffer, frame: frame) : frame.hintRows
        var issueFrame = frame
        issueFrame.issueY = frame.hintY + used
        issueFrame.issueRows = frame.issueY + frame.issueRows - issueFrame.issueY
        issues(state, into: &buffer, frame: issueFrame, colors: colors)
        AssessmentFormGradesView.render(state.live, into: &buffer, frame: frame, colors: colors)
        if frame.wide {
            for y in frame.grades.top..<frame.grades.bottom { buffer.put("│", x: frame.grades.x - 1, y: y, style: .dim) }
        }
    }

    private static func header(_ state: AssessmentFormState, into buffer: inout ScreenBuffer, frame: Frame) {
        let width = frame.fields.width
        if state.phase == .identify {
            buffer.put(localized("New patient: who is it? (id, age, developmental delay; Enter continues)"), x: 1, y: frame.headerY, style: .bold, limit: width - 1)
            return
        }
        var x = buffer.put(state.draft.text(.patientID), x: 1, y: frame.headerY, style: .bold, limit: width - 1)
        var text = ""
        if let note = state.headerNote {
            text = " · " + note
        } else if let previous = state.previous {
            text = state.carried.isEmpty ? localized(" · last assessed {time} by {user}", ["time": short(previous.time), "user": previous.author])
                                         : localized(" · ↺ carried over from {time} by {user}: check them", ["time": short(previous.time), "user": previous.author])
        } else {
            text = localized(" · no earlier assessment: nothing carried over")
        }
        x = buffer.put(text, x: x, y: frame.headerY, limit: width - x)
    }

    /// "11-21 08:00" from an ISO time.
    static func short(_ time: String?) -> String {
        guard let time, time.count >= 16 else { return time ?? "-" }
        let characters = Array(time)
        return String(characters[5..<10]) + " " + String(characters[11..<16])
    }

    private static func identify(_ state: AssessmentFormState, into buffer: inout ScreenBuffer, frame: Frame) {
        var y = frame.fields.top + 1
        for field in state.fields where y < frame.fields.bottom {
            drawRow([field], label: field.localizedLabel, state: state, y: y, into: &buffer, frame: frame)
            y += 2
        }
        let keys = localized("Keys: ") + state.keyHint(state.focus)
        buffer.put(keys, x: 2, y: frame.hintY, style: .dim, limit: frame.fields.width - 2)
    }

    private static func fields(_ state: AssessmentFormState, into buffer: inout ScreenBuffer, frame: Frame) {
        let rows = state.rows
        let visible = max(1, frame.fields.bottom - frame.fields.top)
        let focusRow = rows.firstIndex { row in
            if case .fields(let fields) = row { return fields.contains(state.focus) }
            return false
        } ?? 0
        let first = rows.count <= visible ? 0 : min(max(0, focusRow - visible / 3), rows.count - visible)
        // When the form scrolls, the right edge holds the "more" marks.
        var rowFrame = frame
        if rows.count > visible { rowFrame.fields.width -= 8 }
        for (offset, row) in rows.dropFirst(first).prefix(visible).enumerated() {
            let y = frame.fields.top + offset
            switch row {
            case .heading(let group):
                let title = "── \(localized(group.rawValue)) "
                buffer.put(title + String(repeating: "─", count: max(0, rowFrame.fields.width - title.displayWidth - 1)),
                           x: 0, y: y, style: .bold, limit: rowFrame.fields.width)
            case .fields(let fields):
                drawRow(fields, label: fields[0].localizedLabel, state: state, y: y, into: &buffer, frame: rowFrame)
            }
        }
        let right = frame.fields.x + frame.fields.width
        if first > 0 { buffer.put(localized("↑ more"), x: right - 7, y: frame.fields.top, style: .bold, fitting: 7) }
        if first + visible < rows.count { buffer.put(localized("↓ more"), x: right - 7, y: frame.fields.bottom - 1, style: .bold, fitting: 7) }
    }

    /// One row of one to three fields: the first field's label in the label column, the others'
    /// labels inline.
    private static func drawRow(_ fields: [FormField], label: String, state: AssessmentFormState, y: Int, into buffer: inout ScreenBuffer,
                            frame: Frame) {
        let limit = frame.fields.x + frame.fields.width
        let focused = fields.contains(state.focus)
        if focused { buffer.put("▸", x: frame.fields.x, y: y, style: .bold) }
        buffer.put(label, x: frame.fields.x + 2, y: y, style: focused ? .bold : .plain, limit: 16)
        var x = frame.fields.x + 18
        let all = state.fields
        for (index, field) in fields.enumerated() {
            if index > 0 { x = buffer.put(field.localizedLabel + " ", x: x + 2, y: y, style: field == state.focus ? .bold : .plain, limit: max(0, limit - x - 2)) }
            let isFocus = field == state.focus
            let value = state.draft.display(field)
            let shown = value ?? (isFocus ? "" : "—")
            let minimum = field.kind == .number || field.kind == .text ? 6 : 1
            let padded = shown + String(repeating: " ", count: max(0, minimum - shown.displayWidth))
            let style: Style = isFocus ? .reverse : (value == nil ? .dim : .plain)
            let start = x
            x = buffer.put(padded, x: x, y: y, style: style, limit: max(0, limit - x))
            if isFocus, field.takesTypedText {
                buffer.cursor = (min(start + shown.displayWidth, limit - 1), y)
            }
            // A lab's limit and baseline are in the value's unit, written once after the value, so
            // the row fits 80 columns.
            let unit: String = {
                switch field {
                case .labLimit, .labBaseline: return ""
                default: return state.draft.unitText(field)
                }
            }()
            if !unit.isEmpty { x = buffer.put(" " + unit, x: x, y: y, limit: max(0, limit - x)) }
            var marks = ""
            if state.carried.contains(field) { marks += " ↺" }
            if let rejection = state.rejection, FormField.field(for: rejection.field.text, among: all) == field { marks += " ✗" }
            else if state.live.issue(for: field, among: all) != nil { marks += " ⚠" }
            if !marks.isEmpty { x = buffer.put(marks, x: x, y: y, style: .bold, limit: max(0, limit - x)) }
        }
    }

    /// The keys of the focused field, letters in bold, wrapped over the hint rows; returns the rows used.
    private static func hint(_ state: AssessmentFormState, into buffer: inout ScreenBuffer, frame: Frame) -> Int {
        let lines = hintLines(state, width: frame.fields.width - 2)
        for (offset, line) in lines.prefix(frame.hintRows).enumerated() {
            putKeys(line, x: 1, y: frame.hintY + offset, limit: frame.fields.width - 1, into: &buffer)
        }
        return min(max(1, lines.count), frame.hintRows)
    }

    /// The focused field's keys, wrapped at `width`.
    static func hintLines(_ state: AssessmentFormState, width: Int) -> [String] {
        let name = state.focus.localizedLabel.trimmingCharacters(in: .whitespaces)
        return wrapKeys("\(name): " + state.keyHint(state.focus), width: width)
    }

    /// Splits a hint into lines at its " · " separators, so a key never parts from its label
    /// ("c CPAP" stays whole); a segment wider than a line is wrapped at spaces.
    static func wrapKeys(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        for segment in text.components(separatedBy: " · ") {
            let candidate = line.isEmpty ? segment : line + " · " + segment
            if candidate.displayWidth <= width {
                line = candidate
            } else {
                if !line.isEmpty { lines.append(line + " ·") }
                let parts = wrap(segment, width: width)
                lines += parts.dropLast()
                line = parts.last ?? ""
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// Writes a hint line with each single-character key (the word before a label) in bold.
    static func putKeys(_ line: String, x: Int, y: Int, limit: Int, into buffer: inout ScreenBuffer) {
        var column = x
        let segments = line.components(separatedBy: " · ")
        for (index, segment) in segments.enumerated() {
            if index > 0 { column = buffer.put(" · ", x: column, y: y, style: .dim, limit: max(0, x + limit - column)) }
            if let space = segment.firstIndex(of: " "), isKeyName(segment[..<space]) {
                column = buffer.put(String(segment[..<space]), x: column, y: y, style: Style(bold: true, underline: true), limit: max(0, x + limit - column))
                column = buffer.put(String(segment[space...]), x: column, y: y, limit: max(0, x + limit - column))
            } else {
                column = buffer.put(segment, x: column, y: y, limit: max(0, x + limit - column))
            }
        }
    }

    private static func isKeyName(_ word: Substring) -> Bool {
        word.count == 1 || ["Space", "Backspace", "Enter", "Esc", "Tab"].contains(word)
    }

    private static func issues(_ state: AssessmentFormState, into buffer: inout ScreenBuffer, frame: Frame, colors: Bool) {
        let width = frame.fields.width - 1
        if let prompt = state.prompt {
            let text: String
            switch prompt {
            case .confirmSave(let summary, _):
                text = "⚠ " + localized("CONFIRM {summary} — save? y = save · n, Enter or Esc = back to the form", ["summary": summary])
            case .discard: text = "⚠ " + localized("Discard this unsaved entry? y = discard · n, Enter or Esc = keep it")
            case .leaveWizard: text = "⚠ " + localized("Leave the step-by-step score and lose its answers? y = leave · any other key = stay")
            }
            let lines = wrap(text, width: width)
            let rows = max(frame.issueRows, min(lines.count, frame.issueRows + frame.hintRows))
            let top = frame.issueY + frame.issueRows - rows
            let style = Style(foreground: colors ? .white : nil, background: colors ? .red : nil, bold: true, reverse: !colors)
            for (offset, line) in lines.prefix(rows).enumerated() {
                buffer.fill(x: frame.fields.x, y: top + offset, width: frame.fields.width, style: style)
                buffer.put(line, x: frame.fields.x + 1, y: top + offset, style: style, limit: width)
            }
            return
        }
        var lines: [(String, Style)] = []
        let error = Style(foreground: colors ? .red : nil, bold: true)
        if let failure = state.saveFailure { lines.append((localized("✗ Not saved: {reason}. The entry is kept: F2 tries again.", ["reason": failure]), error)) }
        if let rejection = state.rejection {
            lines.append((localized("✗ Refused: {field}: {reason}", ["field": fieldName(rejection.field.text, state), "reason": formMessage(rejection)]), error))
        }
        if let warning = state.identityWarning { lines.append((localized("⚠ WARNING: ") + warning, error)) }
        if let notice = state.notice { lines.append((notice, .bold)) }
        if let note = state.concurrentNote { lines.append((note, .bold)) }
        let all = state.fields
        let issues = state.live.issues.sorted { a, _ in FormField.field(for: a.field.text, among: all) == state.focus }
        for issue in issues where issue != state.rejection {
            // A time ahead of the clock is graded as typed but cannot be saved; other issues are left out.
            let consequence = issue.field.text == "time" ? localized("not saved as it stands") : localized("graded as unknown")
            lines.append(("⚠ \(fieldName(issue.field.text, state)): \(formMessage(issue)) — \(consequence)", Style(bold: true)))
        }
        for warning in state.live.warnings { lines.append(("⚠ \(warning)", .plain)) }
        var y = frame.issueY
        for line in lines {
            for part in wrap(line.0, width: width) where y < frame.issueY + frame.issueRows {
                buffer.put(part, x: frame.fields.x + 1, y: y, style: line.1, limit: width)
                y += 1
            }
        }
    }

    /// A refusal in the form's words: a unit question says which key answers it.
    static func formMessage(_ error: InputError) -> String {
        var message = error.message
        for (json, key) in [("give \"unit\": \"F\" if so", localized("press f if it is °F")), ("give \"unit\": \"C\" if so", localized("press c if it is °C"))] {
            message = message.replacingOccurrences(of: json, with: key)
        }
        if error.field.text.hasPrefix("labs."), message.contains("looks like") { message += localized(" (u switches the unit)") }
        return message
    }

    /// The field a refusal or an issue names, by its label in the current language where the form
    /// has it (the path, `vitals.temperatureC`, is the batch interface's name for it).
    static func fieldName(_ path: String, _ state: AssessmentFormState) -> String {
        guard Localization.language != .english, let field = FormField.field(for: path, among: state.fields) else { return path }
        return field.localizedLabel.trimmingCharacters(in: .whitespaces)
    }

    /// Splits `text` into lines of at most `width` columns at spaces.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        // At spaces, and between Chinese characters, which have none between them.
        return text.wrapped(toColumns: width).filter { !$0.isEmpty }
    }
}
