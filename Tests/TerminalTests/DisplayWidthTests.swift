import Testing
@testable import Terminal

/// A character and the terminal columns it takes (UAX #11, as wcwidth counts them).
struct WidthCase: CustomTestStringConvertible, Sendable {
    let character: Character
    let width: Int
    let name: String
    init(_ character: Character, _ width: Int, _ name: String) {
        self.character = character
        self.width = width
        self.name = name
    }
    var testDescription: String { "\(name) takes \(width)" }
}

@Suite("Character.displayWidth: terminal columns")
struct DisplayWidthTests {
    static let cases: [WidthCase] = [
        .init("a", 1, "ASCII letter"), .init("7", 1, "ASCII digit"), .init(" ", 1, "space"), .init("~", 1, "tilde"),
        .init("é", 1, "precomposed é"), .init("e\u{301}", 1, "e with a combining acute"),
        .init("°", 1, "degree sign"), .init("µ", 1, "micro sign"), .init("≥", 1, "greater-or-equal"),
        .init("↑", 1, "arrow"), .init("█", 1, "full block"), .init("Ω", 1, "Greek capital omega"),
        .init("\u{301}", 0, "lone combining acute"), .init("\u{20DD}", 0, "combining enclosing circle"),
        .init("\u{200B}", 0, "zero-width space"), .init("\u{200D}", 0, "zero-width joiner"),
        .init("\u{AD}", 1, "soft hyphen"),
        .init("\u{0}", 0, "NUL"), .init("\u{7}", 0, "bell"), .init("\u{1B}", 0, "escape"), .init("\u{7F}", 0, "delete"),
        .init("\u{85}", 0, "C1 next line"),
        .init("中", 2, "CJK 中"), .init("文", 2, "CJK 文"), .init("\u{4E00}", 2, "first CJK unified ideograph"),
        .init("\u{9FFF}", 2, "last CJK unified ideograph in the block"), .init("\u{3400}", 2, "CJK extension A"),
        .init("\u{20000}", 2, "CJK extension B"), .init("\u{30000}", 2, "CJK extension G"),
        .init("あ", 2, "hiragana"), .init("カ", 2, "katakana"), .init("한", 2, "hangul syllable"),
        .init("\u{1100}", 2, "hangul leading consonant"), .init("、", 2, "ideographic comma"),
        .init("\u{3000}", 2, "ideographic space"), .init("\u{F900}", 2, "CJK compatibility ideograph"),
        .init("Ａ", 2, "fullwidth A"), .init("１", 2, "fullwidth digit one"), .init("！", 2, "fullwidth exclamation"),
        .init("￥", 2, "fullwidth yen"), .init("\u{FE30}", 2, "CJK compatibility form"),
        .init("ｱ", 1, "halfwidth katakana"),
        .init("🌡", 2, "thermometer (U+1F321)"), .init("😀", 2, "grinning face"), .init("🙏", 2, "folded hands (U+1F64F)"),
        .init("🤒", 2, "face with thermometer (U+1F912)"), .init("🧪", 2, "test tube (U+1F9EA)"),
        .init("\u{1F300}", 2, "cyclone, first of the listed emoji range"),
    ]

    @Test(arguments: cases) func width(_ row: WidthCase) {
        #expect(row.character.displayWidth == row.width)
    }

    @Test func stringWidthIsTheSumOfItsCharacters() {
        #expect("".displayWidth == 0)
        #expect("abc".displayWidth == 3)
        #expect("中文".displayWidth == 4)
        #expect("体温 38.5°C".displayWidth == 11)
        #expect("e\u{301}\u{200B}x".displayWidth == 2)
    }
}
