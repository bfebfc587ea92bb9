import Foundation

/// The language of the text shown now.
///
/// The process chooses once at start (``setProcessLanguage(_:)``, from `--lang` and the
/// environment); a task can speak another for its own duration (``$scoped``), which is how a test
/// renders a screen in Chinese while other tests run beside it in English.
package enum Localization {
    /// A language for the current task and the tasks it starts, over the process's choice.
    @TaskLocal package static var scoped: Language? = nil

    private static let process = ProcessLanguage()

    /// The language of text made now.
    package static var language: Language { scoped ?? process.value }

    /// Sets the language of the whole process (the executable, once, before anything is shown).
    package static func setProcessLanguage(_ language: Language) { process.value = language }
}

/// The process's language behind a lock: set once by the executable, read by every screen.
private final class ProcessLanguage: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = Language.english

    var value: Language {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// `english` in the current language: its translation from ``Catalogue``, or `english` itself
/// where there is none (the fallback the README promises). `{name}` placeholders are replaced by
/// `values` after translation, so a translation may put them in its own order.
///
/// The English text is the key: a string is wrapped where it stands, and a changed English text
/// loses its translation (the catalogue test then names it) rather than keep a stale one.
package func localized(_ english: String, _ values: KeyValuePairs<String, String> = [:]) -> String {
    localized(english, in: Localization.language, values)
}

/// `english` in `language`, placeholders filled.
package func localized(_ english: String, in language: Language, _ values: KeyValuePairs<String, String> = [:]) -> String {
    let text = Catalogue.translation(of: english, in: language) ?? english
    return text.contains("{") ? fill(text, values) : text
}

/// `text` with each `{name}` replaced by its value, in one pass: a value that itself holds braces
/// (a patient id typed as `{n}`) is never read as a placeholder. An unknown `{name}` stays as written.
func fill(_ text: String, _ values: KeyValuePairs<String, String>) -> String {
    fill(text) { name in values.first(where: { $0.key == name })?.value }
}

/// `text` with each `{name}` replaced by `value(name)`; a name without a value stays as written.
func fill(_ text: String, _ value: (Substring) -> String?) -> String {
    var out = ""
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "{") {
        out += rest[..<open]
        guard let close = rest[open...].firstIndex(of: "}") else { break }
        let name = rest[rest.index(after: open)..<close]
        if let value = value(name) { out += value } else { out += rest[open...close] }
        rest = rest[rest.index(after: close)...]
    }
    return out + rest
}

/// The `{name}` placeholders of `text`, in order.
package func placeholders(of text: String) -> [String] {
    var names: [String] = []
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
        names.append(String(rest[rest.index(after: open)..<close]))
        rest = rest[rest.index(after: close)...]
    }
    return names
}
