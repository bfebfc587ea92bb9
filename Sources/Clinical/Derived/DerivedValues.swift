/// Values computed from an assessment that the criteria files refer to by name.
///
/// Arithmetic that is not a threshold lives here, named and unit-tested; the thresholds applied to
/// these values live in `Criteria/*.yaml`.
package enum Derived {}

extension ICE {
    /// Total ICE score, 0–10: orientation 4 + naming 3 + commands 1 + writing 1 + attention 1
    /// (Lee DW et al., BBMT 2019;25:625–638, doi:10.1016/j.bbmt.2018.12.758; PMC8153820 Table 2).
    /// Nil when the ICE could not be done.
    package var total: Int? {
        switch self {
        case let .items(orientation, naming, commands, writing, attention): orientation + naming + commands + writing + attention
        case .total(let total): total
        case .unable: nil
        }
    }

    /// Why the ICE could not be done, or nil when it was scored.
    package var unableReason: ICEUnableReason? {
        if case .unable(let reason) = self { return reason }
        return nil
    }
}

extension CAPDAnswer {
    /// Points of this answer on CAPD item `item` (1–8): items 1–4 are reverse scored (never 4 …
    /// always 0), items 5–8 are not (never 0 … always 4) (Traube C et al., Crit Care Med
    /// 2014;42:656–663; CHOP CAPD pathway).
    package func points(item: Int) -> Int {
        return item <= 4 ? 4 - frequency : frequency
    }

    /// How often, 0 (never) to 4 (always), written out rather than read off the order of the cases.
    private var frequency: Int {
        switch self {
        case .never: 0
        case .rarely: 1
        case .sometimes: 2
        case .often: 3
        case .always: 4
        }
    }
}

extension CAPD {
    /// Total CAPD score, 0–32; nil when the CAPD could not be done.
    package var total: Int? {
        switch self {
        case .answers(let answers): answers.enumerated().reduce(0) { $0 + $1.element.points(item: $1.offset + 1) }
        case .total(let total): total
        case .unable: nil
        }
    }
}

extension Vasopressor.Drug {
    /// ASTCT 2019: vasopressin does not count towards "multiple vasopressors".
    package var isVasopressin: Bool { self == .vasopressin }
}

extension Array where Element == Vasopressor {
    /// Number of distinct vasopressor drugs running, not counting vasopressin (ASTCT 2019 grade 4
    /// "multiple vasopressors (excluding vasopressin)"). Two lines of the same drug count once;
    /// each `other` line counts as a drug of its own.
    package var countExcludingVasopressin: Int {
        // Counted in place, without a set or filtered copies: grading reads it for every assessment.
        var count = 0
        for index in indices {
            let drug = self[index].drug
            if drug.isVasopressin { continue }
            if drug == .other || !self[..<index].contains(where: { $0.drug == drug }) { count += 1 }
        }
        return count
    }

    /// Number of distinct vasopressor drugs running, vasopressin included.
    package var countIncludingVasopressin: Int { countExcludingVasopressin + (vasopressinActive ? 1 : 0) }

    /// Whether vasopressin is running.
    package var vasopressinActive: Bool { contains { $0.drug.isVasopressin } }
}

extension Oxygen {
    /// ASTCT 2019: nasal cannula at up to 6 L/min is low flow; above 6 L/min it is high flow.
    /// Nil when the device is not a nasal cannula or the flow is unknown.
    package var nasalCannulaLowFlow: Bool? {
        guard device == .nasalCannula, let flow = flowLPerMin else { return nil }
        return flow <= 6
    }
}

extension LabResult {
    /// CTCAE: the value as a multiple of the upper limit of normal; nil without a ULN.
    package var timesULN: Double? { uln.flatMap { $0 > 0 ? Conversion.tidy(value / $0) : nil } }
    /// CTCAE: the value as a multiple of the lower limit of normal; nil without an LLN.
    package var timesLLN: Double? { lln.flatMap { $0 > 0 ? Conversion.tidy(value / $0) : nil } }
    /// CTCAE: the value as a multiple of the patient's baseline; nil without a baseline.
    package var timesBaseline: Double? { baseline.flatMap { $0 > 0 ? Conversion.tidy(value / $0) : nil } }
    /// CTCAE fibrinogen: the fall from baseline as a fraction of the baseline (0.25 = 25 % decrease);
    /// nil without a baseline.
    package var decreaseFromBaseline: Double? { baseline.flatMap { $0 > 0 ? Conversion.tidy(($0 - value) / $0) : nil } }
}
