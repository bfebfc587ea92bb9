import Clinical
import Foundation
import Terminal
import Localization

extension AssessmentFormState {
    mutating func moveFocus(to field: FormField?) {
        guard let field else { return }
        focus = field
        freshFocus = true
    }

    mutating func move(by delta: Int) {
        let list = fields
        guard !list.isEmpty else { return }
        let index = list.firstIndex(of: focus) ?? 0
        moveFocus(to: list[(index + delta + list.count) % list.count])
    }

    mutating func moveRow(by delta: Int) {
        let rows = rows.compactMap { row -> [FormField]? in
            if case .fields(let fields) = row { return fields }
            return nil
        }
        guard phase == .form, let index = rows.firstIndex(where: { $0.contains(focus) }) else { move(by: delta); return }
        let column = rows[index].firstIndex(of: focus) ?? 0
        let target = rows[(index + delta + rows.count) % rows.count]
        moveFocus(to: target[min(column, target.count - 1)])
    }

    mutating func moveGroup(by delta: Int) {
        guard phase == .form else { return }
        let groups = FormGroup.allCases
        let current = groups.firstIndex(of: FormLayout.group(of: focus)) ?? 0
        let target = groups[(current + delta + groups.count) % groups.count]
        moveFocus(to: fields.first { FormLayout.group(of: $0) == target })
    }

    /// Lets the focused field take the key; false when it does not use it.
    mutating func edit(_ key: Key, advance: Bool = true) -> Bool {
        let field = focus
        let fresh = freshFocus
        var advanceAfter = false
        var consumed = true
        switch field.kind {
        case .text:
            switch key {
            case .character(let c): updateDraft { $0.setText((fresh && field == .time ? "" : $0.text(field)) + String(c), for: field) }
            case .backspace: updateDraft { $0.setText(String($0.text(field).dropLast()), for: field) }
            case .delete: updateDraft { $0.setText("", for: field) }
            default: consumed = false
            }
        case .number:
            consumed = editNumber(field, key, fresh: fresh)
        case .choice(let options):
            switch key {
            case .character(" "), .backspace, .delete:
                updateDraft { $0.setChoice(nil, for: field) }
            case .character("x") where field.isPressorDrug:
                removePressor(field)
                return true
            case .character(let c):
                guard let option = options.first(where: { $0.key == c }) else { consumed = false; break }
                updateDraft { $0.setChoice(option.value.isEmpty ? nil : option.value, for: field) }
                advanceAfter = advance
            default: consumed = false
            }
        case .flags(let options):
            switch key {
            case .character(" "), .backspace, .delete: updateDraft { $0.otherCause = [] }
            case .character(let c):
                guard let option = options.first(where: { $0.key == c }), let cause = OtherCause(rawValue: option.value) else { consumed = false; break }
                updateDraft { draft in
                    if draft.otherCause.contains(cause) { draft.otherCause.remove(cause) } else { draft.otherCause.insert(cause) }
                }
            default: consumed = false
            }
        case .score(let maximum, let unable):
            consumed = editScore(field, key, maximum: maximum, unable: unable, fresh: fresh)
        case .list:
            switch key {
            case .character("n"): updateDraft { $0.pressorsKnown = true; $0.pressors = [] }; advanceAfter = true
            case .character("a"):
                updateDraft { $0.pressorsKnown = true; $0.pressors.append(PressorDraft()) }
                forgetCarriedPressors()
                moveFocus(to: .pressorDrug(draft.pressors.count - 1))
                return true
            case .character(" "), .delete, .backspace: updateDraft { $0.pressorsKnown = false; $0.pressors = [] }
            default: consumed = false
            }
        }
        guard consumed else { return false }
        freshFocus = false
        touched(field)
        if advanceAfter { move(by: 1) }
        return true
    }

    private mutating func editNumber(_ field: FormField, _ key: Key, fresh: Bool) -> Bool {
        switch key {
        case .character(let c) where c.isASCIIDigitCharacter || c == ".":
            updateDraft { $0.setText((fresh ? "" : $0.text(field)) + String(c), for: field) }
        case .backspace: updateDraft { $0.setText(String($0.text(field).dropLast()), for: field) }
        case .delete, .character(" "): updateDraft { $0.setText("", for: field) }
        case .character(let c):
            guard let unit = draft.unitChoices(field).first(where: { $0.key == c }) else { return false }
            updateDraft { $0.setUnit(unit.value, for: field) }
        default: return false
        }
        return true
    }

    private mutating func editScore(_ field: FormField, _ key: Key, maximum: Int, unable: [Choice], fresh: Bool) -> Bool {
        let current = field == .ice ? draft.ice.map(Self.typedText) : draft.capd.map(Self.typedText)
        var next: String??  // .some(nil): clear; .some(text): typed total
        switch key {
        case .character(let c) where c.isASCIIDigitCharacter:
            next = .some(((fresh ? nil : current ?? nil) ?? "") + String(c))
        case .backspace:
            if let text = current ?? nil, !text.isEmpty { next = .some(text.count > 1 ? String(text.dropLast()) : nil) } else { next = .some(nil) }
        case .delete, .character(" "):
            next = .some(nil)
        case .character("w"):
            openWizard(capd: field == .capd)
            return true
        case .character(let c):
            guard let reason = unable.first(where: { $0.key == c }) else { return false }
            updateDraft { draft in
                if field == .ice { draft.ice = ICEUnableReason(rawValue: reason.value).map { .recorded(.unable($0)) } }
                else { draft.capd = .recorded(.unable) }
            }
            return true
        default:
            return false
        }
        guard let next else { return false }
        updateDraft { draft in
            if field == .ice { draft.ice = next.map { .typed($0) } } else { draft.capd = next.map { .typed($0) } }
        }
        return true
    }

    private static func typedText<T>(_ entry: ScoreEntry<T>) -> String? {
        if case .typed(let text) = entry { return text }
        return nil
    }

    private mutating func removePressor(_ field: FormField) {
        guard case .pressorDrug(let index) = field, draft.pressors.indices.contains(index) else { return }
        updateDraft { $0.pressors.remove(at: index) }
        forgetCarriedPressors()
        moveFocus(to: draft.pressors.isEmpty ? .vasopressors : .pressorDrug(min(index, draft.pressors.count - 1)))
    }

    private mutating func forgetCarriedPressors() {
        carried = carried.filter { field in
            switch field {
            case .vasopressors, .pressorDrug, .pressorDose: false
            default: true
            }
        }
    }

    /// A field was edited: it is no longer "carried over", and a refusal about it is answered.
    mutating func touched(_ field: FormField) {
        switch field {
        case .pressorDrug, .pressorDose, .vasopressors: forgetCarriedPressors()
        default: carried.remove(field)
        }
        if let rejection, FormField.field(for: rejection.field.text, among: fields) == field { self.rejection = nil }
    }

    /// Every field's keys for `?`, one line per distinct set of keys ("Temperature: type the
    /// number · …"), from `keyHint`, which reads the same choice tables `edit` acts on.
    package var fieldKeys: [String] {
        var lines: [String] = []
        var seen: [String: Int] = [:]
        for field in fields {
            let hint = keyHint(field)
            let name = FormField.shortName(of: field.path)
            if let index = seen[hint] {
                if !lines[index].hasPrefix(name + ",") && !lines[index].contains(", \(name):") && lines[index].count < 400 {
                    let colon = lines[index].range(of: ": ")!
                    lines[index].replaceSubrange(colon, with: ", \(name): ")
                }
                continue
            }
            seen[hint] = lines.count
            lines.append("\(name): \(hint)")
        }
        return lines
    }

    /// The keys a field answers to, for the hint line: "a alert · s awakens spontaneously · …".
    package func keyHint(_ field: FormField) -> String {
        switch field.kind {
        case .text:
            return field == .time ? localized("type HH:MM (its last occurrence, never ahead) or YYYY-MM-DD HH:MM · Backspace delete")
                : localized("type the patient id · Enter continue")
        case .number:
            var parts = [localized("type the number"), localized("Space clear")]
            parts += draft.unitChoices(field).map { "\($0.key) \($0.label)" }
            if case .lab = field { parts.append(localized("U all labs SI/conventional")) }
            return parts.joined(separator: " · ")
        case .choice(let options):
            var parts = options.map(\.hint)
            if field != .death { parts.append(localized("Space unknown")) }
            if case .pressorDrug = field { parts.append(localized("x remove line")) }
            return parts.joined(separator: " · ")
        case .flags(let options):
            return options.map(\.hint).joined(separator: " · ") + " · " + localized("Space none (keys toggle)")
        case .score(let maximum, let unable):
            return ([localized("type the total 0–{maximum}", ["maximum": String(maximum)])] + unable.map(\.hint)
                    + [localized("w step by step"), localized("Space unknown")]).joined(separator: " · ")
        case .list:
            return localized("n none running · a add a drug · Space unknown")
        }
    }
}
