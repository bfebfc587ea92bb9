/// Reading values of the line where they lie: objects and arrays by their members, the values of
/// JSON (RFC 8259) the assessment holds, and the bytes between them. Any value the tree path
/// would read differently, or reject, declines the line (``AssessmentLineDecoder``).
extension AssessmentLineDecoder {
    // MARK: Containers

    /// Reads an object whose keys must be among `keys` (each at most once), calling `member` with
    /// the key's position in `keys` and the decoder at its value, which `member` must read.
    mutating func members(_ keys: KeyTable,
                          _ member: (inout AssessmentLineDecoder, Int) throws(Declined) -> Void) throws(Declined) {
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if try peek() == UInt8(ascii: "}") { index += 1; return }
        var seen: UInt64 = 0
        while true {
            skipWhitespace()
            try expect(UInt8(ascii: "\""))
            let start = index
            try skipStringText()
            guard let key = keys.position(of: UnsafeBufferPointer(rebasing: bytes[start..<index - 1])),
                  seen >> UInt64(key) & 1 == 0 else { throw Declined() }
            seen |= 1 << UInt64(key)
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            try member(&self, key)
            skipWhitespace()
            switch try peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return
            default: throw Declined()
            }
        }
    }

    /// Reads an array, calling `element` with the decoder at each element, which it must read.
    mutating func elements(_ element: (inout AssessmentLineDecoder) throws(Declined) -> Void) throws(Declined) {
        try expect(UInt8(ascii: "["))
        skipWhitespace()
        if try peek() == UInt8(ascii: "]") { index += 1; return }
        while true {
            skipWhitespace()
            try element(&self)
            skipWhitespace()
            switch try peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return
            default: throw Declined()
            }
        }
    }

    // MARK: Values

    /// Reads a JSON `null` if one is next (the tree path treats it as absent).
    mutating func null() throws(Declined) -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    mutating func bool() throws(Declined) -> Bool {
        switch try peek() {
        case UInt8(ascii: "t"): try literal("true"); return true
        case UInt8(ascii: "f"): try literal("false"); return false
        default: throw Declined()
        }
    }

    mutating func number() throws(Declined) -> Double {
        let first = try peek()
        guard first == UInt8(ascii: "-") || JSONLexis.isDigit(first) else { throw Declined() }
        let start = index
        // Short numbers without an exponent (nearly all an assessment holds) are read in one pass
        // over their digits, to the value `JSONLexis.number` gives them: an integer, or the digits
        // as one integer divided by a power of ten, both exact (up to 15 characters).
        var end = start
        let negative = first == UInt8(ascii: "-")
        if negative { end += 1 }
        guard end < bytes.count, JSONLexis.isDigit(bytes[end]) else { throw Declined() }
        var digits: Int64 = 0
        if bytes[end] == UInt8(ascii: "0") {
            end += 1  // no leading zeros: what follows a 0 ends the number
        } else {
            while end < bytes.count, JSONLexis.isDigit(bytes[end]) {
                digits = digits &* 10 &+ Int64(bytes[end] &- UInt8(ascii: "0"))
                end += 1
            }
        }
        var scale = 0
        if end < bytes.count, bytes[end] == UInt8(ascii: ".") {
            end += 1
            let fractionStart = end
            while end < bytes.count, JSONLexis.isDigit(bytes[end]) {
                digits = digits &* 10 &+ Int64(bytes[end] &- UInt8(ascii: "0"))
                end += 1
            }
            scale = end - fractionStart
            guard scale > 0 else { throw Declined() }
        }
        let exponent = end < bytes.count && (bytes[end] == UInt8(ascii: "e") || bytes[end] == UInt8(ascii: "E"))
        if !exponent, end - start <= 15 {
            index = end
            let value = scale == 0 ? Double(digits) : Double(digits) / JSONLexis.powersOfTen[scale]
            return negative ? -value : value
        }
        do {
            try JSONLexis.skipNumberText(bytes, &index)
            return try JSONLexis.number(bytes, start..<index)
        } catch {
            throw Declined()
        }
    }

    /// A whole number within `range`, as `ObjectReader.integer` takes it.
    mutating func integer(in range: ClosedRange<Int>) throws(Declined) -> Int {
        let value = try number()
        guard value == value.rounded(), value >= Double(range.lowerBound), value <= Double(range.upperBound) else { throw Declined() }
        return Int(value)
    }

    /// The bytes of a string of printable ASCII without escapes (anything else is declined).
    mutating func stringBytes() throws(Declined) -> UnsafeBufferPointer<UInt8> {
        try expect(UInt8(ascii: "\""))
        let start = index
        try skipStringText()
        return UnsafeBufferPointer(rebasing: bytes[start..<index - 1])
    }

    mutating func string() throws(Declined) -> String {
        String(decoding: try stringBytes(), as: UTF8.self)
    }

    mutating func time() throws(Declined) -> ClinicalTime {
        guard let time = ClinicalTime.parse(iso8601: try stringBytes()) else { throw Declined() }
        return time
    }

    /// A word of a closed vocabulary, spelt exactly as its raw value.
    mutating func word<E>(_ words: WordTable<E>) throws(Declined) -> E {
        guard let position = words.names.position(of: try stringBytes()) else { throw Declined() }
        return words.cases[position]
    }

    /// A lab unit in any spelling `LabUnit(spelling:for:)` accepts; the spec's own spellings are
    /// matched on the bytes.
    mutating func labUnit(_ analyte: Analyte) throws(Declined) -> LabUnit {
        let text = try stringBytes()
        let units = LineWords.units[analyte.slot]
        if let position = units.names.position(of: text) { return units.cases[position] }
        guard let unit = LabUnit(spelling: String(decoding: text, as: UTF8.self), for: analyte) else { throw Declined() }
        return unit
    }

    // MARK: Lexis

    func peek() throws(Declined) -> UInt8 {
        guard index < bytes.count else { throw Declined() }
        return bytes[index]
    }

    mutating func expect(_ byte: UInt8) throws(Declined) {
        guard index < bytes.count, bytes[index] == byte else { throw Declined() }
        index += 1
    }

    mutating func literal(_ text: StaticString) throws(Declined) {
        do { try JSONLexis.expectLiteral(text, bytes, &index) } catch { throw Declined() }
    }

    /// Passes over a string's text after its opening quote, and the closing quote: printable
    /// ASCII only. An escape, a control character or a byte outside ASCII is declined (the tree
    /// path unescapes, validates and compares such text as Swift compares strings).
    mutating func skipStringText() throws(Declined) {
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\"") { return }
            guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") else { throw Declined() }
        }
        throw Declined()
    }

    mutating func skipWhitespace() { JSONLexis.skipWhitespace(bytes, &index) }
}
