extension JSONValue {
    /// Compact JSON text with keys in their stored order, as the batch output prints it.
    ///
    /// Whole numbers print without a fraction (`3`, not `3.0`) so that a grade reads as an integer.
    package var compactText: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        write(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the compact JSON text of this value as UTF-8 bytes (the batch hot path).
    package func write(into bytes: inout [UInt8]) {
        switch self {
        case .null: bytes.append(contentsOf: "null".utf8)
        case .bool(let value): bytes.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let value): bytes.append(contentsOf: Self.format(value).utf8)
        case .string(let value): Self.writeString(value, into: &bytes)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (offset, element) in elements.enumerated() {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                element.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (offset, member) in members.enumerated() {
                if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                Self.writeString(member.0, into: &bytes)
                bytes.append(UInt8(ascii: ":"))
                member.1.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Formats a number the shortest way that reads back to the same value.
    package static func format(_ value: Double) -> String {
        // Whole numbers below 1e16 print as integers, as Python's json does for the integers it
        // reads back; from 1e16 on both print the shortest exponent form ("1e+16"), so the
        // canonical text of a log event equals Python's (README, "The log").
        if value == value.rounded(), abs(value) < 1e16 { return String(Int64(value)) }
        let text = "\(value)"
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// Appends `values` as a JSON array of string literals. Inlinable, so that the batch output's
    /// and a grades payload's writers in other modules get it specialised for their sequences.
    @inlinable
    package static func writeStrings(_ values: some Sequence<String>, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "["))
        for (offset, value) in values.enumerated() {
            if offset > 0 { bytes.append(UInt8(ascii: ",")) }
            writeString(value, into: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Appends `value` as a JSON string literal, escaping only what JSON requires.
    package static func writeString(_ value: String, into bytes: inout [UInt8]) {
        var value = value
        value.withUTF8 { writeString(utf8: $0, into: &bytes) }
    }

    /// Appends UTF-8 text as a JSON string literal, escaping only what JSON requires (for text read
    /// in place, such as a stored column, without making a `String` of it).
    package static func writeString(utf8: UnsafeBufferPointer<UInt8>, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        var index = 0
        while index < utf8.count {
            // `verify` writes every payload of the log through here: plain bytes are passed over
            // eight at a time up to the first one that needs escaping.
            index = plainRunEnd(utf8, from: index)
            guard index < utf8.count else { break }
            let byte = utf8[index]
            index += 1
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index - 1]))
            runStart = index
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: "\\\\".utf8)
            case 0x0A: bytes.append(contentsOf: "\\n".utf8)
            case 0x0D: bytes.append(contentsOf: "\\r".utf8)
            case 0x09: bytes.append(contentsOf: "\\t".utf8)
            case 0x08: bytes.append(contentsOf: "\\b".utf8)
            case 0x0C: bytes.append(contentsOf: "\\f".utf8)
            default:
                let hex = String(byte, radix: 16)
                bytes.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        bytes.append(UInt8(ascii: "\""))
    }

    /// Passing over eight bytes at a time from `start`: the index of the first byte that a JSON
    /// string must escape (a control character, `"` or a backslash), or of the first of the last
    /// seven or fewer bytes, which the caller reads one by one.
    @inline(__always)
    private static func plainRunEnd(_ utf8: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = utf8.baseAddress else { return start }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var index = start
        while index + 8 <= utf8.count {
            // Little-endian: the byte at `index` is the word's lowest. (v - 1·ones) & ~v & highs
            // flags each zero byte of v (or, with 0x20·ones, each byte below 0x20); a borrow may
            // flag a byte above a flagged one, never one below, so the lowest flag is exact.
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let special = (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)) & highs
            if special != 0 { return index + special.trailingZeroBitCount / 8 }
            index += 8
        }
        return index
    }
}
