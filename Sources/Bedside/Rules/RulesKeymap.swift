import Terminal

/// The rules screen's keys: it scrolls as a document, Tab going from section to section.
enum RulesKeymap {
    static let keys = ScrollCommand.keymap(sections: "state, rules, dosing, not treated")
}
