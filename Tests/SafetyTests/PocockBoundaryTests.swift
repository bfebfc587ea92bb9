import Testing
@testable import Safety

/// The Pocock-type boundary of Ivanova, Qaqish & Schell 2005 (stopping-rules.md §2).
struct PocockBoundaryTests {
    // MARK: worked by hand: N = 10, p0 = 0.2, in exact integer arithmetic

    /// 5^n · P(Bin(n, 1/5) ≥ k) = Σ_{j ≥ k} C(n, j) 4^(n − j), an integer.
    static func scaledTail(_ n: Int, _ k: Int) -> Int {
        guard k <= n else { return 0 }
        return (k...n).reduce(0) { $0 + choose(n, $1) * power(4, n - $1) }
    }

    static func choose(_ n: Int, _ k: Int) -> Int { k == 0 ? 1 : choose(n - 1, k - 1) * n / k }
    static func power(_ base: Int, _ exponent: Int) -> Int { exponent == 0 ? 1 : base * power(base, exponent - 1) }

    /// b_n for the nominal level c = `numerator` / 5^`scale`: the smallest k with tail ≤ c.
    static func handBoundary(numerator: Int, scale: Int, n maxN: Int) -> [Int] {
        (1...maxN).map { n in
            (1...(n + 1)).first { k in scaledTail(n, k) * power(5, scale) <= numerator * power(5, n) }!
        }
    }

    /// 5^N · P(cross), by walking all 2^N toxicity sequences (no dynamic programme).
    static func enumeratedCrossing(_ boundary: [Int]) -> Int {
        let n = boundary.count
        var total = 0
        for pattern in 0..<(1 << n) {
            var x = 0
            for step in 1...n {
                if pattern & (1 << (step - 1)) != 0 { x += 1 }
                if x >= boundary[step - 1] {
                    // The path stops here; its probability is 1^x 4^(step − x) / 5^step, counted once
                    // per continuation, so count it only for the all-zero continuation.
                    if pattern >> step == 0 { total += power(4, step - x) * power(5, n - step) }
                    break
                }
            }
        }
        return total
    }

    @Test func tailsOfBin10WorkedByHand() {
        // 5^10 · P(Bin(10, 0.2) ≥ k), k = 1 … 10, from the binomial sum.
        #expect((1...10).map { Self.scaledTail(10, $0) } == [8_717_049, 6_095_609, 3_146_489, 1_180_409, 320_249, 62_201, 8441, 761, 41, 1])
        // n = 3: P(X ≥ 2) = (3·4 + 1)/125 = 13/125 = 0.104, P(X = 3) = 1/125.
        #expect(Self.scaledTail(3, 2) == 13 && Self.scaledTail(3, 3) == 1)
    }

    @Test func n10Alpha10PercentMatchesTheHandBoundary() throws {
        // The largest admissible c is P(Bin(8, 0.2) ≥ 5) = 21985/5^8 = 0.0562816.
        let boundary = try StoppingBoundary.pocock(p0: 0.2, alpha: 0.10, maxSubjects: 10)
        let hand = Self.handBoundary(numerator: 21_985, scale: 8, n: 10)
        #expect(hand == [2, 2, 3, 3, 4, 4, 4, 4, 5, 5])
        #expect(boundary.values == hand)
        guard case .pocock(_, _, let nominal) = boundary.method else { Issue.record("not pocock"); return }
        #expect(abs(nominal - 0.0562816) < 1e-15)
        // Crossing probability, by enumeration of all 1024 sequences: 905977/5^10 = 0.0927720448.
        #expect(Self.enumeratedCrossing(hand) == 905_977)
        #expect(abs(boundary.crossingProbability(rate: 0.2) - 905_977.0 / 9_765_625.0) < 1e-15)
    }

    @Test func n10TheNextLargerLevelWouldExceedAlpha() throws {
        // Every distinct tail above 21985/5^8, as an exact fraction; the smallest one is the next c.
        var next: (num: Int, scale: Int)?
        for n in 1...10 {
            for k in 1...n {
                let t = Self.scaledTail(n, k)
                guard t * Self.power(5, 8) > 21_985 * Self.power(5, n) else { continue }
                if let current = next, t * Self.power(5, current.scale) >= current.num * Self.power(5, n) { continue }
                next = (t, n)
            }
        }
        let larger = try #require(next)
        let crossing = Self.enumeratedCrossing(Self.handBoundary(numerator: larger.num, scale: larger.scale, n: 10))
        #expect(Double(crossing) / 9_765_625.0 > 0.10, "the next c, \(larger.num)/5^\(larger.scale), must exceed alpha")
        // The implementation agrees that its c is the last admissible candidate.
        let candidates = StoppingBoundary.pocockCandidateLevels(p0: 0.2, maxSubjects: 10)
        let index = try #require(candidates.firstIndex { abs($0 - 0.0562816) < 1e-15 })
        let nextBoundary = try StoppingBoundary.pocock(p0: 0.2, nominal: candidates[index + 1], maxSubjects: 10)
        #expect(abs(candidates[index + 1] - Double(larger.num) / Double(Self.power(5, larger.scale))) < 1e-15)
        #expect(nextBoundary.crossingProbability(rate: 0.2) > 0.10)
    }

    @Test func n10Alpha5PercentWorkedByHand() throws {
        // c = P(Bin(4, 0.2) ≥ 3) = 17/625 = 0.0272.
        let boundary = try StoppingBoundary.pocock(p0: 0.2, alpha: 0.05, maxSubjects: 10)
        let hand = Self.handBoundary(numerator: 17, scale: 4, n: 10)
        #expect(boundary.values == hand)
        #expect(hand == [2, 3, 3, 3, 4, 4, 5, 5, 5, 6])
        #expect(Self.enumeratedCrossing(hand) == 411_385) // 0.042125824
        #expect(abs(boundary.crossingProbability(rate: 0.2) - 0.042125824) < 1e-15)
    }

    // MARK: the R reference values (stopping-rules.md, stoppingrule 0.6 and clinfun 1.1.5)

    struct RReference: Sendable, CustomTestStringConvertible {
        let n: Int, p0: Double, alpha: Double
        let boundary: String
        var testDescription: String { "N = \(n), p0 = \(p0), alpha = \(alpha): \(boundary)" }
    }

    static let rReference = [
        RReference(n: 20, p0: 0.2, alpha: 0.10, boundary: "- - 3 3 4 4 4 5 5 5 6 6 6 7 7 7 7 8 8 8"),
        RReference(n: 10, p0: 0.3, alpha: 0.05, boundary: "- - 3 4 5 5 6 6 6 7"),
    ]

    @Test(arguments: rReference) func matchesR(_ row: RReference) throws {
        let boundary = try StoppingBoundary.pocock(p0: row.p0, alpha: row.alpha, maxSubjects: row.n)
        #expect(boundary.compactText == row.boundary)
    }

    // MARK: properties

    static let designs: [(p0: Double, alpha: Double, n: Int)] = [
        (0.2, 0.1, 20), (0.3, 0.05, 10), (0.1, 0.05, 50), (0.05, 0.1, 100), (0.33, 0.2, 40), (0.5, 0.01, 30), (0.2, 0.1, 1),
    ]

    @Test(arguments: designs.indices) func alphaRespectedAndAsLargeAsTheDefinitionAllows(_ index: Int) throws {
        let design = Self.designs[index]
        let boundary = try StoppingBoundary.pocock(p0: design.p0, alpha: design.alpha, maxSubjects: design.n)
        #expect(boundary.crossingProbability(rate: design.p0) <= design.alpha)
        guard case .pocock(_, _, let nominal) = boundary.method else { Issue.record("not pocock"); return }
        let candidates = StoppingBoundary.pocockCandidateLevels(p0: design.p0, maxSubjects: design.n)
        guard let next = candidates.first(where: { $0 > nominal }) else { return }
        let larger = try StoppingBoundary.pocock(p0: design.p0, nominal: next, maxSubjects: design.n)
        #expect(larger.crossingProbability(rate: design.p0) > design.alpha, "c = \(next) would still respect alpha")
    }

    @Test(arguments: designs.indices) func boundaryNonDecreasingAndRisesByAtMostOne(_ index: Int) throws {
        let design = Self.designs[index]
        let values = try StoppingBoundary.pocock(p0: design.p0, alpha: design.alpha, maxSubjects: design.n).values
        for n in values.indices.dropFirst() {
            #expect(values[n] >= values[n - 1], "b_\(n + 1) < b_\(n)")
            #expect(values[n] <= values[n - 1] + 1, "b_\(n + 1) jumps by more than one")
        }
    }

    @Test func n500IsFiniteAndExact() throws {
        let boundary = try StoppingBoundary.pocock(p0: 0.2, alpha: 0.1, maxSubjects: 500)
        #expect(boundary.values.count == 500)
        #expect(boundary.values.allSatisfy { $0 >= 1 && $0 <= 501 })
        let stop = boundary.crossingProbability(rate: 0.2)
        #expect(stop.isFinite && stop <= 0.1 && stop > 0.05)
        let oc = boundary.operatingCharacteristics(rate: 0.3)
        #expect(abs(oc.stopProbability + oc.continueProbability - 1) < 1e-12)
        #expect(boundary.stopsAt(500).map { $0 > 100 && $0 < 150 } == true) // about 0.2·500 plus a margin
    }

    @Test func alphaBelowEveryTailNeverStops() throws {
        // P(Bin(3, 0.5) ≥ 3) = 0.125 is the smallest tail for N = 3, p0 = 0.5.
        let boundary = try StoppingBoundary.pocock(p0: 0.5, alpha: 0.1, maxSubjects: 3)
        #expect(boundary.values == [2, 3, 4])
        #expect(boundary.crossingProbability(rate: 0.5) == 0)
    }

    @Test func refusesInputsOutsideTheirRanges() {
        #expect(throws: BoundaryError.self) { try StoppingBoundary.pocock(p0: 0, alpha: 0.1, maxSubjects: 10) }
        #expect(throws: BoundaryError.self) { try StoppingBoundary.pocock(p0: 0.2, alpha: 1, maxSubjects: 10) }
        #expect(throws: BoundaryError.self) { try StoppingBoundary.pocock(p0: 0.2, alpha: 0.1, maxSubjects: 0) }
    }
}
