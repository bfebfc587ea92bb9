import Clinical
import Foundation
import Grading
import Testing
import TestSupport
@testable import Safety

/// A valid protocol for the loader tests. Line numbers matter: each malformed variant replaces one
/// line and expects the error on a given line.
///
///      4  dltWindowDays: 28
///      8      criteria: astct-2019-crs
///      9      minGrade: 3
///     13  dlt: [severeCRS]
///     15    - id: rcl-any
///     17      action: pauseEnrolment
///     20        atLeast: 1
///     24      pocock:
///     26        p0: 0.2
///     27        alpha: 0.1
///     35        prior: [1, 1]
///     38    - id: stagger
///     42        days: 14
private let validProtocol = """
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
    episodes: [astct-2019-crs, astct-2019-icans]
    dlt: [severeCRS]
    rules:
      - id: rcl-any
        description: any RCL
        action: pauseEnrolment
        count:
          toxicity: rcl
          atLeast: 1
      - id: crs-pocock
        description: severe CRS, Pocock
        action: pauseEnrolment
        pocock:
          toxicity: severeCRS
          p0: 0.2
          alpha: 0.1
          maxSubjects: 20
      - id: crs-bayes
        description: severe CRS, Bayes
        action: notify
        bayes:
          toxicity: severeCRS
          p0: 0.2
          prior: [1, 1]
          threshold: 0.9
          maxSubjects: 30
      - id: stagger
        description: sentinel stagger
        action: notify
        stagger:
          days: 14
          firstSubjects: 3

    """

/// One line of `validProtocol` replaced, and where the loader must point.
struct MalformedProtocol: Sendable, CustomTestStringConvertible {
    let sentence: String
    let line: Int
    let replacement: String
    let errorLine: Int
    let message: String

    init(_ sentence: String, line: Int, with replacement: String, errorLine: Int? = nil, message: String) {
        self.sentence = sentence
        self.line = line
        self.replacement = replacement
        self.errorLine = errorLine ?? line
        self.message = message
    }

    var testDescription: String { "\(sentence) → error at line \(errorLine)" }

    var text: String {
        var lines = validProtocol.components(separatedBy: "\n")
        lines[line - 1] = replacement
        return lines.joined(separator: "\n")
    }
}

struct ProtocolLoadingTests {
    static func load(_ text: String, name: String = "trial.yaml") throws(ProtocolErrors) -> TrialProtocol {
        try TrialProtocol.load(bytes: Array(text.utf8), name: name, criteria: try? Fixtures.bundled())
    }

    @Test func validProtocolLoads() throws {
        let loaded = try Self.load(validProtocol)
        #expect(loaded.trial == "TEST-01")
        #expect(loaded.productClass.followUpYears == 5)
        #expect(loaded.dltWindowDays == 28 && loaded.assessmentIntervalHours == 12)
        #expect(loaded.toxicity("severeCRS")?.match == .grade(criteria: "astct-2019-crs", term: nil, minGrade: 3))
        #expect(loaded.toxicity("rcl")?.match == .event(.rclDetected))
        #expect(loaded.dltToxicities == ["severeCRS"])
        #expect(loaded.rules.map(\.id) == ["rcl-any", "crs-pocock", "crs-bayes", "stagger"])
        guard case .monitoring(_, let boundary) = loaded.rules[1].kind else { Issue.record("not monitoring"); return }
        #expect(boundary.compactText == "- - 3 3 4 4 4 5 5 5 6 6 6 7 7 7 7 8 8 8")
        guard case .stagger(let stagger) = loaded.rules[3].kind else { Issue.record("not stagger"); return }
        #expect(stagger == SafetyRule.Stagger(days: 14, firstSubjects: 3, perCohort: false))
    }

    @Test func exampleProtocolLoadsWithTheBundledCriteria() throws {
        let url = Fixtures.repositoryRoot(from: #filePath).appendingPathComponent("Examples/protocol.yaml")
        let bytes = try Data(contentsOf: url)
        let loaded = try TrialProtocol.load(bytes: Array(bytes), name: "Examples/protocol.yaml", criteria: Fixtures.bundled())
        #expect(loaded.productClass == .integratingVector && loaded.productClass.followUpYears == 15)
        #expect(loaded.rules.count == 6)
        #expect(loaded.summaryLines.first?.hasPrefix("ok  CART-CD19-2026-01") == true)
    }

    @Test func productClassesSetTheFollowUpHorizon() {
        #expect(ProductClass.allCases.map(\.followUpYears) == [1, 5, 15])
    }

    static let malformed: [MalformedProtocol] = [
        .init("an unknown product class", line: 2, with: "productClass: lentiviral", message: "productClass must be one of"),
        .init("a DLT window that is not a number", line: 4, with: "dltWindowDays: four weeks", message: "\"dltWindowDays\" must be a whole number"),
        .init("a DLT window of zero days", line: 4, with: "dltWindowDays: 0", message: "\"dltWindowDays\" must be from 1 to 365"),
        .init("a misspelt top-level key", line: 3, with: "assessmentIntervalHour: 12", message: "unknown key \"assessmentIntervalHour\""),
        .init("an unknown criteria id", line: 8, with: "    criteria: astct-2019-cr", message: "unknown criteria id \"astct-2019-cr\""),
        .init("a grade above 5", line: 9, with: "    minGrade: 6", message: "\"minGrade\" must be from 1 to 5"),
        .init("a DLT naming no toxicity", line: 13, with: "dlt: [severeCRS, severeIcans]", message: "dlt names \"severeIcans\""),
        .init("an unknown action", line: 17, with: "    action: stop", message: "action must be one of pauseEnrolment, pauseDosing, notify"),
        .init("a count of zero", line: 20, with: "      atLeast: 0", message: "\"atLeast\" must be from 1"),
        .init("p0 of 1", line: 26, with: "      p0: 1", message: "\"p0\" must be between 0 and 1"),
        .init("a misspelt alpha", line: 27, with: "      alpah: 0.1", errorLine: 24, message: "rule crs-pocock: pocock needs \"alpha\""),
        .init("a prior with one number", line: 35, with: "      prior: [1]", message: "prior must be [a, b]"),
        .init("a stagger of no days", line: 42, with: "      days: 0", message: "\"days\" must be from 1 to 3650"),
        .init("a rule id used twice", line: 15, with: "  - id: crs-bayes", errorLine: 29, message: "rule id \"crs-bayes\" is already used on line 15"),
        .init("a rule naming an undefined toxicity", line: 19, with: "      toxicity: rlc", message: "toxicity \"rlc\" is not defined"),
        .init("bad YAML indentation", line: 9, with: "   minGrade: 3", message: "YAML:"),
    ]

    @Test(arguments: malformed) func malformedProtocolNamesTheLine(_ row: MalformedProtocol) {
        do {
            _ = try Self.load(row.text)
            Issue.record("loaded despite: \(row.sentence)")
        } catch {
            // Several errors may be reported in one pass; the one the row describes must be there.
            let match = error.errors.first { $0.line == row.errorLine && $0.message.contains(row.message) }
            #expect(match != nil, "\(error.description)")
            #expect(match?.description.hasPrefix("trial.yaml:\(row.errorLine): ") == true)
        }
    }

    @Test func everyBrokenRuleIsReportedInOnePass() {
        var lines = validProtocol.components(separatedBy: "\n")
        lines[16] = "    action: stop"       // line 17
        lines[26] = "      alpha: 2"         // line 27
        lines[41] = "      days: -1"         // line 42
        do {
            _ = try Self.load(lines.joined(separator: "\n"))
            Issue.record("loaded")
        } catch {
            #expect(error.errors.map(\.line) == [17, 27, 42], "\(error.description)")
        }
    }

    @Test func aRuleNeedsExactlyOneType() {
        let text = validProtocol.replacingOccurrences(of: "    stagger:\n      days: 14\n      firstSubjects: 3\n", with: "")
        #expect(throws: ProtocolErrors.self) { try Self.load(text) }
        do { _ = try Self.load(text) } catch {
            #expect(error.errors.first?.message.contains("needs exactly one of count, pocock, bayes, stagger") == true)
            #expect(error.errors.first?.line == 38)
        }
    }

    @Test func emptyAndNonUTF8FilesAreRefused() {
        do {
            _ = try TrialProtocol.load(bytes: [], name: "empty.yaml")
            Issue.record("an empty file loaded")
        } catch {
            #expect(error.description == "empty.yaml:1: empty file: a protocol needs at least a trial, its toxicities and rules")
        }
        do {
            _ = try TrialProtocol.load(bytes: [0xff, 0xfe], name: "binary.yaml")
            Issue.record("a binary file loaded")
        } catch {
            #expect(error.description == "binary.yaml:1: not UTF-8 text: byte 0xFF at column 1 (save the file as UTF-8)")
        }
        do {
            // A Latin-1 "é" on the third line, after a two-byte "é" and a Chinese word on the second.
            let bytes: [UInt8] = Array("trial: T\ntitle: é 试验\nsponsor: caf".utf8) + [0xE9, 0x0A]
            _ = try TrialProtocol.load(bytes: bytes, name: "latin1.yaml")
            Issue.record("a Latin-1 file loaded")
        } catch {
            #expect(error.description == "latin1.yaml:3: not UTF-8 text: byte 0xE9 at column 13 (save the file as UTF-8)")
        }
    }

    @Test func anyCriteriaAndTermsAreRead() throws {
        let text = validProtocol.replacingOccurrences(of: "  rcl:\n    event: rclDetected\n", with: """
              rcl:
                event: rclDetected
              grade5:
                criteria: any
                minGrade: 5
              alt:
                criteria: ctcae-5-labs
                term: alt
                minGrade: 4

            """)
        let loaded = try Self.load(text)
        #expect(loaded.toxicity("grade5")?.match == .grade(criteria: nil, term: nil, minGrade: 5))
        #expect(loaded.toxicity("alt")?.match == .grade(criteria: "ctcae-5-labs", term: "alt", minGrade: 4))
    }
}

/// `rules check` messages quote a protocol's values short and escaped (`PrintableText.quoted`): a
/// YAML `"\e[2J"` is an escape sequence once read, and a value may be megabytes long.
@Suite("Protocol errors quote values short and escaped")
struct ProtocolErrorQuotingTests {
    static func message(replacingLine line: Int, with replacement: String) -> String {
        var lines = validProtocol.components(separatedBy: "\n")
        lines[line - 1] = replacement
        do {
            _ = try TrialProtocol.load(bytes: Array(lines.joined(separator: "\n").utf8), name: "trial.yaml", criteria: try? Fixtures.bundled())
            Issue.record("the protocol loaded")
            return ""
        } catch {
            return error.description
        }
    }

    static let long = String(repeating: "x", count: 1_000_000)

    @Test("a hostile alpha value is quoted in at most ~80 characters with its escapes shown")
    func hostileValue() {
        let message = Self.message(replacingLine: 27, with: "      alpha: \"\\e[2J\\x9B\(Self.long)\"")
        #expect(message.utf8.count < 400, "\(message.utf8.count) bytes")
        #expect(!PrintableText.hasControlCharacters(message), "\(PrintableText.escaped(String(message.prefix(300))))")
        #expect(message.contains("\\u{1B}[2J\\u{9B}"))
    }

    @Test("a hostile unknown key is quoted short and escaped")
    func hostileKey() {
        // YAML limits an implicit key to 1024 characters.
        let message = Self.message(replacingLine: 27, with: "      alpha: 0.1\n      \"\\e]0;title\\a\(String(repeating: "x", count: 900))\": 0.1")
        #expect(message.utf8.count < 600, "\(message.utf8.count) bytes")
        #expect(!PrintableText.hasControlCharacters(message), "\(PrintableText.escaped(String(message.prefix(300))))")
        #expect(message.contains("\\u{1B}]0;title\\u{7}"))
    }
}
