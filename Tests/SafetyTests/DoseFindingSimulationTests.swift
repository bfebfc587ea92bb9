import Testing
@testable import Safety

/// The interval designs as a trial: the step rules, the MTD selection and seeded simulation.
struct DoseFindingSimulationTests {
    static func plan(_ design: DoseFindingDesign, doses: Int = 4, maxSubjects: Int = 30, stopAt: Int? = nil) -> DoseFindingPlan {
        DoseFindingPlan(doses: (1...doses).map { DoseLevel(label: "DL\($0)", dose: "\($0)") }, design: design, cohortSize: 3,
                        maxSubjects: maxSubjects, stopAtSubjectsOnDose: stopAt)
    }

    static let boin = DoseFindingDesign.boin(try! BOIN(target: 0.3))

    @Test func eliminatingTheLowestDoseStopsWithNoSelection() {
        var state = DoseFindingState(doses: 4)
        state.record(dose: 0, treated: 3, dlts: 3)
        guard case .stop(let stop, let decision) = Self.plan(Self.boin).advance(&state) else { Issue.record("did not stop"); return }
        #expect(stop == .lowestDoseEliminated && decision?.action == .eliminate)
        #expect(Self.plan(Self.boin).selectedDose(state, stop: stop) == nil)
    }

    @Test func anEliminatedDoseIsNeverEscalatedTo() {
        let plan = Self.plan(Self.boin)
        var state = DoseFindingState(doses: 4, start: 1)
        state.record(dose: 0, treated: 3, dlts: 0)
        state.record(dose: 1, treated: 3, dlts: 3)
        #expect(plan.advance(&state) == .treat(dose: 0, decision: try! BOIN(target: 0.3).decision(treated: 3, dlts: 3)))
        #expect(state.eliminatedFrom == 1)
        state.record(dose: 0, treated: 3, dlts: 0)
        // 0 of 6 escalates, but dose 2 is closed: stay at dose 1.
        guard case .treat(let dose, let decision) = plan.advance(&state) else { Issue.record("stopped"); return }
        #expect(dose == 0 && decision?.action == .escalate)
    }

    @Test func earlyStopWhenTheDoseHoldsEnoughAndTheDesignStays() {
        let plan = Self.plan(Self.boin, stopAt: 9)
        var state = DoseFindingState(doses: 4, start: 2)
        state.record(dose: 2, treated: 9, dlts: 3) // 3/9 stays at φ = 0.3
        #expect(plan.advance(&state) == .stop(.subjectsAtDose(9), decision: try! BOIN(target: 0.3).decision(treated: 9, dlts: 3)))
        var escalating = DoseFindingState(doses: 4, start: 2)
        escalating.record(dose: 2, treated: 9, dlts: 0) // escalates: the limit does not stop it
        #expect(plan.advance(&escalating) == .treat(dose: 3, decision: try! BOIN(target: 0.3).decision(treated: 9, dlts: 0)))
    }

    @Test func maximumSampleSizeStops() {
        var state = DoseFindingState(doses: 2)
        state.record(dose: 0, treated: 30, dlts: 8)
        guard case .stop(let stop, _) = Self.plan(Self.boin, doses: 2).advance(&state) else { Issue.record("did not stop"); return }
        #expect(stop == .maximumSampleSize)
    }

    @Test func extraSafeStopsAtTheLowestDose() throws {
        let design = DoseFindingDesign.boin(try BOIN(target: 0.3, elimination: Elimination(extraSafe: true)))
        var state = DoseFindingState(doses: 3)
        state.record(dose: 0, treated: 3, dlts: 2) // 0.9163 > 0.90
        guard case .stop(let stop, _) = Self.plan(design).advance(&state) else { Issue.record("did not stop"); return }
        #expect(stop == .lowestDoseTooToxic)
    }

    /// R BOIN's `select.mtd` example: n = (3, 3, 15, 9, 0), y = (0, 0, 4, 4, 0), φ = 0.3 → dose 3.
    @Test func isotonicSelectionOfTheRExample() {
        let counts = zip([3, 3, 15, 9, 0], [0, 0, 4, 4, 0]).map { DoseCounts(treated: $0, dlts: $1) }
        #expect(IsotonicSelection.mtd(counts: counts, target: 0.3, elimination: Elimination()) == 2)
    }

    @Test func poolAdjacentViolatorsPoolsWithWeights() {
        let pooled = IsotonicSelection.poolAdjacentViolators([0.1, 0.3, 0.2, 0.4], weights: [1, 1, 3, 1])
        #expect(zip(pooled, [0.1, 0.225, 0.225, 0.4]).allSatisfy { abs($0 - $1) < 1e-15 } && pooled[1] == pooled[2])
        #expect(IsotonicSelection.poolAdjacentViolators([0.5, 0.4, 0.3], weights: [1, 1, 1]).allSatisfy { abs($0 - 0.4) < 1e-15 })
    }

    /// Ties after pooling: below φ the higher dose, above φ the lower one.
    @Test func selectionTieRules() {
        // 1/6 then 0/6 pool to one estimate below 0.3: the higher dose.
        let below = [DoseCounts(treated: 6, dlts: 1), DoseCounts(treated: 6, dlts: 0)]
        #expect(IsotonicSelection.mtd(counts: below, target: 0.3, elimination: Elimination()) == 1)
        // 4/6 then 3/6 pool to one estimate above 0.3: the lower dose.
        let above = [DoseCounts(treated: 6, dlts: 4), DoseCounts(treated: 6, dlts: 3)]
        #expect(IsotonicSelection.mtd(counts: above, target: 0.3, elimination: Elimination(cutoff: 0.999)) == 0)
        // Untreated doses and eliminated ones are not candidates.
        let gap = [DoseCounts(treated: 3, dlts: 0), DoseCounts(), DoseCounts(treated: 3, dlts: 3)]
        #expect(IsotonicSelection.mtd(counts: gap, target: 0.3, elimination: Elimination()) == 0)
    }

    static let designs: [DoseFindingDesign] = [boin, .mtpi2(try! MTPI2(target: 0.3)), .i3plus3(try! I3Plus3(target: 0.3))]

    @Test(arguments: designs.indices) func sameSeedSameFigures(_ index: Int) throws {
        let plan = Self.plan(Self.designs[index])
        let truth = [0.05, 0.12, 0.25, 0.40]
        let first = try #require(plan.simulatedOperatingCharacteristics(truth: truth, trials: 2000, seed: 1))
        let again = try #require(plan.simulatedOperatingCharacteristics(truth: truth, trials: 2000, seed: 1))
        let other = try #require(plan.simulatedOperatingCharacteristics(truth: truth, trials: 2000, seed: 2))
        #expect(first == again)
        #expect(first != other)
        let total = first.selected.reduce(0) { $0 + $1.value } + first.noneSelected.value
        #expect(abs(total - 1) < 1e-12)
        #expect(first.totalSubjects.value <= 30 && first.subjects.allSatisfy { $0.standardError != nil })
        // The dose nearest the target (0.25) is the one most often selected.
        #expect(first.selected.map(\.value).firstIndex(of: first.selected.map(\.value).max() ?? 0) == 2)
    }

    /// The standard error of a selection proportion is √(p(1 − p)/T) (with T − 1 in the variance).
    @Test func monteCarloErrorOfAProportion() throws {
        let oc = try #require(Self.plan(Self.boin).simulatedOperatingCharacteristics(truth: [0.05, 0.12, 0.25, 0.40], trials: 1000, seed: 3))
        let p = oc.selected[2].value
        let expected = (p * (1 - p) / 999).squareRoot()
        #expect(abs((oc.selected[2].standardError ?? 0) - expected) < 1e-12)
    }

    /// Every dose far too toxic: the trial stops at the lowest dose nearly always.
    @Test func allTooToxicSelectsNone() throws {
        let oc = try #require(Self.plan(Self.boin).simulatedOperatingCharacteristics(truth: [0.8, 0.9, 0.95, 0.99], trials: 500, seed: 1))
        #expect(oc.noneSelected.value > 0.95)
    }
}
