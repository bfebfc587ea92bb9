import Testing
@testable import Terminal

@Suite("ScreenBuffer.glyphs: what Curses writes for a row")
struct GlyphTests {
    @Test func oneGlyphPerCharacterAtItsColumn() {
        var buffer = ScreenBuffer(width: 6, height: 1)
        buffer.put("a中b", x: 0, y: 0, style: .bold)
        #expect(buffer.glyphs(ofRow: 0) == [
            Glyph(x: 0, text: "a", style: .bold), Glyph(x: 1, text: "中", style: .bold),
            Glyph(x: 3, text: "b", style: .bold), Glyph(x: 4, text: " ", style: .plain), Glyph(x: 5, text: " ", style: .plain),
        ])
    }

    @Test func aNarrowerTerminalClipsAndBlanksAWideCharacterCutByItsEdge() {
        var buffer = ScreenBuffer(width: 6, height: 1)
        buffer.put("ab中", x: 0, y: 0)
        #expect(buffer.glyphs(ofRow: 0, columns: 3).map(\.text) == ["a", "b", " "])
        #expect(buffer.glyphs(ofRow: 0, columns: 4).map(\.text) == ["a", "b", "中"])
    }

    @Test func aCharacterTheTerminalCountsNarrowerIsFollowedByABlank() {
        var buffer = ScreenBuffer(width: 3, height: 1)
        buffer.put("😀x", x: 0, y: 0)
        let glyphs = buffer.glyphs(ofRow: 0) { $0 == "😀" ? 1 : $0.displayWidth }
        #expect(glyphs.map(\.x) == [0, 1, 2])
        #expect(glyphs.map(\.text) == ["😀", " ", "x"])
    }

    @Test func aCharacterTheTerminalCountsWiderOrCannotPrintBecomesAQuestionMark() {
        var buffer = ScreenBuffer(width: 3, height: 1)
        buffer.put("☕ab", x: 0, y: 0)   // U+2615: 1 column here, 2 in many wcwidth tables
        #expect(buffer.glyphs(ofRow: 0) { $0 == "☕" ? 2 : 1 }.map(\.text) == ["?", "a", "b"])
        #expect(buffer.glyphs(ofRow: 0) { $0 == "☕" ? nil : 1 }.map(\.text) == ["?", "a", "b"])
        var wide = ScreenBuffer(width: 2, height: 1)
        wide.put("中", x: 0, y: 0)
        #expect(wide.glyphs(ofRow: 0) { _ in nil }.map(\.text) == ["?", " "])
    }

    @Test func brokenCellsBecomeBlanks() {
        var buffer = ScreenBuffer(width: 4, height: 1)
        buffer[0, 0] = .continuation(.reverse)           // a right half with no left
        buffer[1, 0] = Cell(text: "\u{7}", style: .plain) // a control
        buffer[2, 0] = Cell(text: "中", style: .plain)    // a left half with no right
        #expect(buffer.glyphs(ofRow: 0) { $0.displayWidth }.map(\.text) == [" ", " ", "?", " "])
        #expect(buffer.glyphs(ofRow: 0).first == Glyph(x: 0, text: " ", style: .reverse))
    }

    @Test func combiningMarksStayWithTheirCharacter() {
        var buffer = ScreenBuffer(width: 2, height: 1)
        buffer.put("e\u{301}", x: 0, y: 0)
        #expect(buffer.glyphs(ofRow: 0).first?.text == "e\u{301}")
    }
}
