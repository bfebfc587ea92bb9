/// Applies the plausibility limits and consistency checks to a decoded assessment.
///
/// A value outside its hard limits, or one whose magnitude says the unit is wrong (101 "°C"
/// looks like °F), rejects the assessment with an ``InputError`` naming the field.
/// Unusual but possible values and inconsistent entries come back as warnings, which the output
/// carries beside the grades.
package enum Plausibility {
    /// Returns the warnings for `assessment`, or throws for the first impossible value.
    package static func check(_ a: Assessment) throws -> [String] {
        var warnings: [String] = []
        // The path and the value's text are spelt out only for an error or a warning: a batch
        // checks a hundred thousand assessments whose values are almost all usual.
        func limit(_ value: Double?, _ limit: PlausibilityLimit, _ path: @autoclosure () -> String,
                   shown: @autoclosure () -> String? = nil) throws {
            guard let value else { return }
            let possible = limit.isPossible(value)
            guard !possible || limit.isUnusual(value) else { return }
            let text = shown() ?? "\(JSONValue.format(value)) \(limit.unit)"
            guard possible else {
                throw InputError(field: FieldPath(path()), message: "\(text) is not possible: expected \(limit.hardRangeText)")
            }
            warnings.append("\(path()) \(text) is unusual: please confirm")
        }

        try limit(a.patient.ageYears, PlausibilityLimits.ageYears, "patient.ageYears")
        try limit(a.patient.weightKg, PlausibilityLimits.weightKg, "patient.weightKg")
        if let infusion = a.patient.infusionTime, infusion > a.time {
            warnings.append("patient.infusionTime is after the assessment time")
        }

        if let vitals = a.vitals {
            if let t = vitals.temperature {
                switch t.unit {
                case .celsius where (86...113).contains(t.value):
                    throw InputError(field: "vitals.temperature", message: "\(JSONValue.format(t.value)) °C looks like °F: give \"unit\": \"F\" if so")
                case .fahrenheit where (30...45).contains(t.value):
                    throw InputError(field: "vitals.temperature", message: "\(JSONValue.format(t.value)) °F looks like °C: give \"unit\": \"C\" if so")
                default: break
                }
                try limit(t.celsius, PlausibilityLimits.temperatureCelsius, "vitals.temperature",
                          shown: "\(JSONValue.format(t.value)) °\(t.unit.rawValue)")
            }
            try limit(vitals.systolicBP, PlausibilityLimits.systolicBP, "vitals.systolicBP")
            try limit(vitals.meanArterialPressure, PlausibilityLimits.meanArterialPressure, "vitals.meanArterialPressure")
            try limit(vitals.spo2, PlausibilityLimits.spo2, "vitals.spo2")
            if let sbp = vitals.systolicBP, sbp < 90, vitals.hypotension == nil {
                warnings.append("vitals.systolicBP \(JSONValue.format(sbp)) mmHg recorded but hypotension not stated")
            }
        }

        if let support = a.support {
            for (offset, pressor) in (support.vasopressors ?? []).enumerated() {
                let path = "support.vasopressors[\(offset)].dose"
                if pressor.drug == .norepinephrine, pressor.unit == .mcgPerKgPerMin {
                    try limit(pressor.dose, PlausibilityLimits.norepinephrinePerKg, path)
                } else {
                    try limit(pressor.dose, PlausibilityLimits.vasopressorDose, path, shown: "\(JSONValue.format(pressor.dose)) \(pressor.unit.rawValue)")
                }
            }
            if let pressors = support.vasopressors, !pressors.isEmpty, a.vitals?.hypotension == false {
                warnings.append("support.vasopressors lists a vasopressor but vitals.hypotension is false")
            }
            if let oxygen = support.oxygen {
                if let flow = oxygen.flowLPerMin, flow > 80 {
                    throw InputError(field: "support.oxygen.flowLPerMin", message: "\(JSONValue.format(flow)) L/min is not possible: expected from 0 to 80 L/min (mL/min or a typo?)")
                }
                try limit(oxygen.flowLPerMin, PlausibilityLimits.oxygenFlow, "support.oxygen.flowLPerMin")
                if let fio2 = oxygen.fio2, fio2 > 1, fio2 <= 100 {
                    throw InputError(field: "support.oxygen.fio2", message: "\(JSONValue.format(fio2)) looks like a percentage: give FiO2 as a fraction (0.21–1.0)")
                }
                try limit(oxygen.fio2, PlausibilityLimits.fio2, "support.oxygen.fio2")
                if oxygen.device == .nasalCannula, let flow = oxygen.flowLPerMin, flow > 6 {
                    warnings.append("support.oxygen.flowLPerMin \(JSONValue.format(flow)) L/min on nasalCannula is graded as high-flow nasal cannula (above 6 L/min)")
                }
            }
        }

        if let neuro = a.neuro { warnings += contradictions(neuro) }

        if let neuro = a.neuro, neuro.ice != nil, neuro.capd == nil {
            if let age = a.patient.ageYears, age < 12 {
                warnings.append("neuro.ice recorded at age \(JSONValue.format(age)): ASTCT assesses children under 12 with CAPD")
            } else if a.patient.developmentalDelay == true {
                warnings.append("neuro.ice recorded with developmental delay: ASTCT assesses developmental delay with CAPD")
            }
        }

        if let labs = a.labs {
            for analyte in Analyte.allCases {
                guard let result = labs[analyte] else { continue }
                try checkUnitMagnitude(analyte, result)
                let limitSet = PlausibilityLimits.lab(analyte)
                var base: String { "labs.\(analyte.rawValue)" }
                let canonical = result.value(of: analyte, in: analyte.canonicalUnit)!
                try limit(canonical, limitSet, base + ".value", shown: "\(JSONValue.format(result.value)) \(result.unit.rawValue)")
                // A limit of 0 is what laboratory data give for a limit the analyte does not have
                // (an LLN for triglycerides); it is refused only where a grade reads it, which the
                // criteria know (Grading's `CriteriaSet.checkReferenceLimits`).
                func notNegative(_ reference: Double?, _ name: String) throws {
                    guard let reference, !(reference >= 0) else { return }
                    throw InputError(field: FieldPath("\(base).\(name)"), message: "must not be negative")
                }
                try notNegative(result.uln, "uln")
                try notNegative(result.lln, "lln")
                try notNegative(result.baseline, "baseline")
                if let uln = result.uln, let lln = result.lln, lln > 0, lln >= uln {
                    throw InputError(field: FieldPath("\(base).lln"), message: "lower limit \(JSONValue.format(lln)) is not below the upper limit \(JSONValue.format(uln))")
                }
            }
        }
        return warnings
    }

    /// Entries that cannot both be true of one patient at one time: the grade is still computed
    /// from what was entered (the entry is the clinician's call), with a warning to check it.
    /// ASTCT 2019 (Lee DW et al., BBMT 2019;25:625–638) grades an ICE that cannot be done
    /// because the patient is unarousable as ICANS 4 and depressed consciousness on its own scale,
    /// so the two domains must describe the same patient.
    static func contradictions(_ neuro: Assessment.Neuro) -> [String] {
        var warnings: [String] = []
        let consciousness = neuro.consciousness
        switch neuro.ice {
        case .unable(.unarousable)?:
            if let consciousness, consciousness != .unarousable {
                warnings.append("neuro.ice unable because unarousable, but neuro.consciousness is \(consciousness.rawValue): please check both")
            }
        case .unable(.awakeAphasic)?:
            if consciousness == .unarousable {
                warnings.append("neuro.ice unable because awake and aphasic, but neuro.consciousness is unarousable: please check both")
            }
        case .total?, .items?:
            if consciousness == .unarousable {
                warnings.append("neuro.ice scored, but neuro.consciousness is unarousable (ICE cannot be done): please check both")
            }
        case .unable(.other)?, nil:
            break
        }
        // CAPD "unable" is the unarousable child ASTCT grades 4.
        if case .unable? = neuro.capd, let consciousness, consciousness != .unarousable {
            warnings.append("neuro.capd unable, but neuro.consciousness is \(consciousness.rawValue): please check both")
        }
        return warnings
    }

    /// Magnitudes that say the unit is wrong (a value typed in the other unit system, after the
    /// JAMA/AMA SI conversion table, Young DS, Ann Intern Med 1987;106:114–129): a unit question, never an
    /// automatic conversion.
    private static func checkUnitMagnitude(_ analyte: Analyte, _ r: LabResult) throws {
        // Spelt out only for an error: most values are in their unit's range.
        var path: FieldPath { FieldPath("labs.\(analyte.rawValue).unit") }
        var v: String { JSONValue.format(r.value) }
        switch (analyte, r.unit) {
        case (.creatinine, .milligramsPerDeciliter) where r.value > 30:
            throw InputError(field: path, message: "creatinine \(v) mg/dL looks like umol/L")
        case (.creatinine, .micromolesPerLiter) where r.value < 10:
            throw InputError(field: path, message: "creatinine \(v) umol/L looks like mg/dL")
        case (.fibrinogen, .gramsPerLiter) where r.value > 20:
            throw InputError(field: path, message: "fibrinogen \(v) g/L looks like mg/dL")
        case (.hemoglobin, .gramsPerLiter) where r.value < 25:
            throw InputError(field: path, message: "haemoglobin \(v) g/L looks like g/dL")
        case (.bilirubin, .milligramsPerDeciliter) where r.value > 80:
            throw InputError(field: path, message: "bilirubin \(v) mg/dL looks like umol/L")
        default: break
        }
    }
}
