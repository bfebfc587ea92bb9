import Testing
import TestSupport
@testable import Safety

/// 3+3 (Storer 1989; Korn et al. 1994): its steps, its variants, and exact operating characteristics.
struct DoseFindingThreePlusThreeTests {
    static func plan(doses: Int, expand: Bool = false, deescalation: ThreePlusThree.Deescalation = .stops) -> DoseFindingPlan {
        DoseFindingPlan(doses: (1...doses).map { DoseLevel(label: "DL\($0)", dose: "\($0)e6/kg") },
                        design: .threePlusThree(ThreePlusThree(expandTopDose: expand, deescalation: deescalation)), maxSubjects: 6 * doses)
    }

    /// One dose (the top dose, not expanded): 0 of 3 recommends it; 1 of 3 then 0 of 3 recommends
    /// it; anything else recommends none. With p = 0.2: 0.8³ + 3·0.2·0.8²·0.8³ = 0.708608, and
    /// E(subjects) = 3 + 3·P(1 of 3) = 3 + 3·0.384 = 4.152.
    @Test func oneDoseByHand() throws {
        let oc = try #require(Self.plan(doses: 1).exactOperatingCharacteristics(truth: [0.2]))
        #expect(abs(oc.selected[0].value - 0.708608) < 1e-12)
        #expect(abs(oc.noneSelected.value - 0.291392) < 1e-12)
        #expect(abs(oc.subjects[0].value - 4.152) < 1e-12)
        #expect(abs(oc.dlts[0].value - 0.2 * 4.152) < 1e-12) // each subject treated has a DLT with p
        #expect(oc.selected[0].standardError == nil)
    }

    /// Two doses, the first safe and the second always toxic: dose 2 has 3 of 3, so dose 1 is
    /// recommended — at once when de-escalation stops, after 3 more at dose 1 when it continues.
    @Test func deescalationVariantChangesTheSubjectsAtTheLowerDose() throws {
        let stops = try #require(Self.plan(doses: 2).exactOperatingCharacteristics(truth: [0, 1]))
        #expect(stops.selected.map(\.value) == [1, 0] && stops.subjects.map(\.value) == [3, 3])
        let continues = try #require(Self.plan(doses: 2, deescalation: .continues).exactOperatingCharacteristics(truth: [0, 1]))
        #expect(continues.selected.map(\.value) == [1, 0] && continues.subjects.map(\.value) == [6, 3])
    }

    @Test func topDoseExpansionVariant() throws {
        let plain = try #require(Self.plan(doses: 2).exactOperatingCharacteristics(truth: [0, 0]))
        #expect(plain.subjects.map(\.value) == [3, 3] && plain.selected.map(\.value) == [0, 1])
        let expanded = try #require(Self.plan(doses: 2, expand: true).exactOperatingCharacteristics(truth: [0, 0]))
        #expect(expanded.subjects.map(\.value) == [3, 6] && expanded.selected.map(\.value) == [0, 1])
    }

    /// Each step read from the state, with its reason.
    @Test func stepsFollowTheRules() {
        let plan = Self.plan(doses: 3, deescalation: .continues)
        var state = DoseFindingState(doses: 3)
        #expect(plan.advance(&state) == .treat(dose: 0, decision: nil))
        state.record(dose: 0, treated: 3, dlts: 0)
        #expect(plan.advance(&state) == .treat(dose: 1, decision: DoseDecision(.escalate, .threePlusThree(.noneOfThree))))
        state.record(dose: 1, treated: 3, dlts: 1)
        #expect(plan.advance(&state) == .treat(dose: 1, decision: DoseDecision(.stay, .threePlusThree(.oneOfThree))))
        state.record(dose: 1, treated: 3, dlts: 0)
        #expect(plan.advance(&state) == .treat(dose: 2, decision: DoseDecision(.escalate, .threePlusThree(.atMostOneOfSix(treated: 6)))))
        state.record(dose: 2, treated: 3, dlts: 2)
        // Dose 2 (index 1) already has 6: the trial stops and recommends it.
        let step = plan.advance(&state)
        #expect(step == .stop(.threePlusThree(recommend: 1), decision: DoseDecision(.eliminate, .threePlusThree(.twoOrMore(treated: 3, dlts: 2)))))
        #expect(state.eliminatedFrom == 2)
        #expect(DoseDecision(.stay, .threePlusThree(.oneOfThree)).reasonText == "1 of 3 with a DLT: 3 more at this dose")
    }

    @Test func twoDLTsAtTheLowestDoseRecommendNone() {
        var state = DoseFindingState(doses: 3)
        state.record(dose: 0, treated: 3, dlts: 2)
        guard case .stop(let stop, _) = Self.plan(doses: 3).advance(&state) else { Issue.record("did not stop"); return }
        #expect(stop == .threePlusThree(recommend: nil) && stop.selectsNone)
    }

    /// Exact probabilities of every outcome sum to 1, for every variant and random truths.
    @Test(arguments: 0..<40 as Range<UInt64>) func exactProbabilitiesSumToOne(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let doses = Int(rng.next() % 6) + 1
        let truth = (0..<doses).map { _ in Double(rng.next() % 1001) / 1000 }.sorted()
        for expand in [false, true] {
            for deescalation in ThreePlusThree.Deescalation.allCases {
                let oc = try #require(Self.plan(doses: doses, expand: expand, deescalation: deescalation).exactOperatingCharacteristics(truth: truth))
                let total = oc.selected.reduce(0) { $0 + $1.value } + oc.noneSelected.value
                #expect(abs(total - 1) < 1e-12, "seed \(seed), truth \(truth)")
                #expect(oc.subjects.allSatisfy { $0.value >= 0 && $0.value <= 6 + 1e-12 }, "seed \(seed)")
                #expect(abs(oc.totalSubjects.value - oc.subjects.reduce(0) { $0 + $1.value }) < 1e-9)
            }
        }
    }

    /// The same rules simulated agree with the exact figures within five Monte Carlo standard errors.
    @Test func simulationAgreesWithTheExactFigures() throws {
        let plan = Self.plan(doses: 5)
        let truth = [0.05, 0.12, 0.25, 0.40, 0.55]
        let exact = try #require(plan.exactOperatingCharacteristics(truth: truth))
        let simulated = try #require(plan.simulatedOperatingCharacteristics(truth: truth, trials: 20_000, seed: 7))
        for index in truth.indices {
            let error = try #require(simulated.selected[index].standardError)
            #expect(abs(simulated.selected[index].value - exact.selected[index].value) <= 5 * max(error, 1e-4), "dose \(index + 1)")
            let subjectsError = try #require(simulated.subjects[index].standardError)
            #expect(abs(simulated.subjects[index].value - exact.subjects[index].value) <= 5 * max(subjectsError, 1e-3), "dose \(index + 1)")
        }
    }

    /// Five doses against an independent enumeration in R (Benchmarks/dose-finding-peers.R,
    /// `three_plus_three_oc`: top dose not expanded, de-escalation stops), to 10 decimals.
    @Test func fiveDosesEqualTheREnumeration() throws {
        let oc = try #require(Self.plan(doses: 5).exactOperatingCharacteristics(truth: [0.05, 0.12, 0.25, 0.40, 0.55]))
        let selected = [0.1251306429, 0.3394488635, 0.3514653151, 0.1382621901, 0.0191351290]
        let subjects = [3.4061250000, 3.7344667031, 3.6185787323, 2.1860738767, 0.6299630951]
        for index in 0..<5 {
            #expect(abs(oc.selected[index].value - selected[index]) < 1e-10, "dose \(index + 1)")
            #expect(abs(oc.subjects[index].value - subjects[index]) < 1e-10, "dose \(index + 1)")
        }
        #expect(abs(oc.noneSelected.value - 0.0265578594) < 1e-10)
    }

    @Test func exactNeedsOneRatePerDose() {
        #expect(Self.plan(doses: 3).exactOperatingCharacteristics(truth: [0.1, 0.2]) == nil)
        #expect(Self.plan(doses: 2).exactOperatingCharacteristics(truth: [0.1, 1.2]) == nil)
    }

    @Test func tableHasTheRowsWhere33Decides() {
        let table = DecisionTable(design: .threePlusThree(ThreePlusThree(expandTopDose: false, deescalation: .stops)), maxSubjects: 30)
        #expect(table.rows.map(\.n) == [3, 6])
        #expect(table.rows[0].cells == [.escalate, .stay, .eliminate, .eliminate])
        #expect(table.rows[0].escalateIfAtMost == 0 && table.rows[0].deescalateIfAtLeast == 2 && table.rows[0].eliminateIfAtLeast == 2)
        #expect(table.rows[1].escalateIfAtMost == 1 && table.rows[1].deescalateIfAtLeast == 2)
    }
}
