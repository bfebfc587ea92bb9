import Clinical
import Grading
import Testing
import TestSupport

/// One row of a published grading table: a clinical sentence, the assessment it describes, and the
/// grade the table gives it.
struct GradingCase: Sendable, CustomTestStringConvertible {
    let sentence: String
    let assessment: Assessment
    let expected: ExpectedGrade
    /// Interpretation ids the result must rest on (a reviewed choice of the criteria file).
    let interpretations: [String]

    init(_ sentence: String, _ assessment: Assessment, _ expected: ExpectedGrade, interpretations: [String] = []) {
        self.sentence = sentence
        self.assessment = assessment
        self.expected = expected
        self.interpretations = interpretations
    }

    var testDescription: String { "\(sentence) → \(expected)" }

    /// Grades the row with `criteria` and checks grade, missing inputs and interpretations.
    func check(_ criteria: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let outcome = try Fixtures.outcome(criteria, assessment)
        #expect(expected.matches(outcome), "\(sentence): expected \(expected), got \(outcome.summary)", sourceLocation: sourceLocation)
        for id in interpretations {
            #expect(outcome.interpretations.contains(id), "\(sentence): result should rest on interpretation \(id); got \(outcome.summary)",
                    sourceLocation: sourceLocation)
        }
    }
}

/// `.grade(n)` in rows.
func grade(_ n: Int) -> ExpectedGrade { .grade(n) }

/// `.notAssessable` in rows.
func notAssessable(missing: String..., atLeast: Int? = nil) -> ExpectedGrade { .notAssessable(missing: missing, atLeast: atLeast) }
