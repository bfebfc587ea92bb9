import Crypto
import _CryptoExtras

/// A person's Ed25519 private key sealed with their password, as the credential table keeps it
/// (README, "Signed events"): `salt ‖ ChaChaPoly box` (RFC 8439: 12-byte nonce, ciphertext,
/// 16-byte tag), the box's key derived from the password with scrypt (RFC 7914) under its own
/// 16-byte salt and the cost of the password's verifier. Without the password the key cannot be
/// opened, so a forger holding only the log file cannot sign as the person.
package enum SealedSigningKey {
    /// Bytes of the sealing key's own salt.
    static let saltBytes = 16

    /// `signer`'s private key sealed under `password`.
    static func seal(_ signer: EventSigner, password: String, cost: PasswordHashing.Cost) throws -> [UInt8] {
        let salt = PasswordHashing.randomBytes(saltBytes)
        let key = try sealingKey(password, salt: salt, cost: cost)
        let box = try ChaChaPoly.seal(signer.seed, using: key)
        return salt + Array(box.combined)
    }

    /// The key sealed in `sealed` for `user`, or nil when `password` does not open it (or the
    /// bytes are not a sealed key: a damaged or replaced row).
    static func open(_ sealed: [UInt8], user: String, password: String, cost: PasswordHashing.Cost) -> EventSigner? {
        guard sealed.count > saltBytes else { return nil }
        let salt = Array(sealed.prefix(saltBytes))
        guard let key = try? sealingKey(password, salt: salt, cost: cost),
              let box = try? ChaChaPoly.SealedBox(combined: sealed.dropFirst(saltBytes)),
              let seed = try? ChaChaPoly.open(box, using: key) else { return nil }
        return EventSigner(user: user, seed: Array(seed))
    }

    private static func sealingKey(_ password: String, salt: [UInt8], cost: PasswordHashing.Cost) throws -> SymmetricKey {
        try KDF.Scrypt.deriveKey(from: Array(password.utf8), salt: salt, outputByteCount: 32,
                                 rounds: cost.rounds, blockSize: cost.blockSize, parallelism: cost.parallelism)
    }
}
