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
    /// Grades `assessment`: the highest grade whose rule holds, provided no higher rule is unknown.
    ///
    /// Every rule is evaluated. The proven grade is the highest rule that holds (0 if none); the
    /// possible grade is the highest rule that holds or is unknown. When they differ the result is
    /// not assessable: `grade` is nil, `atLeast` carries the proven grade and `missing` the inputs
    /// the higher rules wait for. A missing input can therefore never lower a grade or pass as 0.
    func evaluate(_ assessment: Assessment) -> GradeOutcome { evaluate(Subject(assessment)) }

    func evaluate(_ subject: Subject) -> GradeOutcome {
        var truths: [Truth] = []
        truths.reserveCapacity(rules.count)
        var proven = 0
        var possible = 0
        for rule in rules {
            let truth = rule.condition.evaluate(subject)
            truths.append(truth)
            switch truth.state {
            case .yes: proven = max(proven, rule.grade); possible = max(possible, rule.grade)
            case .unknown: possible = max(possible, rule.grade)
            case .no: break
            }
        }
        var reasons: [String] = []
        var notes: [String] = []
        for (rule, truth) in zip(rules, truths) where truth.isYes && rule.grade == proven {
            reasons.append(rule.reason)
            notes += truth.notes
            if let note = rule.interpretation { notes.append(note) }
        }
        if proven == 0 { reasons = ["no grading criterion met"] }
        let uniqueNotes = notes.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        if proven == possible {
            return GradeOutcome(grade: proven, atLeast: nil, reasons: reasons, missing: [], interpretations: uniqueNotes, possible: proven)
        }
        var missing = MissingPaths()
        for (rule, truth) in zip(rules, truths) where truth.state == .unknown && rule.grade > proven {
            missing.add(truth.missing)
        }
        return GradeOutcome(grade: nil, atLeast: proven > 0 ? proven : nil, reasons: proven > 0 ? reasons : [],
                            missing: missing.sorted, interpretations: proven > 0 ? uniqueNotes : [], possible: possible)
    }
}
