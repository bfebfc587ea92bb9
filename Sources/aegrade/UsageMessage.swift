import Localization

/// A usage error as swift-argument-parser words it, in the current language: its `Error:`,
/// `Usage:` and `See '…' for more information.` lines and its own messages for a missing, unknown
/// or invalid option (``localizedMessage(_:)``); the synopsis after `Usage:` stays as it is (the
/// options are what the user types), and the `Help:` line of a missing option, English as all of
/// `--help` is, is left out. The commands' own usage messages are already translated
/// where they are thrown.
enum UsageMessage {
    static func translated(_ full: String) -> String {
        guard Localization.language != .english else { return full }
        return full.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
            if line.hasPrefix("Error: ") { return localized("Error: ") + localizedMessage(String(line.dropFirst("Error: ".count))) }
            if line.hasPrefix("Usage: ") { return localized("Usage: ") + line.dropFirst("Usage: ".count) }
            // The option's help that follows a missing argument is English, as all of `--help` is:
            // left out; the line pointing at `--help` follows.
            if line.hasPrefix("Help: ") { return nil }
            return localizedMessage(String(line))
        }.joined(separator: "\n")
    }
}
