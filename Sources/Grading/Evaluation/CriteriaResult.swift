import Clinical

/// The result of one criteria file (or one term of it) for one assessment.
package struct CriteriaResult: Sendable, Equatable {
    package let criteria: String
    package let version: String
    package let hash: String
    /// The CTCAE term, for files that grade several terms.
    package let term: String?
    package let outcome: GradeOutcome

    /// The result as the batch interface prints it (`grade-io.md`), keys in a fixed order.
    package var json: JSONValue {
        var members: [(String, JSONValue)] = [("criteria", .string(criteria))]
        if let term { members.append(("term", .string(term))) }
        members.append(("version", .string(version)))
        members.append(("hash", .string(hash)))
        members.append(("grade", outcome.grade.map { .number(Double($0)) } ?? .null))
        if let atLeast = outcome.atLeast { members.append(("atLeast", .number(Double(atLeast)))) }
        if !outcome.reasons.isEmpty { members.append(("reasons", .array(outcome.reasons.map { .string($0) }))) }
        if outcome.grade == nil { members.append(("missing", .array(outcome.missing.map { .string($0.text) }))) }
        if !outcome.interpretations.isEmpty {
            members.append(("interpretations", .array(outcome.interpretations.map { .string($0) })))
        }
        return .object(members)
    }
}

extension CriteriaFile {
    /// Evaluates this file for one assessment: one result, or one per reported term.
    package func evaluate(_ assessment: Assessment) -> [CriteriaResult] {
        switch logic {
        case .grading(let table):
            return [CriteriaResult(criteria: id, version: version, hash: hash, term: nil, outcome: table.evaluate(assessment))]
        case .terms(let terms):
            return terms.compactMap { term in
                guard assessment.labs?[term.analyte] != nil else { return nil }
                return CriteriaResult(criteria: id, version: version, hash: hash, term: term.id, outcome: term.table.evaluate(assessment))
            }
        }
    }
}
