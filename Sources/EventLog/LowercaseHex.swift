/// Bytes as lowercase hexadecimal text, the form of every hash, key and signature the log
/// stores and prints. By table: `String(format: "%02x")` per byte went through Foundation's
/// formatter, 64 calls for each signature an append writes.
package enum LowercaseHex {
    private static let digits: StaticString = "0123456789abcdef"

    /// The hex digit of `nibble` (0–15) as an ASCII byte.
    @inline(__always)
    package static func digit(_ nibble: UInt8) -> UInt8 { digits.utf8Start[Int(nibble & 0x0F)] }

    /// `bytes` as text, two digits a byte.
    package static func text(_ bytes: some Sequence<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(2 * bytes.underestimatedCount)
        for byte in bytes {
            out.append(digit(byte >> 4))
            out.append(digit(byte))
        }
        return String(decoding: out, as: UTF8.self)
    }
}
