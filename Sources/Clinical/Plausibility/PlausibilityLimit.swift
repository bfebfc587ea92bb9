/// A plausibility range for one numeric input, in the unit the input is checked in.
///
/// *Hard* limits are the absolute range: outside it a value is not possible and the assessment is
/// rejected, naming the field. *Soft* limits are possible but unusual values: the assessment is
/// graded and the output carries a warning (after HL7 FHIR ObservationDefinition's "absolute" vs
/// "critical" ranges, and the hard and soft limits of smart infusion pumps' drug libraries).
package struct PlausibilityLimit: Sendable {
    /// The lowest possible value and whether it is itself possible.
    package var hardLow: (value: Double, inclusive: Bool)
    package var hardHigh: (value: Double, inclusive: Bool)
    package var softLow: Double?
    package var softHigh: Double?
    /// The unit the limits are written in, for messages.
    package var unit: String
    /// Where the limits come from.
    package var basis: String

    package init(hardLow: (Double, Bool), hardHigh: (Double, Bool), softLow: Double? = nil, softHigh: Double? = nil,
                 unit: String, basis: String) {
        self.hardLow = hardLow
        self.hardHigh = hardHigh
        self.softLow = softLow
        self.softHigh = softHigh
        self.unit = unit
        self.basis = basis
    }

    /// Whether `value` lies inside the hard limits.
    package func isPossible(_ value: Double) -> Bool {
        let aboveLow = hardLow.inclusive ? value >= hardLow.value : value > hardLow.value
        let belowHigh = hardHigh.inclusive ? value <= hardHigh.value : value < hardHigh.value
        return aboveLow && belowHigh
    }

    /// Whether `value` lies outside the soft limits.
    package func isUnusual(_ value: Double) -> Bool {
        if let low = softLow, value < low { return true }
        if let high = softHigh, value > high { return true }
        return false
    }

    /// "from 10 to 50 °C", with the inclusivity spelled out where it matters.
    package var hardRangeText: String {
        let low = (hardLow.inclusive ? "from " : "above ") + JSONValue.format(hardLow.value)
        let high = (hardHigh.inclusive ? " to " : " and below ") + JSONValue.format(hardHigh.value)
        return low + high + " " + unit
    }
}
