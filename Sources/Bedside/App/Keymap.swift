import Terminal
import Localization

/// A named action bound to keys, with the help text that `?` and the status bar show.
package struct Binding: Sendable {
    package var keys: [Key]
    package var command: String
    package var help: String
    /// Shown in the status bar (the most used keys of the screen).
    package var inStatusBar: Bool

    package init(_ keys: [Key], _ command: String, _ help: String, statusBar: Bool = true) {
        self.keys = keys
        self.command = command
        self.help = help
        self.inStatusBar = statusBar
    }

    /// The first word of the help, lower case, as the status bar shows it in English.
    package var statusWord: String { help.split(separator: " ").prefix(1).joined(separator: " ").lowercased() }

    /// The help in the current language.
    package var localizedHelp: String { localized(help) }
}

/// One table of keys for a screen; `?` help and the status bar come from it.
package struct Keymap: Sendable {
    package var bindings: [Binding]

    package init(_ bindings: [Binding]) { self.bindings = bindings }

    /// The command bound to `key`, if any.
    package func command(for key: Key) -> String? { bindings.first { $0.keys.contains(key) }?.command }

    /// "j/k move  Enter open  ? help" for the status bar: each key with the first word of its
    /// help (translated on its own: a Chinese help has no first word to take).
    package var statusLine: String {
        bindings.filter(\.inStatusBar).map { binding in
            "\(binding.keys.map(\.description).joined(separator: "/")) \(localized(binding.statusWord))"
        }.joined(separator: "  ")
    }

    /// Keys every screen answers to.
    package static let global = Keymap([
        Binding([.character("?")], GlobalCommand.help.rawValue, "Help: every key of this screen"),
        Binding([.character("q")], GlobalCommand.back.rawValue, "Back, or quit from the board"),
        Binding([.escape], GlobalCommand.escape.rawValue, "Back (on the board: clears the filter, never quits)", statusBar: false),
        Binding([.control("c")], GlobalCommand.quit.rawValue, "Quit aegrade", statusBar: false),
    ])
}

/// What a key of ``Keymap/global`` does when the screen on top did not take it: the only
/// commands the app acts on there.
package enum GlobalCommand: String, CaseIterable, Sendable {
    case help, back, escape, quit
}
