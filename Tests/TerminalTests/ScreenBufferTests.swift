import Testing
@testable import Terminal

@Suite("ScreenBuffer: cells, clipping, wide characters, fill, lines, differences")
struct ScreenBufferTests {
    @Test func newBufferIsBlank() {
        let buffer = ScreenBuffer(width: 4, height: 2)
        #expect(buffer.cells.count == 8)
        #expect(buffer.cells.allSatisfy { $0 == .blank })
        #expect(buffer.lines == ["", ""])
        #expect(buffer.cursor == nil)
    }

    @Test func putWritesAndReturnsTheNextColumn() {
        var buffer = ScreenBuffer(width: 10, height: 2)
        let end = buffer.put("abc", x: 2, y: 1, style: .bold)
        #expect(end == 5)
        #expect(buffer.line(1) == "  abc")
        #expect(buffer[2, 1] == Cell(text: "a", style: .bold))
        #expect(buffer[5, 1] == .blank)
        #expect(buffer.line(0) == "")
    }

    @Test func putClipsAtTheRightEdge() {
        var buffer = ScreenBuffer(width: 5, height: 1)
        #expect(buffer.put("abcdefgh", x: 2, y: 0) == 5)
        #expect(buffer.line(0) == "  abc")
    }

    @Test func putClipsAtTheLimit() {
        var buffer = ScreenBuffer(width: 10, height: 1)
        #expect(buffer.put("abcdef", x: 1, y: 0, limit: 3) == 4)
        #expect(buffer.line(0) == " abc")
    }

    @Test func putClipsAtTheLeftEdge() {
        var buffer = ScreenBuffer(width: 5, height: 1)
        buffer.put("abcd", x: -2, y: 0)
        #expect(buffer.line(0) == "cd")
    }

    @Test(arguments: [-1, 2, 99]) func putOutsideTheRowsDoesNothing(y: Int) {
        var buffer = ScreenBuffer(width: 5, height: 2)
        #expect(buffer.put("abc", x: 0, y: y) == 0)
        #expect(buffer == ScreenBuffer(width: 5, height: 2))
    }

    @Test func wideCharactersTakeTwoCells() {
        var buffer = ScreenBuffer(width: 10, height: 1)
        let end = buffer.put("中文a", x: 1, y: 0, style: .reverse)
        #expect(end == 6)
        #expect(buffer[1, 0] == Cell(text: "中", style: .reverse))
        #expect(buffer[2, 0] == .continuation(.reverse))
        #expect(buffer[3, 0].text == "文")
        #expect(buffer[4, 0].text == "")
        #expect(buffer[5, 0].text == "a")
        #expect(buffer.line(0) == " 中文a")
        #expect(buffer.line(0).displayWidth == 6)
        #expect(buffer.invariantViolations.isEmpty)
    }

    @Test func aWideCharacterIsNotSplitAtTheEdge() {
        var buffer = ScreenBuffer(width: 5, height: 1)
        #expect(buffer.put("ab中文", x: 0, y: 0) == 4)
        #expect(buffer.line(0) == "ab中")
        #expect(buffer[4, 0] == .blank)
        #expect(buffer.invariantViolations.isEmpty)
    }

    @Test func aWideCharacterIsNotSplitAtTheLimit() {
        var buffer = ScreenBuffer(width: 10, height: 1)
        #expect(buffer.put("a中", x: 0, y: 0, limit: 2) == 1)
        #expect(buffer.line(0) == "a")
        #expect(buffer.invariantViolations.isEmpty)
    }

    @Test func nothingAfterAWideCharacterThatDoesNotFitIsDrawn() {
        var buffer = ScreenBuffer(width: 3, height: 1)
        buffer.put("ab中c", x: 0, y: 0)
        #expect(buffer.line(0) == "ab")
    }

    @Test func overwritingTheRightHalfOfAWideCharacterBlanksItsLeftHalf() {
        var buffer = ScreenBuffer(width: 6, height: 1)
        buffer.put("中文", x: 0, y: 0)
        buffer.put("x", x: 1, y: 0)
        #expect(buffer.line(0) == " x文")
        #expect(buffer.invariantViolations.isEmpty)
    }

    @Test func overwritingTheLeftHalfOfAWideCharacterBlanksItsRightHalf() {
        var buffer = ScreenBuffer(width: 6, height: 1)
        buffer.put("中文", x: 0, y: 0)
        buffer.put("x", x: 2, y: 0)
        #expect(buffer.line(0) == "中x")
        #expect(buffer.invariantViolations.isEmpty)
    }

    @Test func aWideCharacterOverlappingTwoOthersBlanksTheirOuterHalves() {
        var buffer = ScreenBuffer(width: 6, height: 1)
        buffer.put("中文", x: 0, y: 0)
        buffer.put("字", x: 1, y: 0)
        #expect(buffer.line(0) == " 字")
        #expect(buffer.invariantViolations.isEmpty)
    }

    @Test func combiningMarksTakeNoCellAndControlsShowAsEscapes() {
        var buffer = ScreenBuffer(width: 12, height: 1)
        // "e\u{301}" is one Character (é, decomposed): it takes one cell and keeps its mark. A
        // control character never reaches the terminal; it shows as its escape, so that an id
        // "x\u{7}y" from the log does not look like "xy".
        #expect(buffer.put("e\u{301}x\u{7}y", x: 0, y: 0) == 8)
        #expect(buffer[0, 0].text == "e\u{301}")
        #expect(buffer.line(0) == "e\u{301}x\\u{7}y")
        #expect(!buffer.lines.joined().unicodeScalars.contains { $0.value < 0x20 })
    }

    @Test func fillPaintsARectangleAndClips() {
        let red = Style(background: .red)
        var buffer = ScreenBuffer(width: 4, height: 3)
        buffer.put("abcd", x: 0, y: 1)
        buffer.fill(x: 2, y: 1, width: 5, height: 5, style: red)
        #expect(buffer.line(1) == "ab")
        #expect(buffer[2, 1] == Cell(text: " ", style: red))
        #expect(buffer[3, 2] == Cell(text: " ", style: red))
        #expect(buffer[1, 2] == .blank)
        #expect(buffer[3, 0] == .blank)
    }

    @Test func fillDefaultsToTheRestOfOneRow() {
        var buffer = ScreenBuffer(width: 4, height: 2)
        buffer.fill(x: 1, y: 0, style: .reverse)
        #expect((1..<4).allSatisfy { buffer[$0, 0].style == .reverse })
        #expect(buffer[0, 0] == .blank)
        #expect(buffer[1, 1] == .blank)
    }

    @Test func fillOutsideTheBufferDoesNothing() {
        var buffer = ScreenBuffer(width: 4, height: 2)
        buffer.fill(x: 5, y: 0, style: .reverse)
        buffer.fill(x: -3, y: 0, width: 2, style: .reverse)
        buffer.fill(x: 0, y: -5, height: 3, style: .reverse)
        buffer.fill(x: 0, y: 2, style: .reverse)
        #expect(buffer == ScreenBuffer(width: 4, height: 2))
    }

    @Test func fillThroughHalfAWideCharacterBlanksTheOtherHalf() {
        var buffer = ScreenBuffer(width: 6, height: 1)
        buffer.put("中文", x: 0, y: 0)
        buffer.fill(x: 1, y: 0, width: 1)
        #expect(buffer.line(0) == "  文")
        buffer.fill(x: 2, y: 0, width: 1)
        #expect(buffer.line(0) == "")
        #expect(buffer.invariantViolations.isEmpty)
    }

    @Test func lineTrimsTrailingBlanksOnly() {
        var buffer = ScreenBuffer(width: 12, height: 1)
        buffer.put("  a  b", x: 0, y: 0)
        buffer.fill(x: 8, y: 0, style: .reverse)   // styled blanks are still blanks
        #expect(buffer.line(0) == "  a  b")
        #expect(buffer.lines == ["  a  b"])
    }

    @Test func changedRowsOfAFirstFrameAreAllRows() {
        let buffer = ScreenBuffer(width: 3, height: 4)
        #expect(buffer.changedRows(since: nil) == [0, 1, 2, 3])
    }

    @Test func changedRowsAfterAResizeAreAllRows() {
        let buffer = ScreenBuffer(width: 3, height: 2)
        #expect(buffer.changedRows(since: ScreenBuffer(width: 4, height: 2)) == [0, 1])
        #expect(buffer.changedRows(since: ScreenBuffer(width: 3, height: 3)) == [0, 1])
    }

    @Test func changedRowsAreTheRowsThatDiffer() {
        var before = ScreenBuffer(width: 5, height: 4)
        before.put("same", x: 0, y: 0)
        before.put("old", x: 0, y: 2)
        var after = before
        #expect(after.changedRows(since: before) == [])
        after.put("new", x: 0, y: 2)
        after.put("x", x: 4, y: 3)
        #expect(after.changedRows(since: before) == [2, 3])
    }

    @Test func aStyleChangeIsAChange() {
        var before = ScreenBuffer(width: 5, height: 2)
        before.put("abc", x: 0, y: 1)
        var after = ScreenBuffer(width: 5, height: 2)
        after.put("abc", x: 0, y: 1, style: Style(foreground: .red))
        #expect(after.changedRows(since: before) == [1])
        #expect(after != before)
        #expect(after.lines == before.lines)
    }

    @Test func aCursorMoveChangesNoRowButTheBuffer() {
        let before = ScreenBuffer(width: 5, height: 2)
        var after = before
        after.cursor = (x: 1, y: 1)
        #expect(after.changedRows(since: before) == [])
        #expect(after != before)
        var same = before
        same.cursor = (x: 1, y: 1)
        #expect(after == same)
        same.cursor = (x: 2, y: 1)
        #expect(after != same)
    }

    @Test func equalityComparesSizeAndCells() {
        #expect(ScreenBuffer(width: 2, height: 3) == ScreenBuffer(width: 2, height: 3))
        #expect(ScreenBuffer(width: 2, height: 3) != ScreenBuffer(width: 3, height: 2))
        var a = ScreenBuffer(width: 2, height: 1)
        a.put("x", x: 0, y: 0)
        #expect(a != ScreenBuffer(width: 2, height: 1))
    }

    @Test func anEmptyBufferIsAllowed() {
        var buffer = ScreenBuffer(width: 0, height: 0)
        buffer.put("abc", x: 0, y: 0)
        buffer.fill(y: 0)
        #expect(buffer.lines == [])
        #expect(buffer.changedRows(since: nil) == [])
    }

    @Test func invariantsNameWhatBroke() {
        var buffer = ScreenBuffer(width: 3, height: 1)
        buffer[1, 0] = .continuation(.plain)
        buffer[2, 0] = Cell(text: "中", style: .plain)
        #expect(buffer.invariantViolations == [
            "continuation cell at (1, 0) follows no wide character",
            "wide character 中 at (2, 0) has no continuation cell",
        ])
    }
}
