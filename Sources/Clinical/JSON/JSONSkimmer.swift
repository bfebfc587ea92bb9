/// Reads chosen values out of JSON text without building the tree, and checks everything it
/// passes over exactly as strictly as `JSONParser` does.
///
/// A replay of the log reads a million payloads but needs only a few values of each (the grades of
/// a `grades` event) or none yet (an observation, parsed only if it is still the latest at the
/// end). Building every payload as a `JSONValue` tree would cost most of the replay in allocation;
/// skimming allocates nothing for what it skips. It accepts exactly the texts `JSONParser` accepts
/// (RFC 8259, UTF-8 checked, no duplicate keys, numbers finite, at most 64 levels), so a payload
/// that a full parse would reject is rejected here too; tests hold the two to that.
package struct JSONSkimmer {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// The keys of the objects being read, innermost last, for the duplicate-key check.
    private var keys: [Key] = []

    /// An object key as it lies in the text.
    package struct Key {
        fileprivate let range: Range<Int>
        /// The key has escapes or non-ASCII text, so it is compared decoded (Swift compares strings
        /// by canonical equivalence, and so does the parser's duplicate-key check).
        fileprivate let decode: Bool
    }

    package init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Checks that `bytes` is one JSON value (with whitespace around it), building nothing.
    package static func validate(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        var skimmer = JSONSkimmer(bytes)
        try skimmer.skipValue()
        try skimmer.finish()
    }

    private func error(_ message: String) -> JSONParser.SyntaxError { JSONParser.SyntaxError(offset: index, message: message) }

    /// The first byte of the next value (after whitespace), or nil at the end.
    package mutating func peek() -> UInt8? {
        skipWhitespace()
        return index < bytes.count ? bytes[index] : nil
    }

    /// Checks that only whitespace follows.
    package mutating func finish() throws {
        skipWhitespace()
        guard index == bytes.count else { throw error("unexpected text after the value") }
    }

    /// Whether `key` is `name` (as decoded text).
    package func key(_ key: Key, is name: StaticString) -> Bool {
        if key.decode { return decodedKey(key) == name.description }
        guard key.range.count == name.utf8CodeUnitCount else { return false }
        return Self.order(bytes.baseAddress! + key.range.lowerBound, key.range.count, name.utf8Start, name.utf8CodeUnitCount) == 0
    }

    /// Whether `key` is `name` (as decoded text): for names held as strings, such as ``PayloadKey``'s.
    package func key(_ key: Key, is name: String) -> Bool {
        if key.decode { return decodedKey(key) == name }
        var name = name
        return name.withUTF8 { utf8 in
            guard key.range.count == utf8.count, let start = utf8.baseAddress else { return key.range.isEmpty && utf8.isEmpty }
            return Self.order(bytes.baseAddress! + key.range.lowerBound, key.range.count, start, utf8.count) == 0
        }
    }

    /// Reads an object member by member: `body` gets each key and must read or skip its value.
    package mutating func readObject(depth: Int = 0, _ body: (Key, inout JSONSkimmer) throws -> Void) throws {
        guard depth < 64 else { throw error("nesting deeper than 64 levels") }
        guard peek() == UInt8(ascii: "{") else { throw error("expected an object") }
        if opensEmpty(closedBy: UInt8(ascii: "}")) { return }
        let firstKey = keys.count
        defer { keys.removeLast(keys.count - firstKey) }
        var ascending = true
        while true {
            skipWhitespace()
            let key = try memberKey(firstKey: firstKey, ascending: &ascending)
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input") }
            try body(key, &self)
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return }
            throw error("expected ',' or '}'")
        }
    }

    /// Reads a member's key and the colon after it, checking that it is none of the object's
    /// earlier keys (`keys` from `firstKey`). `ascending` says whether those are plain and in
    /// strictly ascending byte order, as the log's canonical payloads write them: a plain key
    /// above the last is then new without a search.
    private mutating func memberKey(firstKey: Int, ascending: inout Bool) throws -> Key {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
        let keyStart = index
        let decode = try skipString()
        let key = Key(range: keyStart + 1..<index - 1, decode: decode)
        if ascending, !decode, keys.count == firstKey || order(keys[keys.count - 1], key) < 0 {
            // Above every earlier key, so none of them.
        } else {
            ascending = false
            var earlier = firstKey
            while earlier < keys.count {
                if sameKey(keys[earlier], key) {
                    index = keyStart
                    throw error("duplicate key \"\(decodedKey(key))\"")
                }
                earlier += 1
            }
        }
        keys.append(key)
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
        index += 1
        return key
    }

    /// Reads an array element by element: `body` must read or skip each element.
    package mutating func readArray(depth: Int = 0, _ body: (inout JSONSkimmer) throws -> Void) throws {
        guard depth < 64 else { throw error("nesting deeper than 64 levels") }
        guard peek() == UInt8(ascii: "[") else { throw error("expected an array") }
        if opensEmpty(closedBy: UInt8(ascii: "]")) { return }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input") }
            try body(&self)
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return }
            throw error("expected ',' or ']'")
        }
    }

    /// Reads the next value when it is a string.
    package mutating func readString() throws -> String {
        guard peek() == UInt8(ascii: "\"") else { throw error("expected a string") }
        let start = index
        if try skipString() { return try parsed(from: start) }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start + 1..<index - 1]), as: UTF8.self)
    }

    /// Reads the next value when it is a number.
    package mutating func readNumber() throws -> Double {
        guard let first = peek(), first == UInt8(ascii: "-") || JSONLexis.isDigit(first) else { throw error("expected a number") }
        let start = index
        try JSONLexis.skipNumberText(bytes, &index)
        guard let value = try? JSONLexis.number(bytes, start..<index) else {
            index = start
            throw error("number out of range")
        }
        return value
    }

    /// Passes over the next value, checking it.
    ///
    /// A loop over the containers it opens rather than a call per value: most of a payload is
    /// passed over, and a call per member cost more than reading the member. `depth` is that of
    /// the value; a value at depth 64 is refused, as the parser refuses it.
    package mutating func skipValue(depth: Int = 0) throws {
        try withUnsafeTemporaryAllocation(of: Int.self, capacity: 64) { firstKeys throws in
            // The containers open in this value, the innermost at `level - 1`: whether each is an
            // object, whether its keys so far are plain and ascending, where its keys start.
            var level = 0
            var objects: UInt64 = 0
            var ascending: UInt64 = 0
            while true {
                // A value at depth `depth + level`.
                guard depth + level < 64 else { throw error("nesting deeper than 64 levels") }
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of input") }
                switch bytes[index] {
                case UInt8(ascii: "{"):
                    if opensEmpty(closedBy: UInt8(ascii: "}")) { break }
                    let bit: UInt64 = 1 << UInt64(level)
                    objects |= bit
                    firstKeys[level] = keys.count
                    var keysAscending = true
                    _ = try memberKey(firstKey: keys.count, ascending: &keysAscending)
                    if keysAscending { ascending |= bit } else { ascending &= ~bit }
                    level += 1
                    continue
                case UInt8(ascii: "["):
                    if opensEmpty(closedBy: UInt8(ascii: "]")) { break }
                    objects &= ~(1 << UInt64(level))
                    level += 1
                    continue
                case UInt8(ascii: "\""): _ = try skipString()
                case UInt8(ascii: "t"): try expectLiteral("true")
                case UInt8(ascii: "f"): try expectLiteral("false")
                case UInt8(ascii: "n"): try expectLiteral("null")
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try skipNumber()
                default: throw error("unexpected character")
                }
                // After a value: the containers it ends close, until one has a next member.
                closing: while true {
                    guard level > 0 else { return }
                    let bit: UInt64 = 1 << UInt64(level - 1)
                    let isObject = objects & bit != 0
                    skipWhitespace()
                    guard index < bytes.count else { throw error("unexpected end of input") }
                    switch bytes[index] {
                    case UInt8(ascii: ","):
                        index += 1
                        if isObject {
                            skipWhitespace()
                            var keysAscending = ascending & bit != 0
                            _ = try memberKey(firstKey: firstKeys[level - 1], ascending: &keysAscending)
                            if !keysAscending { ascending &= ~bit }
                        }
                        break closing
                    case UInt8(ascii: "}") where isObject, UInt8(ascii: "]") where !isObject:
                        index += 1
                        if isObject { keys.removeLast(keys.count - firstKeys[level - 1]) }
                        level -= 1
                    default:
                        throw error(isObject ? "expected ',' or '}'" : "expected ',' or ']'")
                    }
                }
            }
        }
    }

    // MARK: - Scanning

    /// Steps over the opening bracket at `index`; when the container is empty, over its closing
    /// bracket too, and returns true.
    private mutating func opensEmpty(closedBy closing: UInt8) -> Bool {
        index += 1
        skipWhitespace()
        guard index < bytes.count, bytes[index] == closing else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() { JSONLexis.skipWhitespace(bytes, &index) }

    private mutating func expectLiteral(_ literal: StaticString) throws { try JSONLexis.expectLiteral(literal, bytes, &index) }

    /// Passes over a string (at its opening quote), checking escapes and UTF-8; returns whether it
    /// has escapes or non-ASCII text (whether it must be decoded to be compared).
    private mutating func skipString() throws -> Bool {
        let start = index
        index += 1
        var decode = false
        while index < bytes.count {
            skipPlainText()
            guard index < bytes.count else { break }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return decode
            case UInt8(ascii: "\\"):
                decode = true
                index += 1
                guard index < bytes.count else { throw error("unexpected end of input") }
                let escape = bytes[index]
                index += 1
                if escape == UInt8(ascii: "u") {
                    _ = try JSONLexis.unicodeEscape(bytes, &index)
                } else if !JSONLexis.isSingleCharacterEscape(escape) {
                    throw error("invalid escape")
                }
            case 0..<0x20:
                throw error("control character in string")
            case 0x80...:
                guard let length = JSONLexis.utf8SequenceLength(bytes, at: index) else {
                    index = start
                    throw error("invalid UTF-8 in string")
                }
                decode = true
                index += length
            default:
                index += 1
            }
        }
        throw error("unterminated string")
    }

    /// Passes over string bytes that need no attention (printable ASCII other than `"` and `\`),
    /// eight at a time (``JSONLexis/skipPlainWords(_:_:)``): strings are most of a payload, and
    /// most of their bytes are plain.
    @inline(__always)
    private mutating func skipPlainText() {
        JSONLexis.skipPlainWords(bytes, &index)
    }

    /// Passes over a number's text; a number that could overflow a Double (an exponent, or more
    /// than 300 integer digits) is converted to check that it is finite, as the parser does.
    private mutating func skipNumber() throws {
        let start = index
        if try JSONLexis.skipNumberText(bytes, &index) { _ = try JSONLexis.number(bytes, start..<index) }
    }

    // MARK: - Keys

    private func sameKey(_ a: Key, _ b: Key) -> Bool {
        if a.decode || b.decode { return decodedKey(a) == decodedKey(b) }
        return a.range.count == b.range.count && order(a, b) == 0
    }

    /// The byte order of two plain keys: negative, zero or positive.
    private func order(_ a: Key, _ b: Key) -> Int {
        Self.order(bytes.baseAddress! + a.range.lowerBound, a.range.count, bytes.baseAddress! + b.range.lowerBound, b.range.count)
    }

    /// The byte order of two byte strings, eight bytes at a time (keys are short: a call to
    /// `memcmp` costs more than the comparison).
    @inline(__always)
    private static func order(_ a: UnsafePointer<UInt8>, _ aCount: Int, _ b: UnsafePointer<UInt8>, _ bCount: Int) -> Int {
        let common = min(aCount, bCount)
        var offset = 0
        while offset + 8 <= common {
            // Big-endian, so that the first differing byte decides.
            let x = UInt64(bigEndian: UnsafeRawPointer(a + offset).loadUnaligned(as: UInt64.self))
            let y = UInt64(bigEndian: UnsafeRawPointer(b + offset).loadUnaligned(as: UInt64.self))
            if x != y { return x < y ? -1 : 1 }
            offset += 8
        }
        while offset < common {
            if a[offset] != b[offset] { return a[offset] < b[offset] ? -1 : 1 }
            offset += 1
        }
        return aCount - bCount
    }

    private func decodedKey(_ key: Key) -> String {
        if !key.decode { return String(decoding: UnsafeBufferPointer(rebasing: bytes[key.range]), as: UTF8.self) }
        return (try? parsed(from: key.range.lowerBound - 1)) ?? ""
    }

    /// The string at `start` (its opening quote), decoded by the full parser (escapes are rare).
    private func parsed(from start: Int) throws -> String {
        var end = start + 1
        while bytes[end] != UInt8(ascii: "\"") { end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1 }
        guard case .string(let text) = try JSONParser.parse(bytes: Array(bytes[start...end])) else { throw error("expected a string") }
        return text
    }
}
