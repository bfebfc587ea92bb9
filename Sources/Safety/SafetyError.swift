import Grading

/// A protocol file that cannot be loaded: the same `file:line: message` error as a criteria
/// file's (``FileLineError``), thrown by the protocol loader.
package typealias ProtocolError = FileLineError

/// Every protocol error found in one pass (each toxicity and rule is checked even after an earlier
/// one failed), so that the author fixes them all at once. Never empty.
package struct ProtocolErrors: Error, Sendable, CustomStringConvertible {
    package let errors: [ProtocolError]

    package init(_ errors: [ProtocolError]) { self.errors = errors }

    package var description: String { errors.map(\.description).joined(separator: "\n") }
}
