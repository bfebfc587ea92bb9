import Crypto
import Foundation

/// The log's key as a C2SP signed-note signer (https://c2sp.org/signed-note): Ed25519 signatures
/// (RFC 8032) over a note's text, each named by its key name and the 4-byte key ID.
extension LogKey {
    /// The signed-note signature type of Ed25519 (C2SP signed-note, "Signature types").
    static let noteEd25519Type: UInt8 = 0x01

    /// The key ID of the Ed25519 key `publicKey` (32 raw bytes) under `name`: the first four bytes of
    /// SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ public key) (C2SP signed-note, "Ed25519").
    package static func noteKeyID(name: String, publicKey: some Sequence<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: Array(name.utf8) + [0x0A, noteEd25519Type])
        hasher.update(data: Array(publicKey))
        return Array(hasher.finalize().prefix(4))
    }

    /// The key ID of this key under `name`.
    package func noteKeyID(name: String) -> [UInt8] {
        Self.noteKeyID(name: name, publicKey: publicKey.rawRepresentation)
    }

    /// The signature line of `text` (a note's text, ending in a newline) under `name`:
    /// `— NAME BASE64(key ID ‖ signature)` and a newline (C2SP signed-note).
    package func noteSignatureLine(text: String, name: String) throws(LogKeyError) -> String {
        let signature = try sign(Array(text.utf8))
        let blob = Data(noteKeyID(name: name) + Array(signature)).base64EncodedString()
        return "\(SignedNote.signaturePrefix)\(name) \(blob)\n"
    }
}
