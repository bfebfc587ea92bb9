import Clinical
import Foundation
import Testing
@testable import Safety

/// Trial-level status: rules, pauses, stagger, subjects not treated, status-change events.
struct TrialStatusTests {
    @Test func aQuietTrialContinues() throws {
        var log = LogFixture()
        log.infuse("S1", at: "2026-01-05T10:00:00+08:00")
        let status = try EvaluationFixtures.status(log, asOf: "2026-01-06T10:00:00+08:00")
        #expect(status.state == .continue && status.tripped.isEmpty)
        #expect(status.rule("rcl-any")?.count == 0 && status.rule("rcl-any")?.threshold == 1)
        #expect(!TrialStatus.statusChanged(previous: nil as LoggedRuleStatus?, current: status))
    }

    @Test func anyRCLTripsTheCountRuleAndPausesEnrolment() throws {
        var log = LogFixture()
        log.infuse("S1", at: "2026-01-05T10:00:00+08:00")
        log.rcl("S1", at: "2026-02-05T10:00:00+08:00")
        let status = try EvaluationFixtures.status(log, asOf: "2026-02-06T00:00:00+08:00")
        let rule = try #require(status.rule("rcl-any"))
        #expect(rule.tripped && rule.count == 1 && rule.counted == ["S1"])
        #expect(status.state == .paused && status.tripped == ["rcl-any"])
        #expect(status.enrolmentPaused && !status.dosingPaused)
        #expect(TrialStatus.statusChanged(previous: nil as LoggedRuleStatus?, current: status))
    }

    @Test func aTrialLevelRCLFindingCountsToo() throws {
        var log = LogFixture()
        log.rcl(nil, at: "2026-02-05T10:00:00+08:00")
        let status = try EvaluationFixtures.status(log, asOf: "2026-02-06T00:00:00+08:00")
        #expect(status.rule("rcl-any")?.tripped == true && status.rule("rcl-any")?.counted == ["trial"])
    }

    @Test func twoDeathsPauseDosing() throws {
        var log = LogFixture()
        log.infuse("S1", at: "2026-01-05T10:00:00+08:00")
        log.infuse("S2", at: "2026-01-20T10:00:00+08:00")
        log.die("S1", at: "2026-03-01T10:00:00+08:00", cause: "other")
        log.die("S2", at: "2026-03-02T10:00:00+08:00", cause: "other")
        let status = try EvaluationFixtures.status(log, asOf: "2026-03-03T00:00:00+08:00")
        #expect(status.dosingPaused && status.nextDosing == .pausedPendingReview && status.tripped == ["deaths"])
    }

    @Test func twoDLTsAmongTheFirstThreeEvaluable() throws {
        var log = LogFixture()
        // S1 and S2 complete the window without a DLT; S3 and S4 have a DLT early. In the order they
        // became evaluable: S3 (DLT 10 Jan), S4 (DLT 12 Jan), S1 (2 Feb), S2 (…): two of the first three.
        log.infuse("S1", at: "2026-01-05T10:00:00+08:00")
        log.infuse("S2", at: "2026-01-06T10:00:00+08:00")
        log.infuse("S3", at: "2026-01-07T10:00:00+08:00")
        log.infuse("S4", at: "2026-01-08T10:00:00+08:00")
        log.assess("S3", at: "2026-01-10T10:00:00+08:00", .crs(3))
        let one = try EvaluationFixtures.status(log, asOf: "2026-01-11T00:00:00+08:00")
        #expect(one.rule("sentinel")?.count == 1 && one.rule("sentinel")?.subjects == 1 && one.rule("sentinel")?.tripped == false)
        log.assess("S4", at: "2026-01-12T10:00:00+08:00", .icans(4))
        let two = try EvaluationFixtures.status(log, asOf: "2026-02-10T00:00:00+08:00")
        let sentinel = try #require(two.rule("sentinel"))
        #expect(sentinel.tripped && sentinel.count == 2 && sentinel.subjects == 3 && sentinel.counted == ["S3", "S4"])
        #expect(two.state == .paused && two.tripped == ["sentinel", "stagger"])   // infused a day apart: stagger notifies
    }

    @Test func thePocockRuleTripsAtTheBoundary() throws {
        // b_1 = b_2 = no stop, b_3 = 3: three DLTs among the first three evaluable subjects stop.
        var log = LogFixture()
        for (index, patient) in ["P1", "P2", "P3"].enumerated() {
            log.infuse(patient, at: "2026-01-0\(index + 1)T10:00:00+08:00")
            log.assess(patient, at: "2026-01-0\(index + 3)T10:00:00+08:00", .crs(3))
        }
        let two = try EvaluationFixtures.status(log, asOf: "2026-01-04T12:00:00+08:00")
        #expect(two.rule("dlt-pocock")?.count == 2 && two.rule("dlt-pocock")?.threshold == nil && two.rule("dlt-pocock")?.tripped == false)
        let three = try EvaluationFixtures.status(log, asOf: "2026-01-05T12:00:00+08:00")
        let pocock = try #require(three.rule("dlt-pocock"))
        #expect(pocock.tripped && pocock.trippedAfter == 3 && pocock.count == 3 && pocock.threshold == 3 && pocock.type == "pocock")
    }

    @Test func theStaggerGivesTheNextDosingDate() throws {
        var log = LogFixture()
        log.infuse("S1", at: "2026-01-05T10:00:00+08:00")
        let one = try EvaluationFixtures.status(log, asOf: "2026-01-06T00:00:00+08:00")
        #expect(one.nextDosing == .from(at("2026-01-19T10:00:00+08:00")))
        log.infuse("S2", at: "2026-01-19T10:00:00+08:00")                      // exactly 14 days: allowed
        let two = try EvaluationFixtures.status(log, asOf: "2026-01-20T00:00:00+08:00")
        #expect(two.nextDosing == .from(at("2026-02-02T10:00:00+08:00")) && two.rule("stagger")?.violations == [])
        log.infuse("S3", at: "2026-02-02T09:59:00+08:00")                      // one minute early
        let three = try EvaluationFixtures.status(log, asOf: "2026-02-03T00:00:00+08:00")
        #expect(three.rule("stagger")?.violations == ["S3"] && three.rule("stagger")?.tripped == true)
        #expect(three.nextDosing == .anyTime)                                  // the first three are dosed
        #expect(three.state == .continue && three.tripped == ["stagger"])      // notify only
    }

    @Test func aPerCohortStaggerCountsWithinEachCohort() throws {
        let text = EvaluationFixtures.protocolText.replacingOccurrences(
            of: "stagger: {days: 14, firstSubjects: 3}", with: "stagger: {days: 7, firstSubjects: 2, perCohort: true}")
        var log = LogFixture()
        log.infuse("L1", at: "2026-01-05T10:00:00+08:00", cohort: "low")
        log.infuse("H1", at: "2026-01-06T10:00:00+08:00", cohort: "high")
        let status = try EvaluationFixtures.status(log, asOf: "2026-01-07T00:00:00+08:00", protocol: text)
        #expect(status.nextDosingByCohort == ["low": at("2026-01-12T10:00:00+08:00"), "high": at("2026-01-13T10:00:00+08:00")])
        #expect(status.nextDosing == .anyTime)
        log.infuse("L2", at: "2026-01-12T10:00:00+08:00", cohort: "low")
        let later = try EvaluationFixtures.status(log, asOf: "2026-01-12T12:00:00+08:00", protocol: text)
        #expect(later.nextDosingByCohort == ["high": at("2026-01-13T10:00:00+08:00")])
    }

    @Test func subjectsNotTreatedAreCountedWithTheirReasons() throws {
        var log = LogFixture()
        log.enroll("M1", at: "2026-01-02T09:00:00+08:00")
        log.manufacturingFailure("M1", at: "2026-01-20T09:00:00+08:00", reason: "insufficient expansion", replaced: true)
        log.enroll("M2", at: "2026-01-03T09:00:00+08:00")
        log.die("M2", at: "2026-01-15T09:00:00+08:00", cause: "progression")
        log.enroll("M3", at: "2026-01-04T09:00:00+08:00")                    // still waiting: not counted
        log.enroll("M4", at: "2026-01-04T09:00:00+08:00")
        log.infuse("M4", at: "2026-01-25T10:00:00+08:00")
        let status = try EvaluationFixtures.status(log, asOf: "2026-02-01T00:00:00+08:00")
        #expect(status.notTreated.map(\.patient) == ["M1", "M2"])
        #expect(status.notTreated.map(\.reason) == [.manufacturingFailure("insufficient expansion"), .diedBeforeInfusion("progression")])
        #expect(status.notTreated.first?.replaced == true)
        #expect(status.notTreatedCounts == ["manufacturingFailure": 1, "diedBeforeInfusion": 1])
        #expect(status.infusedCount == 1)
        // A death before infusion is not a treatment death.
        #expect(status.rule("deaths")?.count == 0)
    }

    @Test func aStatusChangeIsAppendedOnceAndReadBack() throws {
        var log = LogFixture()
        log.infuse("S1", at: "2026-01-05T10:00:00+08:00")
        log.rcl("S1", at: "2026-02-05T10:00:00+08:00")
        let trial = try EvaluationFixtures.trialProtocol()
        let draft = try #require(TrialStatus.statusEvent(trial, events: log.events, asOf: at("2026-02-06T00:00:00+08:00")))
        #expect(draft.kind == .ruleStatus && draft.patient == nil)
        log.append(draft.kind, nil, at: nil, draft.payload, recordedAt: "2026-02-05T16:00:00Z")
        let logged = try #require(TrialStatus.lastLoggedStatus(in: log.events))
        #expect(logged.status == "paused" && logged.tripped == ["rcl-any"] && logged.counts["rcl-any"] == 1)
        #expect(logged.counts["dlt-pocock"] == 0)
        // Evaluated again with nothing new: no second event.
        #expect(TrialStatus.statusEvent(trial, events: log.events, asOf: at("2026-02-07T00:00:00+08:00")) == nil)
        // A second rule trips: a change.
        log.infuse("S2", at: "2026-02-08T10:00:00+08:00")
        log.die("S1", at: "2026-02-09T10:00:00+08:00", cause: "other")
        log.die("S2", at: "2026-02-09T11:00:00+08:00", cause: "other")
        let next = try #require(TrialStatus.statusEvent(trial, events: log.events, asOf: at("2026-02-10T00:00:00+08:00")))
        #expect(next.payload[.tripped] == .array([.string("rcl-any"), .string("deaths")]))
    }

    @Test func statusChangedComparesStateAndTrippedRules() throws {
        let quiet = LoggedRuleStatus(status: "continue", tripped: [], counts: ["rcl-any": 0], asOf: nil)
        var log = LogFixture()
        log.infuse("S1", at: "2026-01-05T10:00:00+08:00")
        let same = try EvaluationFixtures.status(log, asOf: "2026-01-06T00:00:00+08:00")
        #expect(!TrialStatus.statusChanged(previous: quiet, current: same))
        log.rcl("S1", at: "2026-01-07T00:00:00+08:00")
        let tripped = try EvaluationFixtures.status(log, asOf: "2026-01-08T00:00:00+08:00")
        #expect(TrialStatus.statusChanged(previous: quiet, current: tripped))
        #expect(TrialStatus.statusChanged(previous: same, current: tripped))
        #expect(!TrialStatus.statusChanged(previous: tripped, current: tripped))
    }

    @Test func statusJSONAndTheReportCSV() throws {
        var log = LogFixture()
        log.infuse("S1", at: "2026-01-05T10:00:00+08:00", cohort: "low")
        log.assess("S1", at: "2026-01-06T10:00:00+08:00", .crs(2))
        log.treat("S1", at: "2026-01-06T11:00:00+08:00", drug: "tocilizumab")
        log.assess("S1", at: "2026-01-07T22:00:00+08:00", .crs(0))
        let trial = try EvaluationFixtures.trialProtocol()
        let status = TrialStatus.evaluate(trial, events: log.events, asOf: at("2026-02-10T00:00:00+08:00"))
        let json = status.json
        #expect(json["status"] == .string("continue"))
        #expect(json["nextDosing"] == .string("anyTime"))
        guard case .array(let subjects)? = json["subjects"] else { Issue.record("no subjects"); return }
        #expect(subjects.first?["evaluable"] == .string("evaluable"))
        let report = SafetyReport(status: status, criteria: trial.episodeCriteria)
        let lines = report.csv.split(separator: "\n").map(String.init)
        #expect(lines.first == "patient,cohort,infusion,evaluable,firstDLT,astct-2019-crs.worst,astct-2019-crs.episodes,astct-2019-crs.onsetDay,"
                + "astct-2019-crs.durationDays,astct-2019-crs.treatments,astct-2019-icans.worst,astct-2019-icans.episodes,"
                + "astct-2019-icans.onsetDay,astct-2019-icans.durationDays,astct-2019-icans.treatments,death,notTreated")
        #expect(lines[1] == "S1,low,2026-01-05T02:00:00Z,evaluable,,2,1,1,1.5,tocilizumab,,0,,,,,")
        let crs = try #require(report.totals.first)
        #expect(crs.anyGrade == 1 && crs.gradeThreeOrMore == 0 && crs.medianOnsetDay == 1 && crs.medianDurationDays == 1.5)
    }
}
