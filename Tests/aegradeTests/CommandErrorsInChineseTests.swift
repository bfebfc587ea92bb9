import Clinical
import Foundation
import Testing
import TestSupport

/// Every error path of the commands on standard error in Simplified Chinese (issue 18): each
/// command is run under `AEGRADE_LANG=zh` into an error and its standard error is read for Latin
/// words, as the nurse's tmux test reads the screens (``LatinWords``). Allowed beside those: what
/// the user typed or must type — option names (`--db`), command words, paths, ids, keys and
/// values of the file named, SQL/URL fragments — and swift-argument-parser's synopsis after
/// `用法：`, which lists the options as they are typed. The JSON on standard output stays English.
@Suite struct CommandErrorsInChineseTests {
    static let chinese = ["AEGRADE_LANG": "zh"]

    /// Words of a command line the user types (subcommands and the placeholders of a synopsis).
    static let commandWords: Set<String> = [
        "record", "grade", "log", "user", "rules", "report", "demo", "board", "init", "add", "passwd", "key", "verify", "checkpoint",
        "event", "override", "correct", "sign", "export", "replay", "push", "help", "ID", "FILE", "NAME", "FULL", "ROLE", "DIR", "URL",
        "SEQ", "HASH", "JSON", "YAML", "UTF-8", "PostgreSQL", "AEGRADE_DB", "boin", "mtpi2", "i3", "pocock", "bayes", "A,B", "a,b",
    ]

    /// The lines of `stderr` a person reads as prose: the usage synopsis dropped, and options,
    /// quoted command lines and the scratch paths taken out.
    static func prose(_ stderr: String, paths: [String]) -> [String] {
        var lines: [String] = []
        var inSynopsis = false
        for line in stderr.split(separator: "\n").map(String.init) {
            if line.hasPrefix("用法：") { inSynopsis = true; continue }
            if inSynopsis, line.hasPrefix("  详见 ") { inSynopsis = false; lines.append("  详见"); continue }
            if inSynopsis { continue }
            var text = line
            for path in paths { text = text.replacingOccurrences(of: path, with: " ") }
            for pattern in [#"--[A-Za-z0-9-]+"#, #"`[^`]*`"#, #"aegrade( [a-z-]+)*"#] {
                text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
            }
            lines.append(text)
        }
        return lines
    }

    /// Runs `arguments` in Chinese, expecting exit `status`, standard error holding `expected`
    /// and no English word outside `extra`.
    @discardableResult
    static func expectChineseError(_ arguments: [String], status: Int32, expected: String, extra: Set<String> = [], paths: [String] = [],
                                   stdin: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessOutput {
        let run = try Run.aegrade(arguments, stdin: stdin, environment: chinese)
        #expect(run.status == status, "\(arguments): \(run.transcript)", sourceLocation: sourceLocation)
        #expect(run.stderr.contains(expected), "\(arguments): \(run.stderr)", sourceLocation: sourceLocation)
        let offending = LatinWords.offending(prose(run.stderr, paths: paths), extra: extra.union(commandWords))
        #expect(offending.isEmpty, "\(arguments): English on standard error: \(offending.map { "\($0.word) in \($0.line)" })",
                sourceLocation: sourceLocation)
        return run
    }

    @Test func theRulesCommandsErrorsAreInChinese() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let bad = scratch.path("trial.yaml")
        try Data("trial: T-01\nproductClass: lentil\ndltWindowDays: 999\nassessmentIntervalHours: 12\ntoxicities: {}\nrules: []\n".utf8)
            .write(to: URL(fileURLWithPath: bad))
        let check = try Self.expectChineseError(["rules", "check", bad], status: 1, expected: "\(bad):2: productClass 必须是",
                                                extra: ["productClass", "lentil", "noForeignGene", "nonIntegratingVector", "integratingVector",
                                                        "dltWindowDays", "toxicities", "rules"], paths: [bad])
        #expect(check.stderr.contains("\(bad):3: \"dltWindowDays\" 必须在 1 至 365 之间，实际为 999"), "\(check.stderr)")
        try Self.expectChineseError(["rules", "check", scratch.path("none.yaml")], status: 2, expected: "无法读取", paths: [scratch.path("none.yaml")])
        try Self.expectChineseError(["rules", "boundary", "--method", "pocock", "--p0", "2", "--n", "10"], status: 2, expected: "错误：--p0 必须大于 0 且小于 1")
        try Self.expectChineseError(["rules", "boundary", "--method", "bayes", "--p0", "0.2", "--n", "10"], status: 2, expected: "需要 --prior A,B")
        try Self.expectChineseError(["rules", "table"], status: 2, expected: "请给出 --design")
        try Self.expectChineseError(["rules", "oc"], status: 2, expected: "请给出 --method")
        try Self.expectChineseError(["rules", "table", "--design", "boin", "--n", "30", "--target", "0.9"], status: 2, expected: "目标毒性率必须在 0.05 至 0.6 之间")
    }

    @Test func theArgumentParsersOwnErrorsAreFramedInChinese() throws {
        let unknown = try Self.expectChineseError(["grade", "--bogus"], status: 2, expected: "错误：未知选项 '--bogus'")
        #expect(unknown.stderr.contains("用法：aegrade grade") && unknown.stderr.contains("  详见 'aegrade grade --help'。"), "\(unknown.stderr)")
        try Self.expectChineseError(["grade", "--jobs", "0"], status: 2, expected: "--jobs 必须在 1 至 256 之间，实际为 0")
        try Self.expectChineseError(["record", "--batch", "0", "--key", "k", "--db", "x.db"], status: 2, expected: "--batch 为 1 至 100000")
        try Self.expectChineseError(["log", "verify"], status: 2, expected: "缺少参数 '--db <FILE|URL>'（或设置 AEGRADE_DB）")
        try Self.expectChineseError(["log", "export", "--db", "x.db", "--format", "xml"], status: 2,
                                    expected: "错误：值 'xml' 不适用于 '--format <format>'。请给出 'jsonl'、'csv' 之一。", extra: ["xml", "format", "jsonl", "csv"])
        try Self.expectChineseError(["log", "push", "--db", "x.db", "--to", "postgres://db.example/trial"], status: 2,
                                    expected: "URL 未指明用户：postgres://USER@HOST/DATABASE", extra: ["postgres", "db.example", "trial", "USER", "HOST", "DATABASE"])
        try Self.expectChineseError(["grade", "--criteria-dir", "/nonexistent/criteria"], status: 2, expected: "/nonexistent/criteria：无法读取该目录",
                                    paths: ["/nonexistent/criteria"])
    }

    @Test func theLogAndUserCommandsErrorsBeforeTheLogAreInChinese() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let db = scratch.path("aegrade.db")
        try Self.expectChineseError(["log", "verify", "--db", db], status: 2, expected: "没有此日志", paths: [db])
        try Self.expectChineseError(["record", "--db", db, "--key", scratch.path("k"), scratch.path("in.jsonl")], status: 2, expected: "无法读取",
                                    paths: [scratch.path("in.jsonl")])
        try Self.expectChineseError(["report", "--db", db, "--protocol", scratch.path("p.yaml")], status: 2, expected: "无法读取",
                                    paths: [db, scratch.path("p.yaml")])
        try Self.expectChineseError(["log", "event", "--db", db, "--user", "nurse.li", "--patient", "P-1", "--kind", "infusion", "--time", "yesterday",
                                     "--reason", "回输"], status: 2, expected: "--time yesterday 不是带时区偏移的 ISO 8601 时间", extra: ["yesterday"])
        let missing = try Self.expectChineseError(["log", "sign", "--db", db, "--user", "dr.wang"], status: 2, expected: "错误：缺少参数 '--seq <N> ...'")
        #expect(!missing.stderr.contains("Help"), "\(missing.stderr)")
        try Self.expectChineseError(["log", "init", "--db", db, "--admin", "Admin Zhou", "--name", "周敏"], status: 2, expected: "错误：用户名 \"Admin Zhou\"：用户名只能包含 a-z",
                                    extra: ["Admin", "Zhou", "a-z", "0-9"])
        try Self.expectChineseError(["user", "passwd", "--db", db, "--user", "Nurse Li"], status: 2, expected: "--user \"Nurse Li\"：用户名只能包含",
                                    extra: ["Nurse", "Li", "a-z", "0-9"])
        try Self.expectChineseError(["user", "add", "--db", db, "--user", "admin.zhou", "nurse.wu", "--name", "吴", "--roles", "matron"],
                                    status: 2, expected: "--roles：\"matron\" 不是角色", extra: ["matron", "nurse", "physician", "principalInvestigator",
                                                                                           "monitor", "dataManager", "safety", "administrator", "inspector"])
        try Self.expectChineseError(["board", "--db", db, "--user", "Nurse Li"], status: 2, expected: "--user \"Nurse Li\"：", extra: ["Nurse", "Li", "a-z", "0-9"])
    }

    @Test func theDemoNeverWritesOverALogAndSaysSoInChinese() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try Data().write(to: scratch.file("aegrade.db"))
        try Self.expectChineseError(["demo", scratch.url.path], status: 2, expected: "已存在：演示从不覆盖日志或方案", paths: [scratch.path("aegrade.db")])
    }

    /// The store's refusal, on a real log, signed in with a service key: Chinese on standard
    /// error; a rejected assessment's JSON line on standard output stays English (other tools read it).
    @Test func theStoresRefusalsAreInChineseAndTheJSONStaysEnglish() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let db = scratch.path("aegrade.db")
        let fixture = try AccountsFixture.make(at: db)
        try Self.expectChineseError(["log", "override", "--db", db, "--key", fixture.keyPath, "--event", "3", "--criteria", "astct-2019-crs",
                                     "--grade", "2", "--reason", "临床判断"], status: 1, expected: "aegrade: 护士不可改判分级：仅限",
                                    paths: [db, fixture.keyPath])
        let input = scratch.path("in.jsonl")
        try Data(Self.assessment(temperatureKey: "temperatur").utf8).write(to: URL(fileURLWithPath: input))
        let rejected = try Run.aegrade(["record", "--db", db, "--key", fixture.keyPath, input], environment: Self.chinese)
        #expect(rejected.status == 1, "\(rejected.transcript)")
        #expect(rejected.stdout.contains(#""field":"vitals.temperatur","message":"unknown field \"temperatur\"""#) && !rejected.stdout.contains("未知字段"),
                "\(rejected.stdout)")
    }

    /// A corrected assessment the input checks refuse: the reason in Chinese with its field path
    /// as the JSON names it (typed on a real terminal: a person signs a correction).
    @Test func aRejectedCorrectionIsInChineseWithItsFieldPath() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let db = scratch.path("aegrade.db")
        let fixture = try AccountsFixture.make(at: db)
        let input = scratch.path("in.jsonl")
        try Data(Self.assessment(temperatureKey: "temperature").utf8).write(to: URL(fileURLWithPath: input))
        let recorded = try Run.aegrade(["record", "--db", db, "--key", fixture.keyPath, input])
        try #require(recorded.status == 0, "\(recorded.transcript)")
        let seq = AccountsFixture.events + 2
        try #require(recorded.stdout.contains("\(seq)"), "\(recorded.stdout)")
        let run = try Run.aegrade(as: .physician, ["log", "correct", "--db", db, "--event", "\(seq)", "--reason", "录入错误"],
                                  input: Self.assessment(temperatureKey: "temperatur"), environment: Self.chinese)
        #expect(run.status == 1, "\(run.transcript)")
        #expect(run.stderr.contains("aegrade log correct: vitals.temperatur：未知字段 \"temperatur\""), "\(run.transcript)")
    }

    /// One assessment of patient BED-03, its temperature under `temperatureKey` (a misspelt key
    /// is what the input checks refuse).
    static func assessment(temperatureKey: String) -> String {
        #"{"patient":{"id":"BED-03","ageYears":54,"weightKg":70,"infusionTime":"2026-11-20T10:00:00+08:00"},"time":"2026-11-21T06:00:00+08:00","#
            + #""vitals":{"\#(temperatureKey)":{"value":37.4,"unit":"C"},"systolicBP":118,"spo2":98,"hypotension":false},"#
            + #""support":{"vasopressors":[],"oxygen":{"device":"roomAir"}}}"#
    }
}
