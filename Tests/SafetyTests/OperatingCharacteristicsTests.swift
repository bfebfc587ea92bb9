import Testing
@testable import Safety

/// Operating characteristics by exact dynamic programming (stopping-rules.md §4).
struct OperatingCharacteristicsTests {
    struct RReference: Sendable, CustomTestStringConvertible {
        let rate: Double, stop: Double, expectedSubjects: Double
        var testDescription: String { "true rate \(rate): P(stop) \(stop), E(subjects) \(expectedSubjects)" }
    }

    /// stopping-rules.md: the Pocock rule N = 20, p0 = 0.2, alpha = 0.10, from R.
    static let rReference = [
        RReference(rate: 0.2, stop: 0.0865939973255516, expectedSubjects: 19.0570644823865),
        RReference(rate: 0.3, stop: 0.339201203591179, expectedSubjects: 16.6439766801558),
        RReference(rate: 0.4, stop: 0.677992262747533, expectedSubjects: 12.9797849250351),
        RReference(rate: 0.5, stop: 0.90613842010498, expectedSubjects: 9.35400772094727),
    ]

    @Test(arguments: rReference) func matchesR(_ row: RReference) throws {
        let oc = try StoppingBoundary.pocock(p0: 0.2, alpha: 0.1, maxSubjects: 20).operatingCharacteristics(rate: row.rate)
        #expect(abs(oc.stopProbability - row.stop) < 1e-12)
        #expect(abs(oc.expectedSubjects - row.expectedSubjects) < 1e-12)
    }

    static let boundaries: [StoppingBoundary] = [
        try! .pocock(p0: 0.2, alpha: 0.1, maxSubjects: 20), try! .pocock(p0: 0.1, alpha: 0.05, maxSubjects: 100),
        try! .bayes(p0: 0.2, priorA: 1, priorB: 1, threshold: 0.9, maxSubjects: 30),
        try! .bayes(p0: 0.3, priorA: 0.5, priorB: 2.5, threshold: 0.95, maxSubjects: 250),
    ]

    @Test(arguments: boundaries.indices, [0.0, 0.05, 0.2, 0.35, 0.6, 1.0])
    func distributionOfTheStoppingPointSumsToOne(_ index: Int, rate: Double) {
        let boundary = Self.boundaries[index]
        let oc = boundary.operatingCharacteristics(rate: rate)
        #expect(abs(oc.stopAt.reduce(0, +) + oc.continueProbability - 1) < 1e-12)
        #expect(oc.stopAt.allSatisfy { $0 >= 0 })
        #expect(oc.expectedSubjects >= 1 && oc.expectedSubjects <= Double(boundary.maxSubjects))
        #expect(oc.expectedToxicities >= 0 && oc.expectedToxicities <= oc.expectedSubjects + 1e-12)
    }

    @Test(arguments: boundaries.indices) func stoppingGrowsWithTheTrueRate(_ index: Int) {
        let boundary = Self.boundaries[index]
        let stops = stride(from: 0.0, through: 1.0, by: 0.05).map { boundary.operatingCharacteristics(rate: $0).stopProbability }
        for i in stops.indices.dropFirst() { #expect(stops[i] >= stops[i - 1] - 1e-15) }
    }

    @Test func extremeRatesWorkedByHand() throws {
        let boundary = try StoppingBoundary.pocock(p0: 0.2, alpha: 0.1, maxSubjects: 20)
        // Rate 0: never a toxicity, never a stop, all 20 subjects.
        let none = boundary.operatingCharacteristics(rate: 0)
        #expect(none.stopProbability == 0 && none.expectedSubjects == 20 && none.expectedToxicities == 0)
        // Rate 1: every subject has it; the first n with n ≥ b_n is 3 (b_3 = 3).
        let all = boundary.operatingCharacteristics(rate: 1)
        #expect(all.stopAt[2] == 1 && all.expectedSubjects == 3 && all.expectedToxicities == 3)
    }

    @Test func expectedSubjectsIsTheMeanOfTheStoppingPoint() throws {
        let boundary = try StoppingBoundary.pocock(p0: 0.3, alpha: 0.05, maxSubjects: 10)
        let oc = boundary.operatingCharacteristics(rate: 0.45)
        let mean = oc.stopAt.enumerated().reduce(0) { $0 + Double($1.offset + 1) * $1.element } + 10 * oc.continueProbability
        #expect(abs(mean - oc.expectedSubjects) < 1e-13)
    }
}
