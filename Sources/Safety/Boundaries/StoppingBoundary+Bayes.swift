extension StoppingBoundary {
    /// The beta-binomial boundary (Thall & Simon, Biometrics 1994;50:337–349,
    /// doi:10.2307/2533377; Geller et al. 2003): with a Beta(a, b) prior, after n subjects with x
    /// toxicities the posterior is Beta(a + x, b + n − x), and the trial stops when
    /// P(p > p0 | data) = 1 − I_{p0}(a + x, b + n − x) exceeds τ. b_n is the smallest such x.
    ///
    /// The rule is not calibrated: its chance of stopping when the rate is p0 can be large (0.478 for
    /// a flat prior, p0 = 0.2, τ = 0.9, N = 30), so show ``operatingCharacteristics(rate:)`` beside it.
    package static func bayes(p0: Double, priorA a: Double, priorB b: Double, threshold: Double,
                              maxSubjects: Int) throws(BoundaryError) -> StoppingBoundary {
        try checkCommon(p0: p0, maxSubjects: maxSubjects)
        guard a > 0, b > 0, a.isFinite, b.isFinite else { throw BoundaryError("the prior Beta(a, b) needs a > 0 and b > 0, found \(a), \(b)") }
        guard threshold > 0, threshold < 1 else { throw BoundaryError("threshold must be between 0 and 1 (exclusive), found \(threshold)") }
        let values = (1...maxSubjects).map { n in
            // P(p > p0 | x) grows with x: bisect for the first x in 0 … n + 1 that exceeds τ.
            var low = 0, high = n + 1
            while low < high {
                let x = (low + high) / 2
                let exceedance = IncompleteBeta.upperTail(x: p0, a: a + Double(x), b: b + Double(n - x))
                if exceedance > threshold { high = x } else { low = x + 1 }
            }
            return low
        }
        return StoppingBoundary(method: .bayes(p0: p0, priorA: a, priorB: b, threshold: threshold), values: values)
    }

    /// P(p > p0 | x toxicities among n) under this boundary's prior (nil for a Pocock boundary).
    package func posteriorExceedance(toxicities x: Int, of n: Int) -> Double? {
        guard case .bayes(let p0, let a, let b, _) = method, x >= 0, x <= n else { return nil }
        return IncompleteBeta.upperTail(x: p0, a: a + Double(x), b: b + Double(n - x))
    }
}
