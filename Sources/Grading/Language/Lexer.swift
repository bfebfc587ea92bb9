import Clinical
/// Splits a condition such as `vitals.temperature >= 38.0 C | 100.4 F and not otherCause.fever`
/// into tokens.
struct Lexer {
    /// Units a number may carry, longest first so that `mg/dL` is not read as `m`.
    static let units: [String] = ["10^9/L", "umol/L", "mmol/L", "mg/dL", "ng/mL", "ug/L", "U/mL", "g/dL", "g/L", "U/L", "/uL", "C", "F"]

    struct Failure: Error {
        var offset: Int
        var message: String
    }

    static func tokens(of text: String) throws(Failure) -> [Token] {
        let chars = Array(text)
        var tokens: [Token] = []
        var i = 0
        func isNameStart(_ c: Character) -> Bool { c.isLetter || c == "_" }
        func isNameChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "." || c == "-" }
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            let start = i
            switch c {
            case "(": tokens.append(Token(kind: .leftParen, offset: i)); i += 1
            case ")": tokens.append(Token(kind: .rightParen, offset: i)); i += 1
            case "[": tokens.append(Token(kind: .leftBracket, offset: i)); i += 1
            case "]": tokens.append(Token(kind: .rightBracket, offset: i)); i += 1
            case ",": tokens.append(Token(kind: .comma, offset: i)); i += 1
            case "|": tokens.append(Token(kind: .bar, offset: i)); i += 1
            case "<", ">", "=", "!":
                let two = i + 1 < chars.count ? String(chars[i...(i + 1)]) : String(c)
                if let op = ComparisonOperator(rawValue: two) {
                    tokens.append(Token(kind: .comparison(op), offset: i)); i += 2
                } else if let op = ComparisonOperator(rawValue: String(c)) {
                    tokens.append(Token(kind: .comparison(op), offset: i)); i += 1
                } else {
                    throw Failure(offset: i, message: "unexpected \(PrintableText.quoted(String(c))) (write == for equality)")
                }
            case _ where c.isNumber || (c == "-" && i + 1 < chars.count && chars[i + 1].isNumber):
                i += 1
                while i < chars.count, chars[i].isNumber || chars[i] == "." { i += 1 }
                let literal = String(chars[start..<i])
                guard let value = Double(literal) else { throw Failure(offset: start, message: "\(PrintableText.quoted(literal)) is not a number") }
                // A unit follows after optional spaces, and must end at a delimiter.
                var j = i
                while j < chars.count, chars[j] == " " { j += 1 }
                var unit: String?
                for candidate in units {
                    let end = j + candidate.count
                    guard end <= chars.count, String(chars[j..<end]) == candidate else { continue }
                    if end == chars.count || !isNameChar(chars[end]) && chars[end] != "/" && chars[end] != "^" {
                        unit = candidate
                        i = end
                        break
                    }
                }
                tokens.append(Token(kind: .number(value, unit: unit), offset: start))
            case _ where isNameStart(c):
                while i < chars.count, isNameChar(chars[i]) { i += 1 }
                let word = String(chars[start..<i])
                switch word {
                case "and": tokens.append(Token(kind: .and, offset: start))
                case "or": tokens.append(Token(kind: .or, offset: start))
                case "not": tokens.append(Token(kind: .not, offset: start))
                case "in": tokens.append(Token(kind: .in, offset: start))
                case "of": tokens.append(Token(kind: .of, offset: start))
                default: tokens.append(Token(kind: .name(word), offset: start))
                }
            default:
                throw Failure(offset: i, message: "unexpected \(PrintableText.quoted(String(c)))")
            }
        }
        tokens.append(Token(kind: .end, offset: chars.count))
        return tokens
    }
}
