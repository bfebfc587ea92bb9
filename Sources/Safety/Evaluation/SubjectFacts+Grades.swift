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
    /// - A correction supersedes an observation (or an earlier correction): the grades of a
    ///   superseded assessment are dropped, and the `grades` event that follows the correction
    ///   (naming the correction as its observation) takes their place.
    /// - When several `grades` events name one assessment (a re-grade), the latest stands.
    /// - An `override` names a `grades` event (the one rule of the README's bedside section, the
    ///   same in replay, the timeline and the board): its grade replaces the result with the same
    ///   criteria id and term there, the latest override winning. An override naming anything else
    ///   is not applied. An override of grades that a correction has since superseded lapses: the
    ///   corrected assessment's grades stand until they are overridden in turn (the bedside records
    ///   an override again against them when the correcting clinician confirms it still stands).
    /// - A `grades` event is placed at its own clinical time (the log copies its assessment's),
    ///   else its assessment's; one with neither is left out, since it cannot be placed in a window.
    func effectiveGrades() -> [GradePoint] {
        // The standing grades event per assessment (or per grades event when it names none), as an
        // index into `grades`. Assessments are keyed by sequence number where the payload gives it
        // (the log always does), else by event id.
        let resolveSeq = assessmentSeqResolver()
        var standingBySeq: [Int64: Int] = [:], standingByID: [String: Int] = [:]
        standingBySeq.reserveCapacity(grades.count)
        for index in grades.indices {
            let observation = grades[index].observation
            let observationSeq = grades[index].observationSeq ?? observation.flatMap(resolveSeq)
            if let observationSeq, supersededSeqs.contains(observationSeq) { continue }
            if let observation, !supersededIDs.isEmpty, supersededIDs.contains(observation) { continue }
            if let observationSeq {
                if let current = standingBySeq[observationSeq], grades[current].seq > grades[index].seq { continue }
                standingBySeq[observationSeq] = index
            } else {
                let key = observation ?? grades[index].id
                if let current = standingByID[key], grades[current].seq > grades[index].seq { continue }
                standingByID[key] = index
            }
        }
        let standing = Array(standingBySeq.values) + Array(standingByID.values)
        // Overrides are rare: only the grades events they reach get a replaced result list.
        var replaced: [Int: [LoggedGrade]] = [:]
        var overriddenKeys: [Int: Set<GradeKey>] = [:]
        if !overrides.isEmpty {
            var byID: [String: Int] = [:]
            for index in standing { byID[grades[index].id] = index }
            for override in overrides.sorted(by: { $0.seq < $1.seq }) {
                guard let index = byID[override.target] else { continue }
                var list = replaced[index] ?? grades[index].results
                let key = GradeKey(criteria: override.grade.criteria, term: override.grade.term)
                if let position = list.firstIndex(where: { $0.criteria == key.criteria && $0.term == key.term }) {
                    list[position].grade = override.grade.grade
                } else {
                    list.append(override.grade)
                }
                replaced[index] = list
                overriddenKeys[index, default: []].insert(key)
            }
        }
        // Place each standing grades event in time: its own clinical time (the log copies the
        // assessment's), else its assessment's.
        var assessmentTimes: [String: ClinicalTime] = [:]
        var order: [(time: ClinicalTime, seq: Int64, index: Int)] = []
        order.reserveCapacity(standing.count)
        for index in standing {
            var time = grades[index].time
            if time == nil, let observation = grades[index].observation {
                if assessmentTimes.isEmpty {
                    for assessment in assessments { if let t = assessment.time { assessmentTimes[assessment.id] = t } }
                }
                time = assessmentTimes[observation]
            }
            if let time { order.append((time, grades[index].seq, index)) }
        }
        order.sort { ($0.time, $0.seq) < ($1.time, $1.seq) }
        var points: [GradePoint] = []
        points.reserveCapacity(order.count * 2)
        for (time, seq, index) in order {
            let overridden = overriddenKeys[index]
            for result in replaced[index] ?? grades[index].results {
                let wasOverridden = overridden?.contains(GradeKey(criteria: result.criteria, term: result.term)) ?? false
                points.append(GradePoint(time: time, seq: seq, criteria: result.criteria, term: result.term, grade: result.grade,
                                         overridden: wasOverridden))
            }
        }
        return points
    }

    /// The clinical time of the latest standing assessment (observation or correction).
    var lastAssessment: ClinicalTime? {
        var latest: ClinicalTime?
        for assessment in assessments {
            guard let time = assessment.time, latest.map({ time > $0 }) ?? true else { continue }
            if supersededSeqs.contains(assessment.seq) { continue }
            if !supersededIDs.isEmpty, supersededIDs.contains(assessment.id) { continue }
            latest = time
        }
        return latest
    }

    /// Maps an assessment's event id to its sequence number, for the rare grades event whose payload
    /// names its assessment by id only; the map is built on first use.
    private func assessmentSeqResolver() -> (String) -> Int64? {
        var map: [String: Int64]?
        let assessments = self.assessments
        return { id in
            if map == nil { map = Dictionary(assessments.map { ($0.id, $0.seq) }, uniquingKeysWith: { first, _ in first }) }
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
