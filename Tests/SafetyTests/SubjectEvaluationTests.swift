import Clinical
import Testing
@testable import Safety

/// Per-subject evaluation over hand-built logs: DLT window, evaluability, corrections, overrides.
struct SubjectEvaluationTests {
    /// Infused at 10:00 (+08:00) on 1 March: day 0 is 1 March, the window holds days 0–28 and ends at
    /// 30 March 00:00 +08:00.
    static let infusion = "2026-03-01T10:00:00+08:00"

    @Test func dltWindowIncludesDay28AndEndsAtMidnight() throws {
        var log = LogFixture()
        log.infuse("A", at: Self.infusion)
        log.infuse("B", at: Self.infusion)
        log.assess("A", at: "2026-03-29T23:59:00+08:00", .crs(3))   // day 28: inside
        log.assess("B", at: "2026-03-30T00:00:00+08:00", .crs(3))   // day 29: outside
        let status = try EvaluationFixtures.status(log, asOf: "2026-04-10T00:00:00+08:00")
        let a = try #require(status.subject("A")), b = try #require(status.subject("B"))
        #expect(a.dltWindowEnd == at("2026-03-30T00:00:00+08:00"))
        #expect(a.worstInDLTWindow[GradeKey(criteria: "astct-2019-crs", term: nil)] == 3)
        #expect(a.toxicities["severeCRS"] == at("2026-03-29T23:59:00+08:00"))
        #expect(a.evaluability == .evaluable(at: at("2026-03-29T23:59:00+08:00"), because: .dlt))
        #expect(b.worstInDLTWindow.isEmpty)
        #expect(b.worstOverall[GradeKey(criteria: "astct-2019-crs", term: nil)] == 3)
        #expect(b.toxicities["severeCRS"] == nil && b.firstDLT == nil)
        #expect(b.evaluability == .evaluable(at: at("2026-03-30T00:00:00+08:00"), because: .windowCompleted))
    }

    @Test func studyDaysFollowTheInfusionsCalendarDate() {
        let calendar = StudyCalendar(infusion: at(Self.infusion))
        #expect(calendar.day(of: at("2026-03-01T23:59:59+08:00")) == 0)
        #expect(calendar.day(of: at("2026-03-01T16:00:00Z")) == 1)          // 00:00 on 2 March in +08:00
        #expect(calendar.day(of: at("2026-03-01T09:00:00+08:00")) == 0)     // before infusion, same date
        #expect(calendar.day(of: at("2026-02-28T12:00:00+08:00")) == -1)
        #expect(calendar.isInDLTWindow(at("2026-03-01T09:59:59+08:00"), days: 28) == false)
        #expect(calendar.isInDLTWindow(at("2026-03-01T10:00:00+08:00"), days: 28))
    }

    @Test func gradesBeforeInfusionAreNotToxicities() throws {
        var log = LogFixture()
        log.assess("A", at: "2026-03-01T08:00:00+08:00", .crs(3))           // baseline, before the infusion
        log.infuse("A", at: Self.infusion)
        let a = try #require(try EvaluationFixtures.status(log, asOf: "2026-03-05T00:00:00+08:00").subject("A"))
        #expect(a.toxicities.isEmpty && a.worstInDLTWindow.isEmpty && a.episodes.isEmpty)
    }

    @Test func evaluableOnlyOnceTheWindowHasEnded() throws {
        var log = LogFixture()
        log.infuse("B", at: Self.infusion)
        log.assess("B", at: "2026-03-05T08:00:00+08:00", .crs(2))
        let before = try #require(try EvaluationFixtures.status(log, asOf: "2026-03-29T23:59:59+08:00").subject("B"))
        #expect(before.evaluability == .inDLTWindow(until: at("2026-03-30T00:00:00+08:00")))
        #expect(before.studyDay == 28)
        let after = try #require(try EvaluationFixtures.status(log, asOf: "2026-03-30T00:00:00+08:00").subject("B"))
        #expect(after.isEvaluable && after.evaluableAt == at("2026-03-30T00:00:00+08:00"))
    }

    @Test func deathInTheWindowWithoutADLTIsNotEvaluable() throws {
        var log = LogFixture()
        log.infuse("C", at: Self.infusion)
        log.die("C", at: "2026-03-11T04:00:00+08:00", cause: "other")
        let status = try EvaluationFixtures.status(log, asOf: "2026-05-01T00:00:00+08:00")
        let c = try #require(status.subject("C"))
        #expect(c.evaluability == .diedInDLTWindowWithoutDLT(day: 10))
        #expect(c.toxicities["death"] == at("2026-03-11T04:00:00+08:00"))
        #expect(status.evaluableCount == 0)
    }

    @Test func notInfusedIsNotEvaluable() throws {
        var log = LogFixture()
        log.enroll("D", at: "2026-02-20T09:00:00+08:00")
        let d = try #require(try EvaluationFixtures.status(log, asOf: "2026-05-01T00:00:00+08:00").subject("D"))
        #expect(d.evaluability == .notInfused && d.notTreated == nil && d.studyDay == nil)
    }

    @Test func anOverrideReplacesTheComputedGrade() throws {
        var log = LogFixture()
        log.infuse("A", at: Self.infusion)
        let (_, grades) = log.assess("A", at: "2026-03-03T08:00:00+08:00", .crs(2), .icans(1))
        log.override(grades, criteria: "astct-2019-crs", grade: 3)
        let a = try #require(try EvaluationFixtures.status(log, asOf: "2026-03-10T00:00:00+08:00").subject("A"))
        #expect(a.worstInDLTWindow[GradeKey(criteria: "astct-2019-crs", term: nil)] == 3)
        #expect(a.worstInDLTWindow[GradeKey(criteria: "astct-2019-icans", term: nil)] == 1)
        #expect(a.toxicities["severeCRS"] == at("2026-03-03T08:00:00+08:00"))
        #expect(a.firstDLT == at("2026-03-03T08:00:00+08:00"))
    }

    @Test func aLaterOverrideOfTheSameGradesWins() throws {
        var log = LogFixture()
        log.infuse("A", at: Self.infusion)
        let (_, grades) = log.assess("A", at: "2026-03-03T08:00:00+08:00", .crs(2))
        log.override(grades, criteria: "astct-2019-crs", grade: 3)
        log.override(grades, criteria: "astct-2019-crs", grade: 1)
        let a = try #require(try EvaluationFixtures.status(log, asOf: "2026-03-10T00:00:00+08:00").subject("A"))
        #expect(a.worstInDLTWindow[GradeKey(criteria: "astct-2019-crs", term: nil)] == 1)
        #expect(a.toxicities["severeCRS"] == nil)
    }

    /// An override names a grades event (the README's rule, as in replay, timeline and board):
    /// one naming an earlier override is not applied.
    @Test func anOverrideNamingAnOverrideIsNotApplied() throws {
        var log = LogFixture()
        log.infuse("A", at: Self.infusion)
        let (_, grades) = log.assess("A", at: "2026-03-03T08:00:00+08:00", .crs(2))
        let first = log.override(grades, criteria: "astct-2019-crs", grade: 3)
        log.override(first, criteria: "astct-2019-crs", grade: 1)
        let a = try #require(try EvaluationFixtures.status(log, asOf: "2026-03-10T00:00:00+08:00").subject("A"))
        #expect(a.worstInDLTWindow[GradeKey(criteria: "astct-2019-crs", term: nil)] == 3)
    }

    @Test func aCorrectionReplacesTheSupersededGrades() throws {
        var log = LogFixture()
        log.infuse("A", at: Self.infusion)
        let (observation, grades) = log.assess("A", at: "2026-03-04T08:00:00+08:00", .crs(3))
        log.override(grades, criteria: "astct-2019-crs", grade: 4)      // then superseded with its grades
        log.correct(observation, .crs(1))
        let a = try #require(try EvaluationFixtures.status(log, asOf: "2026-03-10T00:00:00+08:00").subject("A"))
        #expect(a.worstInDLTWindow[GradeKey(criteria: "astct-2019-crs", term: nil)] == 1)
        #expect(a.toxicities["severeCRS"] == nil)
        #expect(a.evaluability == .inDLTWindow(until: at("2026-03-30T00:00:00+08:00")))
    }

    @Test func aCorrectionOfACorrectionStands() throws {
        var log = LogFixture()
        log.infuse("A", at: Self.infusion)
        let (observation, _) = log.assess("A", at: "2026-03-04T08:00:00+08:00", .crs(1))
        let (correction, _) = log.correct(observation, .crs(2))
        log.correct(correction, .crs(3))
        let a = try #require(try EvaluationFixtures.status(log, asOf: "2026-03-10T00:00:00+08:00").subject("A"))
        #expect(a.worstInDLTWindow[GradeKey(criteria: "astct-2019-crs", term: nil)] == 3)
    }

    @Test func replayAsOfATimeSeesWhatWasKnownThen() throws {
        var log = LogFixture()
        log.infuse("A", at: Self.infusion)
        let (observation, _) = log.assess("A", at: "2026-03-04T08:00:00+08:00", .crs(3), recordedAt: "2026-03-04T00:10:00Z")
        log.correct(observation, .crs(1), recordedAt: "2026-03-05T00:00:00Z")
        let before = try #require(try EvaluationFixtures.status(log, asOf: "2026-03-04T12:00:00Z").subject("A"))
        let after = try #require(try EvaluationFixtures.status(log, asOf: "2026-03-05T12:00:00Z").subject("A"))
        #expect(before.toxicities["severeCRS"] != nil && before.isEvaluable)
        #expect(after.toxicities["severeCRS"] == nil && !after.isEvaluable)
    }

    @Test func theAnswerDoesNotDependOnTheOrderEventsArrive() throws {
        var log = LogFixture()
        log.infuse("A", at: Self.infusion)
        let (observation, grades) = log.assess("A", at: "2026-03-04T08:00:00+08:00", .crs(2))
        log.override(grades, criteria: "astct-2019-crs", grade: 3)
        log.correct(observation, .crs(1))
        log.assess("A", at: "2026-03-06T08:00:00+08:00", .crs(4))
        log.treat("A", at: "2026-03-06T09:00:00+08:00", drug: "tocilizumab")
        log.assess("A", at: "2026-03-08T08:00:00+08:00", .crs(0))
        let trial = try EvaluationFixtures.trialProtocol()
        let asOf = at("2026-04-01T00:00:00+08:00")
        let forward = TrialStatus.evaluate(trial, events: log.events, asOf: asOf)
        let backward = TrialStatus.evaluate(trial, events: log.events.reversed(), asOf: asOf)
        #expect(forward == backward)
    }

    @Test func anAssessmentIsOverdueAfterTheInterval() throws {
        var log = LogFixture()
        log.infuse("A", at: Self.infusion)
        log.assess("A", at: "2026-03-03T08:00:00+08:00", .crs(0))
        let onTime = try #require(try EvaluationFixtures.status(log, asOf: "2026-03-03T19:59:00+08:00").subject("A"))
        #expect(onTime.nextAssessmentDue == at("2026-03-03T20:00:00+08:00") && !onTime.assessmentOverdue)
        let late = try #require(try EvaluationFixtures.status(log, asOf: "2026-03-03T20:01:00+08:00").subject("A"))
        #expect(late.assessmentOverdue)
        // After the window no assessment schedule applies.
        let later = try #require(try EvaluationFixtures.status(log, asOf: "2026-04-03T20:01:00+08:00").subject("A"))
        #expect(later.nextAssessmentDue == nil && !later.assessmentOverdue)
    }

    @Test func longTermFollowUpEndsFifteenYearsAfterAnIntegratingVector() throws {
        var log = LogFixture()
        log.infuse("A", at: Self.infusion)
        let a = try #require(try EvaluationFixtures.status(log, asOf: "2026-03-02T00:00:00+08:00").subject("A"))
        #expect(a.followUpEnds == at("2041-03-01T10:00:00+08:00"))
        let leap = StudyCalendar(infusion: at("2028-02-29T10:00:00+08:00"))
        #expect(leap.addingYears(1) == at("2029-02-28T10:00:00+08:00"))
        #expect(leap.addingYears(4) == at("2032-02-29T10:00:00+08:00"))
    }
}
