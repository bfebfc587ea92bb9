import Foundation

/// An event's id: a random (version 4) UUID in lowercase, as every event in either store carries.
///
/// Why not `UUID()`: on Linux, Foundation's `UUID()` opens, reads and closes `/dev/urandom` for
/// each one — three system calls, twice an assessment on `record`'s path (`strace -c` of
/// `record`; README, "Tests and benchmarks", `postgres-append.sh`). The standard library's
/// generator draws from the same kernel generator with `getrandom(2)`, no file opened. The
/// version and variant are set here (RFC 4122, 4.4), and the text is written straight in
/// lowercase: `UUID.uuidString` wrote it in uppercase and `lowercased()` made a second string,
/// two of `record`'s hundreds of allocations an assessment for one id (callgrind).
package enum EventID {
    package static func random() -> String {
        var bytes: (UInt64, UInt64) = (0, 0)
        return withUnsafeMutableBytes(of: &bytes) { raw in
            // The 16 bytes in one call: glibc's `arc4random_buf` draws them with one
            // `getrandom(2)`; the standard library's generator draws 8 at a time, two calls an id
            // and four an assessment (`strace -c` of `record`).
            arc4random_buf(raw.baseAddress!, 16)
            raw[6] = (raw[6] & 0x0F) | 0x40  // version 4
            raw[8] = (raw[8] & 0x3F) | 0x80  // variant 10 (RFC 4122)
            return text(of: UnsafeRawBufferPointer(raw))
        }
    }

    /// The 16 bytes as a UUID's text, 8-4-4-4-12 lowercase hex digits.
    static func text(of bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: 36) { out in
            var at = 0
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    out[at] = UInt8(ascii: "-")
                    at += 1
                }
                out[at] = LowercaseHex.digit(bytes[index] >> 4)
                out[at + 1] = LowercaseHex.digit(bytes[index])
                at += 2
            }
            return at
        }
    }
}
