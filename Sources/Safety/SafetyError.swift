/// A protocol file that cannot be loaded, with the place in the file that is wrong.
///
/// Printed as `file:line: message`, like criteria errors (`CriteriaError`), so that editors and CI
/// logs link to the line. A protocol with any such error is not used: aegrade never evaluates a
/// trial against half a protocol.
package struct ProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file, as given to the loader.
    package let file: String
    /// 1-based line; 0 when the error concerns the file as a whole (unreadable, empty, not UTF-8).
    package let line: Int
    package let message: String

    package init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    package var description: String { line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)" }
}

/// Every protocol error found in one pass (each toxicity and rule is checked even after an earlier
/// one failed), so that the author fixes them all at once. Never empty.
package struct ProtocolErrors: Error, Sendable, CustomStringConvertible {
    package let errors: [ProtocolError]

    package init(_ errors: [ProtocolError]) { self.errors = errors }

    package var description: String { errors.map(\.description).joined(separator: "\n") }
}
