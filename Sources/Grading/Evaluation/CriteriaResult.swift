import Clinical

/// The result of one criteria file (or one term of it) for one assessment.
package struct CriteriaResult: Sendable, Equatable {
    package let criteria: String
    package let version: String
    package let hash: String
    /// The CTCAE term, for files that grade several terms.
    package let term: String?
    package let value: Value
    /// The result's opening as `write(into:)` prints it: `{"criteria":…,"version":…,"hash":…`.
    let prefix: [UInt8]

    package init(criteria: String, version: String, hash: String, term: String?, value: Value) {
        self.init(criteria: criteria, version: version, hash: hash, term: term, value: value,
                  prefix: Self.prefix(criteria: criteria, term: term, version: version, hash: hash))
    }

    /// A result whose opening was written once for its file (``CompiledCriteria``).
    init(criteria: String, version: String, hash: String, term: String?, value: Value, prefix: [UInt8]) {
        self.criteria = criteria
        self.version = version
        self.hash = hash
        self.term = term
        self.value = value
        self.prefix = prefix
    }

    /// The opening of a result of these fields, in the order of `grade-io.md`.
    static func prefix(criteria: String, term: String?, version: String, hash: String) -> [UInt8] {
        var writer = ResultWriter(out: [])
        writer.begin(criteria: criteria, term: term, version: version, hash: hash)
        return writer.out
    }

    /// What the file computes: a grade, a diagnostic criteria set, or a score.
    package enum Value: Sendable, Equatable {
        case grade(GradeOutcome)
        case criteriaSet(CountOutcome)
        case score(ScoreOutcome)
    }

    /// The grade, for grading scales; nil for criteria sets and scores.
    package var outcome: GradeOutcome? {
        if case .grade(let outcome) = value { return outcome }
        return nil
    }

    /// The criteria-set answer, for diagnostic criteria sets.
    package var criteriaSet: CountOutcome? {
        if case .criteriaSet(let outcome) = value { return outcome }
        return nil
    }

    /// The score, for scored instruments.
    package var score: ScoreOutcome? {
        if case .score(let outcome) = value { return outcome }
        return nil
    }

    /// The result as the batch interface prints it (`grade-io.md`), keys in a fixed order.
    package var json: JSONValue {
        var out: [UInt8] = []
        write(into: &out)
        return (try? JSONParser.parse(bytes: out)) ?? .null
    }

    /// Appends the result as the batch interface prints it, straight into the output bytes.
    package func write(into out: inout [UInt8]) {
        // The bytes are moved into the writer and back, never shared: a copy would make the next
        // append copy the whole output block.
        var writer = ResultWriter(out: [])
        swap(&writer.out, &out)
        writer.out.append(contentsOf: prefix)
        switch value {
        case .grade(let outcome): writer.grade(outcome)
        case .criteriaSet(let outcome): writer.criteriaSet(outcome)
        case .score(let outcome): writer.score(outcome)
        }
        writer.end()
        swap(&writer.out, &out)
    }
}

/// Writes the fields of one result in the order of `grade-io.md`.
private struct ResultWriter {
    var out: [UInt8]

    mutating func raw(_ text: StaticString) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func string(_ text: String) { JSONValue.writeString(text, into: &out) }

    mutating func number(_ value: Double) { OutputBytes.number(value, into: &out) }

    mutating func strings(_ list: [String]) { JSONValue.writeStrings(list, into: &out) }

    mutating func begin(criteria: String, term: String?, version: String, hash: String) {
        raw("{\"criteria\":")
        string(criteria)
        if let term { raw(",\"term\":"); string(term) }
        raw(",\"version\":")
        string(version)
        raw(",\"hash\":")
        string(hash)
    }

    mutating func end() { raw("}") }

    mutating func grade(_ outcome: GradeOutcome) {
        raw(",\"grade\":")
        if let grade = outcome.grade { number(Double(grade)) } else { raw("null") }
        if let atLeast = outcome.atLeast { raw(",\"atLeast\":"); number(Double(atLeast)) }
        if !outcome.reasons.isEmpty { raw(",\"reasons\":"); strings(outcome.reasons) }
        if outcome.grade == nil { raw(",\"missing\":"); strings(outcome.missing.map(\.text)) }
        if !outcome.interpretations.isEmpty { raw(",\"interpretations\":"); strings(outcome.interpretations) }
    }

    mutating func criteriaSet(_ outcome: CountOutcome) {
        if outcome.decides {
            raw(",\"met\":")
            if let met = outcome.met { raw(met ? "true" : "false") } else { raw("null") }
        }
        raw(",\"count\":")
        number(Double(outcome.count))
        raw(",\"of\":")
        number(Double(outcome.of))
        raw(",\"criteriaMet\":"); strings(outcome.criteriaMet)
        raw(",\"criteriaNotMet\":"); strings(outcome.criteriaNotMet)
        raw(",\"criteriaUnknown\":"); strings(outcome.criteriaUnknown)
        if !outcome.missing.isEmpty || (outcome.decides && outcome.met == nil) { raw(",\"missing\":"); strings(outcome.missing.map(\.text)) }
        if !outcome.interpretations.isEmpty { raw(",\"interpretations\":"); strings(outcome.interpretations) }
    }

    mutating func score(_ outcome: ScoreOutcome) {
        raw(",\"score\":")
        if let score = outcome.score { number(Double(score)) } else { raw("null") }
        if outcome.score == nil {
            raw(",\"scoreRange\":{\"low\":"); number(Double(outcome.low))
            raw(",\"high\":"); number(Double(outcome.high)); raw("}")
        }
        if let band = outcome.probability {
            raw(",\"probability\":{\"low\":"); number(band.low)
            raw(",\"high\":"); number(band.high); raw("}")
        }
        if let cutoff = outcome.cutoff {
            raw(",\"cutoff\":"); number(Double(cutoff))
            raw(",\"meetsCutoff\":")
            if let meets = outcome.meetsCutoff { raw(meets ? "true" : "false") } else { raw("null") }
        }
        raw(",\"points\":{")
        for (offset, item) in outcome.points.enumerated() {
            if offset > 0 { raw(",") }
            string(item.item); raw(":"); number(Double(item.points))
        }
        raw("}")
        if outcome.score == nil { raw(",\"missing\":"); strings(outcome.missing.map(\.text)) }
    }
}

extension CriteriaFile {
    /// Evaluates this file for one assessment: one result, or one per reported term.
    package func evaluate(_ assessment: Assessment) -> [CriteriaResult] {
        var results: [CriteriaResult] = []
        compiled.evaluate(Subject(assessment), into: &results)
        return results
    }
}

extension CompiledCriteria {
    /// Runs the file's program once (or takes the answers kept when another file read its grades)
    /// and appends its results; `keep` keeps the answers for files that read this one's grades.
    func evaluate(_ subject: Subject, into results: inout [CriteriaResult], keep: Bool = false) {
        if subject.withAnswers(of: id, { append($0, subject, into: &results) }) == nil {
            program.run(subject) { answers in
                if keep { subject.keep(answers, of: id) }
                append(answers, subject, into: &results)
            }
        }
    }

    private func append(_ answers: UnsafeBufferPointer<Truth>, _ subject: Subject, into results: inout [CriteriaResult]) {
        func result(_ term: String?, _ value: CriteriaResult.Value, prefix: [UInt8]? = nil) -> CriteriaResult {
            CriteriaResult(criteria: id, version: version, hash: hash, term: term, value: value, prefix: prefix ?? self.prefix)
        }
        switch logic {
        case .grading(let table):
            results.append(result(nil, .grade(table.evaluate(answers, of: program))))
        case .terms(let terms):
            let labs = subject.assessment.labs
            for (index, term) in terms.enumerated() where labs?[term.analyte] != nil {
                results.append(result(term.id, .grade(term.table.evaluate(answers, of: program)), prefix: termPrefixes[index]))
            }
        case .criteriaSet(let spec):
            results.append(result(nil, .criteriaSet(spec.evaluate(answers, of: program))))
        case .score(let spec):
            results.append(result(nil, .score(spec.evaluate(answers))))
        }
    }
}
