/// A continuous-monitoring boundary: after each evaluable subject n = 1 … N, stop when the number of
/// subjects with the toxicity among the first n reaches b_n (Pocock-type: Ivanova, Qaqish & Schell, Biometrics 2005;61:540–545;
/// Bayesian: Thall & Simon, Biometrics 1994;50:337–349).
///
/// Build one with ``pocock(p0:alpha:maxSubjects:)`` or ``bayes(p0:priorA:priorB:threshold:maxSubjects:)``;
/// read it with ``stopsAt(_:)``, and judge it with ``operatingCharacteristics(rate:)``.
package struct StoppingBoundary: Sendable, Equatable {
    /// How the boundary was derived, with its inputs.
    package let method: Method
    /// b_1 … b_N. A value above n means that no stop is possible after n subjects.
    package let values: [Int]

    package init(method: Method, values: [Int]) {
        self.method = method
        self.values = values
    }

    /// The monitoring methods.
    package enum Method: Sendable, Equatable {
        /// Ivanova, Qaqish & Schell 2005: one nominal level `nominal` (c) at every look, the largest
        /// for which the probability of stopping when the rate is `p0` is at most `alpha`.
        case pocock(p0: Double, alpha: Double, nominal: Double)
        /// Beta-binomial: stop when P(p > p0 | data) > `threshold` under a Beta(a, b) prior.
        case bayes(p0: Double, priorA: Double, priorB: Double, threshold: Double)

        /// The name used on the command line and in JSON (`pocock`, `bayes`).
        package var name: String {
            switch self {
            case .pocock: "pocock"
            case .bayes: "bayes"
            }
        }

        /// The acceptable toxicity rate.
        package var p0: Double {
            switch self {
            case .pocock(let p0, _, _), .bayes(let p0, _, _, _): p0
            }
        }
    }

    /// N, the maximum number of evaluable subjects monitored.
    package var maxSubjects: Int { values.count }

    /// The smallest number of toxicities among the first `n` evaluable subjects that stops the
    /// trial, or nil when no stop is possible after `n` (or `n` is outside 1 … N).
    package func stopsAt(_ n: Int) -> Int? {
        guard n >= 1, n <= values.count else { return nil }
        let b = values[n - 1]
        return b <= n ? b : nil
    }

    /// The largest number of subjects the method accepts: beyond it the exact computations stay
    /// correct but a boundary is no longer a quick look-up at load time.
    package static let maxSupportedSubjects = 2000
}

/// Inputs a boundary cannot be computed from; the message names the input.
package struct BoundaryError: Error, Equatable, Sendable, CustomStringConvertible {
    package let message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}

extension StoppingBoundary {
    static func checkCommon(p0: Double, maxSubjects: Int) throws(BoundaryError) {
        guard p0 > 0, p0 < 1 else { throw BoundaryError("p0 must be between 0 and 1 (exclusive), found \(p0)") }
        guard (1...maxSupportedSubjects).contains(maxSubjects) else {
            throw BoundaryError("the maximum number of subjects must be from 1 to \(maxSupportedSubjects), found \(maxSubjects)")
        }
    }
}
