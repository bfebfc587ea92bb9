import Foundation

/// An event's id: a random (version 4) UUID in lowercase, as every event in either store carries.
///
/// Why not `UUID()`: on Linux, Foundation's `UUID()` opens, reads and closes `/dev/urandom` for
/// each one — three system calls, twice an assessment on `record`'s path (`strace -c` of
/// `record`; README, "Tests and benchmarks", `postgres-append.sh`). The standard library's
/// generator draws from the same kernel generator with `getrandom(2)`, no file opened;
/// `UUID(uuid:)` sets no bits itself, so the version and variant are set here (RFC 4122, 4.4).
package enum EventID {
    package static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { buffer in
            buffer.storeBytes(of: generator.next() as UInt64, toByteOffset: 0, as: UInt64.self)
            buffer.storeBytes(of: generator.next() as UInt64, toByteOffset: 8, as: UInt64.self)
        }
        bytes.6 = (bytes.6 & 0x0F) | 0x40  // version 4
        bytes.8 = (bytes.8 & 0x3F) | 0x80  // variant 10 (RFC 4122)
        return UUID(uuid: bytes).uuidString.lowercased()
    }
}
