import Terminal

/// The scrolling commands a document screen shares.
enum ScrollCommand: String, CaseIterable {
    case down, up, pageDown, pageUp, top, bottom, nextSection, previousSection

    /// The new first line after the command, within the document.
    func apply(to scroll: Int, layout: DocumentLayout) -> Int {
        let current = min(scroll, layout.maxScroll)
        let page = max(1, layout.page - 1)
        let target: Int
        switch self {
        case .down: target = current + 1
        case .up: target = current - 1
        case .pageDown: target = current + page
        case .pageUp: target = current - page
        case .top: target = 0
        case .bottom: target = layout.maxScroll
        case .nextSection: target = layout.sections.first { $0 > current } ?? current
        case .previousSection: target = layout.sections.last { $0 < current } ?? 0
        }
        return max(0, min(layout.maxScroll, target))
    }

    /// The bindings for these commands (`extra` first, so a screen's own keys are listed on top).
    static func keymap(_ extra: [Binding] = [], sections: String?) -> Keymap {
        var bindings = extra + [
            Binding([.character("j"), .down], ScrollCommand.down.rawValue, "Scroll down"),
            Binding([.character("k"), .up], ScrollCommand.up.rawValue, "Scroll up"),
            Binding([.pageDown, .character(" ")], ScrollCommand.pageDown.rawValue, "Page down", statusBar: false),
            Binding([.pageUp], ScrollCommand.pageUp.rawValue, "Page up", statusBar: false),
            Binding([.home, .character("g")], ScrollCommand.top.rawValue, "Top", statusBar: false),
            Binding([.end, .character("G")], ScrollCommand.bottom.rawValue, "Bottom", statusBar: false),
        ]
        if let sections {
            bindings.append(Binding([.tab], ScrollCommand.nextSection.rawValue, "Next section (\(sections))"))
            bindings.append(Binding([.backTab], ScrollCommand.previousSection.rawValue, "Previous section", statusBar: false))
        }
        return Keymap(bindings)
    }
}
