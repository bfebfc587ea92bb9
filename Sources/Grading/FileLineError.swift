import Clinical

/// A file that cannot be loaded (a criteria file or a trial protocol), with the place in the file
/// that is wrong.
///
/// Printed as `file:line: message`, the form editors and CI logs link to. A criteria set or a
/// protocol with any such error is not used at all: aegrade never grades with half a set, nor
/// evaluates a trial against half a protocol.
package struct FileLineError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file, as given to the loader (a path, or the bundled file's name).
    package let file: String
    /// 1-based line; 0 when the error concerns the file as a whole (unreadable, a directory).
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

/// A criteria file that cannot be loaded (``FileLineError`` thrown by the criteria loader).
package typealias CriteriaError = FileLineError

/// Several criteria errors found in one pass, so that a reviewer fixes them all at once.
package struct CriteriaErrors: Error, Sendable, CustomStringConvertible {
    package let errors: [CriteriaError]
    package var description: String { errors.map(\.description).joined(separator: "\n") }
}
