import Clinical

/// The three-valued answer of a condition: true, false, or unknown because inputs are missing.
///
/// Conditions combine in Kleene's strong logic, so an unknown input never turns into a definite
/// answer by accident: `false and unknown` is false, `true or unknown` is true, anything else
/// with an unknown part stays unknown and names the inputs it waits for. This is what lets the
/// engine say "not assessable, missing: support.oxygen" instead of a silent grade 0, and what makes
/// removing an input unable to change a definite grade into a different definite grade.
///
/// A plain value (a state and a bit set): evaluating a program writes one per instruction and
/// allocates nothing. The interpretation notes a true answer rests on are not carried along; they
/// are collected from the program only for the results that report them (`ConditionProgram.notes`).
struct Truth: Sendable, Equatable {
    enum State: UInt8, Sendable, Equatable { case yes, no, unknown }

    var state: State
    /// Inputs whose absence makes the answer unknown (empty unless `state` is `.unknown`).
    var missing: PathSet

    static let yes = Truth(state: .yes, missing: .empty)
    static let no = Truth(state: .no, missing: .empty)
    static func unknown(_ missing: PathSet) -> Truth { Truth(state: .unknown, missing: missing) }
    static func of(_ flag: Bool) -> Truth { flag ? .yes : .no }

    var isYes: Bool { state == .yes }

    static prefix func ! (t: Truth) -> Truth {
        switch t.state {
        case .yes: .no
        case .no: .yes
        case .unknown: t
        }
    }
}
