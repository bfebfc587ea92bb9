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
        package var results: [Analyte: LabResult]
        package var nkActivity: NKActivity?

        package init(_ results: [Analyte: LabResult] = [:], nkActivity: NKActivity? = nil) {
            self.results = results
            self.nkActivity = nkActivity
        }

        package subscript(analyte: Analyte) -> LabResult? {
            get { results[analyte] }
            set { results[analyte] = newValue }
        }
    }
}
