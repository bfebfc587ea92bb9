import Clinical
import Foundation

/// A C2SP tlog-checkpoint (https://c2sp.org/tlog-checkpoint): the log's origin, its size and the
/// RFC 6962 root of its first `size` events, one per line. aegrade writes no extension lines
/// (a monitor could not audit them) and reads none.
package struct Checkpoint: Sendable, Equatable {
    /// `aegrade/` and the log's id from its genesis event: the log's name, and its key's.
    package var origin: String
    /// Events covered: seq 1 … size.
    package var size: Int64
    /// RFC 6962 root of those events' hashes (`MerkleTree`).
    package var root: MerkleTree.Hash

    package init(origin: String, size: Int64, root: MerkleTree.Hash) {
        self.origin = origin
        self.size = size
        self.root = root
    }

    /// The origin of the log whose genesis event holds `logId`.
    package static func origin(logId: String) -> String { "aegrade/\(logId)" }

    /// The note text: origin, decimal size, base64 root, each ending in a newline.
    package var body: String { "\(origin)\n\(size)\n\(Data(root).base64EncodedString())\n" }

    /// Reads a note text (with its final newline) as a checkpoint; the error names the line.
    package init(body: String) throws(CheckpointError) {
        let lines = SignedNote.lines(body)
        guard lines.count >= 3 else {
            throw .malformed(line: lines.count + 1, reason: "a checkpoint has three lines: origin, tree size, root hash")
        }
        guard lines.count == 3 else { throw .malformed(line: 4, reason: "extension lines are not accepted (aegrade writes none)") }
        let origin = String(lines[0])
        guard !origin.isEmpty, !origin.contains(where: \.isWhitespace) else {
            throw .malformed(line: 1, reason: "the origin is empty or holds white space")
        }
        let sizeText = lines[1]
        guard !sizeText.isEmpty, sizeText.allSatisfy({ $0.isASCII && $0.isNumber }), sizeText == "0" || !sizeText.hasPrefix("0"),
              let size = Int64(sizeText) else {
            throw .malformed(line: 2, reason: "the tree size \(PrintableText.quoted(String(sizeText))) is not a decimal number without leading zeros")
        }
        guard let root = Data(base64Encoded: String(lines[2])), root.count == 32, root.base64EncodedString() == lines[2] else {
            throw .malformed(line: 3, reason: "the root hash is not standard base64 of 32 bytes")
        }
        self.init(origin: origin, size: size, root: Array(root))
    }
}

/// A checkpoint and the signed note that carries it, as `aegrade log checkpoint` writes it.
package struct SignedCheckpoint: Sendable, Equatable {
    package var checkpoint: Checkpoint
    package var note: SignedNote

    /// Reads a checkpoint file strictly; the error names the line.
    package init(parsing bytes: [UInt8]) throws(CheckpointError) {
        note = try SignedNote(parsing: bytes)
        checkpoint = try Checkpoint(body: note.text)
    }

    /// Signs `checkpoint` with the log's key, under its origin as the key name.
    package init(signing checkpoint: Checkpoint, with key: LogKey) throws(CheckpointError) {
        let body = checkpoint.body
        let line: String
        do throws(LogKeyError) { line = try key.noteSignatureLine(text: body, name: checkpoint.origin) } catch { throw .key(error) }
        self.checkpoint = checkpoint
        // The line was written by noteSignatureLine; parse it back as any reader would.
        note = try SignedNote(parsing: Array((body + "\n" + line).utf8))
    }

    /// The file's text.
    package var text: String { note.serialized }

    /// Checks the signature of the log's key (`publicKeyHex`), named by the checkpoint's origin.
    package func verifySignature(publicKeyHex: String) throws(CheckpointError) {
        try note.verify(name: checkpoint.origin, publicKeyHex: publicKeyHex)
    }
}
