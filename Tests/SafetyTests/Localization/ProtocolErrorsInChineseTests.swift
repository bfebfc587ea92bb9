import Foundation
import Grading
import Localization
import Testing
import TestSupport
@testable import Safety

/// `rules check` errors in Simplified Chinese (issue 18): each kind of protocol error, loaded in
/// English and in Chinese, points at the same `file:line:`, keeps the YAML keys and the values the
/// author wrote, and says the rest in Chinese.
@Suite struct ProtocolErrorsInChineseTests {
    /// A valid protocol; each case replaces one line (1-based) or the whole text.
    static let valid = """
        trial: TEST-01
        productClass: nonIntegratingVector
        assessmentIntervalHours: 12
        dltWindowDays: 28
        toxicities:
          severeCRS:
            withinDLTWindow: true
            criteria: astct-2019-crs
            minGrade: 3
          rcl:
            event: rclDetected
        dlt: [severeCRS]
        rules:
          - id: rcl-any
            description: any RCL
            action: pauseEnrolment
            count:
              toxicity: rcl
              atLeast: 1
          - id: crs-bayes
            description: severe CRS
            action: notify
            bayes:
              toxicity: severeCRS
              p0: 0.2
              prior: [1, 1]
              threshold: 0.9
              maxSubjects: 30
        doseFinding:
          doses:
            - {label: DL1, dose: 1e6/kg}
            - {label: DL2, dose: 3e6/kg}
          design: boin
          target: 0.3
          maxSubjects: 30

        """

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// Line number → its new text ("" removes the line's content); nil replaces the whole file.
        let lines: [Int: String]
        let whole: String?
        let line: Int
        /// The English message's words the test names (unchanged wording of the English).
        let english: String
        /// The Chinese wording expected.
        let chinese: String
        /// Latin-script words the Chinese message keeps: keys, values and ids from the file.
        let kept: Set<String>
        var testDescription: String { name }

        init(_ name: String, _ lines: [Int: String] = [:], whole: String? = nil, line: Int, english: String, chinese: String, kept: Set<String> = []) {
            self.name = name
            self.lines = lines
            self.whole = whole
            self.line = line
            self.english = english
            self.chinese = chinese
            self.kept = kept
        }

        var bytes: [UInt8] {
            if let whole { return Array(whole.utf8) }
            var text = ProtocolErrorsInChineseTests.valid.components(separatedBy: "\n")
            for (number, replacement) in lines { text[number - 1] = replacement }
            return Array(text.joined(separator: "\n").utf8)
        }
    }

    static let cases: [Case] = [
        Case("YAML syntax", [1: "trial: [TEST-01"], line: 2, english: "YAML: did not find expected ',' or ']'",
             chinese: "YAML 语法错误：找不到应有的“,”或“]”", kept: ["YAML"]),
        Case("empty file", whole: "", line: 1, english: "empty file: a protocol needs at least a trial",
             chinese: "文件为空：方案至少需要 trial（试验）", kept: ["trial", "toxicities", "rules"]),
        Case("a missing key", [1: ""], line: 2, english: "a protocol file needs \"trial\"", chinese: "方案文件缺少 \"trial\"", kept: ["trial"]),
        Case("an unknown key", [3: "assessmentIntervalHours: 12\nassessmentIntervalHour: 12"], line: 4,
             english: "unknown key \"assessmentIntervalHour\" in a protocol file; expected trial, title",
             chinese: "方案文件中有未知的键 \"assessmentIntervalHour\"；应为 trial, title",
             kept: ["assessmentIntervalHour", "assessmentIntervalHours", "trial", "title", "productClass", "dltWindowDays", "toxicities", "dlt",
                    "episodes", "rules", "doseFinding", "boardIdleLock"]),
        Case("a value not among the allowed", [2: "productClass: lentil"], line: 2, english: "productClass must be one of",
             chinese: "productClass 必须是", kept: ["productClass", "lentil", "integratingVector", "nonIntegratingVector", "noForeignGene"]),
        Case("a whole number out of range", [4: "dltWindowDays: 999"], line: 4, english: "\"dltWindowDays\" must be from 1 to 365, found 999",
             chinese: "\"dltWindowDays\" 必须在 1 至 365 之间，实际为 999", kept: ["dltWindowDays"]),
        Case("not a whole number", [4: "dltWindowDays: four"], line: 4, english: "\"dltWindowDays\" must be a whole number, found \"four\"",
             chinese: "\"dltWindowDays\" 必须是整数，实际为 \"four\"", kept: ["dltWindowDays", "four"]),
        Case("not true or false", [7: "    withinDLTWindow: maybe"], line: 7, english: "\"withinDLTWindow\" must be true or false, found \"maybe\"",
             chinese: "\"withinDLTWindow\" 必须是 true 或 false，实际为 \"maybe\"", kept: ["withinDLTWindow", "maybe", "true", "false", "severeCRS"]),
        Case("a duration without its unit", [3: "assessmentIntervalHours: 12\nboardIdleLock: 10"], line: 4,
             english: "\"boardIdleLock\" must be a whole number with a unit s, m or h (such as 10m), found \"10\"",
             chinese: "\"boardIdleLock\" 必须是带单位 s、m 或 h 的整数（如 10m），实际为 \"10\"", kept: ["boardIdleLock", "assessmentIntervalHours"]),
        Case("a probability out of range", [25: "      p0: 2"], line: 25, english: "\"p0\" must be between 0 and 1 (exclusive), found \"2\"",
             chinese: "\"p0\" 必须大于 0 且小于 1，实际为 \"2\"", kept: ["p0"]),
        Case("a list named toxicity not defined", [12: "dlt: [severeICANS]"], line: 12,
             english: "dlt names \"severeICANS\", which is not a toxicity defined under toxicities",
             chinese: "dlt 列出的“severeICANS”不是 toxicities 中定义的毒性", kept: ["dlt", "severeICANS", "toxicities"]),
        Case("a rule id that is not a name", [14: "  - id: 1st"], line: 14,
             english: "rule id \"1st\" must start with a letter and hold only letters, digits, - and _",
             chinese: "规则 id“1st”必须以字母开头，且只含字母、数字、- 和 _", kept: ["id", "1st"]),
        Case("a rule's action", [16: "    action: halt"], line: 16, english: "rule rcl-any: action must be one of",
             chinese: "规则 rcl-any：action 必须是", kept: ["rcl-any", "action", "halt", "notify", "pauseEnrolment", "pauseDosing"]),
        Case("a rule without its type", [17: "    cont:"], line: 14, english: "rule rcl-any needs exactly one of count, pocock, bayes, stagger",
             chinese: "规则 rcl-any须且只须给出 count, pocock, bayes, stagger 中的一项", kept: ["rcl-any", "count", "pocock", "bayes", "stagger"]),
        Case("a count never reached", [19: "      atLeast: 5\n      ofFirst: 3"], line: 20,
             english: "rule rcl-any: atLeast 5 can never be reached among the first 3 subjects",
             chinese: "规则 rcl-any：前 3 例受试者中永远达不到 atLeast 5", kept: ["rcl-any", "atLeast"]),
        Case("a rule naming an undefined toxicity", [18: "      toxicity: rclx"], line: 18,
             english: "rule rcl-any: toxicity \"rclx\" is not defined under toxicities",
             chinese: "规则 rcl-any：毒性“rclx”未在 toxicities 中定义", kept: ["rcl-any", "rclx", "toxicities"]),
        Case("a Bayes prior", [26: "      prior: [1, -1]"], line: 26,
             english: "rule crs-bayes: prior must be [a, b] with two positive numbers, found [1, -1]",
             chinese: "规则 crs-bayes：prior 必须是由两个正数组成的 [a, b]，实际为 [1, -1]", kept: ["crs-bayes", "prior"]),
        Case("a toxicity's event kind", [11: "    event: rclMaybe"], line: 11, english: "toxicity rcl: event must be one of",
             chinese: "毒性 rcl：event 必须是", kept: ["rcl", "event", "rclMaybe", "rclDetected", "death"]),
        Case("an unknown criteria id", [8: "    criteria: astct-2031-crs"], line: 8, english: "toxicity severeCRS: unknown criteria id \"astct-2031-crs\"; loaded:",
             chinese: "毒性 severeCRS：未知的分级标准 id“astct-2031-crs”；已载入：", kept: ["severeCRS", "id", "astct-2031-crs"]),
        Case("a dose-finding design's parameter", [34: "  target: 0.7"], line: 34,
             english: "doseFinding: the target must be from 0.05 to 0.6, found 0.7",
             chinese: "doseFinding：目标毒性率必须在 0.05 至 0.6 之间，实际为 0.7", kept: ["doseFinding"]),
        Case("a dose label used twice", [32: "    - {label: DL1, dose: 3e6/kg}"], line: 32,
             english: "dose label \"DL1\" is already used on line 31", chinese: "剂量标签 \"DL1\" 已在第 31 行使用", kept: ["DL1"]),
        Case("a value where a list is expected", [30: "  doses: DL1", 31: "", 32: ""], line: 30, english: "doseFinding: doses must be a list",
             chinese: "doseFinding: doses 必须是列表", kept: ["doseFinding", "doses"]),
        Case("a value where a mapping is expected", [6: "  severeCRS: 3", 7: "", 8: "", 9: ""], line: 6, english: "toxicity severeCRS must be a mapping of keys to values",
             chinese: "毒性 severeCRS必须是键值映射", kept: ["severeCRS"]),
    ]

    static func load(_ bytes: [UInt8], in language: Language, criteria: CriteriaSet) -> [String] {
        Localization.$scoped.withValue(language) {
            do throws(ProtocolErrors) {
                _ = try TrialProtocol.load(bytes: bytes, name: "trial.yaml", criteria: criteria)
                return []
            } catch {
                return error.errors.map(\.description)
            }
        }
    }

    @Test(arguments: cases) func anErrorInChineseKeepsItsPlaceAndTheFilesWords(_ malformed: Case) throws {
        let criteria = try Fixtures.bundled()
        let english = Self.load(malformed.bytes, in: .english, criteria: criteria)
        let chinese = Self.load(malformed.bytes, in: .simplifiedChinese, criteria: criteria)
        try #require(english.count == 1, "\(english)")
        try #require(chinese.count == 1, "\(chinese)")
        let place = "trial.yaml:\(malformed.line): "
        #expect(english[0].hasPrefix(place) && english[0].contains(malformed.english), "\(english[0])")
        #expect(chinese[0].hasPrefix(place) && chinese[0].contains(malformed.chinese), "\(chinese[0])")
        // Nothing English is left but the words of the file (and the abbreviations YAML, UTF-8).
        let message = String(chinese[0].dropFirst(place.count))
        let latin: [String] = message.split(whereSeparator: { (c: Character) in !(c.isASCII && (c.isLetter || c.isNumber || "-_.".contains(c))) })
            .map { String($0) }.filter { $0.contains(where: { $0.isASCII && $0.isLetter }) }
        let criteriaIDs = Set(criteria.files.map(\.id))
        let stray = latin.filter { !malformed.kept.contains($0) && !criteriaIDs.contains($0) && !["YAML", "UTF-8", "s", "m", "h", "10m", "a", "b"].contains($0) }
        #expect(stray.isEmpty, "English left in \(chinese[0]): \(stray)")
    }

    @Test func everyErrorOfOneFileIsInChineseInLineOrder() throws {
        var text = Self.valid.components(separatedBy: "\n")
        text[4 - 1] = "dltWindowDays: 0"
        text[16 - 1] = "    action: halt"
        let chinese = Self.load(Array(text.joined(separator: "\n").utf8), in: .simplifiedChinese, criteria: try Fixtures.bundled())
        #expect(chinese.count == 2)
        #expect(chinese.first?.hasPrefix("trial.yaml:4: \"dltWindowDays\" 必须在 1 至 365 之间") == true, "\(chinese)")
        #expect(chinese.last?.hasPrefix("trial.yaml:16: 规则 rcl-any：action 必须是") == true, "\(chinese)")
    }

    @Test func textThatIsNotUTF8IsNamedByLineAndByteInChinese() throws {
        let bytes = Array("trial: T\n".utf8) + [0xFF] + Array("\n".utf8)
        let chinese = Self.load(bytes, in: .simplifiedChinese, criteria: try Fixtures.bundled())
        #expect(chinese == ["trial.yaml:2: 不是 UTF-8 文本：第 1 列的字节 0xFF（请以 UTF-8 保存文件）"], "\(chinese)")
    }
}
