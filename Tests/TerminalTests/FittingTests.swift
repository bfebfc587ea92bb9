import Testing
@testable import Terminal

/// Truncation, padding and wrapping by display width: Chinese text at the edges.
@Suite("Fitting text by display width")
struct FittingTests {
    @Test func textThatFitsIsKeptWhole() {
        #expect("细胞因子".truncated(toColumns: 8) == "细胞因子")
        #expect("CRS 2".truncated(toColumns: 5) == "CRS 2")
    }

    @Test func aCutEndsInAnEllipsisWithinTheColumns() {
        // Given 4 ideographs (8 columns) in 7 columns: 3 ideographs (6) and the ellipsis (1).
        #expect("细胞因子".truncated(toColumns: 7) == "细胞因…")
        #expect("细胞因子".truncated(toColumns: 7).displayWidth == 7)
    }

    @Test func aCutNeverSplitsAWideCharacter() {
        // 6 columns: 2 ideographs take 4, a third would need 6 + 1 for the ellipsis: so 5 columns used.
        let cut = "细胞因子释放".truncated(toColumns: 6)
        #expect(cut == "细胞…")
        #expect(cut.displayWidth == 5)
    }

    @Test func mixedLatinAndChineseIsCutByWidth() {
        #expect("CRS细胞因子".truncated(toColumns: 6) == "CRS细…")
        #expect("P-张三丰-001".truncated(toColumns: 8) == "P-张三…")
    }

    @Test(arguments: [0, -3]) func noRoomGivesNothing(columns: Int) {
        #expect("中文".truncated(toColumns: columns) == "")
    }

    @Test func oneColumnHoldsOnlyTheEllipsis() {
        #expect("中文".truncated(toColumns: 1) == "…")
    }

    @Test func paddingCountsWideCharactersTwice() {
        #expect("患者".padded(toColumns: 6) == "患者  ")
        #expect("患者".padded(toColumns: 6).displayWidth == 6)
        #expect("患者编号".padded(toColumns: 6) == "患者编号")
    }

    @Test func putFittingCutsWithAnEllipsisAtTheRightEdge() {
        // Given a 10-column row and a Chinese patient id starting at column 3.
        var buffer = ScreenBuffer(width: 10, height: 1)
        let end = buffer.put("张三丰李四", x: 3, y: 0, fitting: 20)
        // Then its 7 columns hold 3 ideographs (6) and the ellipsis (1).
        #expect(buffer.line(0) == "   张三丰…")
        #expect(end == 10)
        #expect(buffer.invariantViolations.isEmpty)
    }

    @Test func putFittingWithinAColumnLeavesTheNextColumnAlone() {
        var buffer = ScreenBuffer(width: 20, height: 1)
        buffer.put("免疫效应细胞", x: 0, y: 0, fitting: 7)
        buffer.put("ICANS", x: 7, y: 0)
        #expect(buffer.line(0) == "免疫效…ICANS")
        #expect(buffer.invariantViolations.isEmpty)
    }

    @Test func chineseWrapsBetweenIdeographs() {
        let lines = "免疫效应细胞相关神经毒性综合征".wrapped(toColumns: 10)
        #expect(lines == ["免疫效应细", "胞相关神经", "毒性综合征"])
        #expect(lines.allSatisfy { $0.displayWidth <= 10 })
    }

    @Test func aLineNeverStartsWithClosingPunctuation() {
        // "发热，无低血压" at 8 columns: the comma would start line 2, so 热 goes down with it.
        let lines = "发热发热，无低血压".wrapped(toColumns: 8)
        #expect(lines.allSatisfy { $0.first != "，" })
        #expect(lines.joined() == "发热发热，无低血压")
    }

    @Test func latinTextStillWrapsAtSpaces() {
        #expect("fever without hypotension".wrapped(toColumns: 14) == ["fever without", "hypotension"])
    }

    @Test func anAbbreviationBreaksFromTheChineseBeside() {
        let lines = "细胞因子释放综合征CRS分级".wrapped(toColumns: 20)
        #expect(lines.allSatisfy { $0.displayWidth <= 20 })
        #expect(lines.joined() == "细胞因子释放综合征CRS分级")
    }
}
