import Crypto
import Foundation

/// An account's Ed25519 signing key (RFC 8032, swift-crypto's `Curve25519.Signing`), held in
/// memory for as long as its account is signed in: it signs the hash of every event its account
/// writes (README, "Signed events").
///
/// A person's key is unsealed from the credential table with their password at sign-in
/// (``SealedSigningKey``); a service account's is derived from its key file (``ServiceKey``).
/// The store signs inside the appending transaction, so a signature row is written with its
/// event or not at all: the key reaches it as ``current``, set around the store calls of the
/// writer that signed in (``LogRecorder``, ``Authenticator``), so that the `EventStore` protocol
/// needs no parameter for it.
package struct EventSigner: Sendable, Equatable {
    /// The account whose events this key signs; an event by another author is not signed by it.
    package let user: String
    /// The 32-byte private seed (RFC 8032 §5.1.5); the swift-crypto key, not `Sendable`, is made
    /// from it on use.
    let seed: [UInt8]
    /// The public key as lowercase hex, as the account's `userAdmin` event registers it.
    package let publicKeyHex: String
    /// The swift-crypto key, made once: making it from the seed derives the public key, a scalar
    /// multiplication that would otherwise come with every event signed.
    private let key: KeyBox

    /// Holds the key, which swift-crypto does not mark `Sendable`: it is never changed after it is
    /// made, and signing only reads it.
    private final class KeyBox: @unchecked Sendable {
        let key: Curve25519.Signing.PrivateKey
        init(_ key: Curve25519.Signing.PrivateKey) { self.key = key }
    }

    /// The signing key of the writer whose store calls run now (nil: no account's key; events by
    /// `system` are signed with the log's key by the store itself).
    @TaskLocal package static var current: EventSigner?

    package init(user: String, privateKey: Curve25519.Signing.PrivateKey) {
        self.user = user
        self.seed = Array(privateKey.rawRepresentation)
        self.publicKeyHex = LowercaseHex.text(privateKey.publicKey.rawRepresentation)
        self.key = KeyBox(privateKey)
    }

    /// The same account and key pair.
    package static func == (lhs: EventSigner, rhs: EventSigner) -> Bool {
        lhs.user == rhs.user && lhs.seed == rhs.seed
    }

    /// The key from its 32-byte seed; nil when the bytes are no Ed25519 seed.
    package init?(user: String, seed: [UInt8]) {
        guard seed.count == 32, let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else { return nil }
        self.init(user: user, privateKey: key)
    }

    /// The same key pair, signing for `user` (test fixtures give many accounts one pair, to seal it once).
    package func forAccount(_ user: String) -> EventSigner {
        EventSigner(user: user, seed: seed) ?? self
    }

    /// A new random key for `user`.
    package static func generate(user: String) -> EventSigner {
        EventSigner(user: user, privateKey: Curve25519.Signing.PrivateKey())
    }

    /// The Ed25519 signature of `message` (an event's hash as 32 raw bytes); nil only if the
    /// library refuses, which it does not for a key it accepted.
    package func sign(_ message: [UInt8]) -> [UInt8]? {
        guard let signature = try? key.key.signature(for: message) else { return nil }
        return Array(signature)
    }

    /// Runs `body` with this key (or none) as ``current``; an error `body` throws comes out as it was.
    package static func with<T>(_ signer: EventSigner?, _ body: () throws(EventLogError) -> T) throws(EventLogError) -> T {
        let result: Result<T, EventLogError> = $current.withValue(signer) {
            do throws(EventLogError) { return .success(try body()) } catch { return .failure(error) }
        }
        return try result.get()
    }
}

/// The message an event's signature signs: its stored hash (64 lowercase hex digits) as the 32
/// bytes it spells. Signatures are not part of the hashed event, so adding them changed no hash.
package enum EventSignature {
    /// The 32 bytes of `hash`; nil when it is not 64 hex digits.
    package static func message(ofHash hash: String) -> [UInt8]? {
        guard hash.utf8.count == 64, let bytes = LowercaseHex.bytes(hash) else { return nil }
        return bytes
    }

    /// Whether `signatureHex` is `publicKeyHex`'s Ed25519 signature of the event hash `hash`.
    package static func isValid(signatureHex: String, hash: String, publicKeyHex: String) -> Bool {
        guard let message = message(ofHash: hash), let signature = LowercaseHex.bytes(signatureHex), signature.count == 64 else { return false }
        return LogKey.isValid(signature: signature, of: message, publicKeyHex: publicKeyHex)
    }
}
