import Clinical
import Foundation
import Grading

/// The criteria the tests grade with, and the places in the repository they come from.
package enum Fixtures {
    /// The bundled criteria, loaded once; the error text when they do not load.
    private static let loaded: Result<CriteriaSet, CriteriaErrors> = Result { () throws(CriteriaErrors) in try CriteriaSet.bundled() }

    /// The criteria bundled into the binary.
    package static func bundled() throws -> CriteriaSet { try loaded.get() }

    /// The outcome of a single-grade criteria file (`astct-2019-crs`, `astct-2019-icans`, `ctcae-5-crs`).
    package static func outcome(_ criteria: String, _ assessment: Assessment) throws -> GradeOutcome {
        let results = try bundled().evaluate(assessment, only: [criteria])
        guard results.count == 1, let result = results.first else {
            throw FixtureError("\(criteria) gave \(results.count) results, expected one")
        }
        guard let outcome = result.outcome else { throw FixtureError("\(criteria) is not a grading scale") }
        return outcome
    }

    /// The results of a per-term criteria file (`ctcae-5-labs`), by term.
    package static func terms(_ criteria: String, _ assessment: Assessment) throws -> [String: GradeOutcome] {
        var byTerm: [String: GradeOutcome] = [:]
        for result in try bundled().evaluate(assessment, only: [criteria]) {
            guard let term = result.term else { throw FixtureError("\(criteria) gave a result without a term") }
            guard byTerm[term] == nil else { throw FixtureError("\(criteria) reported term \(term) twice") }
            guard let outcome = result.outcome else { throw FixtureError("\(criteria) term \(term) has no grade") }
            byTerm[term] = outcome
        }
        return byTerm
    }

    /// The repository root, found from a test source file's `#filePath` (`<root>/Tests/<target>/<file>`).
    package static func repositoryRoot(from filePath: String) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The reviewed criteria directory of the repository.
    package static func criteriaDirectory(from filePath: String) -> URL {
        repositoryRoot(from: filePath).appendingPathComponent("Criteria")
    }
}

package struct FixtureError: Error, CustomStringConvertible {
    package let description: String
    package init(_ description: String) { self.description = description }
}

/// What a published table says an assessment grades: a definite grade, or "not assessable" with
/// the inputs that are missing and the grade already proven.
package enum ExpectedGrade: Sendable, Equatable, CustomStringConvertible {
    case grade(Int)
    case notAssessable(missing: [String], atLeast: Int? = nil)

    package var description: String {
        switch self {
        case .grade(let grade): "grade \(grade)"
        case let .notAssessable(missing, atLeast):
            "not assessable (missing \(missing.joined(separator: ", ")))" + (atLeast.map { ", at least grade \($0)" } ?? "")
        }
    }

    /// Whether `outcome` says what this expectation says (grade, proven grade, missing inputs).
    package func matches(_ outcome: GradeOutcome) -> Bool {
        switch self {
        case .grade(let grade):
            outcome.grade == grade && outcome.missing.isEmpty
        case let .notAssessable(missing, atLeast):
            outcome.grade == nil && outcome.atLeast == atLeast && outcome.missing.map(\.text) == missing.sorted()
        }
    }
}

extension GradeOutcome {
    /// One line for failure messages.
    package var summary: String {
        if let grade { return "grade \(grade) — \(reasons.joined(separator: "; "))" + (interpretations.isEmpty ? "" : " [\(interpretations.joined(separator: ", "))]") }
        return "not assessable, missing \(missing.map(\.text).joined(separator: ", "))" + (atLeast.map { ", at least \($0)" } ?? "")
    }

    /// The grade the inputs present already prove: the grade, else `atLeast`, else 0.
    package var provenGrade: Int { grade ?? atLeast ?? 0 }
}
