import Foundation
import Terminal

/// The keys of the assessment form and its wizards, for the status bar and `?` help. The field
/// keys (a choice's letter, digits, unit letters) are shown beside each field as it is focused.
///
/// The form and identify tables are the form's commands: `AssessmentFormState.apply` looks every
/// key up here except a character typed into a text field (``AssessmentFormState/isTyped(_:)``),
/// so a key bound to a character says so in its help ("outside text fields").
package enum AssessmentFormKeymap {
    /// Said by every binding of a character: while the patient id or the time is being typed,
    /// that character is typed instead.
    package static let outsideTextFields = "outside text fields"

    package static let form = Keymap([
        Binding([.tab], AssessmentFormCommand.next.rawValue, "Next field"),
        Binding([.enter], AssessmentFormCommand.next.rawValue, "Next field too", statusBar: false),
        Binding([.down], AssessmentFormCommand.nextRow.rawValue, "Next row", statusBar: false),
        Binding([.backTab], AssessmentFormCommand.previous.rawValue, "Previous field", statusBar: false),
        Binding([.up], AssessmentFormCommand.previousRow.rawValue, "Previous row", statusBar: false),
        Binding([.pageDown], AssessmentFormCommand.nextGroup.rawValue, "Next group (vitals, support, neuro, labs)", statusBar: false),
        Binding([.pageUp], AssessmentFormCommand.previousGroup.rawValue, "Previous group", statusBar: false),
        Binding([.home], AssessmentFormCommand.first.rawValue, "First field", statusBar: false),
        Binding([.end], AssessmentFormCommand.last.rawValue, "Last field", statusBar: false),
        Binding([.function(2)], AssessmentFormCommand.save.rawValue, "Save entry (a grade ≥ 3 or a death asks y/N)"),
        Binding([.control("s")], AssessmentFormCommand.save.rawValue, "Save entry too", statusBar: false),
        Binding([.character("S")], AssessmentFormCommand.save.rawValue, "Save entry too (\(outsideTextFields))", statusBar: false),
        Binding([.character("i")], AssessmentFormCommand.wizard.rawValue,
                "ICE wizard (one item per key; CAPD under 12 or with developmental delay; \(outsideTextFields))"),
        Binding([.character("U")], AssessmentFormCommand.labUnits.rawValue,
                "Labs: switch all between SI and conventional units (\(outsideTextFields))", statusBar: false),
        Binding([.delete], AssessmentFormCommand.clear.rawValue, "Clear the field (unknown: never read as normal)", statusBar: false),
        Binding([.character(" ")], AssessmentFormCommand.clear.rawValue, "Clear the field too (\(outsideTextFields))", statusBar: false),
        Binding([.backspace], AssessmentFormCommand.erase.rawValue, "Erase the last character (a choice: clear it)", statusBar: false),
        Binding([.escape, .control("c")], AssessmentFormCommand.close.rawValue, "Leave form (asks y/N before losing input; Ctrl-C too)"),
        Binding([.character("q")], AssessmentFormCommand.close.rawValue, "Leave form too (\(outsideTextFields))", statusBar: false),
    ])

    package static let identify = Keymap([
        Binding([.tab, .down], AssessmentFormCommand.next.rawValue, "Next question (id, age, developmental delay)"),
        Binding([.backTab, .up], AssessmentFormCommand.previous.rawValue, "Previous question", statusBar: false),
        Binding([.enter], AssessmentFormCommand.continue.rawValue, "Open form (continue to the assessment)"),
        Binding([.function(2), .control("s")], AssessmentFormCommand.save.rawValue, "Open form too (a save is asked there)", statusBar: false),
        Binding([.delete], AssessmentFormCommand.clear.rawValue, "Clear the answer", statusBar: false),
        Binding([.character(" ")], AssessmentFormCommand.clear.rawValue, "Clear the answer too (\(outsideTextFields))", statusBar: false),
        Binding([.backspace], AssessmentFormCommand.erase.rawValue, "Erase the last character (a choice: clear it)", statusBar: false),
        Binding([.escape, .control("c")], AssessmentFormCommand.close.rawValue, "Leave form (asks y/N before losing input; Ctrl-C too)"),
    ])

    package static let wizard = Keymap([
        Binding([.character("y"), .character("n")], WizardCommand.answer.rawValue, "Answer item (ICE y/n, naming 0–3; CAPD n r s o a)"),
        Binding([.character("u")], WizardCommand.unable.rawValue, "Not possible (then pick the reason)", statusBar: false),
        Binding([.backspace], WizardCommand.back.rawValue, "Previous step"),
        Binding([.enter], WizardCommand.finish.rawValue, "Accept answers (at the end: put them into the form; y or Space too)", statusBar: false),
        Binding([.escape, .control("c")], WizardCommand.leave.rawValue, "Leave wizard (asks y/N before losing answers; Ctrl-C too)"),
    ])

    package static let prompt = Keymap([
        Binding([.character("y")], "yes", "Confirm (only y: Enter is no)"),
        Binding([.character("n"), .enter, .escape], "no", "Cancel, back to the form"),
    ])
}
