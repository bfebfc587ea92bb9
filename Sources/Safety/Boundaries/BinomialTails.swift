import Foundation

/// Binomial probabilities in log space, so that tails stay finite and ordered for N up to a few
/// thousand, where the linear-space terms (0.2^500 ≈ 1e-350) underflow.
enum Binomial {
    /// log P(Bin(n, p) = k), from the log-gamma function.
    static func logPMF(_ k: Int, n: Int, logP: Double, logQ: Double) -> Double {
        logChoose(n, k) + Double(k) * logP + Double(n - k) * logQ
    }

    /// log C(n, k).
    static func logChoose(_ n: Int, _ k: Int) -> Double {
        lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
    }

    /// log(e^a + e^b) without overflow or loss when one term is much smaller.
    static func logAddExp(_ a: Double, _ b: Double) -> Double {
        if a == -.infinity { return b }
        if b == -.infinity { return a }
        let (high, low) = a > b ? (a, b) : (b, a)
        return high + log1p(exp(low - high))
    }

    /// The upper tails of Bin(n, p): element k is log P(Bin(n, p) ≥ k) for k = 0 … n + 1 (the last
    /// is −∞). Summed from the top, so small tails keep full relative precision.
    static func logUpperTails(n: Int, p: Double) -> [Double] {
        let logP = log(p), logQ = log1p(-p)
        var tails = [Double](repeating: -.infinity, count: n + 2)
        var running = -Double.infinity
        for k in stride(from: n, through: 0, by: -1) {
            running = logAddExp(running, logPMF(k, n: n, logP: logP, logQ: logQ))
            tails[k] = running
        }
        tails[0] = 0 // P(X ≥ 0) = 1 exactly.
        return tails
    }

    /// P(Bin(n, p) ≤ j), summed term by term in linear space (each term from log space).
    static func lowerTail(_ j: Int, n: Int, p: Double) -> Double {
        guard j >= 0 else { return 0 }
        guard j < n else { return 1 }
        let logP = log(p), logQ = log1p(-p)
        var sum = 0.0
        for k in 0...j { sum += exp(logPMF(k, n: n, logP: logP, logQ: logQ)) }
        return min(sum, 1)
    }
}
