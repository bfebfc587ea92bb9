import Clinical
/// Splits a condition such as `vitals.temperature >= 38.0 C | 100.4 F and not otherCause.fever`
/// into tokens.
struct Lexer {
    /// Units a number may carry, longest first so that `mg/dL` is not read as `m`.
    static let units: [String] = ["10^9/L", "umol/L", "mmol/L", "mg/dL", "ng/mL", "ug/L", "U/mL", "g/dL", "g/L", "U/L", "/uL", "C", "F"]

    /// The tokens of one character.
    static let single: [(UInt8, Token.Kind)] = [(UInt8(ascii: "("), .leftParen), (UInt8(ascii: ")"), .rightParen),
                                                (UInt8(ascii: "["), .leftBracket), (UInt8(ascii: "]"), .rightBracket),
                                                (UInt8(ascii: ","), .comma), (UInt8(ascii: "|"), .bar)]

    struct Failure: Error {
        var offset: Int
        var message: String
    }

    /// The tokens of `text`, offsets counted in characters. Conditions are ASCII (every bundled
    /// one is): those are read byte by byte, which gives the same tokens and offsets as reading
    /// characters (an ASCII byte is one character, and ASCII letters, digits and white space are
    /// exactly the characters `isLetter`, `isNumber` and `isWhitespace` accept among them; a
    /// carriage return, which pairs with a line feed into one character, goes the character way).
    /// Reading characters — grapheme breaking and Unicode properties for each — was a third of
    /// loading the criteria at every start of the program.
    static func tokens(of text: String) throws(Failure) -> [Token] {
        let bytes = Array(text.utf8)
        if bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) { return try tokens(in: ASCIIText(units: bytes)) }
        return try tokens(in: CharacterText(units: Array(text)))
    }

    /// ``tokens(of:)`` over either reading of the text.
    static func tokens<Text: LexedText>(in chars: Text) throws(Failure) -> [Token] {
        var tokens: [Token] = []
        var i = 0
        func isNameStart(_ i: Int) -> Bool { chars.isLetter(i) || chars.is(i, "_") }
        func isNameChar(_ i: Int) -> Bool {
            chars.isLetter(i) || chars.isNumber(i) || chars.is(i, "_") || chars.is(i, ".") || chars.is(i, "-")
        }
        while i < chars.count {
            if chars.isWhitespace(i) { i += 1; continue }
            let start = i
            if let kind = Self.single.first(where: { chars.is(i, $0.0) })?.1 {
                tokens.append(Token(kind: kind, offset: i)); i += 1
            } else if chars.is(i, "<") || chars.is(i, ">") || chars.is(i, "=") || chars.is(i, "!") {
                let two = i + 1 < chars.count ? chars.text(i..<(i + 2)) : chars.text(i..<(i + 1))
                if let op = ComparisonOperator(rawValue: two) {
                    tokens.append(Token(kind: .comparison(op), offset: i)); i += 2
                } else if let op = ComparisonOperator(rawValue: chars.text(i..<(i + 1))) {
                    tokens.append(Token(kind: .comparison(op), offset: i)); i += 1
                } else {
                    throw Failure(offset: i, message: "unexpected \(PrintableText.quoted(chars.text(i..<(i + 1)))) (write == for equality)")
                }
            } else if chars.isNumber(i) || (chars.is(i, "-") && i + 1 < chars.count && chars.isNumber(i + 1)) {
                i += 1
                while i < chars.count, chars.isNumber(i) || chars.is(i, ".") { i += 1 }
                let literal = chars.text(start..<i)
                guard let value = Double(literal) else { throw Failure(offset: start, message: "\(PrintableText.quoted(literal)) is not a number") }
                // A unit follows after optional spaces, and must end at a delimiter.
                var j = i
                while j < chars.count, chars.is(j, " ") { j += 1 }
                var unit: String?
                for candidate in units {
                    let end = j + candidate.count
                    guard end <= chars.count, chars.text(j..<end) == candidate else { continue }
                    if end == chars.count || !isNameChar(end) && !chars.is(end, "/") && !chars.is(end, "^") {
                        unit = candidate
                        i = end
                        break
                    }
                }
                tokens.append(Token(kind: .number(value, unit: unit), offset: start))
            } else if isNameStart(i) {
                while i < chars.count, isNameChar(i) { i += 1 }
                let word = chars.text(start..<i)
                switch word {
                case "and": tokens.append(Token(kind: .and, offset: start))
                case "or": tokens.append(Token(kind: .or, offset: start))
                case "not": tokens.append(Token(kind: .not, offset: start))
                case "in": tokens.append(Token(kind: .in, offset: start))
                case "of": tokens.append(Token(kind: .of, offset: start))
                default: tokens.append(Token(kind: .name(word), offset: start))
                }
            } else {
                throw Failure(offset: i, message: "unexpected \(PrintableText.quoted(chars.text(i..<(i + 1))))")
            }
        }
        tokens.append(Token(kind: .end, offset: chars.count))
        return tokens
    }
}

/// A condition's text as the lexer reads it: by index, one character (or ASCII byte) each.
protocol LexedText {
    var count: Int { get }
    func isLetter(_ i: Int) -> Bool
    func isNumber(_ i: Int) -> Bool
    func isWhitespace(_ i: Int) -> Bool
    /// Whether the character at `i` is the ASCII character `ascii`.
    func `is`(_ i: Int, _ ascii: UInt8) -> Bool
    func text(_ range: Range<Int>) -> String
}

extension LexedText {
    func `is`(_ i: Int, _ ascii: Unicode.Scalar) -> Bool { self.is(i, UInt8(ascii: ascii)) }
}

/// Text of ASCII bytes (no carriage return).
struct ASCIIText: LexedText {
    let units: [UInt8]
    var count: Int { units.count }
    func isLetter(_ i: Int) -> Bool { (units[i] | 0x20) >= UInt8(ascii: "a") && (units[i] | 0x20) <= UInt8(ascii: "z") }
    func isNumber(_ i: Int) -> Bool { units[i] >= UInt8(ascii: "0") && units[i] <= UInt8(ascii: "9") }
    /// Space, tab, line feed, vertical tab, form feed (carriage returns never reach here).
    func isWhitespace(_ i: Int) -> Bool { units[i] == 0x20 || (units[i] >= 0x09 && units[i] <= 0x0D) }
    func `is`(_ i: Int, _ ascii: UInt8) -> Bool { units[i] == ascii }
    func text(_ range: Range<Int>) -> String { String(decoding: units[range], as: UTF8.self) }
}

/// Text of characters (extended grapheme clusters), for conditions that are not ASCII.
struct CharacterText: LexedText {
    let units: [Character]
    var count: Int { units.count }
    func isLetter(_ i: Int) -> Bool { units[i].isLetter }
    func isNumber(_ i: Int) -> Bool { units[i].isNumber }
    func isWhitespace(_ i: Int) -> Bool { units[i].isWhitespace }
    func `is`(_ i: Int, _ ascii: UInt8) -> Bool { units[i] == Character(Unicode.Scalar(ascii)) }
    func text(_ range: Range<Int>) -> String { String(units[range]) }
}
