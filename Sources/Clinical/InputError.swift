/// A rejected assessment: the field at fault and why, in words a clinician can act on.
///
/// Thrown while decoding (unknown key, wrong type, unknown enum value, unit the analyte does not
/// accept) and by the hard plausibility limits (a value outside what is physically possible).
package struct InputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input path at fault; empty when the whole line is not a JSON object.
    package let field: FieldPath
    package let message: String

    package init(field: FieldPath, message: String) {
        self.field = field
        self.message = message
    }

    package var description: String { field.text.isEmpty ? message : "\(field): \(message)" }
}
