import Clinical
@testable import Grading
import Localization
import Testing

/// The Chinese catalogues beside the criteria files (issue 18): every `reason:` and `means:` of
/// every bundled file is translated at the file's version, no row translates words no file has,
/// and a result says which language its reasons are in.
@Suite struct ReasonTranslationTests {
    @Test func everyReasonAndMeaningOfEveryBundledFileHasAChineseText() throws {
        let set = try CriteriaSet.bundled()
        var checked = 0
        for file in BundledCriteria.files {
            let id = String(file.name.dropLast(".yaml".count))
            let version = try #require(set.files.first { $0.id == id }).version
            for english in try CriteriaFile.wordings(bytes: Array(file.text.utf8), name: file.name) {
                #expect(ReasonTranslations.bundled.text(english, criteria: id, version: version, in: .simplifiedChinese) != nil,
                        "\(id).zh-Hans.tsv: no Chinese for \(english.debugDescription) at version \(version)")
                checked += 1
            }
        }
        #expect(checked > 90)
    }

    @Test func noCatalogueRowTranslatesWordsNoFileHas() throws {
        let set = try CriteriaSet.bundled()
        var wordings: [String: Set<String>] = [:]
        for file in BundledCriteria.files {
            let id = String(file.name.dropLast(".yaml".count))
            wordings[id] = Set(try CriteriaFile.wordings(bytes: Array(file.text.utf8), name: file.name))
        }
        for row in ReasonTranslations.bundled.rows {
            let version = set.files.first { $0.id == row.key.criteria }?.version
            #expect(version == row.key.version, "\(row.file):\(row.line): version \(row.key.version), the file is at \(version ?? "no file")")
            #expect(wordings[row.key.criteria]?.contains(row.key.english) == true, "\(row.file):\(row.line): \(row.key.english.debugDescription) is in no reason or means")
        }
    }

    @Test func everyCatalogueFileParses() {
        for file in BundledCriteria.translations {
            #expect(throws: Never.self) { try ReasonTranslations.parse(file.text, name: file.name) }
        }
        #expect(BundledCriteria.translations.count == BundledCriteria.files.count)
    }

    @Test func aRowWithoutThreeColumnsIsRefusedNamingItsLine() {
        #expect(throws: CriteriaError(file: "x.zh-Hans.tsv", line: 2, message: "expected 3 columns separated by tabs (version, English, translation), found 2")) {
            try ReasonTranslations.parse("# comment\n1.0.0\tfever\n", name: "x.zh-Hans.tsv")
        }
        #expect(throws: CriteriaError.self) { try ReasonTranslations.parse("", name: "x.tsv") }
    }

    @Test func aGradeNamesTheLanguageOfItsReasons() throws {
        let set = try CriteriaSet.bundled()
        let crs = try #require(set.files.first { $0.id == "astct-2019-crs" })
        let result = CriteriaResult(criteria: crs.id, version: crs.version, hash: crs.hash, term: nil,
                                    value: .grade(GradeOutcome(grade: 1, atLeast: nil, reasons: ["fever ≥ 38.0 °C without hypotension or hypoxia"], missing: [],
                                                                interpretations: [])))
        #expect(result.reasons(in: .simplifiedChinese) == LocalizedReasons(language: .simplifiedChinese, texts: ["发热≥38.0 °C，无低血压或低氧"]))
        #expect(result.reasons(in: .english).language == .english)
    }

    @Test func aReasonOfAnotherVersionOrWithoutTranslationLeavesTheWholeListInEnglish() {
        let translations = ReasonTranslations(rows: [
            .init(file: "t", line: 1, language: .simplifiedChinese, key: .init(criteria: "c", version: "1.0.0", english: "a"), text: "甲"),
        ])
        #expect(translations.reasons(["a"], criteria: "c", version: "1.0.0", in: .simplifiedChinese).texts == ["甲"])
        #expect(translations.reasons(["a"], criteria: "c", version: "1.0.1", in: .simplifiedChinese) == LocalizedReasons(language: .english, texts: ["a"]))
        #expect(translations.reasons(["a", "b"], criteria: "c", version: "1.0.0", in: .simplifiedChinese)
                == LocalizedReasons(language: .english, texts: ["a", "b"]))
    }
}
