import Clinical

/// Every name a criteria file may use, with its type and how it is read from an assessment.
///
/// Input names are the paths of `grade-io.md` (`vitals.temperature`, `support.oxygen.device`);
/// derived names extend a path with what is derived (`neuro.ice.total`, `labs.alt.xULN`). Two
/// absent inputs have a defined meaning and read as a value, not as missing: `otherCause.*` reads
/// false when nothing is attributed to another cause, and `outcome.death` reads `none` when no
/// death is recorded (both as the spec defines them). `patient.developmentalDelay` absent reads
/// false: the spec makes it a flag stated when present (README, interpretations).
enum Vocabulary {
    static let variables: [String: Variable] = {
        var all: [Variable] = patient + vitals + support + neuro + findings + treatments + attribution + outcome
        for analyte in Analyte.allCases { all += lab(analyte) }
        all += labExtras
        return Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
    }()

    private static let patient: [Variable] = [
        Variable(name: "patient.ageYears", type: .number(unit: "years", range: 0...120), summary: "age in years") {
            .number($0.assessment.patient.ageYears, "patient.ageYears")
        },
        Variable(name: "patient.daysSinceInfusion", type: .number(unit: "days", range: -30...36_500),
                 summary: "days since the infusion (day 0), from patient.infusionTime and time") {
            .number($0.assessment.daysSinceInfusion, "patient.infusionTime")
        },
        Variable(name: "patient.developmentalDelay", type: .boolean, summary: "baseline developmental delay (absent reads no)") {
            .bool($0.assessment.patient.developmentalDelay ?? false)
        },
        Variable(name: "patient.immunosuppressed", type: .boolean, summary: "HIV or long-term immunosuppressive therapy") {
            .bool($0.assessment.patient.immunosuppressed, "patient.immunosuppressed")
        },
    ]

    private static let vitals: [Variable] = [
        Variable(name: "vitals.temperature", type: .quantity(.temperature), summary: "body temperature") {
            guard let t = $0.assessment.vitals?.temperature else { return .missing(["vitals.temperature"]) }
            return .quantity(t.value, unit: t.unit.rawValue)
        },
        Variable(name: "vitals.hypotension", type: .boolean, summary: "hypotension, as the clinician judges it") {
            .bool($0.assessment.vitals?.hypotension, "vitals.hypotension")
        },
        Variable(name: "vitals.systolicBP", type: .number(unit: "mmHg", range: 0...400), summary: "systolic blood pressure") {
            .number($0.assessment.vitals?.systolicBP, "vitals.systolicBP")
        },
        Variable(name: "vitals.spo2", type: .number(unit: "%", range: 0...100), summary: "oxygen saturation") {
            .number($0.assessment.vitals?.spo2, "vitals.spo2")
        },
    ]

    private static let support: [Variable] = [
        Variable(name: "support.oxygen.device", type: .word(words(OxygenDevice.self)), summary: "oxygen delivery device") {
            .word($0.assessment.support?.oxygen?.device, "support.oxygen")
        },
        Variable(name: "support.oxygen.flowLPerMin", type: .number(unit: "L/min", range: 0...80), summary: "oxygen flow") {
            guard let oxygen = $0.assessment.support?.oxygen else { return .missing(["support.oxygen"]) }
            return .number(oxygen.flowLPerMin, "support.oxygen.flowLPerMin")
        },
        Variable(name: "support.oxygen.fio2", type: .number(unit: "fraction 0.21–1.0", range: 0.21...1.0), summary: "fraction of inspired oxygen") {
            guard let oxygen = $0.assessment.support?.oxygen else { return .missing(["support.oxygen"]) }
            return .number(oxygen.fio2, "support.oxygen.fio2")
        },
        Variable(name: "support.vasopressors.countExcludingVasopressin", type: .number(unit: "drugs", range: 0...10),
                 summary: "distinct vasopressors running, vasopressin not counted") {
            guard let list = $0.assessment.support?.vasopressors else { return .missing(["support.vasopressors"]) }
            return .number(Double(list.countExcludingVasopressin))
        },
        Variable(name: "support.vasopressors.countIncludingVasopressin", type: .number(unit: "drugs", range: 0...10),
                 summary: "distinct vasopressors running, vasopressin counted") {
            guard let list = $0.assessment.support?.vasopressors else { return .missing(["support.vasopressors"]) }
            return .number(Double(list.countIncludingVasopressin))
        },
        Variable(name: "support.vasopressors.vasopressinActive", type: .boolean, summary: "vasopressin running") {
            guard let list = $0.assessment.support?.vasopressors else { return .missing(["support.vasopressors"]) }
            return .bool(list.vasopressinActive)
        },
    ]

    private static let neuro: [Variable] = [
        Variable(name: "neuro.ice.total", type: .number(unit: "points 0–10", range: 0...10),
                 summary: "ICE total; 0 when unable because unarousable or awake and aphasic") {
            guard let ice = $0.assessment.neuro?.ice else { return .missing(["neuro.ice"]) }
            switch ice {
            case .unable(.unarousable), .unable(.awakeAphasic): return .number(0)
            case .unable(.other): return .missing(["neuro.ice"])
            default: return .number(Double(ice.total!))
            }
        },
        Variable(name: "neuro.ice.unable", type: .word(["none"] + words(ICEUnableReason.self)),
                 summary: "why the ICE could not be done (none when it was scored)") {
            guard let ice = $0.assessment.neuro?.ice else { return .missing(["neuro.ice"]) }
            return .word(ice.unableReason?.rawValue ?? "none")
        },
        Variable(name: "neuro.capd.total", type: .number(unit: "points 0–32", range: 0...32), summary: "CAPD total (items 1–4 reverse scored)") {
            guard let capd = $0.assessment.neuro?.capd else { return .missing(["neuro.capd"]) }
            return capd.total.map { .number(Double($0)) } ?? .missing(["neuro.capd"])
        },
        Variable(name: "neuro.capd.unable", type: .boolean, summary: "CAPD could not be done") {
            guard let capd = $0.assessment.neuro?.capd else { return .missing(["neuro.capd"]) }
            return .bool(capd == .unable)
        },
        Variable(name: "neuro.consciousness", type: .word(words(Consciousness.self)), summary: "level of consciousness") {
            .word($0.assessment.neuro?.consciousness, "neuro.consciousness")
        },
        Variable(name: "neuro.seizure", type: .word(words(Seizure.self)), summary: "seizure activity") {
            .word($0.assessment.neuro?.seizure, "neuro.seizure")
        },
        Variable(name: "neuro.motorWeakness", type: .word(words(MotorWeakness.self)), summary: "motor findings") {
            .word($0.assessment.neuro?.motorWeakness, "neuro.motorWeakness")
        },
        Variable(name: "neuro.cerebralEdema", type: .word(words(CerebralEdema.self)), summary: "cerebral oedema on imaging") {
            .word($0.assessment.neuro?.cerebralEdema, "neuro.cerebralEdema")
        },
        Variable(name: "neuro.posturing", type: .boolean, summary: "decerebrate or decorticate posturing") {
            .bool($0.assessment.neuro?.posturing, "neuro.posturing")
        },
        Variable(name: "neuro.cranialNerveVIPalsy", type: .boolean, summary: "cranial nerve VI palsy") {
            .bool($0.assessment.neuro?.cranialNerveVIPalsy, "neuro.cranialNerveVIPalsy")
        },
        Variable(name: "neuro.papilledema", type: .boolean, summary: "papilloedema") {
            .bool($0.assessment.neuro?.papilledema, "neuro.papilledema")
        },
        Variable(name: "neuro.cushingsTriad", type: .boolean, summary: "Cushing's triad") {
            .bool($0.assessment.neuro?.cushingsTriad, "neuro.cushingsTriad")
        },
    ]

    private static func lab(_ analyte: Analyte) -> [Variable] {
        let base = "labs.\(analyte.rawValue)"
        let path = FieldPath(base)
        let dimension = ValueType.quantity(.lab(analyte))
        func reference(_ name: String, _ pick: @escaping @Sendable (LabResult) -> Double?) -> Variable {
            Variable(name: "\(base).\(name)", type: dimension, summary: "\(analyte.rawValue) \(name), in the unit of the value") {
                guard let result = $0.assessment.labs?[analyte] else { return .missing([path]) }
                // A limit of 0 stands for none (laboratory data give it for a limit an analyte
                // does not have); batch grading rejects it where read, and elsewhere it is missing,
                // never a limit that nothing falls below.
                guard let value = pick(result), value != 0 else { return .missing([path.appending(name)]) }
                return .quantity(value, unit: result.unit.rawValue)
            }
        }
        func ratio(_ name: String, _ source: String, _ summary: String, _ pick: @escaping @Sendable (LabResult) -> Double?) -> Variable {
            Variable(name: "\(base).\(name)", type: .number(unit: "ratio", range: -1000...1000), summary: summary) {
                guard let result = $0.assessment.labs?[analyte] else { return .missing([path]) }
                return .number(pick(result), path.appending(source))
            }
        }
        return [
            Variable(name: base, type: dimension, summary: "\(analyte.rawValue) value") {
                guard let result = $0.assessment.labs?[analyte] else { return .missing([path]) }
                return .quantity(result.value, unit: result.unit.rawValue)
            },
            reference("uln") { $0.uln },
            reference("lln") { $0.lln },
            reference("baseline") { $0.baseline },
            ratio("xULN", "uln", "value ÷ upper limit of normal (CTCAE ×ULN)") { $0.timesULN },
            ratio("xLLN", "lln", "value ÷ lower limit of normal (CTCAE ×LLN)") { $0.timesLLN },
            ratio("xBaseline", "baseline", "value ÷ baseline (CTCAE ×BL)") { $0.timesBaseline },
            ratio("decreaseFromBaseline", "baseline", "fall from baseline as a fraction of baseline") { $0.decreaseFromBaseline },
        ]
    }

    private static let labExtras: [Variable] = [
        Variable(name: "labs.triglycerides.fasting", type: .boolean, summary: "triglycerides drawn fasting") {
            guard let result = $0.assessment.labs?[.triglycerides] else { return .missing(["labs.triglycerides"]) }
            return .bool(result.fasting, "labs.triglycerides.fasting")
        },
        Variable(name: "labs.fastingTriglycerides", type: .quantity(.lab(.triglycerides)),
                 summary: "triglycerides drawn fasting; missing when not fasting or fasting not stated") {
            guard let result = $0.assessment.labs?[.triglycerides] else { return .missing(["labs.triglycerides"]) }
            guard result.fasting == true else { return .missing(["labs.triglycerides.fasting"]) }
            return .quantity(result.value, unit: result.unit.rawValue)
        },
        Variable(name: "labs.cytopeniaLineagesHLH2004", type: .number(unit: "lineages 0–3", range: 0...3),
                 summary: "HLH-2004 cytopenias: Hb < 90 g/L (< 100 under 4 weeks), platelets < 100, ANC < 1.0 × 10⁹/L") {
            lineages($0.assessment.cytopeniaLineagesHLH2004)
        },
        Variable(name: "labs.cytopeniaLineagesHScore", type: .number(unit: "lineages 0–3", range: 0...3),
                 summary: "HScore cytopenias: Hb ≤ 92 g/L, WBC ≤ 5.0 × 10⁹/L, platelets ≤ 110 × 10⁹/L") {
            lineages($0.assessment.cytopeniaLineagesHScore)
        },
        Variable(name: "labs.nkActivity", type: .word(words(NKActivity.self)), summary: "NK-cell activity per the local laboratory") {
            .word($0.assessment.labs?.nkActivity, "labs.nkActivity")
        },
    ]

    private static let findings: [Variable] = {
        var list: [Variable] = [
            Variable(name: "findings.splenomegaly", type: .boolean, summary: "splenomegaly") {
                .bool($0.assessment.findings?.splenomegaly, "findings.splenomegaly")
            },
            Variable(name: "findings.hepatomegaly", type: .boolean, summary: "hepatomegaly") {
                .bool($0.assessment.findings?.hepatomegaly, "findings.hepatomegaly")
            },
            Variable(name: "findings.molecularHLHDiagnosis", type: .boolean,
                     summary: "molecular diagnosis consistent with HLH (absent reads no: recorded when present)") {
                .bool($0.assessment.findings?.molecularHLHDiagnosis ?? false)
            },
            Variable(name: "findings.hemophagocytosis", type: .word(words(Hemophagocytosis.self)), summary: "where haemophagocytosis was seen") {
                .word($0.assessment.findings?.hemophagocytosis, "findings.hemophagocytosis")
            },
            Variable(name: "findings.lifeThreatening", type: .boolean,
                     summary: "life-threatening consequences, urgent intervention indicated (clinician)") {
                .bool($0.assessment.findings?.lifeThreatening, "findings.lifeThreatening")
            },
        ]
        for term in OrganToxicityTerm.allCases {
            let path = FieldPath("findings.organToxicity.\(term.rawValue)")
            list.append(Variable(name: path.text, type: .number(unit: "CTCAE v5.0 grade 0–5", range: 0...5), summary: "clinician-assigned CTCAE grade") {
                .number($0.assessment.findings?.organToxicity?[term].map(Double.init), path)
            })
        }
        return list
    }()

    private static let treatments: [Variable] = [
        ("tocilizumab", \Assessment.Treatments.tocilizumab), ("corticosteroids", \.corticosteroids),
        ("antipyretics", \.antipyretics), ("anakinra", \.anakinra),
    ].map { name, keyPath in
        let path = FieldPath("treatments.\(name)")
        return Variable(name: path.text, type: .boolean, summary: "\(name) given since the onset of CRS") {
            .bool($0.assessment.treatments?[keyPath: keyPath], path)
        }
    }

    private static let attribution: [Variable] = OtherCause.allCases.map { cause in
        Variable(name: "otherCause.\(cause.rawValue)", type: .boolean,
                 summary: "\(cause.rawValue) attributed by the clinician to another cause (absent reads no)") {
            .bool($0.assessment.otherCause?.contains(cause) ?? false)
        }
    }

    private static let outcome: [Variable] = [
        Variable(name: "outcome.death", type: .word(["none"] + words(DeathCause.self)),
                 summary: "principal cause of death; none when no death is recorded") {
            .word($0.assessment.outcome?.death?.rawValue ?? "none")
        },
    ]
}

private func lineages(_ count: LineageCount) -> Reading {
    count.isKnown ? .number(Double(count.low)) : .range(low: Double(count.low), high: Double(count.high), missing: PathSet(count.missing))
}
