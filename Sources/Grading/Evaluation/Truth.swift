import Clinical

/// The three-valued answer of a condition: true, false, or unknown because inputs are missing.
///
/// Conditions combine in Kleene's strong logic, so an unknown input never turns into a definite
/// answer by accident: `false and unknown` is false, `true or unknown` is true, anything else
/// with an unknown part stays unknown and names the inputs it waits for. This is what lets the
/// engine say "not assessable, missing: support.oxygen" instead of a silent grade 0, and what makes
/// removing an input unable to change a definite grade into a different definite grade.
package struct Truth: Sendable, Equatable {
    package enum State: Sendable, Equatable { case yes, no, unknown }

    /// The lists are rare (only unknown answers and interpretation notes carry them), so they live
    /// behind one optional reference: a plain yes or no is copied without reference counting.
    private final class Detail: Sendable {
        let missing: [FieldPath]
        let notes: [String]
        init(missing: [FieldPath], notes: [String]) {
            self.missing = missing
            self.notes = notes
        }
    }

    package var state: State
    private var detail: Detail?

    package init(state: State, missing: [FieldPath], notes: [String]) {
        self.state = state
        self.detail = missing.isEmpty && notes.isEmpty ? nil : Detail(missing: missing, notes: notes)
    }

    /// Inputs whose absence makes the answer unknown (empty unless `state` is `.unknown`).
    package var missing: [FieldPath] { detail?.missing ?? [] }

    /// Interpretation notes that the answer rests on (empty unless `state` is `.yes`).
    package var notes: [String] {
        get { detail?.notes ?? [] }
        set { detail = missing.isEmpty && newValue.isEmpty ? nil : Detail(missing: missing, notes: newValue) }
    }

    package static func == (a: Truth, b: Truth) -> Bool {
        a.state == b.state && a.missing == b.missing && a.notes == b.notes
    }

    package static let yes = Truth(state: .yes, missing: [], notes: [])
    package static let no = Truth(state: .no, missing: [], notes: [])
    package static func unknown(_ missing: [FieldPath]) -> Truth { Truth(state: .unknown, missing: missing, notes: []) }
    package static func of(_ flag: Bool) -> Truth { flag ? .yes : .no }

    package var isYes: Bool { state == .yes }
    package var isNo: Bool { state == .no }

    package static prefix func ! (t: Truth) -> Truth {
        switch t.state {
        case .yes: .no
        case .no: .yes
        case .unknown: t
        }
    }
}

/// What a variable reads from an assessment: a value, or the input paths that are missing.
enum Reading: Sendable {
    case bool(Bool)
    case number(Double)
    /// A quantity with the unit it was entered in.
    case quantity(Double, unit: String)
    /// A case of a closed vocabulary, by its spec name.
    case word(String)
    case missing([FieldPath])
    /// A whole number known only to lie in `low...high` because inputs are missing.
    case range(low: Double, high: Double, missing: [FieldPath])
}
