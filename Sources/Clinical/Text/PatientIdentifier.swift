import CUnicodeSecurity
import Synchronization

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
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
            let compatible = Unicode.transformed(text, .nfkc)
            return [Unicode.transformed(compatible.uppercased(), .skeleton), "as typed:" + Unicode.transformed(compatible, .skeleton)]
        }
        let upper = text.uppercased()
        return [ASCIISkeletons.shared.skeleton(of: upper) ?? Unicode.transformed(upper, .skeleton),
                "as typed:" + (ASCIISkeletons.shared.skeleton(of: text) ?? Unicode.transformed(text, .skeleton))]
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

/// UTS #39 skeletons of ASCII text, put together character by character from each character's
/// own skeleton, asked of ICU once per process. The skeleton is defined character by character
/// (UTS #39 §4: NFD, each character replaced by its prototype, NFD again), and ASCII text is its
/// own NFD; so when every character's prototype is ASCII too, the joined prototypes are the
/// skeleton ICU gives for the whole text. A character whose prototype is not ASCII sends the
/// text to ICU whole. Why: every `record` keys each of its site's patient ids twice when it starts
/// (`PatientDirectory`), an ICU call each: at 500 patients 17 M of its instructions (callgrind),
/// 7 % of a start on PostgreSQL.
final class ASCIISkeletons: Sendable {
    static let shared = ASCIISkeletons()

    /// Each ASCII character's skeleton once asked for: nil when its prototype is not ASCII.
    private let known = Mutex<[UInt8: [UInt8]?]>([:])

    /// The skeleton of ASCII `text`; nil when a character's prototype is not ASCII (or `text`
    /// is not ASCII).
    func skeleton(of text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        let complete = known.withLock { known -> Bool in
            for byte in text.utf8 {
                guard byte < 0x80 else { return false }
                let prototype: [UInt8]?
                if let cached = known[byte] {
                    prototype = cached
                } else {
                    let skeleton = Unicode.transformed(String(UnicodeScalar(byte)), .skeleton)
                    prototype = skeleton.utf8.allSatisfy { $0 < 0x80 } ? Array(skeleton.utf8) : nil
                    known[byte] = .some(prototype)
                }
                guard let prototype else { return false }
                bytes.append(contentsOf: prototype)
            }
            return true
        }
        return complete ? String(decoding: bytes, as: UTF8.self) : nil
    }
}
