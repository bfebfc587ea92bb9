/// A token of the criteria condition language.
struct Token: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        case name(String)
        /// A number, with the unit written right after it (`38.0 C`, `1.5 g/L`), if any.
        case number(Double, unit: String?)
        case comparison(ComparisonOperator)
        case and, or, not, `in`, of
        case leftParen, rightParen, leftBracket, rightBracket, comma, bar
        case end
    }

    var kind: Kind
    /// Character offset in the condition text, for error messages.
    var offset: Int
}

/// The comparison operators of the language.
enum ComparisonOperator: String, Sendable, CaseIterable {
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="

    func holds(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .less: a < b
        case .lessOrEqual: a <= b
        case .greater: a > b
        case .greaterOrEqual: a >= b
        case .equal: a == b
        case .notEqual: a != b
        }
    }

    /// How a clinician reads the operator in a reason ("≥").
    var symbol: String {
        switch self {
        case .less: "<"
        case .lessOrEqual: "≤"
        case .greater: ">"
        case .greaterOrEqual: "≥"
        case .equal: "="
        case .notEqual: "≠"
        }
    }
}
