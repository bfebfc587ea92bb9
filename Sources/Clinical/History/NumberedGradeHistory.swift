/// ``GradeHistory`` for keys numbered as `Int32` (a replay's), behind methods that are not
/// generic, so that the optimizer specializes the history's code here, in its own module.
///
/// A replay folds a million events from another module. Called from there, the generic history
/// ran unspecialized: every dictionary access of a generic `Standing` looked its type metadata up
/// at run time (`swift_getGenericMetadata`, 8 % of a replay's CPU time under the history's 13 %,
/// `perf` on the release build), and marking the history's methods `@inlinable` did not get them
/// specialized in the release build (README, `Benchmarks/verify-replay.sh`). The rules stay in
/// ``GradeHistory``: every method here is one call of it.
package struct NumberedGradeHistory: Sendable {
    package typealias Key = Int32
    package typealias Result = GradeHistory<Int32>.Result
    package typealias Standing = GradeHistory<Int32>.Standing
    package typealias Change = GradeHistory<Int32>.Change

    /// How the history reads an older assessment back (``GradeRecall``), as two closures: the
    /// grades event `seq` as it stood before `before`, and the latest grades event of an
    /// assessment before `before`.
    package typealias RecallGrades = (_ seq: Int64, _ before: Int64) -> Standing?
    package typealias RecallGradesSeq = (_ assessment: Int64, _ before: Int64) -> Int64?

    private var history = GradeHistory<Int32>()

    package init() {}

    package var superseded: Set<Int64> { history.superseded }

    /// An observation: a new assessment, not graded yet.
    package mutating func observation(_ seq: Int64) {
        history.observation(seq)
    }

    /// A correction `seq` superseding assessment `target`.
    package mutating func correction(_ seq: Int64, supersedes target: Int64?, recallGrades: RecallGrades,
                                     recallGradesSeq: RecallGradesSeq, _ change: (Change) -> Void) {
        withRecall(recallGrades, recallGradesSeq) { history, recall in
            history.correction(seq, supersedes: target, recall: recall, change)
        }
    }

    /// A grades event `seq` of `assessment` with its `count` results, `result(i)` the i-th.
    package mutating func grades(_ seq: Int64, of assessment: Int64?, count: Int, result: (Int) -> (Int32, Int?),
                                 recallGrades: RecallGrades, recallGradesSeq: RecallGradesSeq, _ change: (Change) -> Void) {
        withoutActuallyEscaping(result) { result in
            withRecall(recallGrades, recallGradesSeq) { history, recall in
                history.grades(seq, of: assessment, results: (0..<count).lazy.map(result), recall: recall, change)
            }
        }
    }

    /// An override `seq` naming event `target` and giving `grade` for `key`.
    package mutating func override(_ seq: Int64, of target: Int64, key: Int32, grade: Int?, recallGrades: RecallGrades,
                                   recallGradesSeq: RecallGradesSeq, _ change: (Change) -> Void) {
        withRecall(recallGrades, recallGradesSeq) { history, recall in
            history.override(seq, of: target, key: key, grade: grade, recall: recall, change)
        }
    }

    /// The standing grades of `assessment`, when kept.
    package func standing(of assessment: Int64) -> Standing? { history.standing(of: assessment) }

    /// Whether `assessment` is kept (graded or not).
    package func keeps(_ assessment: Int64) -> Bool { history.keeps(assessment) }

    /// Forgets the assessments (and their grades) for which `keep` is false.
    package mutating func retain(where keep: (Int64) -> Bool) { history.retain(where: keep) }

    /// Runs `body` with the two closures as a ``GradeRecall``, which the history takes; they do not
    /// escape the call, so a fold makes no closure on the heap per event.
    private mutating func withRecall(_ grades: RecallGrades, _ gradesSeq: RecallGradesSeq,
                                     _ body: (inout GradeHistory<Int32>, ClosureRecall) -> Void) {
        withoutActuallyEscaping(grades) { grades in
            withoutActuallyEscaping(gradesSeq) { gradesSeq in
                body(&history, ClosureRecall(grades: grades, gradesSeq: gradesSeq))
            }
        }
    }

    private struct ClosureRecall: GradeRecall {
        let grades: RecallGrades
        let gradesSeq: RecallGradesSeq
        func grades(_ seq: Int64, before: Int64) -> Standing? { grades(seq, before) }
        func gradesSeq(ofAssessment assessment: Int64, before: Int64) -> Int64? { gradesSeq(assessment, before) }
    }
}
