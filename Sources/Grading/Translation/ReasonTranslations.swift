import Localization

/// The translations of the criteria files' `reason:` and `means:` texts, from the catalogues
/// beside them (`Criteria/<id>.<language>.tsv`, embedded at build time like the files).
///
/// A catalogue row is keyed by criteria id, version and the English text itself: a new version
/// of a file, or a reworded reason, finds no translation until a reviewer writes one, and the
/// English is shown meanwhile — never a translation of other words. The criteria files are not
/// touched, so their hashes (which every stored grade carries) do not change when a translation
/// is corrected (Criteria/README.md, "Translations").
package struct ReasonTranslations: Sendable {
    package struct Key: Hashable, Sendable {
        package let criteria: String
        package let version: String
        package let english: String

        package init(criteria: String, version: String, english: String) {
            self.criteria = criteria
            self.version = version
            self.english = english
        }
    }

    /// One catalogue row, with where it stands for error messages.
    package struct Row: Sendable, Equatable {
        package let file: String
        package let line: Int
        package let language: Language
        package let key: Key
        package let text: String
    }

    package let rows: [Row]
    private let table: [Language: [Key: String]]

    package init(rows: [Row]) {
        self.rows = rows
        var table: [Language: [Key: String]] = [:]
        for row in rows where table[row.language]?[row.key] == nil { table[row.language, default: [:]][row.key] = row.text }
        self.table = table
    }

    /// The catalogues embedded in the binary.
    package static let bundled: ReasonTranslations = {
        var rows: [Row] = []
        for file in BundledCriteria.translations {
            // A malformed row of an embedded catalogue is caught by the catalogue tests; here it
            // is skipped, leaving that reason in English.
            rows += (try? parse(file.text, name: file.name)) ?? []
        }
        return ReasonTranslations(rows: rows)
    }()

    /// The rows of one catalogue, `<id>.<language>.tsv`: lines of version, English and translation
    /// separated by tabs; `#` lines and blank lines are comments.
    package static func parse(_ text: String, name: String) throws(CriteriaError) -> [Row] {
        let parts = name.split(separator: ".")
        guard parts.count == 3, parts[2] == "tsv", let language = Language(rawValue: String(parts[1])) else {
            throw CriteriaError(file: name, line: 0, message: "a translation catalogue is named <criteria id>.<language>.tsv, such as astct-2019-crs.zh-Hans.tsv")
        }
        let criteria = String(parts[0])
        var rows: [Row] = []
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = line.hasSuffix("\r") ? line.dropLast() : line
            if line.isEmpty || line.hasPrefix("#") { continue }
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count == 3, columns.allSatisfy({ !$0.trimmingSpaces.isEmpty }) else {
                throw CriteriaError(file: name, line: offset + 1, message: "expected 3 columns separated by tabs (version, English, translation), found \(columns.count)")
            }
            rows.append(Row(file: name, line: offset + 1, language: language,
                            key: Key(criteria: criteria, version: String(columns[0].trimmingSpaces), english: String(columns[1].trimmingSpaces)),
                            text: String(columns[2].trimmingSpaces)))
        }
        return rows
    }

    /// The translation of one reason or criterion of `criteria` at `version`, if the catalogue has it.
    package func text(_ english: String, criteria: String, version: String, in language: Language) -> String? {
        table[language]?[Key(criteria: criteria, version: version, english: String(english.trimmingSpaces))]
    }

    /// `reasons` in `language` when every one of them has a translation, else all in English:
    /// a list never mixes languages, and it says which it is in.
    package func reasons(_ reasons: [String], criteria: String, version: String, in language: Language) -> LocalizedReasons {
        guard language != .english else { return LocalizedReasons(language: .english, texts: reasons) }
        let texts = reasons.compactMap { text($0, criteria: criteria, version: version, in: language) }
        return texts.count == reasons.count ? LocalizedReasons(language: language, texts: texts) : LocalizedReasons(language: .english, texts: reasons)
    }
}

/// Reasons of a result and the language they are in.
package struct LocalizedReasons: Sendable, Equatable {
    package let language: Language
    package let texts: [String]
}

extension CriteriaResult {
    /// The reasons of this result in `language` where the bundled catalogue translates them all
    /// (English otherwise), naming the language they came out in.
    package func reasons(in language: Language, translations: ReasonTranslations = .bundled) -> LocalizedReasons {
        let english: [String]
        switch value {
        case .grade(let outcome): english = outcome.reasons
        case .criteriaSet(let outcome): english = outcome.criteriaMet
        case .score: english = []
        }
        return translations.reasons(english, criteria: criteria, version: version, in: language)
    }
}

extension StringProtocol {
    var trimmingSpaces: Substring {
        let scalars = Substring(self)
        guard let first = scalars.firstIndex(where: { !$0.isWhitespace }), let last = scalars.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return scalars[first...last]
    }
}
