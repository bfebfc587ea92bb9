/// The translations of aegrade's own text, keyed by the English text.
///
/// A Swift table rather than a resource file: it is compiled into the binary, so a copied
/// `aegrade` never runs without its strings (SwiftPM resources on Linux live in a directory beside
/// the binary and are lost with a plain copy — the reason the criteria are embedded too), and a
/// missing or duplicated entry is caught by the catalogue tests, not at a bedside. The table is
/// split by the part of the product that shows the text (`Catalogue+Board.swift`, …), each a list
/// of (English, Chinese) pairs a reviewer reads side by side.
package enum Catalogue {
    /// Every (English, Simplified Chinese) pair, in the order of the files.
    package static let simplifiedChinesePairs: [(english: String, chinese: String)] =
        board + form + wizards + screens + commands + signIn + messages + timeline + rules + demo + amend + replay + report + protocolFile + commandErrors

    /// The same pairs by English text; a duplicated key keeps its first translation (the
    /// catalogue test refuses duplicates, so this never decides anything).
    static let simplifiedChinese: [String: String] = Dictionary(simplifiedChinesePairs.map { ($0.english, $0.chinese) },
                                                                uniquingKeysWith: { first, _ in first })

    /// The translation of `english` into `language`; nil for English and for a text not in the table.
    package static func translation(of english: String, in language: Language) -> String? {
        switch language {
        case .english: nil
        case .simplifiedChinese: simplifiedChinese[english]
        }
    }
}
