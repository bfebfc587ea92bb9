import _CryptoExtras
import Crypto
import Foundation

/// Passwords and service keys turned into stored credentials and checked against them, with
/// swift-crypto's scrypt (RFC 7914) — never a hand-written KDF (21 CFR 11.300; C-SIG-4).
package enum PasswordHashing {
    /// scrypt's cost: N (rounds), r (block size), p (parallelism).
    package struct Cost: Sendable, Equatable {
        package var rounds: Int
        package var blockSize: Int
        package var parallelism: Int

        /// N = 2^15, r = 8, p = 1: 32 MiB and a few tenths of a second per sign-in (RFC 7914 §2
        /// recommends r = 8, p = 1; N = 2^15 is OWASP's minimum for scrypt with those).
        package static let standard = Cost(rounds: 1 << 15, blockSize: 8, parallelism: 1)

        package var text: String { "N=\(rounds) r=\(blockSize) p=\(parallelism)" }

        /// The cost a stored row names (`N=32768 r=8 p=1`), nil when the text is not one this
        /// product writes or is beyond what it will spend (N ≤ 2^20, r ≤ 32, p ≤ 16).
        package init?(text: String) {
            var values: [String: Int] = [:]
            for part in text.split(separator: " ") {
                let pair = part.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, let value = Int(pair[1]) else { return nil }
                values[String(pair[0])] = value
            }
            guard values.count == 3, let n = values["N"], let r = values["r"], let p = values["p"],
                  n >= 2, n <= 1 << 20, n & (n - 1) == 0, (1...32).contains(r), (1...16).contains(p) else { return nil }
            self.init(rounds: n, blockSize: r, parallelism: p)
        }

        package init(rounds: Int, blockSize: Int, parallelism: Int) {
            self.rounds = rounds
            self.blockSize = blockSize
            self.parallelism = parallelism
        }
    }

    /// Bytes of salt per credential.
    static let saltBytes = 16
    /// Bytes of the verifier.
    static let verifierBytes = 32

    /// The stored credential of `password` for `user`, with a fresh random salt.
    /// With `signer`, the row also holds the person's signing key sealed under the same password
    /// (``SealedSigningKey``, its own salt).
    package static func credential(user: String, password: String, oneTime: Bool, cost: Cost = .standard,
                                   sealing signer: EventSigner? = nil) throws -> StoredCredential {
        let salt = randomBytes(saltBytes)
        return StoredCredential(user: user, kind: .password, kdf: "scrypt", parameters: cost.text, salt: salt,
                                verifier: try scrypt(password, salt: salt, cost: cost), oneTime: oneTime,
                                sealedKey: try signer.map { try SealedSigningKey.seal($0, password: password, cost: cost) })
    }

    /// The signing key sealed in `credential` with `password` (which matched it), or nil when the
    /// row holds none or it does not open.
    package static func signingKey(in credential: StoredCredential, password: String) -> EventSigner? {
        guard let sealed = credential.sealedKey, let cost = Cost(text: credential.parameters) else { return nil }
        return SealedSigningKey.open(sealed, user: credential.user, password: password, cost: cost)
    }

    /// The stored credential of a service key: the key is 256 random bits, so its SHA-256 with
    /// a salt is as hard to invert as a slow function would make it.
    package static func credential(user: String, key: [UInt8]) -> StoredCredential {
        let salt = randomBytes(saltBytes)
        return StoredCredential(user: user, kind: .key, kdf: "sha256", parameters: "", salt: salt,
                                verifier: Array(SHA256.hash(data: salt + key)), oneTime: false)
    }

    /// Whether `password` is the one `credential` was made from. A row whose function or
    /// parameters this product does not write matches nothing.
    package static func matches(_ password: String, _ credential: StoredCredential) -> Bool {
        guard credential.kind == .password, credential.kdf == "scrypt", let cost = Cost(text: credential.parameters),
              let derived = try? scrypt(password, salt: credential.salt, cost: cost) else { return false }
        return equalInConstantTime(derived, credential.verifier)
    }

    /// Whether `key` is the service key `credential` was made from.
    package static func matches(key: [UInt8], _ credential: StoredCredential) -> Bool {
        guard credential.kind == .key, credential.kdf == "sha256" else { return false }
        return equalInConstantTime(Array(SHA256.hash(data: credential.salt + key)), credential.verifier)
    }

    private static func scrypt(_ password: String, salt: [UInt8], cost: Cost) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(from: Array(password.utf8), salt: salt, outputByteCount: verifierBytes,
                                           rounds: cost.rounds, blockSize: cost.blockSize, parallelism: cost.parallelism)
        return key.withUnsafeBytes { Array($0) }
    }

    /// Compares every byte whatever the first difference, so the time taken says nothing of
    /// where a guess went wrong.
    private static func equalInConstantTime(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    /// `count` bytes from the system's cryptographic generator (getrandom(2) on Linux).
    package static func randomBytes(_ count: Int) -> [UInt8] {
        SymmetricKey(size: SymmetricKeySize(bitCount: count * 8)).withUnsafeBytes { Array($0) }
    }

    /// A one-time secret an administrator hands over (shown once): 20 characters of Crockford's
    /// base32 (no I, L, O, U to misread), 100 random bits.
    package static func oneTimeSecret() -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        var generator = SystemRandomNumberGenerator()
        return String((0..<20).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] })
    }
}
