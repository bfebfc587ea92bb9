import Crypto

/// The content hash of a criteria file: `sha256:` and the lowercase hex SHA-256 of its bytes.
package enum CriteriaHash {
    package static func sha256(_ bytes: [UInt8]) -> String {
        let digest = SHA256.hash(data: bytes)
        return "sha256:" + digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
