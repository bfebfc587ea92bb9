import Clinical
import Foundation

/// A C2SP signed note (https://c2sp.org/signed-note): a text ending in a newline, a blank line,
/// and one or more signature lines `— NAME BASE64(4-byte key ID ‖ signature)`.
///
/// Parsing is strict, because a checkpoint file comes from outside the log and may be hostile:
/// valid UTF-8, no control character but the newline, at most `maximumBytes` and
/// `maximumSignatures`, every signature line well formed; a failure names the line.
package struct SignedNote: Sendable, Equatable {
    /// One signature line.
    package struct Signature: Sendable, Equatable {
        package var name: String
        package var keyID: [UInt8]
        /// The signature bytes after the key ID.
        package var signature: [UInt8]
    }

    /// The signed text, with its final newline: the bytes each signature covers.
    package var text: String
    package var signatures: [Signature]

    /// An em dash (U+2014) and a space: how every signature line starts.
    static let signaturePrefix = "\u{2014} "
    /// Larger than any checkpoint aegrade writes by far; a file larger is not read.
    package static let maximumBytes = 16 * 1024
    /// The Go reference implementation's limit (golang.org/x/mod/sumdb/note).
    static let maximumSignatures = 100

    /// The note as written: text, blank line, signature lines.
    package var serialized: String {
        text + "\n" + signatures.map { "\(Self.signaturePrefix)\($0.name) \(Data($0.keyID + $0.signature).base64EncodedString())\n" }.joined()
    }

    /// Parses `bytes` as a signed note; the error names the first bad line (1-based).
    package init(parsing bytes: [UInt8]) throws(CheckpointError) {
        guard bytes.count <= Self.maximumBytes else {
            throw .malformed(line: 0, reason: "\(bytes.count) bytes, more than the \(Self.maximumBytes) a checkpoint can be")
        }
        guard let whole = String(validating: bytes, as: UTF8.self) else {
            throw .malformed(line: Self.firstInvalidLine(bytes), reason: "not valid UTF-8")
        }
        if let index = bytes.firstIndex(where: { $0 < 0x20 && $0 != 0x0A }) {
            throw .malformed(line: Self.lineNumber(ofByte: index, in: bytes),
                             reason: "holds the control character \(PrintableText.escaped(String(Character(UnicodeScalar(bytes[index])))))")
        }
        guard whole.hasSuffix("\n") else { throw .malformed(line: Self.lines(whole).count, reason: "the note does not end with a newline") }
        // The signatures follow the last blank line (as the reference implementation splits).
        guard let split = whole.range(of: "\n\n", options: .backwards) else {
            throw .malformed(line: Self.lines(whole).count, reason: "no blank line before the signature lines")
        }
        let text = String(whole[..<split.lowerBound]) + "\n"
        let textLines = Self.lines(text).count
        let signatureLines = Self.lines(String(whole[split.upperBound...]))
        guard !signatureLines.isEmpty else { throw .malformed(line: textLines + 2, reason: "no signature line") }
        guard signatureLines.count <= Self.maximumSignatures else {
            throw .malformed(line: textLines + 2, reason: "\(signatureLines.count) signature lines, more than \(Self.maximumSignatures)")
        }
        var signatures: [Signature] = []
        for (offset, line) in signatureLines.enumerated() {
            let number = textLines + 2 + offset
            guard line.hasPrefix(Self.signaturePrefix) else {
                throw .malformed(line: number, reason: "a signature line starts with an em dash (U+2014) and a space")
            }
            let parts = line.dropFirst(Self.signaturePrefix.count).split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[0].contains("+"), !parts[0].contains(where: \.isWhitespace) else {
                throw .malformed(line: number, reason: "a signature line is `— NAME SIGNATURE`, NAME non-empty without spaces or +")
            }
            guard let blob = Data(base64Encoded: String(parts[1])), blob.base64EncodedString() == parts[1], blob.count > 4 else {
                throw .malformed(line: number, reason: "the signature is not standard base64 of a 4-byte key ID and a signature")
            }
            signatures.append(Signature(name: String(parts[0]), keyID: Array(blob.prefix(4)), signature: Array(blob.dropFirst(4))))
        }
        self.text = text
        self.signatures = signatures
    }

    package init(text: String, signatures: [Signature]) {
        self.text = text
        self.signatures = signatures
    }

    /// Checks the signature of the key `name` with the Ed25519 public key `publicKeyHex`: the
    /// line with that name and key ID must be there and verify. Lines of other keys are ignored,
    /// as C2SP signed-note requires of a verifier that does not know them.
    package func verify(name: String, publicKeyHex: String) throws(CheckpointError) {
        guard let raw = LowercaseHex.bytes(publicKeyHex), raw.count == 32 else {
            throw .signature("the log's public key \(PrintableText.quoted(publicKeyHex)) is not 64 hex digits")
        }
        let keyID = LogKey.noteKeyID(name: name, publicKey: raw)
        guard let line = signatures.first(where: { $0.name == name && $0.keyID == keyID }) else {
            let others = signatures.map { "\(PrintableText.quoted($0.name)) key ID \(LowercaseHex.text($0.keyID))" }.joined(separator: ", ")
            throw .signature("not signed by this log's key (\(PrintableText.quoted(name)) key ID \(LowercaseHex.text(keyID))); "
                             + "signed by \(others)")
        }
        guard LogKey.isValid(signature: line.signature, of: Array(text.utf8), publicKeyHex: publicKeyHex) else {
            throw .signature("the signature of \(PrintableText.quoted(name)) key ID \(LowercaseHex.text(keyID)) does not verify: "
                             + "the checkpoint's text was changed after it was signed, or the signature was")
        }
    }

    /// The lines of `text` without their newlines (a final newline ends the last line).
    static func lines(_ text: String) -> [Substring] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The number (1-based) of the line holding byte `index`.
    static func lineNumber(ofByte index: Int, in bytes: [UInt8]) -> Int {
        1 + bytes[..<index].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// The number (1-based) of the first line that is not valid UTF-8 (a newline is never part
    /// of a multi-byte sequence, so lines can be checked one by one).
    static func firstInvalidLine(_ bytes: [UInt8]) -> Int {
        for (offset, line) in bytes.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated()
        where String(validating: line, as: UTF8.self) == nil {
            return offset + 1
        }
        return 1
    }
}
