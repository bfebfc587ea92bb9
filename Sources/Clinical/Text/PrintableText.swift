/// Text that came from input or from the log, made safe to print on a terminal or in a spreadsheet.
///
/// Anything a user typed (an id, a reason, a rejected value) may carry control characters: an
/// `ESC [2J` clears the reader's screen, a newline forges a report line, a bidirectional override
/// reorders what a reviewer reads (CVE-2021-42574, "Trojan Source"). Every text the product prints
/// that it did not write itself goes through one of these functions.
package enum PrintableText {
    /// The text with every control character written as an escape: `\n`, `\r`, `\t`, and
    /// `\u{1B}` for the rest of C0, DEL, C1 and the bidirectional controls. Printable text,
    /// Chinese included, is unchanged.
    package static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }

    /// A message of several lines: each line escaped, the line breaks between them kept. For
    /// messages whose values were not escaped where they were put in.
    package static func escapedLines(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0) && $0 != "\n" }) else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { escaped(String($0)) }.joined(separator: "\n")
    }

    /// A value quoted in an error message: escaped, and cut to `limit` characters with `…` and
    /// the full length when longer, so that a 10 MB value gives a short line.
    package static func quoted(_ text: String, limit: Int = 80) -> String {
        let escapedText = escaped(text)
        guard escapedText.count > limit else { return "\"\(escapedText)\"" }
        return "\"\(escapedText.prefix(limit))…\" (\(text.count) characters)"
    }

    /// A name from input used inside a field path (an unknown key, say): escaped, and cut to
    /// `limit` characters with `…`, without quotes, so that the path stays one short line.
    package static func abbreviated(_ text: String, limit: Int = 80) -> String {
        let escapedText = escaped(text)
        guard escapedText.count > limit else { return escapedText }
        return escapedText.prefix(limit) + "…"
    }

    /// One CSV field per RFC 4180, neutralised against formula injection as OWASP recommends:
    /// a cell starting with `=`, `+`, `-`, `@`, tab or CR gets a leading `'`, so a spreadsheet
    /// shows it as text. Control characters other than tab, CR and LF are escaped; a field holding
    /// a comma, a quote, CR or LF is quoted with its quotes doubled.
    package static func csvField(_ text: String) -> String {
        var cell = ""
        for scalar in text.unicodeScalars {
            if needsEscape(scalar), scalar != "\t", scalar != "\r", scalar != "\n" {
                cell += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                cell.unicodeScalars.append(scalar)
            }
        }
        if let first = cell.unicodeScalars.first, formulaStarts.contains(first) { cell = "'" + cell }
        guard cell.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else { return cell }
        var quoted = "\""
        for scalar in cell.unicodeScalars {
            if scalar == "\"" { quoted += "\"" }
            quoted.unicodeScalars.append(scalar)
        }
        return quoted + "\""
    }

    /// Whether the text holds a character `escaped` would rewrite (input checks refuse such ids).
    package static func hasControlCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: needsEscape)
    }

    private static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional marks and controls
        case 0x2028, 0x2029: true  // line and paragraph separators
        default: false
        }
    }
}
