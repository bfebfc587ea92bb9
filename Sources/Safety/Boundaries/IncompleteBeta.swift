import Foundation

/// The regularised incomplete beta function, for the posterior of a beta-binomial model.
///
/// For whole-number parameters it is a finite binomial sum, I_x(a, b) = P(Bin(a + b − 1, x) ≥ a)
/// (Abramowitz & Stegun 26.5.24), computed term by term; otherwise by the continued fraction of
/// A&S 26.5.8 evaluated with the modified Lentz method (Press et al., Numerical Recipes, 3rd ed.,
/// section 6.4), which converges in O(√max(a, b)) steps.
enum IncompleteBeta {
    /// P(p > x) when p ~ Beta(a, b), that is 1 − I_x(a, b), computed without forming 1 − (≈1).
    static func upperTail(x: Double, a: Double, b: Double) -> Double {
        precondition(a > 0 && b > 0 && x > 0 && x < 1, "Beta(\(a), \(b)) at \(x)")
        if let ai = Int(exactly: a), let bi = Int(exactly: b), ai + bi < 1_000_000 {
            // 1 − I_x(a, b) = I_{1−x}(b, a) = P(Bin(a + b − 1, x) ≤ a − 1).
            return Binomial.lowerTail(ai - 1, n: ai + bi - 1, p: x)
        }
        return continuedFractionUpperTail(x: x, a: a, b: b)
    }

    /// 1 − I_x(a, b) by the continued fraction, using the side on which it converges fast.
    static func continuedFractionUpperTail(x: Double, a: Double, b: Double) -> Double {
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return 1 - exp(logFront) * fraction(x: x, a: a, b: b) / a
        }
        // I_x(a, b) = 1 − I_{1−x}(b, a): the upper tail is the small side here.
        return exp(logFront) * fraction(x: 1 - x, a: b, b: a) / b
    }

    /// The continued fraction of A&S 26.5.8 for I_x(a, b) · a / (x^a (1−x)^b / B(a, b)).
    private static func fraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300, epsilon = 1e-16
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...100_000 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return h
    }
}
