/// The pieces of JSON's grammar below values — whitespace, literals, `\u` escapes, number text —
/// that `JSONParser` and `JSONSkimmer` share, so that the two accept exactly the same texts.
///
/// Each reads `bytes` from `index` and leaves `index` after what it read, or throws where reading
/// stopped.
enum JSONLexis {
    static func skipWhitespace<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ index: inout Int) where Bytes.Index == Int {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    static func expectLiteral<Bytes: RandomAccessCollection<UInt8>>(_ literal: StaticString, _ bytes: Bytes, _ index: inout Int)
        throws(JSONParser.SyntaxError) where Bytes.Index == Int {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw JSONParser.SyntaxError(offset: index, message: "unexpected end of input") }
        for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] {
            throw JSONParser.SyntaxError(offset: index, message: "unexpected character")
        }
        index += count
    }

    /// The code point of a `\u` escape, read after its `u`: four hex digits, and for a high
    /// surrogate the `\u` low surrogate that must follow it.
    static func unicodeEscape<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ index: inout Int)
        throws(JSONParser.SyntaxError) -> UInt32 where Bytes.Index == Int {
        let code = try hex4(bytes, &index)
        if (0xD800...0xDBFF).contains(code) {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else { throw JSONParser.SyntaxError(offset: index, message: "unpaired surrogate") }
            index += 2
            let low = try hex4(bytes, &index)
            guard (0xDC00...0xDFFF).contains(low) else { throw JSONParser.SyntaxError(offset: index, message: "unpaired surrogate") }
            return 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard !(0xDC00...0xDFFF).contains(code) else { throw JSONParser.SyntaxError(offset: index, message: "invalid \\u escape") }
        return code
    }

    private static func hex4<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ index: inout Int)
        throws(JSONParser.SyntaxError) -> UInt32 where Bytes.Index == Int {
        guard index + 4 <= bytes.count else { throw JSONParser.SyntaxError(offset: index, message: "unexpected end of input") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw JSONParser.SyntaxError(offset: index, message: "invalid \\u escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    /// Passes over a number's text (RFC 8259: optional minus, no leading zeros, fraction and
    /// exponent each with digits), at `index`, which holds a minus or a digit. Returns whether the
    /// number can lie outside a Double's range (it has an exponent, or more than 300 integer or
    /// fraction digits).
    @discardableResult
    static func skipNumberText<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ index: inout Int)
        throws(JSONParser.SyntaxError) -> Bool where Bytes.Index == Int {
        let start = index
        func digits() throws(JSONParser.SyntaxError) {
            guard index < bytes.count, isDigit(bytes[index]) else { throw JSONParser.SyntaxError(offset: index, message: "invalid number") }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "0") { index += 1 } else { try digits() }
        let integerDigits = index - start
        var fractionDigits = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            try digits()
            fractionDigits = index - fractionStart
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            try digits()
            return true
        }
        return integerDigits > 300 || fractionDigits > 300
    }

    /// The value of a number's text, which must be representable: finite, and not a nonzero
    /// number so small that it would read as 0 (`1e-400`; a literal 0, `0.0` or `0e5` is 0).
    static func number<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ range: Range<Int>)
        throws(JSONParser.SyntaxError) -> Double where Bytes.Index == Int {
        // Most numbers of the log are short integers (grades, counts, seqs): up to 15 digits are
        // exact in a Double, so they are summed without a string and `strtod`.
        if range.count <= 15 {
            var index = range.lowerBound
            let negative = bytes[index] == UInt8(ascii: "-")
            if negative { index += 1 }
            var value: Int64 = 0
            while index < range.upperBound, isDigit(bytes[index]) {
                value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
                index += 1
            }
            if index == range.upperBound, index > range.lowerBound + (negative ? 1 : 0) { return negative ? -Double(value) : Double(value) }
            // A decimal fraction (lab values, doses, FiO2): its digits as one integer below 2^53,
            // divided by a power of ten up to 10^22, both exact in a Double, is the correctly
            // rounded value, as `strtod` gives it (Clinger's fast path, "How to read floating point
            // numbers accurately", PLDI 1990, doi:10.1145/93542.93557).
            if index < range.upperBound, bytes[index] == UInt8(ascii: "."), index > range.lowerBound + (negative ? 1 : 0) {
                index += 1
                let fractionStart = index
                while index < range.upperBound, isDigit(bytes[index]) {
                    value = value * 10 + Int64(bytes[index] - UInt8(ascii: "0"))
                    index += 1
                }
                let scale = index - fractionStart
                if index == range.upperBound, scale > 0, scale < powersOfTen.count {
                    let number = Double(value) / powersOfTen[scale]
                    return negative ? -number : number
                }
            }
        }
        let text = String(decoding: bytes[range], as: UTF8.self)
        guard let value = Double(text), value.isFinite else {
            throw JSONParser.SyntaxError(offset: range.lowerBound, message: "number \(PrintableText.quoted(text)) is too large in magnitude to represent",
                                         isNumberRange: true)
        }
        if value == 0, hasNonzeroDigit(bytes, range) {
            throw JSONParser.SyntaxError(offset: range.lowerBound, message: "number \(PrintableText.quoted(text)) is too small in magnitude to represent (it is not 0)",
                                         isNumberRange: true)
        }
        return value
    }

    /// Whether the digits before the exponent hold one other than 0.
    private static func hasNonzeroDigit<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, _ range: Range<Int>) -> Bool
        where Bytes.Index == Int {
        for index in range {
            let byte = bytes[index]
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { return false }
            if byte >= UInt8(ascii: "1"), byte <= UInt8(ascii: "9") { return true }
        }
        return false
    }

    /// 10^0 … 10^22, each exact in a Double.
    static let powersOfTen: [Double] = (0...22).map { exponent in (0..<exponent).reduce(1.0) { value, _ in value * 10 } }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// The length of the well-formed UTF-8 sequence starting at `index` (RFC 3629: no overlong
    /// forms, no surrogates, nothing above U+10FFFF), or nil.
    static func utf8SequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let lead = bytes[index]
        let length: Int
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return nil
        }
        guard index + length <= bytes.count else { return nil }
        guard (low...high).contains(bytes[index + 1]) else { return nil }
        for offset in 2..<max(2, length) where !(0x80...0xBF).contains(bytes[index + offset]) { return nil }
        return length
    }

    /// Passes over printable ASCII other than `"` and `\`, eight bytes at a time, and stops
    /// exactly at the first other byte, or where fewer than eight bytes are left: strings are most
    /// of a payload, and most of their bytes are plain (the skimmer's and the replay's fast scan's).
    @inline(__always)
    static func skipPlainWords(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) {
        guard let base = bytes.baseAddress else { return }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= bytes.count {
            // Little-endian: the byte at `index` is the word's lowest.
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            // A byte is zero in `word ^ c` where it equals c; (v - 1·ones) & ~v & highs flags each
            // byte of v that is zero (or, with 0x20·ones, below 0x20). A borrow may flag a byte
            // above a flagged one, never one below, so the lowest flag is the first such byte.
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let special = (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | (word &- ones &* 0x20) & ~word | word) & highs
            if special != 0 {
                index += special.trailingZeroBitCount / 8
                return
            }
            index += 8
        }
    }

    /// Whether `byte` after a backslash is one of JSON's single-character escapes
    /// (RFC 8259, section 7): `"` `\` `/` `b` `f` `n` `r` `t`.
    @inline(__always)
    static func isSingleCharacterEscape(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
             UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            true
        default:
            false
        }
    }
}
