import Foundation
import Testing
import TestSupport

/// The commands' own words in Simplified Chinese beyond `grade` (issue 18): the demo's output and
/// its history, the text report's trial status and signature lines, a command's refusals on
/// standard error. The CSV and the JSON stay English.
@Suite struct CommandsInChineseTests {
    static let chinese = ["AEGRADE_LANG": "zh"]

    @Test func theDemoSpeaksAndWritesChinese() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-zh-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let demo = try Run.aegrade(["demo", directory.path], environment: Self.chinese)
        #expect(demo.status == 0, "\(demo.transcript)")
        #expect(demo.stdout.contains("演示试验已写入") && demo.stdout.contains("打开方式：cd "), "\(demo.transcript)")
        #expect(demo.lines.contains { $0.hasPrefix("  nurse.li") && $0.hasSuffix("护士，李娜") }, "\(demo.transcript)")
        // Its clinicians' reasons and its protocol's descriptions are in Chinese; keys and ids as they are.
        let db = directory.appendingPathComponent("aegrade.db").path
        let export = try Run.aegrade(["log", "export", "--db", db]).stdout
        #expect(export.contains("符合入组条件；已签署知情同意书") && export.contains("\"kind\":\"treatment\""), "\(export.prefix(2000))")
        let protocolText = try String(contentsOfFile: directory.appendingPathComponent("protocol.yaml").path, encoding: .utf8)
        #expect(protocolText.contains("description: 前 3 例可评价受试者中出现 2 例 DLT") && protocolText.contains("id: sentinel-dlt"))

        // The text report: the trial status and the signature lines follow the language; the CSV does not.
        let trial = directory.appendingPathComponent("protocol.yaml").path
        let report = try Run.aegrade(["report", "--db", db, "--protocol", trial], environment: Self.chinese)
        #expect(report.status == 0, "\(report.transcript)")
        #expect(report.stdout.contains("试验 DEMO-CART-01，截至 ") && report.stdout.contains("已暂停 — 已触发：sentinel-dlt"), "\(report.stdout)")
        #expect(report.stdout.contains("下一例受试者可给药时间") && report.stdout.contains("签名 — 每个已签名条目旁列出"), "\(report.stdout)")
        let csv = try Run.aegrade(["report", "--db", db, "--protocol", trial, "--csv"], environment: Self.chinese)
        let english = try Run.aegrade(["report", "--db", db, "--protocol", trial, "--csv"], environment: ["AEGRADE_LANG": "en"])
        #expect(csv.stdout == english.stdout)
    }

    @Test func aCommandsRefusalsOnStandardErrorAreInChinese() throws {
        let missing = try Run.aegrade(["record", "--db", "/nonexistent/aegrade.db", "--user", "nurse.li", "/nonexistent/input.jsonl"], environment: Self.chinese)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("无法读取") || missing.stderr.contains("没有此日志"), "\(missing.transcript)")
        let noTerminal = try Run.aegrade(["log", "init", "--db", FileManager.default.temporaryDirectory.appendingPathComponent("zh-\(UUID().uuidString).db").path,
                                          "--admin", "admin.zhou", "--name", "周敏"], stdin: "", environment: Self.chinese)
        #expect(noTerminal.status == 2)
        #expect(noTerminal.stderr.contains("没有可输入密码的终端"), "\(noTerminal.transcript)")
    }
}
