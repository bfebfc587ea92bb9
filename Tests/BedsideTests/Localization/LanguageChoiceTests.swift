import Localization
import Testing

/// Which language the process speaks: `--lang`, `AEGRADE_LANG`, then the POSIX message locale.
@Suite struct LanguageChoiceTests {
    @Test(arguments: ["zh_CN.UTF-8", "zh_CN", "zh_SG.UTF-8", "zh-Hans", "zh-Hans-CN", "zh-CN", "zh", "zh_CN.GB18030", "zh_CN.UTF-8@pinyin"])
    func simplifiedChineseLocales(name: String) {
        #expect(Language(localeName: name) == .simplifiedChinese)
    }

    @Test(arguments: ["en_US.UTF-8", "en", "C", "POSIX", "C.UTF-8"])
    func englishLocales(name: String) {
        #expect(Language(localeName: name) == .english)
    }

    @Test(arguments: ["zh_TW.UTF-8", "zh_HK", "zh-Hant", "zh-Hant-TW", "fr_FR.UTF-8", "", "de"])
    func localesWithoutATranslation(name: String) {
        #expect(Language(localeName: name) == nil)
    }

    @Test func englishWhenNothingIsSet() throws {
        #expect(try Language.choose(flag: nil, environment: [:]) == .english)
    }

    @Test func langChooses() throws {
        #expect(try Language.choose(flag: nil, environment: ["LANG": "zh_CN.UTF-8"]) == .simplifiedChinese)
    }

    @Test func lcMessagesOverridesLangAndLcAllOverridesBoth() throws {
        #expect(try Language.choose(flag: nil, environment: ["LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_SG.UTF-8"]) == .simplifiedChinese)
        #expect(try Language.choose(flag: nil, environment: ["LANG": "zh_CN.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8", "LC_ALL": "C"]) == .english)
    }

    @Test func anEmptyVariableCountsAsUnset() throws {
        #expect(try Language.choose(flag: nil, environment: ["LC_ALL": "", "LANG": "zh_CN.UTF-8"]) == .simplifiedChinese)
    }

    @Test func anUntranslatedLocaleFallsBackToEnglish() throws {
        #expect(try Language.choose(flag: nil, environment: ["LANG": "zh_TW.UTF-8"]) == .english)
    }

    @Test func aegradeLangOverridesTheLocale() throws {
        #expect(try Language.choose(flag: nil, environment: ["LANG": "en_US.UTF-8", "AEGRADE_LANG": "zh"]) == .simplifiedChinese)
        #expect(try Language.choose(flag: nil, environment: ["LC_ALL": "zh_CN.UTF-8", "AEGRADE_LANG": "en"]) == .english)
    }

    @Test func theFlagOverridesEverything() throws {
        #expect(try Language.choose(flag: "en", environment: ["LC_ALL": "zh_CN.UTF-8", "AEGRADE_LANG": "zh"]) == .english)
        #expect(try Language.choose(flag: "zh_CN", environment: [:]) == .simplifiedChinese)
    }

    @Test func aLanguageAskedForByNameThatAegradeDoesNotSpeakIsAnErrorNamingWhereItCameFrom() {
        #expect(throws: LanguageChoiceError(source: "--lang", value: "fr")) { try Language.choose(flag: "fr", environment: [:]) }
        #expect(throws: LanguageChoiceError(source: "AEGRADE_LANG", value: "zh_TW")) {
            try Language.choose(flag: nil, environment: ["AEGRADE_LANG": "zh_TW"])
        }
        #expect(LanguageChoiceError(source: "--lang", value: "fr").description.hasPrefix("--lang: \"fr\" is not a language"))
    }

    @Test func anErrorEscapesAValueThatCouldRepaintTheTerminal() {
        #expect(!LanguageChoiceError(source: "--lang", value: "\u{1B}[2J").description.contains("\u{1B}"))
    }
}
