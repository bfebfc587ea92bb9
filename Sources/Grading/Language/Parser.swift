/// Parses a condition of the criteria language.
///
///     condition  := or
///     or         := and ("or" and)*
///     and        := not ("and" not)*
///     not        := "not" not | comparison
///     comparison := operand (op threshold ("|" threshold)* | "in" "[" name ("," name)* "]")?
///     operand    := name | number unit? | "(" condition ")" | count
///     count      := integer "of" "[" condition ("," condition)* "]"
///
/// `and` binds tighter than `or`, as in arithmetic; parentheses make intent plain and are
/// encouraged wherever both appear.
struct Parser {
    private var tokens: [Token]
    private var position = 0

    static func parse(_ text: String) throws(Lexer.Failure) -> Expression {
        var parser = Parser(tokens: try Lexer.tokens(of: text))
        let expression = try parser.parseOr()
        guard case .end = parser.current.kind else {
            throw Lexer.Failure(offset: parser.current.offset, message: "unexpected text after the condition")
        }
        return expression
    }

    private init(tokens: [Token]) { self.tokens = tokens }

    private var current: Token { tokens[position] }
    private mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    private mutating func parseOr() throws(Lexer.Failure) -> Expression {
        var parts = [try parseAnd()]
        while case .or = current.kind { advance(); parts.append(try parseAnd()) }
        return parts.count == 1 ? parts[0] : .or(parts)
    }

    private mutating func parseAnd() throws(Lexer.Failure) -> Expression {
        var parts = [try parseNot()]
        while case .and = current.kind { advance(); parts.append(try parseNot()) }
        return parts.count == 1 ? parts[0] : .and(parts)
    }

    private mutating func parseNot() throws(Lexer.Failure) -> Expression {
        if case .not = current.kind {
            let offset = current.offset
            advance()
            return .not(try parseNot(), offset: offset)
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(Lexer.Failure) -> Expression {
        let operand = try parseOperand()
        switch current.kind {
        case .comparison(let op):
            let offset = current.offset
            advance()
            var thresholds = [try parseOperand()]
            while case .bar = current.kind { advance(); thresholds.append(try parseOperand()) }
            return .comparison(operand, op, thresholds, offset: offset)
        case .in:
            let offset = current.offset
            advance()
            guard case .leftBracket = current.kind else { throw Lexer.Failure(offset: current.offset, message: "expected [ after in") }
            advance()
            var names: [String] = []
            while true {
                guard case .name(let name) = current.kind else { throw Lexer.Failure(offset: current.offset, message: "expected a value name in the list") }
                names.append(name)
                advance()
                if case .comma = current.kind { advance(); continue }
                guard case .rightBracket = current.kind else { throw Lexer.Failure(offset: current.offset, message: "expected , or ]") }
                advance()
                break
            }
            return .membership(operand, names, offset: offset)
        default:
            return operand
        }
    }

    private mutating func parseOperand() throws(Lexer.Failure) -> Expression {
        let token = current
        switch token.kind {
        case .name(let name): advance(); return .name(name, offset: token.offset)
        case .number(let value, let unit):
            advance()
            if case .of = current.kind {
                guard unit == nil, value == value.rounded(), value >= 1 else {
                    throw Lexer.Failure(offset: token.offset, message: "\"of\" needs a whole number before it, such as 2 of [...]")
                }
                advance()
                guard case .leftBracket = current.kind else { throw Lexer.Failure(offset: current.offset, message: "expected [ after of") }
                advance()
                var parts = [try parseOr()]
                while case .comma = current.kind { advance(); parts.append(try parseOr()) }
                guard case .rightBracket = current.kind else { throw Lexer.Failure(offset: current.offset, message: "expected , or ]") }
                advance()
                guard Int(value) <= parts.count else {
                    throw Lexer.Failure(offset: token.offset, message: "\(Int(value)) of \(parts.count) conditions can never hold")
                }
                return .atLeast(Int(value), parts, offset: token.offset)
            }
            return .number(value, unit: unit, offset: token.offset)
        case .leftParen:
            advance()
            let inner = try parseOr()
            guard case .rightParen = current.kind else { throw Lexer.Failure(offset: current.offset, message: "expected )") }
            advance()
            return inner
        case .end: throw Lexer.Failure(offset: token.offset, message: "condition ends too early")
        default: throw Lexer.Failure(offset: token.offset, message: "expected a name, a number or (")
        }
    }
}
