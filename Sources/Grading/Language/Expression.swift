/// The parsed form of a condition, before names are resolved and types checked.
indirect enum Expression: Sendable {
    /// A named input, derived value or definition.
    case name(String, offset: Int)
    /// A number, with its unit where written.
    case number(Double, unit: String?, offset: Int)
    case not(Expression, offset: Int)
    case and([Expression])
    case or([Expression])
    /// `operand op threshold`, where the threshold may list one value per unit: `38.0 C | 100.4 F`.
    case comparison(Expression, ComparisonOperator, [Expression], offset: Int)
    /// `operand in [a, b]` over a closed vocabulary.
    case membership(Expression, [String], offset: Int)
    /// `k of [condition, condition, …]`: at least k of the conditions hold.
    case atLeast(Int, [Expression], offset: Int)

    var offset: Int {
        switch self {
        case .name(_, let o), .number(_, _, let o), .not(_, let o), .comparison(_, _, _, let o), .membership(_, _, let o), .atLeast(_, _, let o): o
        case .and(let parts), .or(let parts): parts.first?.offset ?? 0
        }
    }
}
