import Clinical
import Testing
import TestSupport
@testable import Safety

/// The incremental fold of the protocol (``TrialFold``) against the evaluation of every event:
/// fed one event at a time, asked at random points at random times, it answers as
/// ``TrialStatus/evaluate(_:events:asOf:)`` of the events so far does (README "Protocol safety rules").
@Suite struct TrialFoldTests {
    /// The first record time of a generated log; events are recorded ten minutes apart.
    static let start = at("2026-03-01T00:00:00Z")

    @Test(arguments: 1...24 as ClosedRange<UInt64>)
    func theFoldAnswersAsTheWholeEvaluation(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let trial = try EvaluationFixtures.trialProtocol()
        let log = Self.log(&random, events: 160)
        var fold = TrialFold(trial)
        var asked = 0, answered = 0, refused = 0
        var lastAsOf = Self.start
        for (index, event) in log.events.enumerated() {
            fold.add(event)
            guard Int.random(in: 0..<4, using: &random) == 0 else { continue }
            let prefix = log.events[...index]
            // Mostly after the last record time (the board's clock), now and then the same time
            // again or a little later (the clock's tick), sometimes before it.
            let latest = try #require(prefix.compactMap(\.recordInstant).max())
            let asOf: ClinicalTime
            switch Int.random(in: 0..<6, using: &random) {
            case 0: asOf = lastAsOf
            case 1: asOf = Self.later(lastAsOf, hours: Double.random(in: 0...30, using: &random))
            case 2: asOf = Self.later(latest, hours: -Double.random(in: 0...20, using: &random))
            default: asOf = Self.later(latest, hours: Double.random(in: 0...(24 * 60), using: &random))
            }
            lastAsOf = asOf
            asked += 1
            let expected = TrialStatus.evaluate(trial, events: prefix, asOf: asOf)
            if let status = fold.status(asOf: asOf) {
                answered += 1
                #expect(status == expected, "seed \(seed), after #\(event.seq), as of \(asOf)")
            } else {
                refused += 1
                // It refuses only when an event it folded was recorded after the time asked.
                #expect(latest > asOf, "seed \(seed), after #\(event.seq), as of \(asOf)")
            }
        }
        #expect(asked > 20 && answered > 10, "seed \(seed): \(answered) of \(asked) answered, \(refused) refused")
    }

    @Test func aSummaryKeptFromAnEarlierTimeIsEvaluatedAgainWhenAWindowEnds() throws {
        var log = LogFixture()
        log.infuse("A", at: "2026-03-01T08:00:00+08:00")
        log.assess("A", at: "2026-03-02T08:00:00+08:00", .crs(1))
        let trial = try EvaluationFixtures.trialProtocol()
        var fold = TrialFold(trial)
        for event in log.events { fold.add(event) }
        let early = fold.status(asOf: at("2026-03-10T00:00:00+08:00")), late = fold.status(asOf: at("2026-04-10T00:00:00+08:00"))
        let inWindow = try #require(early), after = try #require(late)
        #expect(inWindow.subject("A")?.isEvaluable == false && after.subject("A")?.isEvaluable == true)
        #expect(after == TrialStatus.evaluate(trial, events: log.events, asOf: at("2026-04-10T00:00:00+08:00")))
    }

    @Test func aCorrectionFoldedLaterWithdrawsTheGradeItSupersedes() throws {
        var log = LogFixture()
        log.infuse("A", at: "2026-03-01T08:00:00+08:00")
        let (observation, grades) = log.assess("A", at: "2026-03-02T08:00:00+08:00", .crs(3))
        let trial = try EvaluationFixtures.trialProtocol()
        var fold = TrialFold(trial)
        for event in log.events { fold.add(event) }
        let asOf = at("2026-03-05T00:00:00+08:00")
        let graded = fold.status(asOf: asOf)
        #expect(graded?.subject("A")?.toxicities["severeCRS"] != nil)
        log.override(grades, criteria: "astct-2019-crs", grade: 4)
        log.correct(observation, .crs(1))
        for event in log.events.suffix(3) { fold.add(event) }
        let afterCorrection = fold.status(asOf: asOf)
        let corrected = try #require(afterCorrection)
        #expect(corrected.subject("A")?.toxicities["severeCRS"] == nil)
        #expect(corrected.subject("A")?.worstInDLTWindow[GradeKey(criteria: "astct-2019-crs", term: nil)] == 1)
        #expect(corrected == TrialStatus.evaluate(trial, events: log.events, asOf: asOf))
    }

    @Test func anEventRecordedAfterTheTimeAskedIsAnsweredByTheEvaluationNotTheFold() throws {
        var log = LogFixture()
        log.infuse("A", at: "2026-03-01T08:00:00+08:00")
        log.assess("A", at: "2026-03-02T08:00:00+08:00", .crs(3), recordedAt: "2026-03-09T00:00:00Z")
        var fold = TrialFold(try EvaluationFixtures.trialProtocol())
        for event in log.events { fold.add(event) }
        let before = fold.status(asOf: at("2026-03-05T00:00:00Z")), after = fold.status(asOf: at("2026-03-09T00:00:00Z"))
        #expect(before == nil)
        #expect(after != nil)
    }

    // MARK: - A generated log

    static func later(_ time: ClinicalTime, hours: Double) -> ClinicalTime {
        ClinicalTime(secondsSinceEpoch: time.secondsSinceEpoch + hours * 3600, offsetSeconds: time.offsetSeconds)
    }

    /// A clinical time between 1 March and 30 April 2026 at +08:00.
    static func clinical(_ random: inout SplitMix64) -> String {
        let seconds = at("2026-03-01T00:00:00Z").secondsSinceEpoch + Double(Int.random(in: 0..<(60 * 24 * 60), using: &random) * 60)
        // The local wall time, written with its offset.
        return String(ClinicalTime(secondsSinceEpoch: seconds, offsetSeconds: 0).utcText.dropLast()) + "+08:00"
    }

    /// Infusions, enrolments, assessments, corrections (of observations and of corrections),
    /// overrides (of grades, of assessments, of overrides), treatments, deaths, RCL findings with
    /// and without a patient, manufacturing failures, rule statuses; recorded in seq order.
    static func log(_ random: inout SplitMix64, events count: Int) -> LogFixture {
        var log = LogFixture()
        let patients = ["A", "B", "C", "D", "E", "F"]
        var assessments: [RecordedEvent] = [], gradings: [RecordedEvent] = [], overrides: [RecordedEvent] = []
        func recorded(_ log: LogFixture) -> String {
            later(start, hours: Double(log.events.count) / 6).utcText
        }
        func results(_ random: inout SplitMix64) -> [LogFixture.Result] {
            var results: [LogFixture.Result] = []
            if Bool.random(using: &random) { results.append(.crs(Int.random(in: -1...5, using: &random)).notAssessableBelowZero) }
            if Bool.random(using: &random) { results.append(.icans(Int.random(in: -1...4, using: &random)).notAssessableBelowZero) }
            if Int.random(in: 0..<3, using: &random) == 0 {
                results.append(LogFixture.Result(criteria: "ctcae-5-labs", term: "alt", grade: Int.random(in: 0...4, using: &random)))
            }
            return results
        }
        while log.events.count < count {
            let patient = patients.randomElement(using: &random)!
            let time = clinical(&random)
            switch Int.random(in: 0..<20, using: &random) {
            case 0:
                log.append(.enrollment, patient, at: time, EventPayload.enrollment(cohort: ["low", "high", nil].randomElement(using: &random)!),
                           recordedAt: recorded(log))
            case 1, 2:
                log.append(.infusion, patient, at: time, EventPayload.infusion(product: "LOT-\(patient)", dose: "1e6", cohort: nil),
                           recordedAt: recorded(log))
            case 3...8:
                let observation = log.append(.observation, patient, at: time, EventPayload.observation(.object([])), recordedAt: recorded(log))
                assessments.append(observation)
                gradings.append(log.append(.grades, patient, at: time,
                                           EventPayload.grades(observation: observation.id, observationSeq: observation.seq,
                                                               results: results(&random).map(\.json)), recordedAt: recorded(log)))
            case 9, 10:
                guard let target = assessments.randomElement(using: &random) else { continue }
                let correction = log.append(.correction, target.patient, at: Bool.random(using: &random) ? target.clinicalTime : time,
                                            EventPayload.correction(supersedes: target.id, supersedesSeq: target.seq, reason: "chart",
                                                                    assessment: .object([])), recordedAt: recorded(log))
                assessments.append(correction)
                gradings.append(log.append(.grades, target.patient, at: correction.clinicalTime,
                                           EventPayload.grades(observation: correction.id, observationSeq: correction.seq,
                                                               results: results(&random).map(\.json)), recordedAt: recorded(log)))
            case 11:
                // A re-grade of an assessment: the latest grades of an assessment stand.
                guard let target = assessments.randomElement(using: &random) else { continue }
                gradings.append(log.append(.grades, target.patient, at: target.clinicalTime,
                                           EventPayload.grades(observation: target.id, observationSeq: target.seq,
                                                               results: results(&random).map(\.json)), recordedAt: recorded(log)))
            case 12, 13:
                let pool = Int.random(in: 0..<5, using: &random) == 0 ? assessments + overrides : gradings
                guard let target = pool.randomElement(using: &random) else { continue }
                let criteria = ["astct-2019-crs", "astct-2019-icans"].randomElement(using: &random)!
                overrides.append(log.override(target, criteria: criteria, grade: Int.random(in: 0...5, using: &random), recordedAt: recorded(log)))
            case 14, 15:
                log.append(.treatment, patient, at: time, EventPayload.treatment(drug: ["tocilizumab", "dexamethasone"].randomElement(using: &random)!),
                           recordedAt: recorded(log))
            case 16:
                log.append(.death, patient, at: time, EventPayload.death(cause: "progression"), recordedAt: recorded(log))
            case 17:
                log.append(.rclDetected, Bool.random(using: &random) ? patient : nil, at: time, EventPayload.rclDetected(assay: "qPCR"),
                           recordedAt: recorded(log))
            case 18:
                log.append(.manufacturingFailure, patient, at: time,
                           EventPayload.manufacturingFailure(reason: "expansion", replaced: Bool.random(using: &random)), recordedAt: recorded(log))
            default:
                log.append(.note, patient, at: time, .object([("text", .string("seen"))]), recordedAt: recorded(log))
            }
        }
        return log
    }
}

private extension LogFixture.Result {
    /// A drawn grade of -1 stands for "not assessable".
    var notAssessableBelowZero: LogFixture.Result {
        LogFixture.Result(criteria: criteria, term: term, grade: grade.flatMap { $0 < 0 ? nil : $0 })
    }
}
