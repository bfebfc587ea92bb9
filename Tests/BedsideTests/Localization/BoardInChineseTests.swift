@testable import Bedside
import Clinical
import Foundation
import Localization
import Terminal
import Testing

/// The board, its help and the assessment form drawn in Simplified Chinese: translated, aligned
/// by display width, and no character cut in half, at 80×24 and 120×40.
@Suite struct BoardInChineseTests {
    static func inChinese<T>(_ body: () throws -> T) rethrows -> T { try Localization.$scoped.withValue(.simplifiedChinese, operation: body) }

    /// The display column where `text` starts on `line`, counting wide characters twice.
    static func column(of text: String, in line: String) -> Int? {
        guard let range = line.range(of: text) else { return nil }
        return String(line[..<range.lowerBound]).displayWidth
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func theBoardSpeaksChineseAndKeepsItsColumns(width: Int, height: Int) throws {
        let (context, directory) = try BoardTests.makeContext()
        defer { try? FileManager.default.removeItem(at: directory) }
        let english = BedsideApp.frame(stack: [TriageBoardScreen(context: context)], context: context, width: width, height: height)
        let chinese = Self.inChinese { BedsideApp.frame(stack: [TriageBoardScreen(context: context)], context: context, width: width, height: height) }
        #expect(chinese.invariantViolations.isEmpty)
        #expect(chinese.lines[0].contains("分诊看板"))
        #expect(chinese.lines[0].contains("dr.wang (医生)"))
        let header = chinese.lines[1]
        for word in ["患者", "天数", "趋势", "上次", "状态"] { #expect(header.contains(word), "\(header)") }
        // The grade columns start where they start in English: alignment is by display width.
        for heading in ["CRS", "ICANS", "HLH"] {
            #expect(Self.column(of: heading, in: header) == Self.column(of: heading, in: english.lines[1]), "\(heading): \(header)")
        }
        // The rows are the same rows, in the same columns.
        for (zh, en) in zip(chinese.lines[2...4], english.lines[2...4]) {
            #expect(Self.column(of: "BED-", in: zh) == Self.column(of: "BED-", in: en))
        }
        #expect(chinese.lines.contains { $0.contains("3 位患者 · ") })
        #expect(chinese.lines[height - 1].contains("? 帮助"))
        #expect(chinese.lines[height - 1].contains("截至"))
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func theHelpIsTranslatedFromTheKeymapAndWrapsInsteadOfCutting(width: Int, height: Int) throws {
        let (context, directory) = try BoardTests.makeContext()
        defer { try? FileManager.default.removeItem(at: directory) }
        let help = HelpScreen(for: TriageBoardScreen(context: context))
        let lines = Self.inChinese { help.document(width: width) }.map { line in
            var buffer = ScreenBuffer(width: width, height: 1)
            DocumentView.draw(line, y: 0, width: width, into: &buffer)
            #expect(buffer.invariantViolations.isEmpty)
            return buffer.line(0)
        }
        let text = lines.joined(separator: "\n")
        #expect(text.contains("分诊看板的按键"))
        #expect(text.contains("人工改判该患者的 CRS 或 ICANS 分级"))
        #expect(text.contains("所有界面通用"))
        #expect(text.contains("标记的含义"))
        // The longest help is wrapped onto a second line, not cut.
        #expect(text.contains("确认）"))
        for line in lines { #expect(line.displayWidth <= width) }
    }

    @Test func theRuleBannerIsTranslated() {
        let text = Self.inChinese { Banner.rule(logged: LoggedRuleStatus(status: "pause", tripped: ["dlt-rate"], counts: [:], asOf: nil), trial: nil) }
        #expect(text == "⚠ 已触发停止规则 — 已触发规则 dlt-rate")
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func theFormSpeaksChinese(width: Int, height: Int) throws {
        let (context, directory) = try BoardTests.makeContext()
        defer { try? FileManager.default.removeItem(at: directory) }
        let form = AssessmentFormScreen(patient: "BED-01", context: context)
        let frame = Self.inChinese { BedsideApp.frame(stack: [TriageBoardScreen(context: context), form], context: context, width: width, height: height) }
        #expect(frame.invariantViolations.isEmpty)
        let text = frame.lines.joined(separator: "\n")
        for word in ["生命体征", "体温", "低血压", "实时分级"] { #expect(text.contains(word), "\(word) missing:\n\(text)") }
    }

    @Test func theICEWizardAsksInChineseAndScoresAsBefore() {
        var wizard = ICEWizard()
        let hint = Self.inChinese { wizard.hint }
        #expect(hint.hasPrefix("y 正确 · n 错误"))
        for key in ["y", "y", "n", "y", "2", "y", "n", "y"] { _ = wizard.apply(.character(Character(key))) }
        let lines = Self.inChinese { wizard.answeredLines }
        #expect(lines.first == "定向力 · 年份  ✓ 1")
        #expect(lines[4] == "命名 · 3 个物品  2/3")
        #expect(wizard.total == 7)
    }
}
