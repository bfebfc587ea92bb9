import Clinical
import Testing
import TestSupport

/// The one rule of grades as they stand (README, "Corrections and overrides"), event by event,
/// and the same answers from a history that keeps few assessments and reads the rest back.
@Suite("Grade history: corrections, re-grades and overrides")
struct GradeHistoryTests {
    typealias History = GradeHistory<String>

    /// The results of `assessment` as (key, grade, overridden).
    static func results(_ history: History, _ assessment: Int64) -> [String: (Int?, Bool)] {
        Dictionary(uniqueKeysWithValues: (history.standing(of: assessment)?.results ?? []).map { ($0.key, ($0.grade, $0.overridden)) })
    }

    @Test("grades stand for their assessment; a later grades event of it (a re-grade) replaces them, overrides and all")
    func regradeReplaces() {
        var history = History()
        history.observation(1)
        history.grades(2, of: 1, results: [("crs", 2), ("icans", nil)] as [(String, Int?)])
        #expect(Self.results(history, 1)["crs"]! == (2, false))
        history.override(3, of: 2, key: "crs", grade: 3)
        #expect(Self.results(history, 1)["crs"]! == (3, true))
        var changes: [History.Change] = []
        history.grades(4, of: 1, results: [("crs", 1)] as [(String, Int?)]) { changes.append($0) }
        #expect(history.standing(of: 1)?.gradesSeq == 4)
        #expect(Self.results(history, 1)["crs"]! == (1, false))
        guard case .withdrawn(let old)? = changes.first, case .stands(let new)? = changes.last else {
            Issue.record("expected the earlier grades withdrawn, then the new ones standing: \(changes)")
            return
        }
        #expect(old.gradesSeq == 2 && old.results.first?.grade == 3)
        #expect(new.gradesSeq == 4)
        // An override of the replaced grades event is not applied.
        history.override(5, of: 2, key: "crs", grade: 5)
        #expect(Self.results(history, 1)["crs"]! == (1, false))
    }

    @Test("an override replaces the result with its criteria id and term, the latest winning; a new key joins the results")
    func latestOverrideWins() {
        var history = History()
        history.observation(1)
        history.grades(2, of: 1, results: [("crs", 2), ("labs/alt", 1)] as [(String, Int?)])
        history.override(3, of: 2, key: "crs", grade: 4)
        history.override(4, of: 2, key: "crs", grade: 1)
        history.override(5, of: 2, key: "icans", grade: 2)
        let results = Self.results(history, 1)
        #expect(results["crs"]! == (1, true))
        #expect(results["labs/alt"]! == (1, false))
        #expect(results["icans"]! == (2, true))
        #expect(history.standing(of: 1)?.results.first { $0.key == "crs" }?.seq == 4)
    }

    @Test("an override naming an assessment, another override or an unknown event is not applied")
    func overrideOfAnythingElse() {
        var history = History()
        history.observation(1)
        history.grades(2, of: 1, results: [("crs", 2)] as [(String, Int?)])
        history.override(3, of: 2, key: "crs", grade: 3)
        var changes = 0
        for target: Int64 in [1, 3, 99] { history.override(10 + target, of: target, key: "crs", grade: 5) { _ in changes += 1 } }
        #expect(changes == 0)
        #expect(Self.results(history, 1)["crs"]! == (3, true))
    }

    @Test("a correction withdraws the superseded grades for good: their override lapses, later overrides of them and grades of the superseded assessment are not applied")
    func correctionSupersedes() {
        var history = History()
        history.observation(1)
        history.grades(2, of: 1, results: [("icans", 2)] as [(String, Int?)])
        history.override(3, of: 2, key: "icans", grade: 3)
        var withdrawn: [History.Standing] = []
        history.correction(4, supersedes: 1) { if case .withdrawn(let s) = $0 { withdrawn.append(s) } }
        #expect(withdrawn.map(\.gradesSeq) == [2])
        #expect(withdrawn.first?.results.first?.grade == 3)
        #expect(history.superseded == [1])
        #expect(history.standing(of: 1) == nil)
        history.grades(5, of: 4, results: [("icans", 2)] as [(String, Int?)])
        #expect(Self.results(history, 4)["icans"]! == (2, false))
        // The lapsed override's target and the superseded assessment stay out.
        history.override(6, of: 2, key: "icans", grade: 4)
        history.grades(7, of: 1, results: [("icans", 5)] as [(String, Int?)])
        #expect(history.standing(of: 1) == nil)
        #expect(history.standings.map(\.gradesSeq) == [5])
        // An override recorded again against the corrected grades stands.
        history.override(8, of: 5, key: "icans", grade: 3)
        #expect(Self.results(history, 4)["icans"]! == (3, true))
        // A correction of the correction supersedes it in turn; a second correction of the first
        // assessment changes nothing.
        var changes = 0
        history.correction(9, supersedes: 1) { _ in changes += 1 }
        #expect(changes == 0)
        history.correction(10, supersedes: 4)
        #expect(history.standings.isEmpty)
    }

    /// A random history of a few assessments: entries, re-grades, corrections (also of corrected
    /// entries), overrides of standing, replaced, superseded grades and of other events.
    enum Step {
        case observation(Int64)
        case grades(Int64, of: Int64?, [(String, Int?)])
        case correction(Int64, supersedes: Int64)
        case override(Int64, of: Int64, key: String, grade: Int?)
    }

    static func randomSteps(seed: UInt64, count: Int) -> [Step] {
        var random = SplitMix64(seed: seed)
        var steps: [Step] = []
        var assessments: [Int64] = []
        var seq: Int64 = 0
        let keys = ["crs", "icans", "labs/alt"]
        func grade() -> Int? { Int.random(in: -1...5, using: &random) < 0 ? nil : Int.random(in: 0...5, using: &random) }
        for _ in 0..<count {
            seq += 1
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<3:
                steps.append(.observation(seq))
                assessments.append(seq)
                seq += 1
                steps.append(.grades(seq, of: seq - 1, keys.shuffled(using: &random).prefix(2).map { ($0, grade()) }))
            case 3:
                guard let target = assessments.randomElement(using: &random) else { continue }
                steps.append(.grades(seq, of: target, [("crs", grade())]))
            case 4..<6:
                guard let target = assessments.randomElement(using: &random) else { continue }
                steps.append(.correction(seq, supersedes: target))
                assessments.append(seq)
                seq += 1
                steps.append(.grades(seq, of: seq - 1, [("crs", grade()), ("icans", grade())]))
            default:
                guard seq > 1 else { continue }
                steps.append(.override(seq, of: Int64.random(in: 1..<seq, using: &random), key: keys.randomElement(using: &random)!, grade: grade()))
            }
        }
        return steps
    }

    /// Reads back from the steps, as a replay reads back from the log.
    struct StepRecall: GradeRecall {
        let steps: [Step]
        func grades(_ seq: Int64, before: Int64) -> GradeHistory<String>.Standing? {
            guard seq < before else { return nil }
            var standing: GradeHistory<String>.Standing?
            for step in steps {
                switch step {
                case .grades(let s, let assessment, let results) where s == seq:
                    standing = .init(gradesSeq: s, assessment: assessment,
                                     results: results.map { .init(key: $0.0, grade: $0.1, seq: s, overridden: false) })
                case .override(let s, let target, let key, let grade) where target == seq && s < before && standing != nil:
                    let result = GradeHistory<String>.Result(key: key, grade: grade, seq: s, overridden: true)
                    if let index = standing!.results.firstIndex(where: { $0.key == key }) { standing!.results[index] = result } else { standing!.results.append(result) }
                default:
                    break
                }
            }
            return standing
        }
        func gradesSeq(ofAssessment assessment: Int64, before: Int64) -> Int64? {
            steps.reduce(nil) { latest, step in
                if case .grades(let s, let of, _) = step, of == assessment, s < before { return s }
                return latest
            }
        }
    }

    /// Counts standing grades per key and grade, as a replay does for the worst grade.
    static func count(_ change: History.Change, _ counts: inout [String: Int]) {
        switch change {
        case .stands(let s): for r in s.results { counts["\(r.key)=\(r.grade ?? -1)", default: 0] += 1 }
        case .withdrawn(let s): for r in s.results { counts["\(r.key)=\(r.grade ?? -1)", default: 0] -= 1 }
        case .overridden(_, let from, let to):
            if let from { counts["\(from.key)=\(from.grade ?? -1)", default: 0] -= 1 }
            counts["\(to.key)=\(to.grade ?? -1)", default: 0] += 1
        }
    }

    @Test("a history that keeps only the latest assessment and reads the rest back answers as one that keeps all", arguments: 0..<40 as Range<UInt64>)
    func recallAgreesWithKeepingAll(seed: UInt64) {
        let steps = Self.randomSteps(seed: seed, count: 60)
        let recall = StepRecall(steps: steps)
        var all = History(), few = History()
        // The count of standing grades per key and grade, as a replay keeps for the worst grade.
        var countsAll: [String: Int] = [:], countsFew: [String: Int] = [:]
        var latest: Int64 = 0
        for step in steps {
            switch step {
            case .observation(let seq):
                all.observation(seq); few.observation(seq); latest = seq
            case .grades(let seq, let assessment, let results):
                all.grades(seq, of: assessment, results: results) { Self.count($0, &countsAll) }
                few.grades(seq, of: assessment, results: results, recall: recall) { Self.count($0, &countsFew) }
            case .correction(let seq, let target):
                all.correction(seq, supersedes: target) { Self.count($0, &countsAll) }
                few.correction(seq, supersedes: target, recall: recall) { Self.count($0, &countsFew) }
                latest = seq
            case .override(let seq, let target, let key, let grade):
                all.override(seq, of: target, key: key, grade: grade) { Self.count($0, &countsAll) }
                few.override(seq, of: target, key: key, grade: grade, recall: recall) { Self.count($0, &countsFew) }
            }
            few.retain { $0 == latest }
            #expect(few.superseded == all.superseded, "seed \(seed)")
            #expect(few.standing(of: latest) == all.standing(of: latest), "seed \(seed), after \(step)")
            #expect(countsFew.filter { $0.value != 0 } == countsAll.filter { $0.value != 0 }, "seed \(seed), after \(step)")
        }
        #expect(all.standings.count > 1, "seed \(seed): the history should keep several standing grades")
    }
}
