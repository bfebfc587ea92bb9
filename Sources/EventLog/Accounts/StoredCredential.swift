import Crypto
import Foundation

/// A credential as the `credential` table holds it: what a password or a service key is checked
/// against. It lives beside the events, never among them: an export or a replay holds nothing an
/// attacker could test passwords against (README, "Accounts and roles"). The `userAdmin` event that
/// sets it carries its ``commitment``, so `verify` can tell the table still holds what the log set.
package struct StoredCredential: Sendable, Equatable {
    package enum Kind: String, Sendable {
        case password, key
    }

    package var user: String
    package var kind: Kind
    /// The key-derivation function: `scrypt` for passwords, `sha256` for service keys (already
    /// 256 random bits, so a slow function adds nothing).
    package var kdf: String
    /// The function's parameters as text (`N=32768 r=8 p=1`), kept per row so that a later
    /// strengthening leaves older rows checkable.
    package var parameters: String
    package var salt: [UInt8]
    package var verifier: [UInt8]
    /// A one-time secret an administrator's reset issued: it lets the user set their own password
    /// and nothing else (21 CFR 11.300(b); C-SIG-6).
    package var oneTime: Bool
    /// A person's Ed25519 private key sealed with the same password (``SealedSigningKey``), in
    /// the `sealedKey` column of schema version 3; nil for a service key (its file holds its
    /// signing key) and for rows written before signed events.
    package var sealedKey: [UInt8]?

    package init(user: String, kind: Kind, kdf: String, parameters: String, salt: [UInt8], verifier: [UInt8], oneTime: Bool,
                 sealedKey: [UInt8]? = nil) {
        self.user = user
        self.kind = kind
        self.kdf = kdf
        self.parameters = parameters
        self.salt = salt
        self.verifier = verifier
        self.oneTime = oneTime
        self.sealedKey = sealedKey
    }

    /// The hex SHA-256 of salt ‖ verifier ‖ the UTF-8 text `kind kdf parameters oneTime` (0 or 1):
    /// what the event that set the row commits to, followed by the sealed signing key when the row
    /// holds one (rows without one commit as they always did). It reveals neither salt nor verifier.
    package var commitment: String {
        var bytes = salt + verifier
        bytes += Array("\(kind.rawValue) \(kdf) \(parameters) \(oneTime ? 1 : 0)".utf8)
        if let sealedKey { bytes += sealedKey }
        return SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }
}
