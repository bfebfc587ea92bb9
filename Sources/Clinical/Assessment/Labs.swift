/// A laboratory analyte the criteria read, with the units each accepts.
package enum Analyte: String, Sendable, CaseIterable {
    case anc, wbc, platelets, hemoglobin, ferritin, triglycerides, fibrinogen, ast, alt, ldh, bilirubin, creatinine, scd25

    /// The units this analyte accepts, canonical (SI) first.
    package var units: [LabUnit] {
        switch self {
        case .anc, .wbc, .platelets: [.perNanoliter, .perMicroliter]
        case .hemoglobin: [.gramsPerLiter, .gramsPerDeciliter]
        case .ferritin: [.microgramsPerLiter, .nanogramsPerMilliliter]
        case .triglycerides: [.millimolesPerLiter, .milligramsPerDeciliter]
        case .fibrinogen: [.gramsPerLiter, .milligramsPerDeciliter]
        case .ast, .alt, .ldh: [.unitsPerLiter]
        case .bilirubin, .creatinine: [.micromolesPerLiter, .milligramsPerDeciliter]
        case .scd25: [.unitsPerMilliliter]
        }
    }

    /// The unit the criteria compare in when a threshold does not say otherwise.
    package var canonicalUnit: LabUnit { units[0] }

    /// This analyte's position in `allCases`.
    var slot: Int {
        switch self {
        case .anc: 0
        case .wbc: 1
        case .platelets: 2
        case .hemoglobin: 3
        case .ferritin: 4
        case .triglycerides: 5
        case .fibrinogen: 6
        case .ast: 7
        case .alt: 8
        case .ldh: 9
        case .bilirubin: 10
        case .creatinine: 11
        case .scd25: 12
        }
    }
}

/// A laboratory unit as the spec spells it.
package enum LabUnit: String, Sendable, CaseIterable {
    case perNanoliter = "10^9/L"
    case perMicroliter = "/uL"
    case gramsPerLiter = "g/L"
    case gramsPerDeciliter = "g/dL"
    case microgramsPerLiter = "ug/L"
    case nanogramsPerMilliliter = "ng/mL"
    case millimolesPerLiter = "mmol/L"
    case milligramsPerDeciliter = "mg/dL"
    case unitsPerLiter = "U/L"
    case micromolesPerLiter = "umol/L"
    case unitsPerMilliliter = "U/mL"
}

/// One laboratory result: value and unit as entered, with the reference limits and the baseline
/// (all in the same unit as the value).
package struct LabResult: Sendable, Equatable {
    package var value: Double
    package var unit: LabUnit
    package var uln: Double?
    package var lln: Double?
    package var baseline: Double?
    /// Triglycerides only: drawn fasting (HLH-2004 needs fasting triglycerides).
    package var fasting: Bool?

    package init(value: Double, unit: LabUnit, uln: Double? = nil, lln: Double? = nil, baseline: Double? = nil, fasting: Bool? = nil) {
        self.value = value
        self.unit = unit
        self.uln = uln
        self.lln = lln
        self.baseline = baseline
        self.fasting = fasting
    }
}

/// NK-cell activity as the local laboratory reports it (HLH-2004 criterion 6).
package enum NKActivity: String, Sendable, CaseIterable {
    case normal, low, absent
}

extension Assessment {
    /// Laboratory results by analyte.
    package struct Labs: Sendable, Equatable {
        /// One slot per analyte, in `Analyte.allCases` order: grading reads labs hundreds of times
        /// per assessment, and an array index is much cheaper than hashing a dictionary key.
        private var slots: [LabResult?]
        package var nkActivity: NKActivity?

        package init(_ results: [Analyte: LabResult] = [:], nkActivity: NKActivity? = nil) {
            slots = Array(repeating: nil, count: Analyte.allCases.count)
            self.nkActivity = nkActivity
            for (analyte, result) in results { self[analyte] = result }
        }

        /// The results present, by analyte.
        package var results: [Analyte: LabResult] {
            var all: [Analyte: LabResult] = [:]
            for (index, analyte) in Analyte.allCases.enumerated() { all[analyte] = slots[index] }
            return all
        }

        package subscript(analyte: Analyte) -> LabResult? {
            get { slots[analyte.slot] }
            set { slots[analyte.slot] = newValue }
        }
    }
}
