import Clinical

/// Resolves the names of a parsed condition, checks its types and thresholds, and compiles it into
/// a closure. Every mistake a reviewer could make is reported here, at load time, never while
/// grading a patient.
struct Compiler {
    struct Failure: Error {
        var offset: Int
        var message: String
    }

    /// Conditions defined earlier in the same file, by name.
    var definitions: [String: ConditionNode] = [:]

    /// The input names the compiled conditions read, collected for checks that depend on what a
    /// file reads (`ReferenceLimit`). A class, so that compiling (which does not mutate) can add.
    final class NameLog {
        var names: Set<String> = []
    }

    let namesRead = NameLog()

    func compile(_ expression: Expression) throws(Failure) -> ConditionNode {
        switch expression {
        case .name(let name, let offset):
            if let definition = definitions[name] { return definition }
            let variable = try lookup(name, offset)
            guard variable.type == .boolean else {
                throw Failure(offset: offset, message: "\(name) is \(variable.type.description), not a yes/no condition: compare it")
            }
            return BooleanNode(variable.read)
        case .number(_, _, let offset):
            throw Failure(offset: offset, message: "a number alone is not a condition")
        case .not(let inner, _):
            return NotNode(try compile(inner))
        case .and(let parts):
            return AndNode(try parts.map { (part) throws(Failure) in try compile(part) })
        case .or(let parts):
            return OrNode(try parts.map { (part) throws(Failure) in try compile(part) })
        case .comparison(let lhs, let op, let thresholds, let offset):
            return try compileComparison(lhs, op, thresholds, offset)
        case .atLeast(let count, let parts, _):
            return AtLeastNode(count, try parts.map { (part) throws(Failure) in try compile(part) })
        case .membership(let lhs, let names, let offset):
            guard case .name(let name, let nameOffset) = lhs else {
                throw Failure(offset: offset, message: "\"in\" needs a name on its left")
            }
            let variable = try lookup(name, nameOffset)
            guard case .word(let allowed) = variable.type else {
                throw Failure(offset: offset, message: "\(name) is \(variable.type.description); \"in\" needs a closed vocabulary")
            }
            for word in names where !allowed.contains(word) {
                throw Failure(offset: offset, message: "\(PrintableText.quoted(word)) is not a value of \(name); expected one of \(allowed.joined(separator: ", "))")
            }
            return WordNode(variable.read, words: Set(names), expected: true)
        }
    }

    /// Grades of other criteria files this file declared under `uses`, by `<id>[.<term>].grade`.
    var grades: [String: Variable] = [:]

    private func lookup(_ name: String, _ offset: Int) throws(Failure) -> Variable {
        if let grade = grades[name] { return grade }
        namesRead.names.insert(name)
        guard let variable = Vocabulary.variables[name] else {
            let hint = Vocabulary.variables.keys.filter { $0.lowercased() == name.lowercased() }.first.map { " (did you mean \($0)?)" } ?? ""
            throw Failure(offset: offset, message: "unknown name \(PrintableText.quoted(name))\(hint)")
        }
        return variable
    }

    private func compileComparison(_ lhs: Expression, _ op: ComparisonOperator, _ thresholds: [Expression], _ offset: Int) throws(Failure) -> ConditionNode {
        guard case .name(let name, let nameOffset) = lhs else {
            throw Failure(offset: offset, message: "a comparison needs a name on its left, such as vitals.temperature >= 38.0 C")
        }
        let variable = try lookup(name, nameOffset)
        let read = variable.read
        switch variable.type {
        case .boolean:
            throw Failure(offset: offset, message: "\(name) is a yes/no value: use it alone, or with not")

        case .word(let allowed):
            guard op == .equal || op == .notEqual else {
                throw Failure(offset: offset, message: "\(name) is a closed vocabulary: compare with == or !=, or use in [...]")
            }
            guard thresholds.count == 1, case .name(let word, _) = thresholds[0] else {
                throw Failure(offset: offset, message: "\(name) compares with one value name")
            }
            guard allowed.contains(word) else {
                throw Failure(offset: offset, message: "\(PrintableText.quoted(word)) is not a value of \(name); expected one of \(allowed.joined(separator: ", "))")
            }
            return WordNode(read, words: [word], expected: op == .equal)

        case .number(_, let range):
            guard thresholds.count == 1 else { throw Failure(offset: offset, message: "\(name) is a plain number: give one threshold") }
            switch thresholds[0] {
            case .number(let value, let unit, let at):
                if let unit { throw Failure(offset: at, message: "\(name) is a plain number: write \(JSONValue.format(value)) without \(PrintableText.quoted(unit))") }
                if let range, !range.contains(value) {
                    throw Failure(offset: at, message: "\(JSONValue.format(value)) is outside the range of \(name) (\(JSONValue.format(range.lowerBound))–\(JSONValue.format(range.upperBound)))")
                }
                return NumberNode(read, op, value)
            default:
                throw Failure(offset: thresholds[0].offset, message: "\(name) compares with a number")
            }

        case .quantity(let dimension):
            return try compileQuantity(name, read, dimension, op, thresholds, offset)
        }
    }

    /// A quantity compares in the unit its threshold is written in. With one threshold per unit
    /// (`150 mg/dL | 1.71 mmol/L`) the value is compared with the threshold of the unit it was
    /// entered in, so no conversion moves a value across a published boundary; otherwise the value
    /// is converted into the threshold's unit by the named conversions of Clinical.
    private func compileQuantity(_ name: String, _ read: @escaping @Sendable (Subject) -> Reading, _ dimension: Dimension,
                                 _ op: ComparisonOperator, _ thresholds: [Expression], _ offset: Int) throws(Failure) -> ConditionNode {
        // Against another quantity of the same dimension (labs.alt.baseline > labs.alt.uln).
        if thresholds.count == 1, case .name(let otherName, let at) = thresholds[0] {
            let other = try lookup(otherName, at)
            guard other.type == .quantity(dimension) else {
                throw Failure(offset: at, message: "\(otherName) is \(other.type.description); \(name) compares only with the same kind of quantity")
            }
            return QuantityPairNode(read, op, other.read, dimension)
        }
        var byUnit: [(unit: String, value: Double)] = []
        for threshold in thresholds {
            guard case .number(let value, let unit, let at) = threshold else {
                throw Failure(offset: threshold.offset, message: "\(name) compares with a number and its unit")
            }
            guard let unit else {
                throw Failure(offset: at, message: "\(name) is a quantity: write the unit after \(JSONValue.format(value)) (\(dimension.units.joined(separator: " or ")))")
            }
            guard dimension.units.contains(unit) else {
                throw Failure(offset: at, message: "\(PrintableText.quoted(unit)) is not a unit of \(name); expected \(dimension.units.joined(separator: " or "))")
            }
            guard !byUnit.contains(where: { $0.unit == unit }) else {
                throw Failure(offset: at, message: "the unit \(unit) is given twice")
            }
            if let limit = Self.plausibleRange(dimension) {
                let canonical = dimension.convert(value, from: unit, to: limit.unit)!
                guard canonical >= limit.low, canonical <= limit.high else {
                    throw Failure(offset: at, message: "\(JSONValue.format(value)) \(unit) is outside the possible range of \(name) (\(JSONValue.format(limit.low))–\(JSONValue.format(limit.high)) \(limit.unit))")
                }
            }
            byUnit.append((unit, value))
        }
        return QuantityNode(read, op, dimension, byUnit)
    }

    /// The hard plausibility range of a dimension, in its canonical unit, for checking thresholds.
    private static func plausibleRange(_ dimension: Dimension) -> (low: Double, high: Double, unit: String)? {
        switch dimension {
        case .temperature:
            let limit = PlausibilityLimits.temperatureCelsius
            return (limit.hardLow.value, limit.hardHigh.value, "C")
        case .lab(let analyte):
            let limit = PlausibilityLimits.lab(analyte)
            return (limit.hardLow.value, limit.hardHigh.value, analyte.canonicalUnit.rawValue)
        }
    }
}
