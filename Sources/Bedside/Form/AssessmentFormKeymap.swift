import Foundation
import Terminal

/// The keys of the assessment form and its wizards, for the status bar and `?` help. The field
/// keys (a choice's letter, digits, unit letters) are shown beside each field as it is focused.
package enum AssessmentFormKeymap {
    package static let form = Keymap([
        Binding([.tab], "next", "Next field"),
        Binding([.enter], "next", "Next field too", statusBar: false),
        Binding([.down], "nextRow", "Next row", statusBar: false),
        Binding([.backTab, .up], "previous", "Previous field (↑ previous row)", statusBar: false),
        Binding([.pageDown, .pageUp], "group", "Next/previous group (vitals, support, neuro, labs)", statusBar: false),
        Binding([.home, .end], "ends", "First/last field", statusBar: false),
        Binding([.function(2)], "save", "Save entry (a grade ≥ 3 or a death asks y/N)"),
        Binding([.control("s"), .character("S")], "save", "Save entry too (S outside text fields)", statusBar: false),
        Binding([.character("i")], "wizard", "ICE wizard (one item per key; CAPD under 12 or with developmental delay)"),
        Binding([.character("U")], "labUnits", "Labs: switch all between SI and conventional units", statusBar: false),
        Binding([.character(" "), .delete], "clear", "Clear the field (unknown: never read as normal)", statusBar: false),
        Binding([.escape, .control("c")], "close", "Leave form (asks y/N before losing input; Ctrl-C too)"),
        Binding([.character("q")], "close", "Leave form too (outside text fields)", statusBar: false),
    ])

    package static let identify = Keymap([
        Binding([.tab, .down], "next", "Next question (id, age, developmental delay)"),
        Binding([.backTab, .up], "previous", "Previous question", statusBar: false),
        Binding([.enter], "continue", "Open form (continue to the assessment)"),
        Binding([.escape, .control("c")], "close", "Leave form (asks y/N before losing input; Ctrl-C too)"),
    ])

    package static let wizard = Keymap([
        Binding([.character("y"), .character("n")], "answer", "Answer item (ICE y/n, naming 0–3; CAPD n r s o a)"),
        Binding([.character("u")], "unable", "Not possible (then pick the reason)", statusBar: false),
        Binding([.backspace], "back", "Previous step"),
        Binding([.enter], "finish", "Accept answers (at the end: put them into the form)", statusBar: false),
        Binding([.escape], "leave", "Leave wizard (asks y/N before losing answers)"),
    ])

    package static let prompt = Keymap([
        Binding([.character("y")], "yes", "Confirm (only y: Enter is no)"),
        Binding([.character("n"), .enter, .escape], "no", "Cancel, back to the form"),
    ])
}
