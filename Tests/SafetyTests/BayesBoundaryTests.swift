import Foundation
import Testing
@testable import Safety

/// The beta-binomial boundary (stopping-rules.md §3) and the incomplete beta function under it.
struct BayesBoundaryTests {
    @Test func flatPriorBoundaryWorkedByHand() throws {
        // n = 1, x = 1: posterior Beta(2, 1), P(p > 0.2) = 1 − 0.2² = 0.96 > 0.9, so b_1 = 1.
        // n = 2, x = 1: Beta(2, 2), P(p > 0.2) = 1 − (3·0.2² − 2·0.2³) = 0.896 ≤ 0.9; x = 2: 0.992, so b_2 = 2.
        let boundary = try StoppingBoundary.bayes(p0: 0.2, priorA: 1, priorB: 1, threshold: 0.9, maxSubjects: 30)
        #expect(abs(try #require(boundary.posteriorExceedance(toxicities: 1, of: 1)) - 0.96) < 1e-15)
        #expect(abs(try #require(boundary.posteriorExceedance(toxicities: 1, of: 2)) - 0.896) < 1e-15)
        #expect(boundary.compactText == "1 2 2 2 2 3 3 3 4 4 4 4 5 5 5 6 6 6 6 7 7 7 7 8 8 8 8 9 9 9")
    }

    @Test func flatPriorIsNotCalibrated() throws {
        // stopping-rules.md: a flat prior, p0 = 0.2, tau = 0.9, N = 30 stops a trial whose true rate is
        // p0 with probability 0.478 (exactly 0.47772192636187…, checked with an independent rational sum).
        let boundary = try StoppingBoundary.bayes(p0: 0.2, priorA: 1, priorB: 1, threshold: 0.9, maxSubjects: 30)
        let stop = boundary.operatingCharacteristics(rate: 0.2).stopProbability
        #expect(abs(stop - 0.47772192636187466) < 1e-12)
        #expect((stop * 1000).rounded() / 1000 == 0.478)
    }

    struct BetaCase: Sendable, CustomTestStringConvertible {
        let x: Double, a: Double, b: Double
        var testDescription: String { "1 − I_\(x)(\(a), \(b))" }
    }

    static let betaCases = [BetaCase(x: 0.2, a: 1, b: 1), BetaCase(x: 0.2, a: 3, b: 7), BetaCase(x: 0.3, a: 12, b: 30),
                            BetaCase(x: 0.1, a: 2, b: 200), BetaCase(x: 0.5, a: 40, b: 41), BetaCase(x: 0.05, a: 101, b: 400)]

    @Test(arguments: betaCases) func continuedFractionAgreesWithTheBinomialSum(_ row: BetaCase) {
        let sum = IncompleteBeta.upperTail(x: row.x, a: row.a, b: row.b)
        let fraction = IncompleteBeta.continuedFractionUpperTail(x: row.x, a: row.a, b: row.b)
        #expect(abs(sum - fraction) < 1e-13)
    }

    @Test func closedFormsOfTheIncompleteBeta() {
        // Beta(1, b): P(p > x) = (1 − x)^b; Beta(a, 1): 1 − x^a; Beta(0.5, 0.5): 1 − (2/π) asin √x.
        #expect(abs(IncompleteBeta.upperTail(x: 0.3, a: 1, b: 5) - 0.16807) < 1e-15)
        #expect(abs(IncompleteBeta.upperTail(x: 0.3, a: 4, b: 1) - (1 - 0.0081)) < 1e-15)
        let arcsine = 1 - 2 / Double.pi * asin((0.25).squareRoot())
        #expect(abs(IncompleteBeta.upperTail(x: 0.25, a: 0.5, b: 0.5) - arcsine) < 1e-13)
        #expect(abs(IncompleteBeta.upperTail(x: 0.2, a: 1.5, b: 1) - (1 - 0.2 * 0.2.squareRoot())) < 1e-14)
    }

    @Test func nonIntegerPriorGivesANonDecreasingBoundary() throws {
        let boundary = try StoppingBoundary.bayes(p0: 0.15, priorA: 0.6, priorB: 3.4, threshold: 0.95, maxSubjects: 60)
        for n in boundary.values.indices.dropFirst() { #expect(boundary.values[n] >= boundary.values[n - 1]) }
        // Each b_n is the smallest count that exceeds the threshold.
        for n in 1...60 {
            guard let b = boundary.stopsAt(n) else { continue }
            #expect(try #require(boundary.posteriorExceedance(toxicities: b, of: n)) > 0.95)
            if b > 0 { #expect(try #require(boundary.posteriorExceedance(toxicities: b - 1, of: n)) <= 0.95) }
        }
    }

    @Test func n500IsFinite() throws {
        let boundary = try StoppingBoundary.bayes(p0: 0.2, priorA: 1, priorB: 4, threshold: 0.9, maxSubjects: 500)
        #expect(boundary.values.count == 500 && boundary.values.allSatisfy { $0 <= 501 })
        let oc = boundary.operatingCharacteristics(rate: 0.2)
        #expect(oc.stopProbability.isFinite && abs(oc.stopProbability + oc.continueProbability - 1) < 1e-12)
    }

    @Test func refusesInputsOutsideTheirRanges() {
        #expect(throws: BoundaryError.self) { try StoppingBoundary.bayes(p0: 0.2, priorA: 0, priorB: 1, threshold: 0.9, maxSubjects: 10) }
        #expect(throws: BoundaryError.self) { try StoppingBoundary.bayes(p0: 0.2, priorA: 1, priorB: 1, threshold: 1, maxSubjects: 10) }
    }
}
