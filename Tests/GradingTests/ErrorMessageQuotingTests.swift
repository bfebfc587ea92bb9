import Clinical
import Grading
import Testing
import TestSupport

/// A rejected value is quoted in at most ~80 characters with its control characters escaped
/// (`PrintableText.quoted`), so a 10 MB key (1 MB here) gives a short line and an escape sequence in input
/// never reaches the reader's terminal raw — in `grade` output and in `criteria check` messages.
@Suite("Error messages quote input values short and escaped")
struct ErrorMessageQuotingTests {
    /// ESC [2J clears a terminal; U+009B is the one-byte CSI, which JSON output does not escape.
    static let hostile = "\u{1B}[2J\u{9B}31m" + String(repeating: "k", count: 1_000_000)

    static func errorLine(_ members: String) throws -> String {
        let line = #"{"patient":{"id":"Q-1"},"time":"2026-11-22T08:00:00Z","# + members + "}"
        let (output, rejected) = BatchGrader(criteria: try Fixtures.bundled()).gradeOne(try JSONParser.parse(line))
        #expect(rejected)
        return output
    }

    /// The JSON text of `hostile` as a string member (control characters as `\u` escapes).
    static var hostileJSON: String { JSONValue.string(hostile).compactText }

    static func expectShortAndEscaped(_ output: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(output.utf8.count < 600, "\(output.utf8.count) bytes", sourceLocation: sourceLocation)
        let error = try #require(try JSONParser.parse(output)["error"], sourceLocation: sourceLocation)
        guard case .string(let field)? = error["field"], case .string(let message)? = error["message"] else {
            Issue.record("no field and message in \(output.prefix(300))", sourceLocation: sourceLocation)
            return
        }
        for text in [field, message] {
            #expect(!PrintableText.hasControlCharacters(text), "\(PrintableText.escaped(String(text.prefix(200))))", sourceLocation: sourceLocation)
        }
        #expect(message.contains("\\u{1B}[2J\\u{9B}31m"), "\(message)", sourceLocation: sourceLocation)
    }

    @Test("an unknown 1 MB key with escape sequences gives a short, escaped field and message")
    func unknownKey() throws {
        let output = try Self.errorLine(#""vitals":{"# + Self.hostileJSON + ":1}")
        try Self.expectShortAndEscaped(output)
        #expect(output.contains("1000008 characters"))
    }

    @Test("a 1 MB value outside a closed vocabulary is quoted short and escaped")
    func vocabularyValue() throws {
        try Self.expectShortAndEscaped(try Self.errorLine(#""neuro":{"consciousness":"# + Self.hostileJSON + "}"))
    }

    @Test("a 1 MB time is quoted short and escaped")
    func timeValue() throws {
        let line = #"{"patient":{"id":"Q-1","infusionTime":"# + Self.hostileJSON + #"},"time":"2026-11-22T08:00:00Z"}"#
        let (output, _) = BatchGrader(criteria: try Fixtures.bundled()).gradeOne(try JSONParser.parse(line))
        try Self.expectShortAndEscaped(output)
    }

    @Test("a 1 MB duplicate key is quoted short and escaped in the syntax error")
    func duplicateKey() {
        let key = Self.hostileJSON
        let error = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse("{" + key + ":1," + key + ":2}") }
        #expect((error?.message.utf8.count ?? .max) < 300)
        #expect(error.map { !PrintableText.hasControlCharacters($0.message) } == true)
    }

    @Test("criteria check: a hostile id in a criteria file is quoted short and escaped, and the line stays one line")
    func criteriaFileMessage() {
        let text = """
        id: "\\e[2J\\x9B31m\(String(repeating: "x", count: 100_000))"
        title: Test
        version: "1"
        source: Test
        grades: []

        """
        let errors = #expect(throws: CriteriaErrors.self) { try CriteriaSet.load([(name: "test-\u{1B}]0;x.yaml", bytes: Array(text.utf8))]) }
        let description = errors?.description ?? ""
        #expect(description.utf8.count < 400, "\(description.utf8.count) bytes")
        #expect(!PrintableText.hasControlCharacters(description), "\(PrintableText.escaped(String(description.prefix(300))))")
        #expect(description.contains("\\u{1B}[2J"))
    }
}
