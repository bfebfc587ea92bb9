import Clinical
import Testing
import TestSupport
@testable import Safety

/// The protocol evaluated one subject at a time (``SubjectwiseEvaluation``, what `aegrade rules
/// status` runs on a large log): the same status as the evaluation of every event, while holding
/// no subject's grades once that subject is evaluated.
@Suite struct SubjectwiseEvaluationTests {
    @Test(arguments: 1...16 as ClosedRange<UInt64>)
    func subjectBySubjectGivesTheStatusOfEveryEvent(seed: UInt64) throws {
        // Given a random log of several subjects, corrections, overrides and record times
        var random = SplitMix64(seed: seed)
        let trial = try EvaluationFixtures.trialProtocol()
        let log = TrialFoldTests.log(&random, events: 160)
        let latest = try #require(log.events.compactMap(\.recordInstant).max())
        for hours: Double in [-30, -2, 0, 5, 960] {
            let asOf = TrialFoldTests.later(latest, hours: hours)
            // When each subject's events are given together, in seq order, then those of no patient
            var evaluation = SubjectwiseEvaluation(trial, asOf: asOf)
            let patients = Set(log.events.compactMap(\.patient)).sorted()
            for patient in patients {
                evaluation.beginSubject(patient)
                for event in log.events where event.patient == patient { evaluation.add(event) }
            }
            for event in log.events where event.patient == nil { evaluation.add(event) }
            // Then the status is the evaluation of every event at that time
            #expect(evaluation.status() == TrialStatus.evaluate(trial, events: log.events, asOf: asOf), "seed \(seed), \(hours) h")
        }
    }

    @Test func noSubjectsGradesAreHeldOnceTheSubjectIsEvaluated() throws {
        // Given two subjects with many graded assessments each
        var log = LogFixture()
        for patient in ["P-1", "P-2"] {
            log.infuse(patient, at: "2026-03-01T08:00:00+08:00")
            for hour in 0..<300 {
                let time = ClinicalTime(secondsSinceEpoch: at("2026-03-01T09:00:00+08:00").secondsSinceEpoch + Double(hour) * 3600,
                                        offsetSeconds: 8 * 3600)
                log.assess(patient, at: time.utcText, .crs(hour % 3), .icans(0))
            }
        }
        let trial = try EvaluationFixtures.trialProtocol()
        var evaluation = SubjectwiseEvaluation(trial, asOf: at("2026-05-01T00:00:00+08:00"))
        // When the first subject's events are folded, the subject's standing grades are held
        evaluation.beginSubject("P-1")
        for event in log.events where event.patient == "P-1" { evaluation.add(event) }
        #expect(evaluation.heldGradesEvents == 300)
        // Then, once the next subject starts, none of the first one's are held any more
        evaluation.beginSubject("P-2")
        #expect(evaluation.heldGradesEvents == 0)
        #expect(evaluation.evaluatedSubjects == 1)
        for event in log.events where event.patient == "P-2" { evaluation.add(event) }
        evaluation.finishSubject()
        #expect(evaluation.heldGradesEvents == 0)
        #expect(evaluation.evaluatedSubjects == 2)
        #expect(evaluation.status() == TrialStatus.evaluate(trial, events: log.events, asOf: at("2026-05-01T00:00:00+08:00")))
    }
}
