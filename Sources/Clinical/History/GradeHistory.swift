/// One patient's grades as they stand after corrections, re-grades and overrides: the rules of
/// the README ("Corrections and overrides" under "At the bedside"), written once. Replay (a
/// million events on one thread, keys numbered), the protocol rules, the timeline and the board's
/// first frame all fold a patient's events through it.
///
/// The rules:
/// - A `correction` supersedes an observation (or an earlier correction): the grades of the
///   superseded assessment stop standing, for good. The correction is an assessment itself; the
///   `grades` event that follows it takes the superseded grades' place.
/// - The latest `grades` event of an assessment stands (a re-grade replaces the earlier one,
///   overrides and all); grades of a superseded assessment never stand.
/// - An `override` names a `grades` event: while that event stands, the override's grade replaces
///   the result with the same criteria id and term (or joins the results), the latest override
///   winning. An override naming anything else — an assessment, another override, grades that no
///   longer stand — is not applied; an override of grades a correction has since superseded lapses
///   with them.
///
/// Memory: what is kept is up to the caller. The protocol rules and the timeline keep every
/// assessment; a replay keeps the few it still needs (``retain(where:)``) and reads the rest back
/// through a ``GradeRecall`` — the rules stay here either way.
///
/// Every event reports what it changed (``Change``) to a closure, so that a fold keeping counts
/// (the worst grade) or lists (the timeline) of its own follows without asking again.
package struct GradeHistory<Key: Hashable & Sendable>: Sendable {
    /// One result as it stands: computed, or set by an override.
    package struct Result: Sendable, Equatable {
        package var key: Key
        /// nil: not assessable.
        package var grade: Int?
        /// The grades event it was computed in, or the override that set it.
        package var seq: Int64
        package var overridden: Bool

        package init(key: Key, grade: Int?, seq: Int64, overridden: Bool) {
            self.key = key
            self.grade = grade
            self.seq = seq
            self.overridden = overridden
        }
    }

    /// The grades event standing for one assessment, its results with the overrides applied.
    package struct Standing: Sendable, Equatable {
        package var gradesSeq: Int64
        /// The observation or correction graded; nil for a grades event that names none (a log
        /// written by hand), which then stands alone.
        package var assessment: Int64?
        package var results: [Result]

        package init(gradesSeq: Int64, assessment: Int64?, results: [Result]) {
            self.gradesSeq = gradesSeq
            self.assessment = assessment
            self.results = results
        }

        /// The assessment's key in the history (the grades event's own seq when it names none).
        @usableFromInline var slot: Int64 { assessment ?? gradesSeq }
    }

    /// What one event changed.
    package enum Change {
        /// A grades event now stands.
        case stands(Standing)
        /// A standing grades event no longer stands: its assessment was corrected, or re-graded.
        case withdrawn(Standing)
        /// An override replaced `from` (nil: the result was not there) by `to` in `standing`
        /// (given as it is now).
        case overridden(Standing, from: Result?, to: Result)
    }

    // The history's methods are inlinable so that a caller in another module (a replay folding a
    // million events, keys numbered) may run them specialized for its key type: unspecialized,
    // every dictionary access of a generic `Standing` looks up type metadata at run time (5.8 % of
    // a replay's CPU time, `perf` on the release build). The release build still calls the
    // generic entry (README, `Benchmarks/verify-replay.sh`): a follow-up.

    /// The assessments a correction has superseded.
    package var superseded: Set<Int64> { supersededSeqs }
    @usableFromInline var supersededSeqs: Set<Int64> = []
    /// Per assessment kept: its standing grades, or nil while it has none.
    @usableFromInline var kept: [Int64: Standing?] = [:]
    /// The assessment of each kept standing grades event.
    @usableFromInline var assessmentOfGrades: [Int64: Int64] = [:]

    package init() {}

    // MARK: - Events

    /// An observation: a new assessment, not graded yet.
    @inlinable package mutating func observation(_ seq: Int64) {
        if kept[seq] == nil { kept[seq] = .some(nil) }
    }

    /// A correction `seq` superseding assessment `target` (nil when the payload names none).
    @inlinable package mutating func correction(_ seq: Int64, supersedes target: Int64?, recall: some GradeRecall<Key>,
                                     _ change: (Change) -> Void = { _ in }) {
        observation(seq)
        guard let target, target != seq, supersededSeqs.insert(target).inserted else { return }
        let previous = standing(ofAssessment: target, before: seq, recall)
        if let previous { assessmentOfGrades[previous.gradesSeq] = nil }
        kept[target] = nil
        if let previous { change(.withdrawn(previous)) }
    }

    /// A grades event `seq` of `assessment` (nil when it names none) with its computed results.
    @inlinable package mutating func grades(_ seq: Int64, of assessment: Int64?, results: some Sequence<(Key, Int?)>,
                                 recall: some GradeRecall<Key>, _ change: (Change) -> Void = { _ in }) {
        if let assessment, supersededSeqs.contains(assessment) { return }
        var standing = Standing(gradesSeq: seq, assessment: assessment, results: [])
        for (key, grade) in results { standing.results.append(Result(key: key, grade: grade, seq: seq, overridden: false)) }
        let previous = assessment.flatMap { self.standing(ofAssessment: $0, before: seq, recall) }
        if let previous { assessmentOfGrades[previous.gradesSeq] = nil }
        kept[standing.slot] = standing
        assessmentOfGrades[seq] = standing.slot
        if let previous { change(.withdrawn(previous)) }
        change(.stands(standing))
    }

    /// An override `seq` naming event `target` and giving `grade` for `key`.
    @inlinable package mutating func override(_ seq: Int64, of target: Int64, key: Key, grade: Int?, recall: some GradeRecall<Key>,
                                   _ change: (Change) -> Void = { _ in }) {
        var standing: Standing
        var isKept = false
        if let slot = assessmentOfGrades[target], let found = kept[slot] ?? nil, found.gradesSeq == target {
            standing = found
            isKept = true
        } else {
            // Not kept: read back, and checked to stand (its assessment not superseded, and not
            // re-graded since).
            guard let recalled = recall.grades(target, before: seq) else { return }
            if let assessment = recalled.assessment {
                guard !supersededSeqs.contains(assessment), kept[assessment] == nil,
                      recall.gradesSeq(ofAssessment: assessment, before: seq) == target else { return }
            }
            standing = recalled
        }
        if let assessment = standing.assessment, supersededSeqs.contains(assessment) { return }
        let new = Result(key: key, grade: grade, seq: seq, overridden: true)
        var old: Result?
        if let index = standing.results.firstIndex(where: { $0.key == key }) {
            old = standing.results[index]
            standing.results[index] = new
        } else {
            standing.results.append(new)
        }
        if isKept { kept[standing.slot] = standing }
        change(.overridden(standing, from: old, to: new))
    }

    // MARK: - Events, when every assessment is kept

    /// A correction, in a history that keeps every assessment.
    @inlinable package mutating func correction(_ seq: Int64, supersedes target: Int64?, _ change: (Change) -> Void = { _ in }) {
        correction(seq, supersedes: target, recall: NoRecall<Key>(), change)
    }

    /// A grades event, in a history that keeps every assessment.
    @inlinable package mutating func grades(_ seq: Int64, of assessment: Int64?, results: some Sequence<(Key, Int?)>, _ change: (Change) -> Void = { _ in }) {
        grades(seq, of: assessment, results: results, recall: NoRecall<Key>(), change)
    }

    /// An override, in a history that keeps every assessment.
    @inlinable package mutating func override(_ seq: Int64, of target: Int64, key: Key, grade: Int?, _ change: (Change) -> Void = { _ in }) {
        override(seq, of: target, key: key, grade: grade, recall: NoRecall<Key>(), change)
    }

    // MARK: - Reading

    /// The standing grades of `assessment`, when kept.
    @inlinable package func standing(of assessment: Int64) -> Standing? { kept[assessment] ?? nil }

    /// Whether `assessment` is kept (graded or not).
    @inlinable package func keeps(_ assessment: Int64) -> Bool { kept[assessment] != nil }

    /// Every standing grades event kept, in no order.
    @inlinable package var standings: [Standing] { kept.values.compactMap { $0 } }

    /// Forgets the assessments (and their grades) for which `keep` is false: a replay keeps memory
    /// per patient, and reads the rest back through its ``GradeRecall`` when a correction or an
    /// override reaches them.
    @inlinable package mutating func retain(where keep: (Int64) -> Bool) {
        // A replay keeps one or two: found one by one, without building a list each time.
        while let slot = kept.keys.first(where: { !keep($0) }) {
            if let standing = kept.removeValue(forKey: slot) ?? nil { assessmentOfGrades[standing.gradesSeq] = nil }
        }
    }

    // MARK: -

    /// The standing grades of `assessment` just before `seq`: kept, or read back.
    @inlinable func standing(ofAssessment assessment: Int64, before seq: Int64, _ recall: some GradeRecall<Key>) -> Standing? {
        if let entry = kept[assessment] { return entry }
        guard let gradesSeq = recall.gradesSeq(ofAssessment: assessment, before: seq) else { return nil }
        return recall.grades(gradesSeq, before: seq)
    }
}

/// How a ``GradeHistory`` that keeps few assessments reads the others back from the log.
package protocol GradeRecall<Key> {
    associatedtype Key: Hashable & Sendable
    /// The grades event `seq` as it stood just before `before` — its assessment, and its results
    /// with the overrides naming it applied — or nil when `seq` is not a grades event.
    func grades(_ seq: Int64, before: Int64) -> GradeHistory<Key>.Standing?
    /// The latest grades event of `assessment` before `before`, or nil when it has none.
    func gradesSeq(ofAssessment assessment: Int64, before: Int64) -> Int64?
}

/// The recall of a history that keeps every assessment: nothing is ever read back.
package struct NoRecall<Key: Hashable & Sendable>: GradeRecall {
    package init() {}
    package func grades(_ seq: Int64, before: Int64) -> GradeHistory<Key>.Standing? { nil }
    package func gradesSeq(ofAssessment assessment: Int64, before: Int64) -> Int64? { nil }
}
