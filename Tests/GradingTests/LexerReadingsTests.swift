import Foundation
@testable import Grading
import Testing
import TestSupport

/// The lexer reads ASCII conditions byte by byte and others character by character: both
/// readings give the same tokens, offsets and errors on every ASCII text.
struct LexerReadingsTests {
    /// Tokens or the error, comparable.
    static func reading<Text: LexedText>(_ text: Text) -> String {
        do throws(Lexer.Failure) {
            return "\(try Lexer.tokens(in: text))"
        } catch {
            return "failure at \(error.offset): \(error.message)"
        }
    }

    static func check(_ text: String) {
        let bytes = ASCIIText(units: Array(text.utf8)), characters = CharacterText(units: Array(text))
        #expect(reading(bytes) == reading(characters), "\(text.debugDescription)")
    }

    @Test func everyValueOfTheReviewedCriteriaFilesReadsAlikeBothWays() throws {
        let directory = Fixtures.criteriaDirectory(from: #filePath)
        var checked = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasSuffix(".yaml") {
            let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            for line in text.split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let value = String(line[line.index(after: colon)...])
                guard value.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else { continue }
                Self.check(value)
                checked += 1
            }
        }
        #expect(checked > 500, "only \(checked) values were read")
    }

    @Test func seededRandomTextsReadAlikeBothWays() {
        let alphabet = Array("abAZ_.-0193 ()[],|<>=!CFmgdLuU/^\t\n\u{0B}\u{0C}x andornotinof10^9/Lmg/dL")
        // A linear congruential generator (Knuth's MMIX constants): the same texts on every run
        var state: UInt64 = 7
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        for _ in 0..<3_000 {
            let length = next() % 24
            Self.check(String((0..<length).map { _ in alphabet[next() % alphabet.count] }))
        }
        // And the byte reading is the one taken for ASCII text
        #expect(throws: Never.self) { try Lexer.tokens(of: "vitals.temperature >= 38.0 C | 100.4 F and not otherCause.fever") }
    }
}
