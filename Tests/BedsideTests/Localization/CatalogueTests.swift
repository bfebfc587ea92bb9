@testable import Bedside
import Foundation
import Localization
import Testing

/// The string catalogue (issue 18): every English key has a Chinese string, no Chinese string is
/// orphaned, and placeholders match in both.
@Suite struct CatalogueTests {
    /// The package's `Sources/` directory, from this file's place in `Tests/BedsideTests/Localization/`.
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources")

    /// The first argument of every `localized("…")` call in the sources, unescaped, with the file it is in.
    static func literalKeys() throws -> [(key: String, file: String)] {
        var found: [(String, String)] = []
        let files = FileManager.default.enumerator(atPath: sources.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
        #expect(files.count > 100, "the sources were not found at \(sources.path)")
        for file in files where !file.hasPrefix("Localization/") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            var rest = Substring(text)
            while let call = rest.range(of: "localized(\"") {
                var key = ""
                var index = call.upperBound
                var escaped = false
                while index < rest.endIndex {
                    let character = rest[index]
                    if escaped {
                        key.append(character == "n" ? "\n" : character == "t" ? "\t" : character == "(" ? "\u{FFFC}" : character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        key.append(character)
                    }
                    index = rest.index(after: index)
                }
                found.append((key, file))
                rest = rest[index...]
            }
        }
        return found
    }

    @Test func everyWrappedTextHasAChineseTranslation() throws {
        let keys = try Self.literalKeys()
        #expect(keys.count > 100)
        for (key, file) in keys {
            #expect(!key.contains("\u{FFFC}"), "\(file): \(key) interpolates a value into its key; use a {placeholder}")
            #expect(Catalogue.translation(of: key, in: .simplifiedChinese) != nil, "\(file): no Chinese for \(key.debugDescription)")
        }
    }

    @Test func everyTextLookedUpFromATableHasAChineseTranslation() {
        let texts = LookedUpTexts.all
        #expect(texts.contains("Next patient") && texts.contains("Says the year correctly?") && texts.contains("nasal cannula"))
        let untranslated = texts.filter { Catalogue.translation(of: $0, in: .simplifiedChinese) == nil }
        #expect(untranslated.isEmpty, "no Chinese for \(untranslated)")
    }

    @Test func noTranslationIsOrphaned() throws {
        let used = Set(try Self.literalKeys().map(\.key)).union(LookedUpTexts.all)
        let orphans = Catalogue.simplifiedChinesePairs.map(\.english).filter { !used.contains($0) }
        #expect(orphans.isEmpty, "translated but never shown: \(orphans)")
    }

    @Test func noKeyIsTranslatedTwice() {
        var seen: Set<String> = []
        for pair in Catalogue.simplifiedChinesePairs {
            #expect(seen.insert(pair.english).inserted, "\(pair.english.debugDescription) is in the catalogue twice")
        }
    }

    @Test func placeholdersMatchInBothLanguages() {
        for pair in Catalogue.simplifiedChinesePairs {
            #expect(placeholders(of: pair.english).sorted() == placeholders(of: pair.chinese).sorted(),
                    "\(pair.english.debugDescription) and \(pair.chinese.debugDescription) differ in their placeholders")
            #expect(!pair.chinese.trimmingCharacters(in: .whitespaces).isEmpty, "\(pair.english.debugDescription) has an empty translation")
        }
    }

    @Test func placeholdersAreFilledAfterTranslationInTheTranslationsOrder() {
        let text = localized("{shown} of {count}", in: .simplifiedChinese, ["shown": "2", "count": "8"])
        #expect(text == "8 位中的 2 位")
        #expect(localized("{shown} of {count}", in: .english, ["shown": "2", "count": "8"]) == "2 of 8")
    }

    @Test func aValueWithBracesIsNotReadAsAPlaceholder() {
        let text = localized("No patient matches \"{filter}\" (Esc clears).", in: .simplifiedChinese, ["filter": "{filter}"])
        #expect(text == "没有与“{filter}”匹配的患者（Esc 清除）。")
    }

    @Test func aTextWithoutTranslationFallsBackToEnglish() {
        #expect(localized("a text no catalogue has", in: .simplifiedChinese) == "a text no catalogue has")
    }

    @Test func theTasksLanguageOverridesTheProcesssForItsDuration() {
        #expect(Localization.$scoped.withValue(.simplifiedChinese) { localized("Triage board") } == "分诊看板")
        #expect(Localization.$scoped.withValue(.english) { localized("Triage board") } == "Triage board")
    }
}
