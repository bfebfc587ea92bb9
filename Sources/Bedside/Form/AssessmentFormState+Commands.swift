import Foundation
import Localization
import Terminal

extension AssessmentFormState {
    /// The keymap the form's commands are looked up in: the identify questions, or the form.
    package var commandKeys: Keymap { phase == .identify ? AssessmentFormKeymap.identify : AssessmentFormKeymap.form }

    /// The one rule between typing and commands: a character is typed while the cursor is in a
    /// text field (patient id, time), so `S`, `q`, `i`, `U` and Space type themselves there (the
    /// help of each such binding says "outside text fields"). Every other key is looked up in
    /// ``commandKeys`` first; a character it does not bind is the focused field's own key
    /// (a choice's letter, digits, a unit letter), shown beside the field.
    package func isTyped(_ key: Key) -> Bool {
        guard case .character = key else { return false }
        return focus.kind == .text
    }

    /// A key the keymap does not bind: a character goes to the focused field (which may not use
    /// it: in the form, the hint says so); any other key is left to the global keys.
    mutating func fieldKey(_ key: Key) -> Change {
        guard case .character(let c) = key else { return .unhandled }
        if edit(key, advance: phase == .form) || phase == .identify { return .redraw }
        notice = localized("{key}: not a key of {field} — {keys}", ["key": String(c), "field": focus.localizedLabel.trimmingCharacters(in: .whitespaces), "keys": keyHint(focus)])
        return .redraw
    }

    /// Does what the keymap's help says `command` does.
    mutating func perform(_ command: AssessmentFormCommand) -> Change {
        switch command {
        case .next: move(by: 1)
        case .previous: move(by: -1)
        case .nextRow: moveRow(by: 1)
        case .previousRow: moveRow(by: -1)
        case .nextGroup: moveGroup(by: 1)
        case .previousGroup: moveGroup(by: -1)
        case .first: moveFocus(to: fields.first)
        case .last: moveFocus(to: fields.last)
        case .save: return requestSave()
        case .continue: if phase == .identify { beginForm() }
        case .wizard: openWizard(capd: nil)
        case .labUnits: switchLabUnits()
        // Space and Delete empty every kind of field alike; Backspace takes back one character
        // of typed text and clears a choice, exactly as each field's editing does.
        case .clear: _ = edit(.delete, advance: false)
        case .erase: _ = edit(.backspace, advance: false)
        case .close: return requestClose()
        }
        return .redraw
    }
}
