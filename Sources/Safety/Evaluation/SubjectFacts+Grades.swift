import Clinical

/// One grade as it stands after corrections and overrides, placed in time.
package struct GradePoint: Sendable, Equatable {
    /// The clinical time of the assessment graded.
    package let time: ClinicalTime
    /// The sequence number of the `grades` event it comes from (orders assessments at one time).
    package let seq: Int64
    package let criteria: String
    package let term: String?
    /// nil: not assessable.
    package let grade: Int?
    /// A clinician's override replaced the computed grade.
    package let overridden: Bool
}

extension SubjectFacts {
    /// The subject's grades as they stand, in clinical-time order.
    ///
    /// Which grades stand is ``GradeHistory``'s one rule (corrections, re-grades, overrides and
    /// their lapse; README, "Corrections and overrides"), folded over the subject's events in seq
    /// order. A `grades` event is placed at its own clinical time (the log copies its
    /// assessment's), else its assessment's; one with neither is left out, since it cannot be
    /// placed in a window.
    func effectiveGrades() -> [GradePoint] {
        let history = gradeHistory()
        var gradesIndex: [Int64: Int] = [:]
        gradesIndex.reserveCapacity(grades.count)
        for index in grades.indices { gradesIndex[grades[index].seq] = index }
        var assessmentTimes: [Int64: ClinicalTime] = [:]
        var order: [(time: ClinicalTime, seq: Int64, standing: GradeHistory<GradeKey>.Standing)] = []
        for standing in history.standings {
            guard let index = gradesIndex[standing.gradesSeq] else { continue }
            var time = grades[index].time
            if time == nil, let assessment = standing.assessment {
                if assessmentTimes.isEmpty {
                    for assessment in assessments { if let t = assessment.time { assessmentTimes[assessment.seq] = t } }
                }
                time = assessmentTimes[assessment]
            }
            if let time { order.append((time, standing.gradesSeq, standing)) }
        }
        order.sort { ($0.time, $0.seq) < ($1.time, $1.seq) }
        var points: [GradePoint] = []
        points.reserveCapacity(order.count * 2)
        for (time, seq, standing) in order {
            for result in standing.results {
                points.append(GradePoint(time: time, seq: seq, criteria: result.key.criteria, term: result.key.term, grade: result.grade,
                                         overridden: result.overridden))
            }
        }
        return points
    }

    /// The clinical time of the latest standing assessment (observation or correction).
    var lastAssessment: ClinicalTime? {
        let superseded = supersededAssessments()
        var latest: ClinicalTime?
        for assessment in assessments {
            guard let time = assessment.time, latest.map({ time > $0 }) ?? true else { continue }
            if superseded.contains(assessment.seq) { continue }
            latest = time
        }
        return latest
    }

    /// The subject's corrections, grades and overrides folded in seq order through the one rule.
    /// Payloads name what they grade or supersede by seq (the log always does); one naming it by
    /// event id alone is resolved to its seq.
    func gradeHistory() -> GradeHistory<GradeKey> {
        enum Step {
            case assessment
            case correction(Int64?)
            case grades(Int)
            case override(Int64?, LoggedGrade)
        }
        let resolve = seqResolver()
        var steps: [(seq: Int64, step: Step)] = []
        steps.reserveCapacity(assessments.count + grades.count + overrides.count)
        for assessment in assessments { steps.append((assessment.seq, .assessment)) }
        for correction in corrections { steps.append((correction.seq, .correction(correction.targetSeq ?? correction.target.flatMap(resolve)))) }
        for index in grades.indices { steps.append((grades[index].seq, .grades(index))) }
        for override in overrides { steps.append((override.seq, .override(override.targetSeq ?? resolve(override.target), override.grade))) }
        // Stable: a correction is an assessment, met first as one.
        steps.sort { $0.seq < $1.seq }
        var history = GradeHistory<GradeKey>()
        for (seq, step) in steps {
            switch step {
            case .assessment:
                history.observation(seq)
            case .correction(let target):
                history.correction(seq, supersedes: target)
            case .grades(let index):
                let assessment = grades[index].observationSeq ?? grades[index].observation.flatMap(resolve)
                history.grades(seq, of: assessment, results: grades[index].results.lazy.map { (GradeKey(criteria: $0.criteria, term: $0.term), $0.grade) })
            case .override(let target, let grade):
                guard let target else { continue }
                history.override(seq, of: target, key: GradeKey(criteria: grade.criteria, term: grade.term), grade: grade.grade)
            }
        }
        return history
    }

    /// The seqs of the assessments a correction supersedes.
    private func supersededAssessments() -> Set<Int64> {
        guard !corrections.isEmpty else { return [] }
        let resolve = seqResolver()
        return Set(corrections.compactMap { $0.targetSeq ?? $0.target.flatMap(resolve) })
    }

    /// Maps an event id (an assessment's or a grades event's) to its seq, for the rare payload
    /// that names its target by id only; the map is built on first use.
    private func seqResolver() -> (String) -> Int64? {
        var map: [String: Int64]?
        let assessments = self.assessments, grades = self.grades
        return { id in
            if map == nil {
                map = Dictionary(assessments.map { ($0.id, $0.seq) } + grades.map { ($0.id, $0.seq) }, uniquingKeysWith: { first, _ in first })
            }
            return map?[id]
        }
    }
}

/// A criteria id with an optional term (`ctcae-5-labs` / `alt`): what one grade is of.
package struct GradeKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    package let criteria: String
    package let term: String?

    package init(criteria: String, term: String?) {
        self.criteria = criteria
        self.term = term
    }

    /// `criteria` or `criteria/term`.
    package var description: String { term.map { "\(criteria)/\($0)" } ?? criteria }

    package static func < (a: GradeKey, b: GradeKey) -> Bool { a.description < b.description }
}
