/// The characters a text typed into aegrade may hold, checked where it enters (an assessment, a
/// command-line option, the bedside form), before anything is written.
///
/// A NUL cut an id short on its way into SQLite, so that the stored event no longer matched its
/// hash; an escape sequence in a stored text repaints whoever prints it later. Both are refused
/// with the field path. A free text (a reason, a note) may span lines: a newline and a tab are
/// kept there, as a clinician writes them; every other control character is refused everywhere.
package enum TextInput {
    /// What a field may hold.
    package enum Kind: Sendable {
        /// One line: an id, a user id, a cohort, a drug name. No control character at all.
        case singleLine
        /// A reason or a note: newline and tab allowed, nothing else that `PrintableText` escapes.
        case multiLine
    }

    /// Throws an ``InputError`` at `field` for the first character `kind` does not allow.
    package static func check(_ text: String, at field: FieldPath, as kind: Kind) throws(InputError) {
        guard PrintableText.hasControlCharacters(text) else { return }
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            if kind == .multiLine, scalar == "\n" || scalar == "\t" { continue }
            guard PrintableText.hasControlCharacters(String(scalar)) else { continue }
            throw InputError(field: field, message: "contains the control character \(name(scalar)) at character \(offset + 1)"
                             + (kind == .multiLine ? "; only line breaks (\\n) and tabs are allowed in a text" : "; it is not allowed here"))
        }
    }

    /// Checks every string inside a JSON value (object keys included), naming its path.
    package static func check(_ value: JSONValue, at field: FieldPath, as kind: Kind) throws(InputError) {
        switch value {
        case .string(let text): try check(text, at: field, as: kind)
        case .array(let elements):
            for (index, element) in elements.enumerated() { try check(element, at: field.index(index), as: kind) }
        case .object(let members):
            for (key, member) in members {
                try check(key, at: field.appending(key), as: .singleLine)
                try check(member, at: field.appending(key), as: kind)
            }
        default: return
        }
    }

    /// `U+001B (escape)`, as a reader can look it up.
    static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        switch scalar.value {
        case 0x00: return code + " (NUL)"
        case 0x09: return code + " (tab)"
        case 0x0A: return code + " (line break)"
        case 0x0D: return code + " (carriage return)"
        case 0x1B: return code + " (escape)"
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F: return code + " (bidirectional control)"
        default: return code
        }
    }
}
