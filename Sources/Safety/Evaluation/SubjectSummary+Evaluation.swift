import Clinical

extension SubjectSummary {
    /// Evaluates one subject's facts against the protocol at `now`; `points` are the facts'
    /// standing grades (``SubjectFacts/effectiveGrades(keys:)``).
    init(patient: String, facts: SubjectFacts, points: [GradePoint], protocol trial: TrialProtocol, now: ClinicalTime) {
        var points = points
        if let last = points.last, last.time > now { points = points.filter { $0.time <= now } }
        let infusion = facts.infusion.map(\.time).flatMap { $0 <= now ? $0 : nil }
        let calendar = infusion.map(StudyCalendar.init(infusion:))
        let windowEnd = calendar?.dltWindowEnd(days: trial.dltWindowDays)
        let firstDeath = facts.death.flatMap { $0.time <= now ? $0 : nil }

        var worstInWindow: [GradeKey: Int] = [:], worstOverall: [GradeKey: Int] = [:]
        if let infusion, let windowEnd {
            // A handful of distinct keys: a linear table is cheaper than hashing every point.
            var overall = WorstTable(), inWindow = WorstTable()
            for point in points where point.time >= infusion {
                guard let grade = point.grade else { continue }
                overall.record(point, grade)
                if point.time < windowEnd { inWindow.record(point, grade) }
            }
            worstOverall = overall.dictionary
            worstInWindow = inWindow.dictionary
        }

        var met: [String: ClinicalTime] = [:]
        if let infusion, let windowEnd {
            for definition in trial.toxicities {
                if let time = Self.firstTime(definition, points: points, facts: facts, infusion: infusion, windowEnd: windowEnd, now: now) {
                    met[definition.id] = time
                }
            }
        }
        // A dose-limiting toxicity is one of the DLT toxicities met inside the window, whatever the
        // definition's own window flag says.
        let firstDLT = windowEnd.flatMap { end in trial.dltToxicities.compactMap { met[$0] }.filter { $0 < end }.min() }

        let evaluability: Evaluability
        if let calendar, let windowEnd {
            if let firstDLT {
                evaluability = .evaluable(at: firstDLT, because: .dlt)
            } else if let death = firstDeath, death.time < windowEnd {
                evaluability = .diedInDLTWindowWithoutDLT(day: calendar.day(of: death.time))
            } else if now >= windowEnd {
                evaluability = .evaluable(at: windowEnd, because: .windowCompleted)
            } else {
                evaluability = .inDLTWindow(until: windowEnd)
            }
        } else {
            evaluability = .notInfused
        }

        var episodes: [Episode] = []
        for criteria in trial.episodeCriteria {
            let series = points.filter { $0.criteria == criteria && $0.time >= (infusion ?? $0.time) }
            var terms: [String?] = []
            for point in series where !terms.contains(point.term) { terms.append(point.term) }
            for key in terms.map({ GradeKey(criteria: criteria, term: $0) }).sorted() {
                episodes += Episode.episodes(of: key, in: series.filter { $0.term == key.term }, treatments: facts.treatments,
                                             death: firstDeath?.time, calendar: calendar, now: now)
            }
        }
        episodes.sort { ($0.onset, $0.key) < ($1.onset, $1.key) }

        var notTreated: NotTreatedReason?
        if infusion == nil {
            if let failure = facts.failure {
                notTreated = .manufacturingFailure(failure.reason)
            } else if let death = firstDeath {
                notTreated = .diedBeforeInfusion(death.text)
            }
        }

        let lastAssessment = facts.lastAssessment.flatMap { $0 <= now ? $0 : nil }
        var nextDue: ClinicalTime?
        if let infusion, let windowEnd, firstDeath == nil, now < windowEnd {
            let from = max(lastAssessment ?? infusion, infusion)
            nextDue = ClinicalTime(secondsSinceEpoch: from.secondsSinceEpoch + Double(trial.assessmentIntervalHours * 3600),
                                   offsetSeconds: infusion.offsetSeconds)
        }

        self.init(patient: patient, cohort: facts.cohort, enrolled: facts.enrolled, infusion: infusion, product: facts.infusion?.product,
                  dose: facts.infusion?.dose, studyDay: calendar?.day(of: now), dltWindowEnd: windowEnd,
                  worstInDLTWindow: worstInWindow, worstOverall: worstOverall, episodes: episodes, toxicities: met, firstDLT: firstDLT,
                  evaluability: evaluability, death: firstDeath.map { Death(time: $0.time, cause: $0.text) },
                  manufacturingFailure: facts.failure.map { ManufacturingFailure(reason: $0.reason, replaced: $0.replaced) },
                  notTreated: notTreated, lastAssessment: lastAssessment, nextAssessmentDue: nextDue,
                  assessmentOverdue: nextDue.map { $0 < now } ?? false,
                  followUpEnds: calendar?.addingYears(trial.productClass.followUpYears))
    }

    /// The first time a subject meets `definition`: from infusion on, up to `now`, and before the
    /// window end when the definition is limited to the DLT window.
    static func firstTime(_ definition: ToxicityDefinition, points: [GradePoint], facts: SubjectFacts, infusion: ClinicalTime,
                          windowEnd: ClinicalTime, now: ClinicalTime) -> ClinicalTime? {
        func counts(_ time: ClinicalTime) -> Bool {
            time >= infusion && time <= now && (!definition.withinDLTWindow || time < windowEnd)
        }
        switch definition.match {
        case .grade(let criteria, let term, let minGrade):
            return points.first { point in
                counts(point.time) && (criteria == nil || point.criteria == criteria) && (term == nil || point.term == term)
                    && (point.grade ?? 0) >= minGrade
            }?.time
        case .event(let kind):
            let dated: [SubjectFacts.Dated] = kind == .death ? facts.deaths : kind == .rclDetected ? facts.rcl : []
            return dated.map(\.time).filter(counts).min()
        }
    }
}

/// The worst grade per criteria id and term over a series, kept in a short list.
private struct WorstTable {
    private var entries: [(criteria: String, term: String?, grade: Int)] = []

    mutating func record(_ point: GradePoint, _ grade: Int) {
        if let index = entries.firstIndex(where: { $0.criteria == point.criteria && $0.term == point.term }) {
            if grade > entries[index].grade { entries[index].grade = grade }
        } else {
            entries.append((point.criteria, point.term, grade))
        }
    }

    var dictionary: [GradeKey: Int] {
        Dictionary(entries.map { (GradeKey(criteria: $0.criteria, term: $0.term), $0.grade) }, uniquingKeysWith: max)
    }
}
