import Clinical
import Crypto
import Foundation

/// The log's own Ed25519 key (RFC 8032, swift-crypto's `Curve25519.Signing`): it signs the events
/// aegrade writes as `system` and the log's checkpoints (C2SP tlog-checkpoint). One key per log
/// file, kept beside it in `LOG.logkey` (`trial.db` → `trial.db.logkey`), readable by its owner
/// only, as an SSH private key is; its public half goes into the log, where the chain covers it.
///
/// The file is one line, `aegrade-log-key HEX` (the 32-byte private seed), so that a reader can
/// tell it from a service key at a glance.
package struct LogKey: Sendable {
    /// The 32-byte private seed (RFC 8032 §5.1.5); the swift-crypto key is made from it on use,
    /// since that type is not `Sendable`.
    let seed: [UInt8]

    package var privateKey: Curve25519.Signing.PrivateKey {
        // The seed came from a key swift-crypto made or accepted, so it always makes one again.
        (try? Curve25519.Signing.PrivateKey(rawRepresentation: seed)) ?? Curve25519.Signing.PrivateKey()
    }

    package var publicKey: Curve25519.Signing.PublicKey { privateKey.publicKey }

    /// The public key as lowercase hex (64 digits), as it is written into the log and exports.
    package var publicKeyHex: String { LowercaseHex.text(publicKey.rawRepresentation) }

    static let tag = "aegrade-log-key"

    package init(privateKey: Curve25519.Signing.PrivateKey) {
        self.seed = Array(privateKey.rawRepresentation)
    }

    /// A new random key.
    package static func generate() -> LogKey {
        LogKey(privateKey: Curve25519.Signing.PrivateKey())
    }

    /// Where the key of the log at `logPath` lives.
    package static func path(forLog logPath: String) -> String { logPath + ".logkey" }

    /// Signs `message` (for an event, the bytes of its hash as stored; for a checkpoint, its note body).
    package func sign(_ message: some DataProtocol) throws(LogKeyError) -> Data {
        do { return try privateKey.signature(for: message) } catch { throw .invalid("the log key could not sign: \(error)") }
    }

    /// Whether `signature` is `publicKeyHex`'s signature of `message`.
    package static func isValid(signature: some DataProtocol, of message: some DataProtocol, publicKeyHex: String) -> Bool {
        guard let raw = LowercaseHex.bytes(publicKeyHex), let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
        return key.isValidSignature(signature, for: message)
    }

    /// The file's one line.
    package var text: String { "\(Self.tag) \(LowercaseHex.text(seed))\n" }

    /// The key in `text`, or nil when it is not a log key this product writes.
    package init?(text: String) {
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ")
        guard parts.count == 2, parts[0] == Self.tag, let seed = LowercaseHex.bytes(String(parts[1])), seed.count == 32,
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else { return nil }
        self.init(privateKey: key)
    }

    /// Writes a new key to `path`, mode 0600, refusing to replace any file already there (a
    /// second key would make the log's earlier signatures unverifiable against the file).
    package static func create(at path: String) throws(LogKeyError) -> LogKey {
        let key = generate()
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .io(path: path, detail: String(cString: strerror(errno))) }
        defer { close(fd) }
        let bytes = Array(key.text.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            let detail = String(cString: strerror(errno))
            unlink(path)
            throw .io(path: path, detail: detail)
        }
        return key
    }

    /// Reads the key at `path`, refusing a file others may read or write, one owned by another
    /// user, or one that is not a regular file (a symbolic link is not followed).
    package static func read(path: String) throws(LogKeyError) -> LogKey {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            if errno == ENOENT { throw .missing(path: path) }
            throw .io(path: path, detail: String(cString: strerror(errno)))
        }
        guard status.st_mode & S_IFMT == S_IFREG else { throw .invalid("\(PrintableText.quoted(path)): the log key is not a regular file") }
        guard status.st_mode & 0o077 == 0 else {
            throw .invalid("\(PrintableText.quoted(path)): others may read or write the log key (mode \(String(status.st_mode & 0o777, radix: 8))); "
                           + "it must be mode 0600 (chmod 600 \(PrintableText.quoted(path)))")
        }
        guard status.st_uid == getuid() else { throw .invalid("\(PrintableText.quoted(path)): the log key is owned by another user") }
        guard status.st_size <= 4096, let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8), let key = LogKey(text: text) else {
            throw .invalid("\(PrintableText.quoted(path)): not an aegrade log key")
        }
        return key
    }
}

/// Why the log's key could not be made, read or used.
package enum LogKeyError: Error, Equatable, CustomStringConvertible {
    case missing(path: String)
    case invalid(String)
    case io(path: String, detail: String)

    package var description: String {
        switch self {
        case .missing(let path): "\(PrintableText.quoted(path)): no log key (aegrade log init makes one beside a new log)"
        case .invalid(let message): message
        case let .io(path, detail): "\(PrintableText.quoted(path)): \(detail)"
        }
    }
}
