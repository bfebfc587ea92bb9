import Clinical
import Foundation
import Grading
import Testing

/// `BatchInput.assessments(in:)`: what `aegrade record` records, told apart as `aegrade grade`
/// tells its input — the same forms, the same single error for input that is JSON in no form.
@Suite("BatchInput: the assessments of an input, for record")
struct BatchInputAssessmentsTests {
    static let good = #"{"patient":{"id":"A"},"time":"2026-11-22T08:00:00Z"}"#

    @Test func jsonLinesAreReadOneAtATimeSkippingBlankLines() throws {
        let input = Array("\(Self.good)\n\n  \r\n\(Self.good)\nnot json\n".utf8)
        let assessments = try BatchInput.assessments(in: input)
        // Three lines, the blank ones skipped; a line that is not JSON is a string decoding rejects
        #expect(assessments.count == 3)
        #expect(assessments[0]["patient"]?["id"] == .string("A"))
        #expect(assessments[2] == .string("not json"))
    }

    @Test func anArrayAfterAByteOrderMarkIsItsElements() throws {
        let input = [0xEF, 0xBB, 0xBF] + Array("[\(Self.good), \(Self.good)]".utf8)
        let assessments = try BatchInput.assessments(in: input)
        #expect(assessments.count == 2)
        #expect(try BatchInput.assessments(in: Array(" \n".utf8)).count == 0)
    }

    @Test func aBrokenPrettyPrintedObjectIsOneErrorLineAsGradePrintsIt() throws {
        let broken = Array("{\n  \"patient\": {\"id\": \"A\"},\n  \"time\": \"2026-11-22T08:00:00Z\"\n  \"vitals\": {}\n}".utf8)
        do {
            _ = try BatchInput.assessments(in: broken)
            Issue.record("a broken object was read as assessments")
        } catch {
            #expect(error.errorLine.contains("line 4, column"), "\(error.errorLine)")
            #expect(try error.errorLine == BatchInputTests.grade(broken).lines.first, "the line `aegrade grade` prints")
        }
    }
}
