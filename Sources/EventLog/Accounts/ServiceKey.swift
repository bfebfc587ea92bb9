import Clinical
import Crypto
import Foundation

/// A service account's key (`--key FILE`, for unattended imports): the account's id and 256
/// random bits, as one line `aegrade-service-key ID HEX`. The file must be the reader's own and
/// readable by no one else (mode 0600), as an SSH private key must be: a key others can read is
/// no proof of who used it.
package struct ServiceKey: Sendable, Equatable {
    package let user: String
    package let secret: [UInt8]

    static let tag = "aegrade-service-key"
    static let secretBytes = 32

    /// A new random key for `user`.
    package static func generate(user: String) -> ServiceKey {
        ServiceKey(user: user, secret: PasswordHashing.randomBytes(secretBytes))
    }

    init(user: String, secret: [UInt8]) {
        self.user = user
        self.secret = secret
    }

    /// The account's Ed25519 signing key, derived from the file's 256 bits with HKDF-SHA256
    /// (RFC 5869; swift-crypto), so that the key file holds it without a new format: key files
    /// issued before signed events sign too (their public half is registered at first use).
    package var signer: EventSigner {
        let seed = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: secret), info: Array("aegrade service signing key v1".utf8),
                                          outputByteCount: 32)
        // 32 bytes are always an Ed25519 seed.
        return EventSigner(user: user, seed: seed.withUnsafeBytes { Array($0) }) ?? EventSigner.generate(user: user)
    }

    /// The file's one line.
    package var text: String { "\(Self.tag) \(user) \(LowercaseHex.text(secret))\n" }

    /// The key in `text`, or nil when it is not one this product writes.
    package init?(text: String) {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        guard parts.count == 3, parts[0] == Self.tag, UserID.check(String(parts[1])) == nil, parts[2].count == 2 * Self.secretBytes else {
            return nil
        }
        var bytes: [UInt8] = []
        var digits = parts[2].makeIterator()
        while let high = digits.next(), let low = digits.next() {
            guard let byte = UInt8(String([high, low]), radix: 16) else { return nil }
            bytes.append(byte)
        }
        self.init(user: String(parts[1]), secret: bytes)
    }

    /// Reads the key at `path`, refusing a file others may read or write, one owned by another
    /// user, or one that is not a regular file.
    package static func read(path: String) throws(SignInError) -> ServiceKey {
        var status = stat()
        guard lstat(path, &status) == 0 else { throw .invalid("--key \(PrintableText.quoted(path)): \(String(cString: strerror(errno)))") }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .invalid("--key \(PrintableText.quoted(path)): not a regular file") }
        guard status.st_mode & 0o077 == 0 else {
            throw .invalid("--key \(PrintableText.quoted(path)): others may read or write it (mode \(String(status.st_mode & 0o777, radix: 8))); "
                           + "a service key must be mode 0600 (chmod 600 \(PrintableText.quoted(path)))")
        }
        guard status.st_uid == getuid() else { throw .invalid("--key \(PrintableText.quoted(path)): owned by another user") }
        guard status.st_size <= 4096, let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8), let key = ServiceKey(text: text) else {
            throw .invalid("--key \(PrintableText.quoted(path)): not an aegrade service key")
        }
        return key
    }

    /// Writes the key to a new file at `path`, mode 0600, never over an existing file.
    package func write(path: String) throws(SignInError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw .invalid("\(PrintableText.quoted(path)): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            unlink(path)
            throw .invalid("\(PrintableText.quoted(path)): the key could not be written")
        }
    }
}
