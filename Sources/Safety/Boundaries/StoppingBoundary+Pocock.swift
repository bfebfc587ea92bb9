import Foundation

extension StoppingBoundary {
    /// The Pocock-type boundary of Ivanova, Qaqish & Schell (Biometrics 2005;61:540–545,
    /// doi:10.1111/j.1541-0420.2005.00311.x).
    ///
    /// b_n is the smallest k with P(Bin(n, p0) ≥ k) ≤ c, one c for every n; c is the largest value
    /// for which the exact probability of crossing at some n ≤ N, when the rate is p0, is at most α.
    /// The boundary only changes where c passes one of the finitely many tails P(Bin(n, p0) ≥ k),
    /// 1 ≤ k ≤ n ≤ N, and the crossing probability grows with c, so c is found by bisection over
    /// those tails, sorted; each step is one exact dynamic programme (``crossingProbability(rate:)``).
    /// Tails are compared in log space, so N = 500 (tails near 1e-350) is exact too.
    ///
    /// The nominal level recorded is the tail value reached (the boundary is the same for every c
    /// from it up to the next tail). When even the smallest tail gives α too much, no stop is
    /// possible and every b_n is n + 1.
    package static func pocock(p0: Double, alpha: Double, maxSubjects: Int) throws(BoundaryError) -> StoppingBoundary {
        try checkCommon(p0: p0, maxSubjects: maxSubjects)
        guard alpha > 0, alpha < 1 else { throw BoundaryError("alpha must be between 0 and 1 (exclusive), found \(alpha)") }
        let table = PocockTails(p0: p0, maxSubjects: maxSubjects)
        let candidates = table.distinctLogTails
        func crossing(_ index: Int) -> Double {
            StoppingBoundary(method: .pocock(p0: p0, alpha: alpha, nominal: 0), values: table.boundary(logC: candidates[index]))
                .crossingProbability(rate: p0)
        }
        // Largest index whose crossing probability is ≤ α (−1: none).
        var low = -1, high = candidates.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if crossing(middle) <= alpha { low = middle } else { high = middle - 1 }
        }
        let logC = low >= 0 ? candidates[low] : -Double.infinity
        return StoppingBoundary(method: .pocock(p0: p0, alpha: alpha, nominal: exp(logC)), values: table.boundary(logC: logC))
    }

    /// The Pocock boundary for a given nominal level c (for tests, and to show what the next larger
    /// c would cost): b_n = the smallest k with P(Bin(n, p0) ≥ k) ≤ c. Its recorded α is the
    /// crossing probability this c attains when the rate is p0.
    package static func pocock(p0: Double, nominal c: Double, maxSubjects: Int) throws(BoundaryError) -> StoppingBoundary {
        try checkCommon(p0: p0, maxSubjects: maxSubjects)
        let values = PocockTails(p0: p0, maxSubjects: maxSubjects).boundary(logC: log(c))
        let attained = StoppingBoundary(method: .pocock(p0: p0, alpha: 0, nominal: c), values: values).crossingProbability(rate: p0)
        return StoppingBoundary(method: .pocock(p0: p0, alpha: attained, nominal: c), values: values)
    }

    /// The distinct nominal levels at which a Pocock boundary for (p0, N) changes, ascending: the
    /// tails P(Bin(n, p0) ≥ k), 1 ≤ k ≤ n ≤ N.
    package static func pocockCandidateLevels(p0: Double, maxSubjects: Int) -> [Double] {
        PocockTails(p0: p0, maxSubjects: maxSubjects).distinctLogTails.map { exp($0) }
    }
}

/// log P(Bin(n, p0) ≥ k) for 1 ≤ n ≤ N, 0 ≤ k ≤ n + 1.
struct PocockTails {
    let tails: [[Double]]

    init(p0: Double, maxSubjects: Int) {
        tails = (1...maxSubjects).map { Binomial.logUpperTails(n: $0, p: p0) }
    }

    /// Every tail with 1 ≤ k ≤ n, sorted ascending, equal values once.
    var distinctLogTails: [Double] {
        var all: [Double] = []
        all.reserveCapacity(tails.count * (tails.count + 1) / 2)
        for row in tails { all.append(contentsOf: row[1..<(row.count - 1)]) }
        all.sort()
        var distinct: [Double] = []
        distinct.reserveCapacity(all.count)
        for value in all where distinct.last != value { distinct.append(value) }
        return distinct
    }

    /// b_n = the smallest k ≥ 1 with log tail ≤ log c (n + 1 when there is none).
    func boundary(logC: Double) -> [Int] {
        tails.enumerated().map { index, row in
            let n = index + 1
            // Tails fall with k: bisect for the first k in 1 … n + 1 with tail ≤ log c (k = n + 1 has −∞).
            var low = 1, high = n + 1
            while low < high {
                let middle = (low + high) / 2
                if row[middle] <= logC { high = middle } else { low = middle + 1 }
            }
            return low
        }
    }
}
