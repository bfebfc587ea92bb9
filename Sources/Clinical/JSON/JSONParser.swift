/// A strict RFC 8259 JSON parser over UTF-8 bytes.
///
/// It is written for the batch path, where one process grades a hundred thousand lines: it parses
/// straight from the bytes, keeps key order, and reports the byte offset of the first error.
package struct JSONParser {
    /// Why a text is not JSON, with the byte offset where reading stopped.
    package struct SyntaxError: Error, CustomStringConvertible, Sendable {
        package let offset: Int
        package let message: String
        /// The text is JSON, but a number in it is too large or too small in magnitude for a Double.
        package var isNumberRange = false
        /// The members and elements the error lies in, innermost first (filled as the error
        /// leaves each container).
        var innerPath: [PathStep] = []

        package var description: String { "invalid JSON at byte \(offset): \(message)" }

        /// The field path of the value where reading stopped, such as `neuro.ice.orientation`;
        /// keys from the input are escaped and cut short (`PrintableText.abbreviated`).
        package var field: FieldPath { field(droppingOutermost: 0) }

        /// The field path without its `count` outermost steps: within an element of a top-level
        /// array, say, whose position is not part of the assessment's field path.
        package func field(droppingOutermost count: Int) -> FieldPath {
            innerPath.reversed().dropFirst(count).reduce(FieldPath("")) { path, step in
                switch step {
                case .key(let key): path.appending(PrintableText.abbreviated(key))
                case .index(let index): path.index(index)
                }
            }
        }

        /// A step into a container.
        enum PathStep: Sendable {
            case key(String)
            case index(Int)
        }

        /// This error, seen from the container holding the value it lies in.
        func inside(_ step: PathStep) -> SyntaxError {
            var outer = self
            outer.innerPath.append(step)
            return outer
        }
    }

    /// The text, read in place: no bounds-checked array access nor reference counting per byte.
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index: Int

    private init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.index = 0
    }

    /// Parses exactly one JSON value, allowing whitespace around it.
    package static func parse(_ text: some StringProtocol) throws -> JSONValue {
        try parse(bytes: Array(text.utf8))
    }

    /// Parses exactly one JSON value from UTF-8 bytes.
    package static func parse(bytes: [UInt8]) throws -> JSONValue {
        try bytes.withUnsafeBufferPointer { try parse(buffer: $0) }
    }

    /// Parses exactly one JSON value from UTF-8 bytes read in place (a line of a larger input,
    /// without copying it out); error offsets count from the buffer's start.
    package static func parse(buffer: UnsafeBufferPointer<UInt8>) throws -> JSONValue {
        var parser = JSONParser(buffer)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw parser.error("unexpected text after the value") }
        return value
    }

    private func error(_ message: String) -> SyntaxError { SyntaxError(offset: index, message: message) }

    private mutating func skipWhitespace() { JSONLexis.skipWhitespace(bytes, &index) }

    private mutating func parseValue(depth: Int) throws -> JSONValue {
        guard depth < 64 else { throw error("nesting deeper than 64 levels") }
        guard index < bytes.count else { throw error("unexpected end of input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("unexpected character")
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws { try JSONLexis.expectLiteral(literal, bytes, &index) }

    private mutating func parseObject(depth: Int) throws -> JSONValue {
        index += 1
        // Room for the members of most objects of an assessment at once, instead of growing the
        // array four times on the way to eight.
        var members: [(String, JSONValue)] = []
        members.reserveCapacity(8)
        // The duplicate-key check searches the members read so far while there are few (every
        // object of an assessment), as `ObjectKeys` does, without a second array per object.
        var keys: ObjectKeys<String>?
        // Which of the first 64 keys are ASCII: two ASCII keys of different lengths differ, which
        // spares comparing them as strings (Swift compares strings by canonical equivalence, under
        // which only texts outside ASCII can be equal at different lengths).
        var asciiKeys: UInt64 = 0
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
            var keyIsASCII = true
            let key = try parseString(isASCII: &keyIsASCII)
            let isNew: Bool
            if keys != nil {
                isNew = keys!.insert(key)
            } else if members.count + 1 < ObjectKeys<String>.searchLimit {
                let length = key.utf8.count
                isNew = !members.indices.contains { index in
                    if keyIsASCII, asciiKeys >> UInt64(index) & 1 == 1, members[index].0.utf8.count != length { return false }
                    return members[index].0 == key
                }
                if keyIsASCII, members.count < 64 { asciiKeys |= UInt64(1) << UInt64(members.count) }
            } else {
                var all = ObjectKeys<String>()
                isNew = members.allSatisfy { all.insert($0.0) } && all.insert(key)
                keys = all
            }
            guard isNew else { throw error("duplicate key \(PrintableText.quoted(key))") }
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipWhitespace()
            do {
                members.append((key, try parseValue(depth: depth + 1)))
            } catch let error as SyntaxError {
                throw error.inside(.key(key))
            }
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            throw error("expected ',' or '}'")
        }
    }

    private mutating func parseArray(depth: Int) throws -> JSONValue {
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
        while true {
            skipWhitespace()
            do {
                elements.append(try parseValue(depth: depth + 1))
            } catch let error as SyntaxError {
                throw error.inside(.index(elements.count))
            }
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(elements) }
            throw error("expected ',' or ']'")
        }
    }

    private mutating func parseString() throws -> String {
        var ascii = true
        return try parseString(isASCII: &ascii)
    }

    /// Reads a string; `isASCII` is set false when its text has any byte outside ASCII.
    private mutating func parseString(isASCII ascii: inout Bool) throws -> String {
        index += 1
        let start = index
        // Fast path: no escapes. ASCII needs no validation; other text is validated as UTF-8.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                let text: String
                if ascii {
                    text = String(decoding: slice, as: UTF8.self)
                } else {
                    guard let valid = String(validating: slice, as: UTF8.self) else { throw error("invalid UTF-8 in string") }
                    text = valid
                }
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character in string") }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        var scalars = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: scalars, as: UTF8.self) else { throw error("invalid UTF-8 in string") }
                ascii = !scalars.contains { $0 >= 0x80 }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unexpected end of input") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"):
                    let code = try JSONLexis.unicodeEscape(bytes, &index)
                    guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                    scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: throw error("invalid escape")
                }
            default:
                if byte < 0x20 { throw error("control character in string") }
                scalars.append(byte)
                index += 1
            }
        }
        throw error("unterminated string")
    }

    private mutating func parseNumber() throws -> Double {
        let start = index
        try JSONLexis.skipNumberText(bytes, &index)
        return try JSONLexis.number(bytes, start..<index)
    }

}

extension JSONParser.SyntaxError {
    /// A syntax error at byte `offset` of the text.
    package init(at offset: Int, _ message: String) {
        self.init(offset: offset, message: message)
    }
}
