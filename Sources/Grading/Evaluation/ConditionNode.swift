import Clinical

/// A compiled condition: a small tree of nodes evaluated in Kleene logic against one subject.
///
/// Nodes are classes rather than closures so that evaluation is plain method dispatch: closures
/// kept in arrays are called through conversion thunks that copy every answer, and grading runs
/// these nodes hundreds of times per assessment.
class ConditionNode: @unchecked Sendable {
    func evaluate(_ subject: Subject) -> Truth { fatalError("abstract") }
}

/// A yes/no input or derived value.
final class BooleanNode: ConditionNode, @unchecked Sendable {
    let read: @Sendable (Subject) -> Reading
    init(_ read: @escaping @Sendable (Subject) -> Reading) { self.read = read }

    override func evaluate(_ subject: Subject) -> Truth {
        switch read(subject) {
        case .bool(let flag): Truth.of(flag)
        case .missing(let paths): .unknown(paths)
        default: .unknown([])
        }
    }
}

final class NotNode: ConditionNode, @unchecked Sendable {
    let inner: ConditionNode
    init(_ inner: ConditionNode) { self.inner = inner }
    override func evaluate(_ subject: Subject) -> Truth { !inner.evaluate(subject) }
}

/// `a and b and …`: false if any part is false; otherwise unknown if any part is unknown.
final class AndNode: ConditionNode, @unchecked Sendable {
    let parts: [ConditionNode]
    init(_ parts: [ConditionNode]) { self.parts = parts }

    override func evaluate(_ subject: Subject) -> Truth {
        var missing: [FieldPath] = []
        var notes: [String] = []
        var unknown = false
        for part in parts {
            let truth = part.evaluate(subject)
            switch truth.state {
            case .no: return .no
            case .unknown: unknown = true; missing += truth.missing
            case .yes: notes += truth.notes
            }
        }
        if unknown { return .unknown(missing) }
        return notes.isEmpty ? .yes : Truth(state: .yes, missing: [], notes: notes)
    }
}

/// `a or b or …`: true if any part is true (with that part's notes); otherwise unknown if any
/// part is unknown.
final class OrNode: ConditionNode, @unchecked Sendable {
    let parts: [ConditionNode]
    init(_ parts: [ConditionNode]) { self.parts = parts }

    override func evaluate(_ subject: Subject) -> Truth {
        var missing: [FieldPath] = []
        var unknown = false
        for part in parts {
            let truth = part.evaluate(subject)
            switch truth.state {
            case .yes: return truth
            case .unknown: unknown = true; missing += truth.missing
            case .no: break
            }
        }
        return unknown ? .unknown(missing) : .no
    }
}

/// A word of a closed vocabulary is (or is not) one of a set.
final class WordNode: ConditionNode, @unchecked Sendable {
    let read: @Sendable (Subject) -> Reading
    let words: Set<String>
    let expected: Bool
    init(_ read: @escaping @Sendable (Subject) -> Reading, words: Set<String>, expected: Bool) {
        self.read = read
        self.words = words
        self.expected = expected
    }

    override func evaluate(_ subject: Subject) -> Truth {
        switch read(subject) {
        case .word(let word): Truth.of(words.contains(word) == expected)
        case .missing(let paths): .unknown(paths)
        default: .unknown([])
        }
    }
}

/// A plain number against a threshold.
final class NumberNode: ConditionNode, @unchecked Sendable {
    let read: @Sendable (Subject) -> Reading
    let op: ComparisonOperator
    let threshold: Double
    init(_ read: @escaping @Sendable (Subject) -> Reading, _ op: ComparisonOperator, _ threshold: Double) {
        self.read = read
        self.op = op
        self.threshold = threshold
    }

    override func evaluate(_ subject: Subject) -> Truth {
        switch read(subject) {
        case .number(let value): return Truth.of(op.holds(value, threshold))
        case .missing(let paths): return .unknown(paths)
        case .range(let low, let high, let missing):
            // Every operator but == and != is monotonic: if it holds (or fails) at both ends of
            // the range, it holds (or fails) everywhere in it.
            switch op {
            case .equal, .notEqual:
                let inside = threshold >= low && threshold <= high
                if !inside { return Truth.of(op == .notEqual) }
                return low == high ? Truth.of(op == .equal) : .unknown(missing)
            default:
                let atLow = op.holds(low, threshold), atHigh = op.holds(high, threshold)
                if atLow && atHigh { return .yes }
                if !atLow && !atHigh { return .no }
                return .unknown(missing)
            }
        default: return .unknown([])
        }
    }
}

/// `k of [a, b, …]`: true once k parts hold; false once too few can still hold.
final class AtLeastNode: ConditionNode, @unchecked Sendable {
    let count: Int
    let parts: [ConditionNode]
    init(_ count: Int, _ parts: [ConditionNode]) {
        self.count = count
        self.parts = parts
    }

    override func evaluate(_ subject: Subject) -> Truth {
        var yes = 0, unknown = 0
        var missing: [FieldPath] = []
        var notes: [String] = []
        for part in parts {
            let truth = part.evaluate(subject)
            switch truth.state {
            case .yes: yes += 1; notes += truth.notes
            case .unknown: unknown += 1; missing += truth.missing
            case .no: break
            }
        }
        if yes >= count { return notes.isEmpty ? .yes : Truth(state: .yes, missing: [], notes: notes) }
        if yes + unknown < count { return .no }
        return .unknown(missing)
    }
}

/// A quantity against thresholds written per unit: compared in the unit it was entered in when the
/// threshold lists that unit, otherwise converted into the first threshold's unit.
final class QuantityNode: ConditionNode, @unchecked Sendable {
    let read: @Sendable (Subject) -> Reading
    let op: ComparisonOperator
    let dimension: Dimension
    let thresholds: [(unit: String, value: Double)]
    init(_ read: @escaping @Sendable (Subject) -> Reading, _ op: ComparisonOperator, _ dimension: Dimension,
         _ thresholds: [(unit: String, value: Double)]) {
        self.read = read
        self.op = op
        self.dimension = dimension
        self.thresholds = thresholds
    }

    override func evaluate(_ subject: Subject) -> Truth {
        switch read(subject) {
        case .quantity(let value, let unit):
            for threshold in thresholds where threshold.unit == unit { return Truth.of(op.holds(value, threshold.value)) }
            guard let converted = dimension.convert(value, from: unit, to: thresholds[0].unit) else { return .unknown([]) }
            return Truth.of(op.holds(converted, thresholds[0].value))
        case .missing(let paths): return .unknown(paths)
        default: return .unknown([])
        }
    }
}

/// Two quantities of one dimension (`labs.alt.baseline > labs.alt.uln`), compared in the left
/// one's unit.
final class QuantityPairNode: ConditionNode, @unchecked Sendable {
    let left: @Sendable (Subject) -> Reading
    let right: @Sendable (Subject) -> Reading
    let op: ComparisonOperator
    let dimension: Dimension
    init(_ left: @escaping @Sendable (Subject) -> Reading, _ op: ComparisonOperator, _ right: @escaping @Sendable (Subject) -> Reading,
         _ dimension: Dimension) {
        self.left = left
        self.right = right
        self.op = op
        self.dimension = dimension
    }

    override func evaluate(_ subject: Subject) -> Truth {
        switch (left(subject), right(subject)) {
        case let (.quantity(x, unitX), .quantity(y, unitY)):
            guard let yInX = dimension.convert(y, from: unitY, to: unitX) else { return .unknown([]) }
            return Truth.of(op.holds(x, yInX))
        case let (.missing(p), .missing(q)): return .unknown(p + q)
        case let (.missing(p), _), let (_, .missing(p)): return .unknown(p)
        default: return .unknown([])
        }
    }
}

/// A named definition of a criteria file: evaluated once per subject and file, and carrying its
/// interpretation note when it holds.
final class DefinitionNode: ConditionNode, @unchecked Sendable {
    let inner: ConditionNode
    let slot: Int
    let note: String?
    init(_ inner: ConditionNode, slot: Int, note: String?) {
        self.inner = inner
        self.slot = slot
        self.note = note
    }

    override func evaluate(_ subject: Subject) -> Truth {
        if slot < subject.memo.count, let known = subject.memo[slot] { return known }
        var truth = inner.evaluate(subject)
        if truth.isYes, let note { truth.notes.append(note) }
        if slot < subject.memo.count { subject.memo[slot] = truth }
        return truth
    }
}
