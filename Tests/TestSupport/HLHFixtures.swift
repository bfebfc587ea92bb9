import Clinical
import Grading

// Fixtures for the HLH and hyperinflammation criteria (HLH-2004, HScore, CARTOX carHLH, IEC-HS):
// a patient with every input those files read stated and normal, modifiers for the findings they
// read, and the outcome of a criteria-set or score file.

extension Bedside {
    /// An adult assessed for HLH with every input of HLH-2004, HScore, CARTOX carHLH and the IEC-HS
    /// features stated and normal, so that each file answers definitely and negatively:
    /// afebrile (37.0 °C), no organomegaly, no haemophagocytosis, no molecular diagnosis, not
    /// immunosuppressed, no organ toxicity (pulmonary oedema, AKI, urine output all grade 0);
    /// Hb 130 g/L, platelets 250, ANC 4.0, WBC 7.0 × 10⁹/L; ferritin 200 ng/mL (ULN 300, baseline
    /// 200); fasting triglycerides 1.0 mmol/L; fibrinogen 3.0 g/L (LLN 2.0); sCD25 1000 U/mL; NK
    /// activity normal; AST and ALT 20 U/L, bilirubin 10 umol/L and creatinine 80 umol/L, each below
    /// its ULN with a normal baseline.
    package static func hlh(id: String = "HLH-001", ageYears: Double? = 54) -> Assessment {
        var labs = Assessment.Labs([
            .hemoglobin: LabResult(value: 130, unit: .gramsPerLiter),
            .platelets: LabResult(value: 250, unit: .perNanoliter),
            .anc: LabResult(value: 4.0, unit: .perNanoliter),
            .wbc: LabResult(value: 7.0, unit: .perNanoliter),
            .ferritin: LabResult(value: 200, unit: .nanogramsPerMilliliter, uln: 300, baseline: 200),
            .triglycerides: LabResult(value: 1.0, unit: .millimolesPerLiter, fasting: true),
            .fibrinogen: LabResult(value: 3.0, unit: .gramsPerLiter, lln: 2.0),
            .scd25: LabResult(value: 1000, unit: .unitsPerMilliliter),
            .ast: LabResult(value: 20, unit: .unitsPerLiter, uln: 40, baseline: 20),
            .alt: LabResult(value: 20, unit: .unitsPerLiter, uln: 40, baseline: 20),
            .bilirubin: LabResult(value: 10, unit: .micromolesPerLiter, uln: 20, baseline: 10),
            .creatinine: LabResult(value: 80, unit: .micromolesPerLiter, uln: 100, baseline: 80),
        ])
        labs.nkActivity = .normal
        return Assessment(patient: .init(id: id, ageYears: ageYears, immunosuppressed: false), time: time,
                          vitals: .init(temperature: .celsius(37.0)),
                          labs: labs,
                          findings: .init(splenomegaly: false, hepatomegaly: false, molecularHLHDiagnosis: false, hemophagocytosis: .absent,
                                          organToxicity: [.pulmonaryEdema: 0, .acuteKidneyInjury: 0, .urineOutputDecreased: 0]))
    }
}

extension Assessment {
    private func changingFindings(_ change: (inout Findings) -> Void) -> Assessment {
        var copy = self
        var findings = copy.findings ?? .init()
        change(&findings)
        copy.findings = findings
        return copy
    }

    private func changingLabs(_ change: (inout Labs) -> Void) -> Assessment {
        var copy = self
        var labs = copy.labs ?? .init()
        change(&labs)
        copy.labs = labs
        return copy
    }

    // MARK: Patient and vitals

    /// HIV or long-term immunosuppressive therapy (HScore); nil makes it unknown.
    package func immunosuppressed(_ flag: Bool?) -> Assessment {
        var copy = self
        copy.patient.immunosuppressed = flag
        return copy
    }

    /// A temperature as entered; nil makes it unknown.
    package func temperature(_ temperature: Temperature?) -> Assessment {
        var copy = self
        var vitals = copy.vitals ?? .init()
        vitals.temperature = temperature
        copy.vitals = vitals
        return copy
    }

    // MARK: Findings

    package func splenomegaly(_ present: Bool?) -> Assessment { changingFindings { $0.splenomegaly = present } }
    package func hepatomegaly(_ present: Bool?) -> Assessment { changingFindings { $0.hepatomegaly = present } }
    package func molecularHLHDiagnosis(_ present: Bool?) -> Assessment { changingFindings { $0.molecularHLHDiagnosis = present } }
    /// Where haemophagocytosis was seen (`.absent` for none); nil makes it unknown.
    package func hemophagocytosis(_ site: Hemophagocytosis?) -> Assessment { changingFindings { $0.hemophagocytosis = site } }

    /// A clinician-assigned CTCAE v5.0 grade of a non-lab term; nil makes that term unknown.
    package func organToxicity(_ term: OrganToxicityTerm, grade: Int?) -> Assessment {
        changingFindings {
            var grades = $0.organToxicity ?? [:]
            grades[term] = grade
            $0.organToxicity = grades
        }
    }

    // MARK: Labs

    /// Triglycerides with the fasting flag (nil: fasting not stated).
    package func triglycerides(_ value: Double, _ unit: LabUnit, fasting: Bool?) -> Assessment {
        changingLabs { $0[.triglycerides] = LabResult(value: value, unit: unit, fasting: fasting) }
    }

    /// NK-cell activity per the local laboratory; nil makes it unknown.
    package func nkActivity(_ activity: NKActivity?) -> Assessment { changingLabs { $0.nkActivity = activity } }

    /// The lab result of `analyte` removed (unknown).
    package func labRemoved(_ analyte: Analyte) -> Assessment { changingLabs { $0[analyte] = nil } }
}

extension Fixtures {
    /// The single result of criteria file `criteria` for `assessment`.
    package static func result(_ criteria: String, _ assessment: Assessment) throws -> CriteriaResult {
        let results = try bundled().evaluate(assessment, only: [criteria])
        guard results.count == 1, let result = results.first else {
            throw FixtureError("\(criteria) gave \(results.count) results, expected one")
        }
        return result
    }

    /// The outcome of a diagnostic criteria set (`hlh-2004`, `cartox-2018-hlh`, `iec-hs-2023`).
    package static func criteriaSet(_ criteria: String, _ assessment: Assessment) throws -> CountOutcome {
        guard let outcome = try result(criteria, assessment).criteriaSet else { throw FixtureError("\(criteria) is not a criteria set") }
        return outcome
    }

    /// The outcome of a point score (`hscore`).
    package static func score(_ criteria: String, _ assessment: Assessment) throws -> ScoreOutcome {
        guard let outcome = try result(criteria, assessment).score else { throw FixtureError("\(criteria) is not a score") }
        return outcome
    }
}

extension CountOutcome {
    /// One line for failure messages.
    package var summary: String {
        let answer = decides ? "met \(met.map { "\($0)" } ?? "null")" : "features"
        return "\(answer), \(count) of \(of): met [\(criteriaMet.joined(separator: ", "))], not met [\(criteriaNotMet.joined(separator: ", "))], "
            + "unknown [\(criteriaUnknown.joined(separator: ", "))], missing [\(missing.map(\.text).joined(separator: ", "))]"
            + (interpretations.isEmpty ? "" : " [\(interpretations.joined(separator: ", "))]")
    }
}

extension ScoreOutcome {
    /// One line for failure messages.
    package var summary: String {
        let value = score.map { "score \($0)" } ?? "score null, range \(low)...\(high)"
        let band = probability.map { "probability \($0.low)...\($0.high)" } ?? "no probability"
        return "\(value), \(band), meetsCutoff \(meetsCutoff.map { "\($0)" } ?? "null"), "
            + "points [\(points.map { "\($0.item) \($0.points)" }.joined(separator: ", "))], missing [\(missing.map(\.text).joined(separator: ", "))]"
    }
}
