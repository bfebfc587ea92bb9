import Foundation

/// A message made in English by a lower layer, in the current language, found by its pattern.
///
/// The store's and the input checks' errors (`EventLogError`, `RecordRefusal`, `InputError`, the
/// sign-in's refusals) are worded where they are decided, in code other work changes for speed
/// (the decoder, the stores); their English text is also the JSON output's `error.message`, which
/// other tools read. So they are translated where they are printed for a person — on standard
/// error and on the board's status line — by matching the whole English message against the
/// patterns of ``Catalogue/messagePatterns`` (`{name}` stands for any text) and filling the
/// Chinese with what the placeholders matched. A value named `reason`, `message` or `detail` is a
/// message itself and is translated the same way; one named `role`, `roles`, `doing`, `meaning` or
/// `kind` is a word of the product, from the catalogue; any other (a path, an id, a field, a value
/// the user typed) is copied as it is. A message no pattern matches stays English, the README's
/// fallback.
package func localizedMessage(_ english: String) -> String {
    localizedMessage(english, in: Localization.language)
}

/// `english` in `language` (see ``localizedMessage(_:)``).
package func localizedMessage(_ english: String, in language: Language) -> String {
    guard language != .english, !english.isEmpty else { return english }
    if let direct = Catalogue.translation(of: english, in: language) { return direct }
    for pattern in MessagePattern.all(for: language) {
        if let text = pattern.translate(english, in: language) { return text }
    }
    return english
}

/// One English message pattern with its translation, compiled to a regular expression.
struct MessagePattern: Sendable {
    let english: String
    let translation: String
    let names: [String]
    let expression: NSRegularExpression

    /// Values under these names are messages themselves: translated in turn.
    static let nestedNames: Set<String> = ["reason", "message", "detail"]
    /// Values under these names are words of the product (a role, what a role may do, a
    /// signature's meaning, an event kind), or a list of them joined by ", ": each word from the
    /// catalogue.
    static let wordNames: Set<String> = ["role", "roles", "doing", "meaning", "kind"]

    /// A matched value as the translation shows it.
    static func value(_ value: String, named name: String, in language: Language) -> String {
        if nestedNames.contains(name) { return localizedMessage(value, in: language) }
        // A list the argument parser words in English ('a', 'b' and 'c'): joined the Chinese way.
        if name == "choices" { return value.replacingOccurrences(of: ", and ", with: "、").replacingOccurrences(of: " and ", with: "、").replacingOccurrences(of: ", ", with: "、") }
        guard wordNames.contains(name) else { return value }
        let words = value.components(separatedBy: ", ")
        return words.map { Catalogue.translation(of: $0, in: language) ?? $0 }
            .joined(separator: words.count > 1 ? (Catalogue.translation(of: ", ", in: language) ?? ", ") : "")
    }

    init?(english: String, translation: String) {
        var regex = "^"
        var names: [String] = []
        var rest = Substring(english)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            regex += NSRegularExpression.escapedPattern(for: String(rest[..<open])) + "(.*?)"
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        regex += NSRegularExpression.escapedPattern(for: String(rest)) + "$"
        guard let expression = try? NSRegularExpression(pattern: regex, options: [.dotMatchesLineSeparators]) else { return nil }
        self.english = english
        self.translation = translation
        self.names = names
        self.expression = expression
    }

    /// `text` translated when the pattern matches all of it; nil otherwise.
    func translate(_ text: String, in language: Language) -> String? {
        let whole = NSRange(text.startIndex..., in: text)
        guard let match = expression.firstMatch(in: text, options: [], range: whole), match.range == whole else { return nil }
        var values: [String: String] = [:]
        for (index, name) in names.enumerated() {
            guard let range = Range(match.range(at: index + 1), in: text) else { return nil }
            let value = String(text[range])
            values[name] = Self.value(value, named: name, in: language)
        }
        return fill(translation) { values[String($0)] }
    }

    /// The compiled patterns of `language`, longest English first, so that a specific pattern wins
    /// over a general one that also matches (`{path}: no such log` over `{path}: {detail}`).
    static func all(for language: Language) -> [MessagePattern] {
        switch language {
        case .english: []
        case .simplifiedChinese: simplifiedChinese
        }
    }

    private static let simplifiedChinese: [MessagePattern] = Catalogue.messagePatterns
        .compactMap { MessagePattern(english: $0.english, translation: $0.chinese) }
        .sorted { literalLength($0.english) > literalLength($1.english) }

    /// The length of a pattern's text outside its placeholders: how specific it is.
    static func literalLength(_ pattern: String) -> Int {
        var count = 0, inside = false
        for character in pattern {
            if character == "{" { inside = true } else if character == "}" { inside = false } else if !inside { count += 1 }
        }
        return count
    }
}
