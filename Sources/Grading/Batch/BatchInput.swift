import Clinical

/// The three input forms of `grade-io.md` — a JSON array of objects, one JSON object (possibly
/// pretty-printed over many lines), or JSON Lines — told apart before anything is graded, so that
/// one syntax error gives one error, at its line and column, in whichever form it occurs.
///
/// - A text whose first character is `[` is an array; if it is not JSON, that is one error.
/// - A text that is one JSON value is that value (a one-line file included).
/// - Otherwise it is JSON Lines when its first or second non-blank line is a JSON value on its
///   own: each line is then graded or rejected by itself, as a line of JSON Lines always is.
///   A pretty-printed object has neither (its first line is `{` or ends with a comma), so a
///   syntax error in it is one error for the whole text instead of one per line.
///
/// A UTF-8 byte order mark before the text is ignored (spreadsheet exports write one).
package enum BatchInput {
    /// What a whole input holds.
    package enum Form {
        /// Nothing but whitespace.
        case empty
        /// The assessments of an array, or the one object.
        case values([JSONValue])
        /// JSON Lines, each line to be read by itself.
        case lines
        /// Not JSON in any form: one error, at an offset into the input.
        case failed(JSONParser.SyntaxError)
    }

    /// The UTF-8 byte order mark EF BB BF.
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// `bytes` without a leading byte order mark.
    package static func withoutByteOrderMark(_ bytes: [UInt8]) -> [UInt8] {
        bytes.starts(with: byteOrderMark) ? Array(bytes.dropFirst(byteOrderMark.count)) : bytes
    }

    /// The form of `bytes` (without a byte order mark).
    package static func form(of bytes: [UInt8]) -> Form {
        guard let first = bytes.firstIndex(where: { !isWhitespace($0) }) else { return .empty }
        let whole: JSONValue
        do {
            whole = try JSONParser.parse(bytes: bytes)
        } catch let error as JSONParser.SyntaxError {
            if bytes[first] != UInt8(ascii: "[") && looksLikeLines(bytes) { return .lines }
            return .failed(error)
        } catch {
            return .failed(JSONParser.SyntaxError(at: 0, "\(error)"))
        }
        if case .array(let elements) = whole { return .values(elements) }
        return .values([whole])
    }

    /// Whether the first or the second non-blank line is a JSON value by itself. Parsing the whole
    /// text first stops at the end of the first line of JSON Lines, so this is asked only of a
    /// text that is not one value, and reads at most two lines.
    private static func looksLikeLines(_ bytes: [UInt8]) -> Bool {
        var start = 0
        var tried = 0
        while start < bytes.count, tried < 2 {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            let line = bytes[start..<end]
            start = end + 1
            guard line.contains(where: { !isWhitespace($0) }) else { continue }
            tried += 1
            if (try? JSONParser.parse(bytes: Array(line))) != nil { return true }
        }
        return false
    }

    /// The 1-based line and column of byte `offset` of `bytes`; the column counts characters
    /// (Unicode scalars), as an editor does, not bytes.
    package static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
}
