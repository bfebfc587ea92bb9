import Foundation
import Testing
import TestSupport

/// The language of the commands' own words (issue 18): `--lang` on any command, `AEGRADE_LANG`,
/// the locale; JSON stays English whatever the language.
@Suite struct LanguageCommandTests {
    @Test func aLanguageAegradeDoesNotSpeakIsAUsageErrorNamingTheOption() throws {
        let flag = try Run.aegrade(["grade", "--lang", "fr", Run.fixture("grade-basic.jsonl")])
        #expect(flag.status == 2)
        #expect(flag.stderr.contains("--lang: \"fr\" is not a language aegrade speaks"), "\(flag.transcript)")
        let variable = try Run.aegrade(["grade", Run.fixture("grade-basic.jsonl")], environment: ["AEGRADE_LANG": "xx"])
        #expect(variable.status == 2)
        #expect(variable.stderr.contains("AEGRADE_LANG: \"xx\""), "\(variable.transcript)")
    }

    @Test func messagesOnStandardErrorFollowTheLanguageFromTheFlagOrTheLocale() throws {
        let flag = try Run.aegrade(["--lang", "zh", "grade", "--criteria", "nope", Run.fixture("grade-basic.jsonl")])
        #expect(flag.stderr.contains("aegrade grade: 未知的分级标准 id nope；已载入："), "\(flag.transcript)")
        let locale = try Run.aegrade(["grade", "--criteria", "nope", Run.fixture("grade-basic.jsonl")], environment: ["LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "AEGRADE_LANG": ""])
        #expect(locale.stderr.contains("未知的分级标准 id nope"), "\(locale.transcript)")
        let english = try Run.aegrade(["grade", "--criteria", "nope", Run.fixture("grade-basic.jsonl")],
                                      environment: ["LANG": "zh_CN.UTF-8", "AEGRADE_LANG": "en"])
        #expect(english.stderr.contains("unknown criteria id nope"), "\(english.transcript)")
    }

    @Test func theJSONOfGradeStaysEnglishInChinese() throws {
        let english = try Run.aegrade(["grade", Run.fixture("grade-basic.jsonl")])
        let chinese = try Run.aegrade(["--lang=zh", "grade", Run.fixture("grade-basic.jsonl")])
        #expect(chinese.status == english.status)
        #expect(chinese.stdout == english.stdout)
    }
}
