import Clinical
@testable import Safety
import Testing

/// The dose-escalation decision read from the trial's own events (README, "Dose finding from the
/// log"): counts per dose, pending subjects, eliminated doses, a paused trial, each design.
@Suite("Dose finding from the log")
struct DoseEscalationLogTests {
    typealias F = DoseEscalationFixture

    @Test("before any infusion the next subject gets the lowest dose")
    func startsAtTheLowestDose() throws {
        let status = try #require(F.evaluate(try F.trial(), LogFixture(), day: 1))
        #expect(status.current == 0)
        #expect(status.step == .treat(dose: 0))
        #expect(status.decision == nil)
        #expect(status.nextDose == 0)
        #expect(status.actionWord == "start")
        #expect(status.doses.map(\.treated.count) == [0, 0, 0])
    }

    @Test("a cohort not yet full takes the next subject at the current dose")
    func incompleteCohortIsFilled() throws {
        var log = LogFixture()
        F.infuse(&log, ["P1", "P2"], level: "DL1", day: 1)
        let status = try #require(F.evaluate(try F.trial(), log, day: 3))
        #expect(status.step == .fillCohort(dose: 0, counted: 2, cohortSize: 3))
        #expect(status.nextDose == 0)
        #expect(status.doses[0].pending == ["P1", "P2"])
        #expect(status.doses[0].evaluable == 0)
    }

    @Test("a full cohort with subjects still in the DLT window: the decision waits and nobody is dosed")
    func pendingSubjectsHoldTheDecision() throws {
        var log = LogFixture()
        F.infuse(&log, ["P1", "P2", "P3"], level: "DL1", day: 1)
        let status = try #require(F.evaluate(try F.trial(), log, day: 10))
        #expect(status.step == .waitForPending(dose: 0))
        #expect(status.nextDose == nil)
        #expect(status.designDose == 0)
        #expect(status.holds == [.pendingSubjects(["P1", "P2", "P3"])])
        #expect(status.actionWord == "wait")
        // A day after the window ends (study day 29 begins on 30 January) they are evaluable.
        let later = try #require(F.evaluate(try F.trial(), log, day: 30))
        #expect(later.doses[0].evaluable == 3)
        #expect(later.step == .treat(dose: 1))
    }

    @Test("BOIN: 0 of 3 escalates, with the table cell as the reason")
    func boinEscalates() throws {
        var log = LogFixture()
        F.infuse(&log, ["P1", "P2", "P3"], level: "DL1", day: 1)
        let status = try #require(F.evaluate(try F.trial(), log, day: 31))
        #expect(status.decision?.action == .escalate)
        #expect(status.reasonText == "0 of 3 with a DLT: y/n = 0/3 ≤ λe = 0.2365: escalate")
        #expect(status.nextDose == 1)
        #expect(status.doses[0].evaluable == 3 && status.doses[0].dlts == 0)
    }

    @Test("BOIN: 1 of 3 at the second dose stays; the DLT makes its subject evaluable at once")
    func boinStaysWithOneDLT() throws {
        var log = LogFixture()
        F.infuse(&log, ["P1", "P2", "P3"], level: "DL1", day: 1)
        F.infuse(&log, ["P4", "P5", "P6"], level: "DL2", day: 31)
        F.dlt(&log, "P4", day: 33)
        let midway = try #require(F.evaluate(try F.trial(), log, day: 40))
        #expect(midway.doses[1].dlts == 1 && midway.doses[1].evaluable == 1)
        #expect(midway.doses[1].pending == ["P5", "P6"])
        #expect(midway.step == .waitForPending(dose: 1))
        let status = try #require(F.evaluate(try F.trial(), log, day: 61))
        #expect(status.current == 1)
        #expect(status.decision?.action == .stay)
        #expect(status.nextDose == 1)
    }

    @Test("BOIN: 3 of 3 eliminates the dose and every higher one; the next cohort goes one dose lower")
    func boinEliminates() throws {
        var log = LogFixture()
        F.infuse(&log, ["P1", "P2", "P3"], level: "DL1", day: 1)
        F.infuse(&log, ["P4", "P5", "P6"], level: "DL2", day: 31)
        for patient in ["P4", "P5", "P6"] { F.dlt(&log, patient, day: 35) }
        let status = try #require(F.evaluate(try F.trial(), log, day: 36))
        #expect(status.decision?.action == .eliminate)
        #expect(status.doses.map(\.eliminated) == [false, true, true])
        #expect(status.eliminatedFrom == 1)
        #expect(status.nextDose == 0)
    }

    @Test("DLTs that already eliminate the dose decide at once, without waiting for pending subjects (3+3)")
    func eliminatingDLTsDoNotWait() throws {
        var log = LogFixture()
        F.infuse(&log, ["P1", "P2", "P3"], level: "DL1", day: 1)
        F.infuse(&log, ["P4", "P5", "P6"], level: "DL2", day: 31)
        F.dlt(&log, "P4", day: 33)
        F.dlt(&log, "P5", day: 34)
        let status = try #require(F.evaluate(try F.trial("3+3"), log, day: 35))
        #expect(status.doses[1].pending == ["P6"])
        #expect(status.decision?.action == .eliminate)
        #expect(status.reasonText.hasPrefix("2 of 2 with a DLT (≥ 2): above the MTD"))
        // deescalation: continue — DL1 has 3, so 3 more there.
        #expect(status.step == .treat(dose: 0))
        #expect(status.doses.map(\.eliminated) == [false, true, true])
    }

    @Test("3+3: 0 of 3 escalates with the 3+3 step as the reason; 1 of 3 takes 3 more")
    func threePlusThreeSteps() throws {
        var log = LogFixture()
        F.infuse(&log, ["P1", "P2", "P3"], level: "DL1", day: 1)
        let first = try #require(F.evaluate(try F.trial("3+3"), log, day: 31))
        #expect(first.reasonText == "0 of 3 with a DLT: escalate")
        #expect(first.nextDose == 1)
        F.infuse(&log, ["P4", "P5", "P6"], level: "DL2", day: 31)
        F.dlt(&log, "P6", day: 32)
        let second = try #require(F.evaluate(try F.trial("3+3"), log, day: 61))
        #expect(second.reasonText == "1 of 3 with a DLT: 3 more at this dose")
        #expect(second.nextDose == 1)
    }

    @Test("3+3 stops at the top dose after at most 1 of 6 and recommends it")
    func threePlusThreeRecommends() throws {
        var log = LogFixture()
        F.infuse(&log, ["P1", "P2", "P3"], level: "DL1", day: 1)
        F.infuse(&log, ["P4", "P5", "P6"], level: "DL2", day: 31)
        F.infuse(&log, ["P7", "P8", "P9", "P10", "P11", "P12"], level: "DL3", day: 61)
        F.dlt(&log, "P7", day: 62)
        let status = try #require(F.evaluate(try F.trial("3+3"), log, day: 91))
        #expect(status.step == .stop(.threePlusThree(recommend: 2)))
        #expect(status.selected == 2)
        #expect(status.nextDose == nil)
        #expect(status.holds == [.stopped])
        #expect(status.actionWord == "stop")
    }

    @Test("at the maximum sample size the design stops and BOIN's isotonic estimate selects the MTD")
    func maximumSampleSizeSelectsMTD() throws {
        var log = LogFixture()
        F.infuse(&log, ["P1", "P2", "P3"], level: "DL1", day: 1)
        F.infuse(&log, ["P4", "P5", "P6"], level: "DL2", day: 31)
        F.dlt(&log, "P4", day: 33)
        let status = try #require(F.evaluate(try F.trial("boin", maxSubjects: 6), log, day: 61))
        #expect(status.step == .stop(.maximumSampleSize))
        // p̂ = 0.05/3.1 = 0.016 at DL1 and 1.05/3.1 = 0.339 at DL2: DL2 is closest to 0.3.
        #expect(status.selected == 1)
        #expect(status.nextDose == nil)
    }

    @Test("mTPI-2 and i3+3 decide from the log as their tables do", arguments: ["mtpi2", "i3+3"])
    func otherIntervalDesigns(design: String) throws {
        var log = LogFixture()
        F.infuse(&log, ["P1", "P2", "P3"], level: "DL1", day: 1)
        let trial = try F.trial(design)
        let status = try #require(F.evaluate(trial, log, day: 31))
        let expected = try #require(trial.doseFinding?.design.decision(treated: 3, dlts: 0))
        #expect(status.decision == expected)
        #expect(status.nextDose == (expected.action == .escalate ? 1 : 0))
    }

    @Test("a paused trial doses nobody, whatever the escalation decision says")
    func pausedTrialDosesNobody() throws {
        var log = LogFixture()
        F.infuse(&log, ["P1", "P2", "P3"], level: "DL1", day: 1)
        log.die("P1", at: F.time(31), cause: "other")
        log.die("P2", at: F.time(32), cause: "other")
        let status = try #require(F.evaluate(try F.trial(), log, day: 33))
        #expect(status.decision?.action == .escalate)
        #expect(status.designDose == 1)
        #expect(status.holds == [.paused(["deaths"])])
        #expect(status.nextDose == nil)
    }

    @Test("an infusion naming no dose level of the protocol is not counted and holds dosing")
    func unknownLevelHoldsDosing() throws {
        var log = LogFixture()
        F.infuse(&log, ["P1"], level: "DL9", day: 1)
        let status = try #require(F.evaluate(try F.trial(), log, day: 2))
        #expect(status.unassigned == ["P1"])
        #expect(status.doses.map(\.treated.count) == [0, 0, 0])
        #expect(status.holds == [.unassignedInfusions(["P1"])])
        #expect(status.nextDose == nil)
    }

    @Test("an infusion logged before dose levels counts at the level whose dose or label it names")
    func legacyInfusionsResolveByDoseOrCohort() throws {
        var log = LogFixture()
        log.append(.infusion, "P1", at: F.time(1), EventPayload.infusion(product: "LOT", dose: "3e6/kg", cohort: nil))
        log.append(.infusion, "P2", at: F.time(1), EventPayload.infusion(product: "LOT", dose: "as ordered", cohort: "DL3"))
        let status = try #require(F.evaluate(try F.trial(), log, day: 2))
        #expect(status.doses.map(\.treated) == [[], ["P1"], ["P2"]])
        #expect(status.unassigned.isEmpty)
    }

    @Test("an infusion recorded after the evaluation time is not seen")
    func asOfCutsByRecordTime() throws {
        var log = LogFixture()
        F.infuse(&log, ["P1", "P2", "P3"], level: "DL1", day: 1)
        log.append(.infusion, "P4", at: F.time(31), .object([("doseLevel", .string("DL2"))]), recordedAt: F.time(40))
        let status = try #require(F.evaluate(try F.trial(), log, day: 35))
        #expect(status.doses[1].treated.isEmpty)
        #expect(status.nextDose == 1)
    }

    @Test("the JSON names each dose's counts, the decision, the next dose and the holds")
    func jsonKeys() throws {
        var log = LogFixture()
        F.infuse(&log, ["P1", "P2", "P3"], level: "DL1", day: 1)
        let status = try #require(F.evaluate(try F.trial(), log, day: 10))
        let json = status.json
        #expect(json["current"] == .string("DL1"))
        #expect(json["step"] == .string("waitForPending"))
        #expect(json["nextDose"] == .null)
        #expect(json["designDose"] == .string("DL1"))
        #expect(json["decision"] == .null)
        guard case .array(let doses)? = json["doses"], case .array(let holds)? = json["holds"] else {
            Issue.record("doses and holds are arrays")
            return
        }
        #expect(doses.first?["pending"] == .number(3))
        #expect(doses.first?["pendingPatients"] == .array([.string("P1"), .string("P2"), .string("P3")]))
        #expect(holds.first?["hold"] == .string("pendingSubjects"))
    }

    @Test("the logged decision changes with the decision, not with a pending subject's window closing alone")
    func loggedDecisionIgnoresPendingCounts() throws {
        var log = LogFixture()
        F.infuse(&log, ["P1", "P2", "P3"], level: "DL1", day: 1)
        let early = try #require(F.evaluate(try F.trial(), log, day: 5)).loggedDecision
        let later = try #require(F.evaluate(try F.trial(), log, day: 20)).loggedDecision
        #expect(early == later)
        let decided = try #require(F.evaluate(try F.trial(), log, day: 31)).loggedDecision
        #expect(decided != early)
    }
}
