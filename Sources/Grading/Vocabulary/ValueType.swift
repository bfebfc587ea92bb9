import Clinical

/// The type of a name in the criteria language; the loader checks every condition against it.
enum ValueType: Equatable, Sendable {
    case boolean
    /// A plain number; `unit` describes it for reviewers ("L/min") and is not written in conditions.
    case number(unit: String?, range: ClosedRange<Double>? = nil)
    /// A measured quantity with several accepted units: a threshold must name its unit.
    case quantity(Dimension)
    /// A closed vocabulary: the allowed words.
    case word([String])

    var description: String {
        switch self {
        case .boolean: "a yes/no value"
        case .number(let unit, _): unit.map { "a number (\($0))" } ?? "a number"
        case .quantity(let dimension): "a quantity in \(dimension.units.joined(separator: " or "))"
        case .word(let words): "one of " + words.joined(separator: ", ")
        }
    }
}

/// What a quantity measures, which fixes the units it may be written in.
enum Dimension: Equatable, Sendable {
    case temperature
    case lab(Analyte)

    var units: [String] {
        switch self {
        case .temperature: Temperature.Unit.allCases.map(\.rawValue)
        case .lab(let analyte): analyte.units.map(\.rawValue)
        }
    }

    /// Converts `value` between two units of this dimension given by their position in ``units``
    /// (as ``InputValues`` gives them): the same conversion as by their names, without reading a name.
    func convert(_ value: Double, from: Int, to: Int) -> Double? {
        if from == to { return value }
        switch self {
        case .temperature:
            let units = Self.temperatureUnits
            guard units.indices.contains(from), units.indices.contains(to) else { return nil }
            let t = Temperature(value: value, unit: units[from])
            return units[to] == .celsius ? t.celsius : t.fahrenheit
        case .lab(let analyte):
            let units = analyte.units
            guard units.indices.contains(from), units.indices.contains(to) else { return nil }
            return Conversion.convert(value, of: analyte, from: units[from], to: units[to])
        }
    }

    private static let temperatureUnits = Array(Temperature.Unit.allCases)

    /// Converts `value` from one unit of this dimension to another (named conversions of Clinical).
    func convert(_ value: Double, from: String, to: String) -> Double? {
        if from == to { return value }
        switch self {
        case .temperature:
            guard let source = Temperature.Unit(rawValue: from), Temperature.Unit(rawValue: to) != nil else { return nil }
            let t = Temperature(value: value, unit: source)
            return to == "C" ? t.celsius : t.fahrenheit
        case .lab(let analyte):
            guard let source = LabUnit(rawValue: from), let target = LabUnit(rawValue: to) else { return nil }
            return Conversion.convert(value, of: analyte, from: source, to: target)
        }
    }
}
