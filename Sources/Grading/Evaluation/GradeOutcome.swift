import Clinical

/// The grade a table gives one assessment, or why it cannot give one.
package struct GradeOutcome: Sendable, Equatable {
    /// 0–5, or nil when missing inputs could change it.
    package var grade: Int?
    /// When `grade` is nil: the grade already proven by the inputs present (nil if none).
    package var atLeast: Int?
    /// The criteria lines that decided the result, in clinical words.
    package var reasons: [String]
    /// When `grade` is nil: the input paths whose absence prevents a grade.
    package var missing: [FieldPath]
    /// Interpretation ids the result rests on.
    package var interpretations: [String]
    /// The highest grade still possible (equal to `grade` when known).
    package var possible: Int = 0
}

extension GradeTable {
    /// Grades one assessment from the answers of its file's program: the highest grade whose rule
    /// holds, provided no higher rule is unknown.
    ///
    /// The proven grade is the highest rule that holds (0 if none); the possible grade is the
    /// highest rule that holds or is unknown. When they differ the result is not assessable:
    /// `grade` is nil, `atLeast` carries the proven grade and `missing` the inputs the higher rules
    /// wait for. A missing input can therefore never lower a grade or pass as 0.
    func evaluate(_ answers: UnsafeBufferPointer<Truth>, of program: ConditionProgram) -> GradeOutcome {
        let (proven, possible) = bounds(answers)
        var reasons: [String] = []
        var notes: [String] = []
        for rule in rules where answers[Int(rule.condition)].isYes && rule.grade == proven {
            reasons.append(rule.reason)
            program.notes(of: rule.condition, answers, into: &notes)
            if let note = rule.interpretation { notes.append(note) }
        }
        if proven == 0 { reasons = Self.noCriterionMet }
        let uniqueNotes = notes.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        if proven == possible {
            return GradeOutcome(grade: proven, atLeast: nil, reasons: reasons, missing: [], interpretations: uniqueNotes, possible: proven)
        }
        return GradeOutcome(grade: nil, atLeast: proven > 0 ? proven : nil, reasons: proven > 0 ? reasons : [],
                            missing: missing(answers, above: proven).paths, interpretations: proven > 0 ? uniqueNotes : [], possible: possible)
    }

    /// The reason of grade 0, one array shared by every such result.
    private static let noCriterionMet = ["no grading criterion met"]

    /// The grade as a file that `uses` this table reads it: a number, or the range from the proven
    /// to the possible grade with the inputs the higher rules wait for.
    func gradeReading(_ answers: UnsafeBufferPointer<Truth>) -> SlotValue {
        let (proven, possible) = bounds(answers)
        if proven == possible { return .number(Double(proven)) }
        return .range(low: Double(proven), high: Double(possible), missing: missing(answers, above: proven))
    }

    /// The highest grade whose rule holds, and the highest whose rule holds or is unknown.
    func bounds(_ answers: UnsafeBufferPointer<Truth>) -> (proven: Int, possible: Int) {
        var proven = 0
        var possible = 0
        for rule in rules {
            switch answers[Int(rule.condition)].state {
            case .yes: proven = max(proven, rule.grade); possible = max(possible, rule.grade)
            case .unknown: possible = max(possible, rule.grade)
            case .no: break
            }
        }
        return (proven, possible)
    }

    func missing(_ answers: UnsafeBufferPointer<Truth>, above proven: Int) -> PathSet {
        var missing = PathSet.empty
        for rule in rules where answers[Int(rule.condition)].state == .unknown && rule.grade > proven {
            missing.formUnion(answers[Int(rule.condition)].missing)
        }
        return missing
    }
}
