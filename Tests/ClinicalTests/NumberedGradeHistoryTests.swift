import Clinical
import Testing

/// The history a replay folds (keys numbered, not generic, its recall two closures) answers as the
/// generic one keeping every assessment: it is one call of ``GradeHistory`` per event.
@Suite("Numbered grade history: the replay's entry to the one rule")
struct NumberedGradeHistoryTests {
    static let keys = ["crs", "icans", "labs/alt"]
    static func number(_ key: String) -> Int32 { Int32(keys.firstIndex(of: key)!) }

    /// The standing as the generic history with string keys holds it.
    static func named(_ standing: NumberedGradeHistory.Standing?) -> GradeHistory<String>.Standing? {
        standing.map { s in
            .init(gradesSeq: s.gradesSeq, assessment: s.assessment,
                  results: s.results.map { .init(key: keys[Int($0.key)], grade: $0.grade, seq: $0.seq, overridden: $0.overridden) })
        }
    }

    static func numbered(_ standing: GradeHistory<String>.Standing?) -> NumberedGradeHistory.Standing? {
        standing.map { s in
            .init(gradesSeq: s.gradesSeq, assessment: s.assessment,
                  results: s.results.map { .init(key: number($0.key), grade: $0.grade, seq: $0.seq, overridden: $0.overridden) })
        }
    }

    static func count(_ change: NumberedGradeHistory.Change, _ counts: inout [String: Int]) {
        switch change {
        case .stands(let s): for r in s.results { counts["\(keys[Int(r.key)])=\(r.grade ?? -1)", default: 0] += 1 }
        case .withdrawn(let s): for r in s.results { counts["\(keys[Int(r.key)])=\(r.grade ?? -1)", default: 0] -= 1 }
        case .overridden(_, let from, let to):
            if let from { counts["\(keys[Int(from.key)])=\(from.grade ?? -1)", default: 0] -= 1 }
            counts["\(keys[Int(to.key)])=\(to.grade ?? -1)", default: 0] += 1
        }
    }

    @Test("keeping only the latest assessment and reading the rest back, it answers as the generic history keeping all",
          arguments: 0..<40 as Range<UInt64>)
    func agreesWithGenericHistory(seed: UInt64) {
        let steps = GradeHistoryTests.randomSteps(seed: seed, count: 60)
        let recall = GradeHistoryTests.StepRecall(steps: steps)
        let recallGrades: NumberedGradeHistory.RecallGrades = { Self.numbered(recall.grades($0, before: $1)) }
        let recallGradesSeq: NumberedGradeHistory.RecallGradesSeq = { recall.gradesSeq(ofAssessment: $0, before: $1) }
        var all = GradeHistory<String>(), few = NumberedGradeHistory()
        var countsAll: [String: Int] = [:], countsFew: [String: Int] = [:]
        var latest: Int64 = 0
        for step in steps {
            switch step {
            case .observation(let seq):
                all.observation(seq); few.observation(seq); latest = seq
            case .grades(let seq, let assessment, let results):
                all.grades(seq, of: assessment, results: results) { GradeHistoryTests.count($0, &countsAll) }
                few.grades(seq, of: assessment, count: results.count, result: { (Self.number(results[$0].0), results[$0].1) },
                           recallGrades: recallGrades, recallGradesSeq: recallGradesSeq) { Self.count($0, &countsFew) }
            case .correction(let seq, let target):
                all.correction(seq, supersedes: target) { GradeHistoryTests.count($0, &countsAll) }
                few.correction(seq, supersedes: target, recallGrades: recallGrades, recallGradesSeq: recallGradesSeq) {
                    Self.count($0, &countsFew)
                }
                latest = seq
            case .override(let seq, let target, let key, let grade):
                all.override(seq, of: target, key: key, grade: grade) { GradeHistoryTests.count($0, &countsAll) }
                few.override(seq, of: target, key: Self.number(key), grade: grade, recallGrades: recallGrades,
                             recallGradesSeq: recallGradesSeq) { Self.count($0, &countsFew) }
            }
            few.retain { $0 == latest }
            #expect(few.superseded == all.superseded, "seed \(seed)")
            #expect(few.keeps(latest) == all.keeps(latest), "seed \(seed)")
            #expect(Self.named(few.standing(of: latest)) == all.standing(of: latest), "seed \(seed), after \(step)")
            #expect(countsFew.filter { $0.value != 0 } == countsAll.filter { $0.value != 0 }, "seed \(seed), after \(step)")
        }
    }
}
