import Terminal

/// What a screen asks the app to do after a key.
package enum Reaction {
    /// The screen does not use this key: the global keys (`?`, `q`, Esc, Ctrl-C) apply.
    case unhandled
    case none
    case redraw
    case push(any Screen)
    case replace(any Screen)
    case pop
    /// Back to the board, every screen above it closed (another user signed in).
    case popToRoot
    case quit
}

/// One screen of the bedside front end. A screen changes its own state on a key and renders it
/// into a buffer; it never talks to the terminal and never blocks.
package protocol Screen: AnyObject {
    /// Shown in the title bar.
    var title: String { get }
    /// The screen's keys, for the status bar and `?` help; looked up before the global keys.
    var keymap: Keymap { get }
    /// Draws the screen's body into `buffer`, rows `area.top..<area.bottom`.
    func render(into buffer: inout ScreenBuffer, area: Area, context: BedsideContext)
    /// Handles a key: every key goes to the screen first (a text field takes `q` as a letter);
    /// `.unhandled` passes it on to the global keys.
    func handle(_ key: Key, context: BedsideContext) -> Reaction
    /// Called when the log changed under the screen (another terminal wrote).
    func logChanged(context: BedsideContext)
    /// Whether the screen holds unsaved input that quitting would lose.
    var hasUnsavedInput: Bool { get }
    /// Called at the app's clock tick (``BedsideApp/tickSeconds``) without a key: time-dependent
    /// text (ages, overdue, study days) is evaluated again at the context's now.
    func tick(context: BedsideContext)
    /// The status bar's text in place of the key hints (a filter being typed); nil for the hints.
    func statusText(context: BedsideContext) -> String?
    /// Text at the right end of the status bar (when the screen's times were evaluated).
    func statusRight(context: BedsideContext) -> String?
    /// What the screen's marks and columns mean, listed by `?` help.
    var legend: [String] { get }
    /// The lines under the title bar; by default the live banners (a failed verification of the
    /// log, a tripped stopping rule). A screen of the past (the replay) shows its own instead.
    func banners(context: BedsideContext) -> [Banner]
    /// Keys beyond the keymap that `?` lists, one line each ("Oxygen: r room air · …"): the
    /// form's field keys, from the same tables the fields are edited with.
    var fieldKeys: [String] { get }
}

extension Screen {
    package func logChanged(context: BedsideContext) {}
    package var hasUnsavedInput: Bool { false }
    package func tick(context: BedsideContext) {}
    package func statusText(context: BedsideContext) -> String? { nil }
    package func statusRight(context: BedsideContext) -> String? { nil }
    package var legend: [String] { [] }
    package func banners(context: BedsideContext) -> [Banner] { Banner.live(context) }
    package var fieldKeys: [String] { [] }
}

/// The rows a screen may draw into.
package struct Area: Equatable, Sendable {
    package var top: Int
    package var bottom: Int
    package var width: Int
    package var height: Int { bottom - top }

    package init(top: Int, bottom: Int, width: Int) {
        self.top = top
        self.bottom = bottom
        self.width = width
    }
}
