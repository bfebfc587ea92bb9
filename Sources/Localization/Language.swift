/// A language aegrade speaks to its users in. English is the default and the fallback for any
/// text without a translation; Simplified Chinese is the language of the NMPA trials aegrade is
/// built for (README, "简体中文").
package enum Language: String, CaseIterable, Sendable {
    case english = "en"
    case simplifiedChinese = "zh-Hans"

    /// The language of a locale name or language tag: `zh_CN.UTF-8`, `zh_SG`, `zh-Hans`, `zh-CN`,
    /// `zh` → Simplified Chinese; `en_US.UTF-8`, `en`, `C`, `POSIX`, `C.UTF-8` → English. Traditional
    /// Chinese (`zh_TW`, `zh_HK`, `zh-Hant`) and other languages are not translated: nil, so that
    /// the caller falls back to English.
    package init?(localeName: String) {
        // A POSIX locale is language[_territory][.codeset][@modifier]; a BCP 47 tag uses `-`.
        var name = Substring(localeName)
        if let at = name.firstIndex(of: "@") { name = name[..<at] }
        if let dot = name.firstIndex(of: ".") { name = name[..<dot] }
        let parts = name.split(whereSeparator: { $0 == "_" || $0 == "-" }).map { $0.lowercased() }
        guard let language = parts.first else { return nil }
        switch language {
        case "c", "posix", "en":
            self = .english
        case "zh":
            let rest = Set(parts.dropFirst())
            if rest.contains("hant") || rest.contains("tw") || rest.contains("hk") || rest.contains("mo") { return nil }
            self = .simplifiedChinese
        default:
            return nil
        }
    }

    /// The choice: `--lang` first, then `AEGRADE_LANG`, then the POSIX message locale (`LC_ALL`,
    /// else `LC_MESSAGES`, else `LANG`: the order of POSIX.1-2017 §8.2); English when none names
    /// a language aegrade speaks. An empty variable counts as unset (POSIX §8.2 again).
    ///
    /// `--lang` and `AEGRADE_LANG` are asked for by name, so a value aegrade cannot speak is an
    /// error naming the option; a locale aegrade has no translation for is not.
    package static func choose(flag: String?, environment: [String: String]) throws(LanguageChoiceError) -> Language {
        if let flag {
            guard let language = Language(localeName: flag) else { throw LanguageChoiceError(source: "--lang", value: flag) }
            return language
        }
        if let value = environment["AEGRADE_LANG"], !value.isEmpty {
            guard let language = Language(localeName: value) else { throw LanguageChoiceError(source: "AEGRADE_LANG", value: value) }
            return language
        }
        for variable in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[variable], !value.isEmpty { return Language(localeName: value) ?? .english }
        }
        return .english
    }
}

/// `--lang` or `AEGRADE_LANG` names a language aegrade does not speak.
package struct LanguageChoiceError: Error, CustomStringConvertible, Equatable {
    package let source: String
    package let value: String

    package init(source: String, value: String) {
        self.source = source
        self.value = value
    }

    package var description: String {
        let shown = value.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F } ? value : value.debugDescription
        return "\(source): \"\(shown)\" is not a language aegrade speaks; expected en or zh (zh_CN, zh_SG, zh-Hans)"
    }
}
