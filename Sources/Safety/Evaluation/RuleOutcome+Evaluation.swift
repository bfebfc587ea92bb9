import Clinical

extension RuleOutcome {
    /// Evaluates one rule over the evaluated subjects.
    ///
    /// - Parameters:
    ///   - subjects: every subject, evaluated at the same time.
    ///   - evaluableOrder: the evaluable subjects in the order they became evaluable (ties by
    ///     infusion, then patient id): the sequence of looks of a
    ///     group-sequential rule (Ivanova, Qaqish and Schell, Biometrics 2005; README "Protocol safety rules").
    ///   - trialLevel: per toxicity id, the number of trial-level findings (an RCL result without a
    ///     patient) that count rules add to their subject count.
    static func evaluate(_ rule: SafetyRule, subjects: [SubjectSummary], evaluableOrder: [SubjectSummary],
                         trialLevel: [String: Int]) -> RuleOutcome {
        func has(_ subject: SubjectSummary, _ toxicities: [String]) -> Bool { toxicities.contains { subject.toxicities[$0] != nil } }
        switch rule.kind {
        case .count(let toxicities, let atLeast, nil):
            // ≥ k subjects with the event, among all subjects; trial-level findings count one each.
            var counted = subjects.filter { has($0, toxicities) }.map(\.patient)
            let extra = toxicities.reduce(0) { $0 + (trialLevel[$1] ?? 0) }
            counted += Array(repeating: "trial", count: extra)
            return RuleOutcome(rule: rule, type: "count", count: counted.count, threshold: atLeast, subjects: nil, counted: counted,
                               tripped: counted.count >= atLeast)
        case .count(let toxicities, let atLeast, let ofFirst?):
            // ≥ k of the first n evaluable subjects.
            let looked = evaluableOrder.prefix(ofFirst)
            let counted = looked.filter { has($0, toxicities) }.map(\.patient)
            return RuleOutcome(rule: rule, type: "count", count: counted.count, threshold: atLeast, subjects: looked.count,
                               counted: counted, tripped: counted.count >= atLeast)
        case .monitoring(let toxicities, let boundary):
            // After each evaluable subject n ≤ N, stop if X_n ≥ b_n; a crossing at any earlier look
            // stands (the trial would have stopped there).
            let looked = evaluableOrder.prefix(boundary.maxSubjects)
            var x = 0, counted: [String] = [], firstCrossing: Int?
            for (index, subject) in looked.enumerated() {
                if has(subject, toxicities) { x += 1; counted.append(subject.patient) }
                if firstCrossing == nil, let b = boundary.stopsAt(index + 1), x >= b { firstCrossing = index + 1 }
            }
            return RuleOutcome(rule: rule, type: boundary.method.name, count: x, threshold: boundary.stopsAt(looked.count),
                               subjects: looked.count, counted: counted, tripped: firstCrossing != nil, trippedAfter: firstCrossing)
        case .stagger(let stagger):
            return staggerOutcome(rule, stagger, subjects: subjects)
        }
    }

    /// A stagger rule (FDA guidance, Considerations for the Development of CAR T Cell Products, 2024;
    /// README "Protocol safety rules"): between consecutive infusions (of the trial, or of one
    /// cohort), at least `days` × 24 hours, for the first `firstSubjects` subjects of that sequence
    /// (all when not given): the i-th infusion, 2 ≤ i ≤ k, no earlier than the (i − 1)-th + days.
    /// The next subject may be dosed from the last infusion + days while fewer than k are infused,
    /// at any time after that.
    static func staggerOutcome(_ rule: SafetyRule, _ stagger: SafetyRule.Stagger, subjects: [SubjectSummary]) -> RuleOutcome {
        let interval = Double(stagger.days * 86_400)
        let infused = subjects.filter { $0.infusion != nil }.sorted { ($0.infusion!, $0.patient) < ($1.infusion!, $1.patient) }
        let groups: [String?: [SubjectSummary]] = stagger.perCohort ? Dictionary(grouping: infused, by: \.cohort) : [nil: infused]
        var violations: [String] = []
        var next: [String?: ClinicalTime] = [:]
        for (cohort, sequence) in groups {
            let limit = stagger.firstSubjects ?? Int.max
            for index in sequence.indices.dropFirst() where index < limit {
                let earliest = sequence[index - 1].infusion!.secondsSinceEpoch + interval
                if sequence[index].infusion!.secondsSinceEpoch < earliest { violations.append(sequence[index].patient) }
            }
            if let last = sequence.last?.infusion, sequence.count < limit {
                next[cohort] = ClinicalTime(secondsSinceEpoch: last.secondsSinceEpoch + interval, offsetSeconds: last.offsetSeconds)
            }
        }
        var byCohort: [String: ClinicalTime] = [:]
        if stagger.perCohort { for (cohort, time) in next { byCohort[cohort ?? ""] = time } }
        violations.sort()
        return RuleOutcome(rule: rule, type: "stagger", count: violations.count, threshold: nil, subjects: nil, counted: violations,
                           tripped: !violations.isEmpty, nextDosing: stagger.perCohort ? nil : next[nil],
                           nextDosingByCohort: byCohort, violations: violations)
    }
}
