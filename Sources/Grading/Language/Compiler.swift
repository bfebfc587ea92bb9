import Clinical

/// Resolves the names of a parsed condition, checks its types and thresholds, and compiles it into
/// instructions of the file's ``ConditionProgram``. Every mistake a reviewer could make is reported
/// here, at load time, never while grading a patient.
struct Compiler {
    struct Failure: Error {
        var offset: Int
        var message: String
    }

    /// Conditions defined earlier in the same file, by name: the instruction that answers each.
    var definitions: [String: Int32] = [:]

    /// The program the file's conditions are compiled into.
    let builder = ProgramBuilder()

    /// The input names the compiled conditions read, collected for checks that depend on what a
    /// file reads (`ReferenceLimit`). A class, so that compiling (which does not mutate) can add.
    final class NameLog {
        var names: Set<String> = []
    }

    let namesRead = NameLog()

    /// Compiles `expression`; returns the instruction that answers it.
    func compile(_ expression: Expression) throws(Failure) -> Int32 {
        switch expression {
        case .name(let name, let offset):
            if let definition = definitions[name] { return definition }
            let variable = try lookup(name, offset)
            guard variable.type == .boolean else {
                throw Failure(offset: offset, message: "\(name) is \(variable.type.description), not a yes/no condition: compare it")
            }
            return builder.emit(.bool(input: variable.input))
        case .number(_, _, let offset):
            throw Failure(offset: offset, message: "a number alone is not a condition")
        case .not(let inner, _):
            return builder.emit(.not(try compile(inner)))
        case .and(let parts):
            let list = builder.operands(try parts.map { (part) throws(Failure) in try compile(part) })
            return builder.emit(.and(first: list.first, count: list.count))
        case .or(let parts):
            let list = builder.operands(try parts.map { (part) throws(Failure) in try compile(part) })
            return builder.emit(.or(first: list.first, count: list.count))
        case .comparison(let lhs, let op, let thresholds, let offset):
            return try compileComparison(lhs, op, thresholds, offset)
        case .atLeast(let count, let parts, _):
            let list = builder.operands(try parts.map { (part) throws(Failure) in try compile(part) })
            return builder.emit(.atLeast(Int32(count), first: list.first, count: list.count))
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
            return try word(variable, allowed, names, expected: true, offset)
        }
    }

    /// A test of a closed vocabulary, its words as bits over their positions in `allowed`.
    private func word(_ variable: Name, _ allowed: [String], _ names: [String], expected: Bool, _ offset: Int) throws(Failure) -> Int32 {
        guard allowed.count <= UInt64.bitWidth else {
            throw Failure(offset: offset, message: "\(variable.name) has more than \(UInt64.bitWidth) values")
        }
        var mask: UInt64 = 0
        for name in names { if let position = allowed.firstIndex(of: name) { mask |= 1 << UInt64(position) } }
        return builder.emit(.word(input: variable.input, words: mask, expected: expected))
    }

    /// Grades of other criteria files this file declared under `uses`, by `<id>[.<term>].grade`.
    var grades: [String: GradeSource] = [:]

    /// A name a condition reads: a name of the vocabulary, or a grade of a file it uses.
    struct Name {
        let name: String
        let type: ValueType
        private let variable: Variable?
        private let grade: GradeSource?

        init(_ variable: Variable) {
            name = variable.name
            type = variable.type
            self.variable = variable
            grade = nil
        }

        init(grade name: String, _ source: GradeSource) {
            self.name = name
            type = .number(unit: "grade 0–5", range: 0...5)
            variable = nil
            grade = source
        }

        /// Its number among the inputs (``Input``); 0 for a grade, which is read by ``comparison(_:_:_:)``.
        var input: Int32 { variable?.input ?? 0 }

        /// `name op threshold` for a plain number: an input by its number, a grade by its slot in
        /// the program being built.
        func comparison(_ op: ComparisonOperator, _ threshold: Double, _ builder: ProgramBuilder) -> ConditionProgram.Instruction {
            if let grade { return .grade(slot: builder.slot(grade: name, grade), op, threshold) }
            return .number(input: input, op, threshold)
        }
    }

    private func lookup(_ name: String, _ offset: Int) throws(Failure) -> Name {
        if let grade = grades[name] { return Name(grade: name, grade) }
        namesRead.names.insert(name)
        guard let variable = Vocabulary.variables[name] else {
            let hint = Vocabulary.variables.keys.filter { $0.lowercased() == name.lowercased() }.first.map { " (did you mean \($0)?)" } ?? ""
            throw Failure(offset: offset, message: "unknown name \(PrintableText.quoted(name))\(hint)")
        }
        return Name(variable)
    }

    private func compileComparison(_ lhs: Expression, _ op: ComparisonOperator, _ thresholds: [Expression], _ offset: Int) throws(Failure) -> Int32 {
        guard case .name(let name, let nameOffset) = lhs else {
            throw Failure(offset: offset, message: "a comparison needs a name on its left, such as vitals.temperature >= 38.0 C")
        }
        let variable = try lookup(name, nameOffset)
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
            return try self.word(variable, allowed, [word], expected: op == .equal, offset)

        case .number(_, let range):
            guard thresholds.count == 1 else { throw Failure(offset: offset, message: "\(name) is a plain number: give one threshold") }
            switch thresholds[0] {
            case .number(let value, let unit, let at):
                if let unit { throw Failure(offset: at, message: "\(name) is a plain number: write \(JSONValue.format(value)) without \(PrintableText.quoted(unit))") }
                if let range, !range.contains(value) {
                    throw Failure(offset: at, message: "\(JSONValue.format(value)) is outside the range of \(name) (\(JSONValue.format(range.lowerBound))–\(JSONValue.format(range.upperBound)))")
                }
                return builder.emit(variable.comparison(op, value, builder))
            default:
                throw Failure(offset: thresholds[0].offset, message: "\(name) compares with a number")
            }

        case .quantity(let dimension):
            return try compileQuantity(variable, dimension, op, thresholds, offset)
        }
    }

    /// A quantity compares in the unit its threshold is written in. With one threshold per unit
    /// (`150 mg/dL | 1.71 mmol/L`) the value is compared with the threshold of the unit it was
    /// entered in, so no conversion moves a value across a published boundary; otherwise the value
    /// is converted into the threshold's unit by the named conversions of Clinical.
    private func compileQuantity(_ variable: Name, _ dimension: Dimension,
                                 _ op: ComparisonOperator, _ thresholds: [Expression], _ offset: Int) throws(Failure) -> Int32 {
        let name = variable.name
        // Against another quantity of the same dimension (labs.alt.baseline > labs.alt.uln).
        if thresholds.count == 1, case .name(let otherName, let at) = thresholds[0] {
            let other = try lookup(otherName, at)
            guard other.type == .quantity(dimension) else {
                throw Failure(offset: at, message: "\(otherName) is \(other.type.description); \(name) compares only with the same kind of quantity")
            }
            return builder.emit(.quantityPair(left: variable.input, right: other.input, op, dimension))
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
        return builder.emit(.quantity(input: variable.input, op, test: builder.quantityTest(dimension, byUnit)))
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
