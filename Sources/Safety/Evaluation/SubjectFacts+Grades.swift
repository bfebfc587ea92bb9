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
    /// their lapse; README, "Corrections and overrides"), folded as the events came. A `grades`
    /// event is placed at its own clinical time (the log copies its assessment's), else its
    /// assessment's; one with neither is left out, since it cannot be placed in a window.
    func effectiveGrades(keys: GradeKeyTable) -> [GradePoint] {
        var order: [(time: ClinicalTime, seq: Int64, standing: GradeHistory<GradeKeyID>.Standing)] = []
        order.reserveCapacity(gradesTimes.count)
        for standing in history.standings {
            guard let time = gradesTimes[standing.gradesSeq] else { continue }
            order.append((time, standing.gradesSeq, standing))
        }
        order.sort { ($0.time, $0.seq) < ($1.time, $1.seq) }
        var points: [GradePoint] = []
        points.reserveCapacity(order.count * 2)
        for (time, seq, standing) in order {
            for result in standing.results {
                let key = keys[result.key]
                points.append(GradePoint(time: time, seq: seq, criteria: key.criteria, term: key.term, grade: result.grade,
                                         overridden: result.overridden))
            }
        }
        return points
    }

    /// The clinical time of the latest standing assessment (observation or correction).
    var lastAssessment: ClinicalTime? {
        var latest: ClinicalTime?
        for (seq, time) in assessmentTimes where latest.map({ time > $0 }) ?? true {
            if superseded.contains(seq) { continue }
            latest = time
        }
        return latest
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
