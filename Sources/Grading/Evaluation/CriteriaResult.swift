import Clinical

/// The result of one criteria file (or one term of it) for one assessment.
package struct CriteriaResult: Sendable, Equatable {
    package let criteria: String
    package let version: String
    package let hash: String
    /// The CTCAE term, for files that grade several terms.
    package let term: String?
    package let outcome: GradeOutcome

    /// Appends the result as the batch interface prints it, straight into the output bytes
    /// (the batch hot path; the same text as ``json``).
    package func write(into out: inout [UInt8]) {
        func key(_ name: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        }
        func strings(_ list: [String]) {
            out.append(UInt8(ascii: "["))
            for (offset, text) in list.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.writeString(text, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        key("{\"criteria\":")
        JSONValue.writeString(criteria, into: &out)
        if let term { key(",\"term\":"); JSONValue.writeString(term, into: &out) }
        key(",\"version\":")
        JSONValue.writeString(version, into: &out)
        key(",\"hash\":")
        JSONValue.writeString(hash, into: &out)
        key(",\"grade\":")
        if let grade = outcome.grade { out.append(UInt8(ascii: "0") + UInt8(grade)) } else { key("null") }
        if let atLeast = outcome.atLeast { key(",\"atLeast\":"); out.append(UInt8(ascii: "0") + UInt8(atLeast)) }
        if !outcome.reasons.isEmpty { key(",\"reasons\":"); strings(outcome.reasons) }
        if outcome.grade == nil { key(",\"missing\":"); strings(outcome.missing.map(\.text)) }
        if !outcome.interpretations.isEmpty { key(",\"interpretations\":"); strings(outcome.interpretations) }
        out.append(UInt8(ascii: "}"))
    }

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
    package func evaluate(_ assessment: Assessment) -> [CriteriaResult] { evaluate(Subject(assessment)) }

    func evaluate(_ subject: Subject) -> [CriteriaResult] {
        let assessment = subject.assessment
        subject.begin(definitions: definitionCount)
        switch logic {
        case .grading(let table):
            return [CriteriaResult(criteria: id, version: version, hash: hash, term: nil, outcome: table.evaluate(subject))]
        case .terms(let terms):
            return terms.compactMap { term in
                guard assessment.labs?[term.analyte] != nil else { return nil }
                return CriteriaResult(criteria: id, version: version, hash: hash, term: term.id, outcome: term.table.evaluate(subject))
            }
        }
    }
}
