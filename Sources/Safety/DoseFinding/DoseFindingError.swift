/// Design parameters a decision table cannot be built from (a target outside 0.05–0.6, φ1 too
/// close to φ, an equivalence interval leaving 0–1); the message names the parameter.
package struct DoseFindingError: Error, Equatable, Sendable, CustomStringConvertible {
    package let message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
