import Clinical

/// A criteria file that cannot be loaded, with the place in the file that is wrong.
///
/// Printed as `file:line: message`, the form editors and CI logs link to. A criteria set with any
/// such error does not load at all: aegrade never grades with half a set.
package struct CriteriaError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file, as given to the loader (a path, or the bundled file's name).
    package let file: String
    /// 1-based line; 0 when the error concerns the file as a whole.
    package let line: Int
    package let message: String

    package init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, one line: a control character from the file's name or text is
    /// escaped (`PrintableText`), so a message never repaints the reader's terminal.
    package var description: String {
        let text = line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
        return PrintableText.escaped(text)
    }
}

/// Several criteria errors found in one pass, so that a reviewer fixes them all at once.
package struct CriteriaErrors: Error, Sendable, CustomStringConvertible {
    package let errors: [CriteriaError]
    package var description: String { errors.map(\.description).joined(separator: "\n") }
}
