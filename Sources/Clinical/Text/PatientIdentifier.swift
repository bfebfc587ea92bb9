import CUnicodeSecurity

/// A trial subject's id as aegrade writes it: Unicode NFC, no white space at either end, and no
/// character a reader cannot see or that would change what a terminal shows.
///
/// `BED-03`, `BED-03 ` and `BED-0\u{33}` typed on different keyboards must be one patient, so the
/// id is normalised where it enters (`record`, `log event`, the bedside form), never in the log:
/// ids already stored stay as they are. Ids that still differ only in letter case or by a
/// look-alike character (`bed-03`, the Cyrillic `ВЕD-03`) are different patients to the log, and
/// each entry of such an id is warned about (by the log's `PatientDirectory`), not refused: two real patients
/// may have such ids.
package struct PatientIdentifier: Hashable, Sendable, CustomStringConvertible {
    /// The normalised id.
    package let text: String

    /// Normalises `input` (NFC, white space trimmed at both ends) and refuses an empty id, a
    /// control character (NUL, escape, line break, bidirectional control), an invisible format
    /// character (zero-width space, joiner), a private-use or unassigned code point (noncharacters
    /// such as U+FFFF included): each would make two ids look the same, or not show at all.
    package init(_ input: String, at field: FieldPath) throws(InputError) {
        // Printable ASCII without spaces (as most ids are) is NFC already, has no white space to
        // trim and no character refused below: it is taken as it is, without the Unicode passes.
        if !input.isEmpty, input.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) {
            text = input
            return
        }
        try TextInput.check(input, at: field, as: .singleLine)
        let text = Self.trimmed(Unicode.transformed(input, .nfc))
        guard !text.isEmpty else { throw InputError(field: field, message: "must not be empty") }
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            switch scalar.properties.generalCategory {
            case .format, .privateUse, .unassigned, .surrogate, .control, .lineSeparator, .paragraphSeparator:
                throw InputError(field: field, message: "contains \(TextInput.name(scalar)), a character that does not show (character \(offset + 1)); type the id without it")
            default: continue
            }
        }
        self.text = text
    }

    package var description: String { text }

    /// The keys under which look-alike ids meet: the UTS #39 confusable skeletons (ICU's
    /// `uspoof_getSkeleton`) of the id in NFKC, as it is and in upper case. NFKC so that
    /// full-width `ＢＥＤ` meets `BED`; upper case because a skeleton maps `В` (Cyrillic) to `B` but
    /// `в` to `ʙ`, and `bed` to itself; as it is because upper case would hide that a lower-case
    /// `l` looks like the digit `1`. Two ids are look-alikes when they share either key.
    package var lookAlikeKeys: [String] {
        // ASCII text is its own NFKC (Unicode Standard Annex #15: every ASCII character is
        // stable under all four forms): no call to ICU for the ids most sites use.
        let compatible = text.utf8.allSatisfy { $0 < 0x80 } ? text : Unicode.transformed(text, .nfkc)
        return [Unicode.transformed(compatible.uppercased(), .skeleton), "as typed:" + Unicode.transformed(compatible, .skeleton)]
    }

    /// An id read back from the log, taken as it was stored (history is never rewritten).
    package init(stored: String) { text = stored }

    /// The text without white space at either end.
    static func trimmed(_ text: String) -> String { text.trimmedWhiteSpace }
}

extension Unicode {
    /// The transforms of ``transformed(_:_:)``, carried out by ICU.
    enum Transform: Int32 {
        case nfc = 0, nfkc = 1, skeleton = 2
    }

    /// `text` in NFC, NFKC, or as its UTS #39 skeleton. ICU fails only on out-of-memory or a
    /// missing data file; then the text is returned unchanged, so a look-alike check compares the
    /// ids as typed (no false warning, only a missed one) and NFC leaves the id as typed.
    static func transformed(_ text: String, _ transform: Transform) -> String {
        let input = Array(text.utf16)
        guard !input.isEmpty else { return text }
        var capacity = input.count * 3 + 8
        for _ in 0..<2 {
            var output = [UInt16](repeating: 0, count: capacity)
            let written = aeg_transform(transform.rawValue, input, Int32(input.count), &output, Int32(capacity))
            if written >= 0 { return String(decoding: output[0..<Int(written)], as: UTF16.self) }
            if written == -1 { return text }
            capacity = Int(-written - 2)
        }
        return text
    }
}
