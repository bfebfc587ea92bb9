import Terminal

/// What the replay's keys do.
enum ReplayCommand: String, CaseIterable {
    case previous, next, back50, forward50, first, last, goTo, previousChange, nextChange
    case selectDown, selectUp, timeline, clock
}

/// The replay's keys.
enum ReplayKeymap {
    /// How far PgUp and PgDn step.
    static let page = 50

    static let keys = Keymap([
        Binding([.left], ReplayCommand.previous.rawValue, "Earlier event (one back)"),
        Binding([.right], ReplayCommand.next.rawValue, "Later event (one forward)"),
        Binding([.character("h")], ReplayCommand.previous.rawValue, "Earlier event (one back)", statusBar: false),
        Binding([.character("l")], ReplayCommand.next.rawValue, "Later event (one forward)", statusBar: false),
        Binding([.pageUp], ReplayCommand.back50.rawValue, "Back \(page) events", statusBar: false),
        Binding([.pageDown], ReplayCommand.forward50.rawValue, "Forward \(page) events", statusBar: false),
        Binding([.home], ReplayCommand.first.rawValue, "First event (the log's genesis)", statusBar: false),
        Binding([.end], ReplayCommand.last.rawValue, "Last event (the log now)", statusBar: false),
        Binding([.character("g")], ReplayCommand.goTo.rawValue, "Go to a time (ISO 8601, YYYY-MM-DD HH:MM or HH:MM, record time) or to #seq"),
        Binding([.character("[")], ReplayCommand.previousChange.rawValue, "Previous correction, override or rule status", statusBar: false),
        Binding([.character("]")], ReplayCommand.nextChange.rawValue, "Next correction, override or rule status", statusBar: false),
        Binding([.character("j"), .down], ReplayCommand.selectDown.rawValue, "Next patient on the board", statusBar: false),
        Binding([.character("k"), .up], ReplayCommand.selectUp.rawValue, "Previous patient on the board", statusBar: false),
        Binding([.enter], ReplayCommand.timeline.rawValue, "Patient timeline as of this event (the selected patient)"),
        Binding([.character("t")], ReplayCommand.timeline.rawValue, "Patient timeline as of this event (the selected patient)", statusBar: false),
        Binding([.character("c")], ReplayCommand.clock.rawValue, "Clock of the board: record time (as it was shown) or clinical time", statusBar: false),
    ])
}
