/// Bytes as lowercase hexadecimal text, the form of every hash, key and signature the log
/// stores and prints, and that text read back: only the form written is read (`bytes(_:)`), so
/// the SQLite and PostgreSQL stores accept the same stored texts. Written by table:
/// `String(format: "%02x")` per byte went through Foundation's formatter, 64 calls for each
/// signature an append writes.
package enum LowercaseHex {
    private static let digits: StaticString = "0123456789abcdef"

    /// The hex digit of `nibble` (0–15) as an ASCII byte.
    @inline(__always)
    package static func digit(_ nibble: UInt8) -> UInt8 { digits.utf8Start[Int(nibble & 0x0F)] }

    /// `bytes` as text, two digits a byte, read in place where they are contiguous. (Called
    /// from another module this is not specialised: reading the bytes one by one went through
    /// the protocol's witnesses for each, 2 % of `record`'s CPU for its signatures, `perf`;
    /// README, "Tests and benchmarks", `postgres-append.sh`.)
    package static func text(_ bytes: some Sequence<UInt8>) -> String {
        if let text = bytes.withContiguousStorageIfAvailable(text(of:)) { return text }
        return Array(bytes).withUnsafeBufferPointer(text(of:))
    }

    /// The text written straight into the string's storage, which is made once at its length.
    private static func text(of bytes: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: 2 * bytes.count) { out in
            for index in bytes.indices {
                out[2 * index] = digit(bytes[index] >> 4)
                out[2 * index + 1] = digit(bytes[index])
            }
            return 2 * bytes.count
        }
    }

    /// The bytes `text` spells, two lowercase digits a byte; nil for any other text — an odd
    /// length, an uppercase digit, a sign or a space — none of which this product writes.
    /// (`UInt8(_:radix:)` a pair at a time would also take `"AB"` and `"+f"`: a stored text
    /// changed by hand would read as the same bytes.)
    package static func bytes(_ text: String) -> [UInt8]? {
        var utf8 = text.utf8.makeIterator()
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count / 2)
        while let first = utf8.next() {
            guard let high = value(first), let second = utf8.next(), let low = value(second) else { return nil }
            out.append(high << 4 | low)
        }
        return out
    }

    @inline(__always)
    private static func value(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
