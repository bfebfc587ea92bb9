import Clinical
import Foundation
import Grading
import Testing
import TestSupport

/// The input forms of `grade-io.md` (JSON Lines, one object, an array): one syntax error gives one
/// error line with its line and column, in every form; a UTF-8 byte order mark is accepted.
@Suite("BatchGrader: input forms, syntax errors and the byte order mark")
struct BatchInputTests {
    static let good = #"{"patient":{"id":"A"},"time":"2026-11-22T08:00:00Z","vitals":{"temperature":{"value":38.5,"unit":"C"}}}"#

    /// The output lines of grading `text` with ASTCT CRS only, and whether any input was rejected.
    static func grade(_ text: String) throws -> (lines: [String], rejected: Bool) {
        try grade(Array(text.utf8))
    }

    static func grade(_ bytes: [UInt8]) throws -> (lines: [String], rejected: Bool) {
        let grader = BatchGrader(criteria: try Fixtures.bundled(), only: ["astct-2019-crs"])
        var out: [UInt8] = []
        var rejected = false
        grader.grade(bytes) { lines, wasRejected in
            out += lines
            rejected = rejected || wasRejected
        }
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n").map(String.init)
        return (lines, rejected)
    }

    /// The `error` member of an output line.
    static func error(_ line: String) throws -> (field: String, message: String)? {
        guard case .object(let error)? = try JSONParser.parse(line)["error"],
              case .string(let field)? = JSONValue.object(error)["field"],
              case .string(let message)? = JSONValue.object(error)["message"] else { return nil }
        return (field, message)
    }

    static let prettyWithError = """
    {
      "patient": {"id": "A"},
      "time": "2026-11-22T08:00:00Z",
      "vitals": {
        "temperature": {"value": 38.5, "unit": "C"}
        "hypotension": false
      },
      "support": {"vasopressors": [], "oxygen": {"device": "roomAir"}}
    }
    """

    @Test("a pretty-printed object with one syntax error gives one error line, at its line and column")
    func prettyPrintedObjectWithOneError() throws {
        let (lines, rejected) = try Self.grade(Self.prettyWithError)
        #expect(rejected)
        #expect(lines.count == 1, "\(lines)")
        let error = try #require(try Self.error(lines[0]))
        #expect(error.message == "line 6, column 5: expected ',' or '}'")
    }

    @Test("a pretty-printed object without error is graded as one assessment")
    func prettyPrintedObject() throws {
        let text = Self.prettyWithError.replacingOccurrences(of: "\"C\"}\n", with: "\"C\"},\n")
        let (lines, rejected) = try Self.grade(text)
        #expect(!rejected)
        #expect(lines.count == 1 && lines[0].contains("\"grade\":"))
    }

    @Test("an array with one syntax error gives one error line with its position")
    func arrayWithOneError() throws {
        let text = "[\n  " + Self.good + ",\n  {\"patient\": {\"id\": \"B\"} \"time\": 1}\n]"
        let (lines, rejected) = try Self.grade(text)
        #expect(rejected)
        #expect(lines.count == 1, "\(lines)")
        let error = try #require(try Self.error(lines[0]))
        #expect(error.message == "line 3, column 27: expected ',' or '}'")
    }

    @Test("JSON Lines keep one output line per line, each syntax error at its own line and column")
    func jsonLinesErrorsStayPerLine() throws {
        let text = Self.good + "\n" + #"{"patient":{"id":"B"},"time":}"# + "\n\n" + Self.good + "\n"
        let (lines, rejected) = try Self.grade(text)
        #expect(rejected)
        #expect(lines.count == 3)
        #expect(try Self.error(lines[1])?.message == "line 2, column 30: unexpected character")
        #expect(try Self.error(lines[0]) == nil && (try Self.error(lines[2])) == nil)
    }

    @Test("JSON Lines whose first line is broken are still read line by line")
    func jsonLinesWithBrokenFirstLine() throws {
        let text = #"{"patient":{"id":"A"},"time":"# + "\n" + Self.good + "\n" + Self.good
        let (lines, _) = try Self.grade(text)
        #expect(lines.count == 3)
        #expect(try Self.error(lines[0])?.message.hasPrefix("line 1, column ") == true)
    }

    /// An input of one form, and how many assessments it holds.
    struct FormCase: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let text: String
        let count: Int
    }

    static let withMark: [FormCase] = [
        FormCase(testDescription: "a one-line object after a byte order mark is graded", text: good, count: 1),
        FormCase(testDescription: "JSON Lines after a byte order mark are graded from line 1", text: good + "\n" + good, count: 2),
        FormCase(testDescription: "an array after a byte order mark is graded", text: "[" + good + "," + good + "]", count: 2),
    ]

    @Test("a leading UTF-8 byte order mark is accepted", arguments: withMark)
    func acceptsByteOrderMark(_ row: FormCase) throws {
        let (lines, rejected) = try Self.grade([0xEF, 0xBB, 0xBF] + Array(row.text.utf8))
        #expect(!rejected, "\(lines)")
        #expect(lines.count == row.count)
    }

    @Test("columns count characters, not bytes")
    func columnsCountCharacters() {
        let chinese = BatchInput.position(of: 7, in: Array("\"患者\" x".utf8))  // 患 and 者 are 3 bytes each
        #expect(chinese.line == 1 && chinese.column == 4)
        let second = BatchInput.position(of: 3, in: Array("a\nbc".utf8))
        #expect(second.line == 2 && second.column == 2)
    }

    @Test("a number out of range is rejected with its field path, in each form")
    func numberOutOfRangeNamesField() throws {
        let line = #"{"patient":{"id":"A"},"time":"2026-11-22T08:00:00Z","neuro":{"ice":{"orientation":1e-400,"naming":3,"commands":1,"writing":1,"attention":1}}}"#
        for text in [line, line + "\n" + Self.good, "[" + line + "]"] {
            let (lines, rejected) = try Self.grade(text)
            #expect(rejected)
            let error = try #require(try Self.error(lines[0]))
            #expect(error.field == "neuro.ice.orientation")
            #expect(error.message.contains("too small"))
        }
    }
}
