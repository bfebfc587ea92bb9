import Foundation
import Testing
import TestSupport

/// The board in Simplified Chinese in a real terminal (issue 18): `LANG=zh_CN.UTF-8` — a locale
/// this machine need not have generated (the product's own strings do not depend on it; curses
/// falls back to C.UTF-8 for its wide characters) — in tmux, driven with send-keys, read with
/// capture-pane, and compared with golden files a reviewer can read
/// (`Tests/aegradeTests/Fixtures/zh/`; `AEGRADE_WRITE_GOLDEN=1` writes them afresh).
@Suite(.serialized) struct BoardChineseEndToEndTests {
    static let chinese = ["LANG": "zh_CN.UTF-8"]

    /// The demo's board in Chinese, signed in as the nurse for the first time.
    static func chineseBoard(_ demo: BoardDemo, width: Int, height: Int) throws -> TmuxSession {
        let session = try demo.board(width: width, height: height, environment: chinese)
        try demo.firstSignIn(session, user: BoardDemo.nurse)
        #expect(session.waitFor("分诊看板", timeout: .seconds(20)), "\(session)")
        return session
    }

    /// The screen compared with its golden file, or written to it when asked.
    static func expectGolden(_ lines: [String], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let path = Run.fixture("zh/\(name)")
        let text = lines.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["AEGRADE_WRITE_GOLDEN"] == "1" {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let golden = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == golden, "\(name) differs from its golden file:\n\(text)", sourceLocation: sourceLocation)
    }

    /// The terminal column where `text` starts on a captured `line`: CJK ideographs and fullwidth
    /// forms take two columns (UAX #11), everything on these screens else one.
    static func column(of text: String, in line: String) -> Int? {
        guard let range = line.range(of: text) else { return nil }
        return line[..<range.lowerBound].unicodeScalars.reduce(0) { sum, scalar in
            switch scalar.value {
            case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFF00...0xFF60, 0xFFE0...0xFFE6: sum + 2
            default: sum + 1
            }
        }
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func theBoardItsRuleBannerAndItsHelpInChinese(width: Int, height: Int) throws {
        let demo = try BoardDemo.make()
        defer { demo.remove() }
        let session = try Self.chineseBoard(demo, width: width, height: height)
        defer { session.kill() }
        // The board: title, the tripped rule's banner, the column heads (rows and clock vary by run).
        #expect(session.waitFor("暂停"), "the tripped rule's banner: \(session)")
        let board = try session.capture()
        let header = try #require(board.firstIndex { $0.contains("患者") && $0.contains("天数") }, "\(session)")
        try Self.expectGolden(Array(board.prefix(header + 1)), "board-top-\(width)x\(height).txt")
        #expect(board.contains { $0.contains("位患者 · ") && $0.contains("位逾期") }, "the board's footer: \(session)")
        // `?`: every key of the board, from its keymap, in Chinese.
        try session.sendKeys("?")
        #expect(session.waitFor("分诊看板的按键"), "\(session)")
        try Self.expectGolden(try session.capture(), "help-\(width)x\(height).txt")
        try session.sendKeys("Escape")
        #expect(session.waitFor("天数"), "\(session)")
        // `r`: the stopping rules.
        try session.sendKeys("r")
        #expect(session.waitFor("停止规则"), "\(session)")
        try session.sendKeys("q")
        #expect(session.waitFor("天数"), "\(session)")
    }

    @Test func aFullICEAssessmentTypedWithTheWizardIsSavedAndShownOnTheTimeline() throws {
        let demo = try BoardDemo.make()
        defer { demo.remove() }
        let session = try Self.chineseBoard(demo, width: 100, height: 30)
        defer { session.kill() }
        let top = try #require(try session.capture().first { $0.hasPrefix("▸ ") }?.dropFirst(2).split(separator: " ").first.map(String.init))
        // When the ICE is given step by step: year, month, city, hospital, 3 objects, a command,
        // a sentence, counting back from 100 by 10
        try session.sendKeys("i")
        #expect(session.waitFor("能正确说出现在的年份吗？"), "\(session)")
        try session.sendKeys("y", "y", "y")
        #expect(session.waitFor("能正确说出所在的医院吗？"), "\(session)")
        try session.sendKeys("y")
        #expect(session.waitFor("3 个物品（如钟表、笔、纽扣）说对了几个名称？0–3"), "\(session)")
        try session.sendKeys("2")
        #expect(session.waitFor("能执行简单指令吗"), "\(session)")
        try session.sendKeys("y")
        #expect(session.waitFor("能写出一个标准句子吗？"), "\(session)")
        try session.sendKeys("y")
        #expect(session.waitFor("能从 100 开始每次减 10 倒数吗？"), "\(session)")
        try session.sendKeys("n")
        // Then the total is scored as before: 4 + 2 + 1 + 1 + 0 = 8
        #expect(session.waitFor("ICE 总分 8/10"), "\(session)")
        #expect(try session.capture().contains { $0.contains("命名 · 3 个物品  2/3") }, "\(session)")
        // When it is put into the form and saved (F2; the form asks y/N when a grade cannot be given)
        try session.sendKeys("Enter")
        #expect(session.waitFor("实时分级"), "\(session)")
        try session.sendKeys("F2")
        #expect(session.waitUntil { lines in lines.contains { $0.contains("已保存 \(top)") || $0.contains("请确认") } }, "\(session)")
        if try session.capture().contains(where: { $0.contains("请确认") }) { try session.sendKeys("y") }
        #expect(session.waitFor("已保存 \(top)"), "\(session)")
        // Then the log holds the ICE items as typed, attributed to the nurse
        let export = try demo.export()
        let observation = try #require(export.lastIndex { $0.contains("\"kind\":\"observation\"") })
        #expect(export[observation].contains("\"naming\":2") && export[observation].contains("\"attention\":0")
                && export[observation].contains("\"id\":\"\(BoardDemo.nurse)\""), "\(export[observation])")
        // And the patient's timeline opens with its Chinese title
        try session.sendKeys("Enter")
        #expect(session.waitFor("时间线 \(top)"), "\(session)")
    }

    @Test func aChinesePatientIdIsEnteredStoredFoundAndShown() throws {
        let demo = try BoardDemo.make()
        defer { demo.remove() }
        let session = try Self.chineseBoard(demo, width: 100, height: 30)
        defer { session.kill() }
        // When a new patient is entered with a Chinese id (wide characters through get_wch)
        try session.sendKeys("n")
        #expect(session.waitFor("评估 （新患者）"), "\(session)")
        try session.type("张三-床12")
        #expect(session.waitFor("张三-床12"), "\(session)")
        try session.sendKeys("Tab")
        try session.type("45")
        try session.sendKeys("Enter")
        #expect(session.waitFor("实时分级"), "\(session)")
        try session.type("38.4")
        try session.sendKeys("Tab")
        try session.type("n")
        try session.sendKeys("F2")
        #expect(session.waitUntil { lines in lines.contains { $0.contains("已保存 张三-床12") || $0.contains("请确认") } }, "\(session)")
        if try session.capture().contains(where: { $0.contains("请确认") }) { try session.sendKeys("y") }
        #expect(session.waitFor("已保存 张三-床12"), "\(session)")
        // Then it is stored as typed
        #expect(try demo.export().contains { $0.contains("\"patient\":\"张三-床12\"") })
        // And `/` finds it by its Chinese characters, the row aligned with the others
        try session.sendKeys("/")
        try session.type("张三")
        #expect(session.waitUntil { lines in lines.contains { $0.contains("张三-床12") } && lines.contains { $0.contains("/张三") } }, "\(session)")
        let lines = try session.capture()
        let row = try #require(lines.first { $0.contains("张三-床12") })
        let header = try #require(lines.first { $0.contains("患者") && $0.contains("天数") })
        // The DAY column starts at the same display column in the header and the row: what
        // follows the id starts under 天数, whatever the id's width.
        let afterID = try #require(row.range(of: "张三-床12")).upperBound
        let day = String(row[afterID...].drop { $0 == " " }.prefix(1))
        let dayColumn = Self.column(of: String(row[afterID...].drop { $0 == " " }), in: row)
        #expect(!day.isEmpty && dayColumn == Self.column(of: "天数", in: header), "\(row)\n\(header)")
    }
}
