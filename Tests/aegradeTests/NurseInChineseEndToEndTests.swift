import Foundation
import Testing
import TestSupport

/// The nurse's whole path in Simplified Chinese, in a real terminal (issue 18, "Done when"): the
/// demo written in Chinese, the board's sign-in (a wrong password, the one-time password, a new
/// password refused, then set), a refusal by role, a patient graded with the ICE wizard, the save,
/// the timeline, the help and the stopping rules — every captured screen free of English but the
/// abbreviations, units, ids and names ``LatinWords`` lists.
///
/// Twice: chosen by `AEGRADE_LANG=zh` (at 80×24, `LANG=C.UTF-8` for curses' wide characters), and
/// by `LANG=zh_CN.UTF-8` (at 120×40) — a locale this machine has not generated: the product's
/// own strings must not depend on it.
@Suite(.serialized) struct NurseInChineseEndToEndTests {
    static let runs: [(environment: [String: String], width: Int, height: Int)] = [
        (["AEGRADE_LANG": "zh", "LANG": "C.UTF-8"], 80, 24),
        (["LANG": "zh_CN.UTF-8"], 120, 40),
    ]

    /// Every screen the walk captured, by what it shows.
    final class Screens {
        var captured: [(name: String, lines: [String])] = []
    }

    @Test(arguments: 0..<runs.count)
    func aNurseGradesAPatientWithoutMeetingEnglish(run: Int) throws {
        let (environment, width, height) = Self.runs[run]
        let demo = try BoardDemo.make(environment: environment)
        defer { demo.remove() }
        let session = try demo.board(width: width, height: height, environment: environment)
        defer { session.kill() }
        let screens = Screens()
        func capture(_ name: String) throws { screens.captured.append((name, try session.capture())) }
        func waitFor(_ text: String, _ name: String) throws {
            #expect(session.waitFor(text, timeout: .seconds(20)), "\(name): \(text) not shown\n\(session)")
            try capture(name)
        }
        let nurse = BoardDemo.nurse

        // Sign-in: the screen, a wrong password, the one-time password, a refused new password, then set
        try waitFor("用户名", "sign-in")
        try session.type(nurse)
        try session.sendKeys("Tab")
        try session.type("not-the-password")
        try session.sendKeys("Enter")
        try waitFor("用户名或密码错误", "sign-in refused")
        try session.type(try demo.oneTime(nurse))
        try session.sendKeys("Enter")
        try waitFor("设置您自己的密码", "new password")
        try session.type("short")
        try session.sendKeys("Tab")
        try session.type("short")
        try session.sendKeys("Enter")
        try waitFor("未设置", "new password refused")
        // The sign-in screens hold nothing that varies by run: compared with golden files.
        for (name, golden) in [("sign-in refused", "signin-refused"), ("new password refused", "new-password-refused")] {
            let lines = try #require(screens.captured.last { $0.name == name }?.lines)
            try BoardChineseEndToEndTests.expectGolden(lines, "\(golden)-\(width)x\(height).txt")
        }
        try session.type(BoardDemo.ownPassword)
        try session.sendKeys("Tab")
        try session.type(BoardDemo.ownPassword)
        try session.sendKeys("Enter")
        try waitFor("已登录为", "board")

        // A key her role may not use is refused in Chinese
        try session.sendKeys("o")
        try waitFor("护士不可改判分级", "refusal by role")

        // The ICE step by step on the top patient, then the form, the save
        let patient = try #require(try session.capture().first { $0.hasPrefix("▸ ") }?.dropFirst(2).split(separator: " ").first.map(String.init),
                                   "\(session)")
        try session.sendKeys("i")
        try waitFor("能正确说出现在的年份吗？", "ICE wizard")
        try session.sendKeys("y", "y", "y", "y")
        try waitFor("说对了几个名称", "ICE naming")
        try session.sendKeys("2", "y", "y", "n")
        try waitFor("ICE 总分 8/10", "ICE total and its ICANS")
        try session.sendKeys("Enter")
        try waitFor("实时分级", "form")
        try session.sendKeys("F2")
        #expect(session.waitUntil(timeout: .seconds(20)) { $0.contains { $0.contains("已保存 \(patient)") || $0.contains("请确认") } }, "\(session)")
        if try session.capture().contains(where: { $0.contains("请确认") }) {
            try capture("save confirmation")
            try session.sendKeys("y")
        }
        try waitFor("已保存 \(patient)", "saved")

        // The timeline, every page of it
        try session.sendKeys("Enter")
        try waitFor("时间线 \(patient)", "timeline")
        try pages("timeline", session, screens)
        try session.sendKeys("q")
        #expect(session.waitFor("位患者 · "), "\(session)")

        // The help
        try session.sendKeys("?")
        try waitFor("分诊看板的按键", "help")
        try pages("help", session, screens, endingWith: "截至 HH:MM:SS（状态栏）")
        try session.sendKeys("Escape")
        #expect(session.waitFor("位患者 · "), "\(session)")

        // The stopping rules, every page
        try session.sendKeys("r")
        try waitFor("受试者 8 例", "rules")
        try pages("rules", session, screens)
        try session.sendKeys("q")
        #expect(session.waitFor("位患者 · "), "\(session)")

        // Switching user leads back to the sign-in screen
        try session.sendKeys("u")
        try waitFor("登录床旁看板", "switch user")

        // Ids: the demo's users, trial, cohorts, products and the protocol's rule ids.
        let ids = Set(demo.oneTimePasswords.keys).union(["DEMO-CART-01", "DL1", "DL2", "UTC", patient])
            .union(["rcl-any", "grade5-any", "sentinel-dlt", "dlt-pocock", "icans-bayes", "cohort-stagger"])
            .union((1...8).flatMap { ["P-00\($0)", "LOT-00\($0)-A"] })
        var english: [String] = []
        for (name, lines) in screens.captured {
            for (word, line) in LatinWords.offending(lines, extra: ids) { english.append("\(name): \(word) in \(line)") }
        }
        #expect(english.isEmpty, "English on the nurse's path:\n\(english.joined(separator: "\n"))")
        #expect(screens.captured.count >= 15, "the walk captured \(screens.captured.count) screens")
    }

    /// Captures the document screen page by page: its bottom first (`G`), back to the top (`g`),
    /// then Space until the bottom is reached again, at most 12 pages. A document of one page
    /// does not move on `G`: its one capture is all there is.
    func pages(_ name: String, _ session: TmuxSession, _ screens: Screens) throws {
        // The body only: the status bar's clock ticks on its own.
        func body(_ lines: [String]) -> [String] { Array(lines.dropLast()) }
        let top = body(try session.capture())
        try session.sendKeys("G")
        guard session.waitUntil(timeout: .seconds(5), { body($0) != top }) else { return }
        let bottom = try session.capture()
        screens.captured.append(("\(name) bottom", bottom))
        try session.sendKeys("g")
        #expect(session.waitUntil(timeout: .seconds(20)) { body($0) == top }, "\(name): g did not return to the top\n\(session)")
        var previous = top
        for page in 2...12 {
            try session.sendKeys("Space")
            #expect(session.waitUntil(timeout: .seconds(20)) { body($0) != previous }, "\(name): Space did not scroll\n\(session)")
            let lines = try session.capture()
            screens.captured.append(("\(name) page \(page)", lines))
            previous = body(lines)
            if previous == body(bottom) { return }
        }
        Issue.record("\(name): more than 12 pages, or Space never reached the bottom\n\(session)")
    }

    /// Captures the help page by page (Space; any other key closes it) until `last`, its final
    /// line, is shown, at most 12 pages.
    func pages(_ name: String, _ session: TmuxSession, _ screens: Screens, endingWith last: String) throws {
        var lines = try session.capture()
        for page in 2...12 {
            if lines.contains(where: { $0.contains(last) }) { return }
            let previous = Array(lines.dropLast())
            try session.sendKeys("Space")
            #expect(session.waitUntil(timeout: .seconds(20)) { Array($0.dropLast()) != previous }, "\(name): Space did not scroll\n\(session)")
            lines = try session.capture()
            screens.captured.append(("\(name) page \(page)", lines))
        }
        Issue.record("\(name): \(last) not reached in 12 pages\n\(session)")
    }
}
