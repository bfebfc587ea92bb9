import Clinical

/// Every name a criteria file may use, with its type, and its number among the inputs.
///
/// Input names are the paths of `grade-io.md` (`vitals.temperature`, `support.oxygen.device`);
/// derived names extend a path with what is derived (`neuro.ice.total`, `labs.alt.xULN`). How each
/// is read from an assessment, and what it reports missing, is ``InputValues/fill(_:)``. Two
/// absent inputs have a defined meaning and read as a value, not as missing: `otherCause.*` reads
/// false when nothing is attributed to another cause, and `outcome.death` reads `none` when no
/// death is recorded (both as the spec defines them). `patient.developmentalDelay` absent reads
/// false: the spec makes it a flag stated when present (README, interpretations).
enum Vocabulary {
    static let variables: [String: Variable] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// Every name, by its number (``Input``).
    static let byInput: [Variable] = all.sorted { $0.input < $1.input }

    private static let all: [Variable] = {
        var all: [Variable] = patient + vitals + support + neuro + findings + treatments + attribution + outcome
        for (index, analyte) in Input.analytes.enumerated() { all += lab(analyte, index) }
        return all + labExtras
    }()

    private static func named(_ name: String, _ type: ValueType, _ summary: String, _ input: Input.Named) -> Variable {
        Variable(name: name, type: type, summary: summary, input: Input.named(input))
    }

    private static let patient: [Variable] = [
        named("patient.ageYears", .number(unit: "years", range: 0...120), "age in years", .ageYears),
        named("patient.daysSinceInfusion", .number(unit: "days", range: -30...36_500),
              "days since the infusion (day 0), from patient.infusionTime and time", .daysSinceInfusion),
        named("patient.developmentalDelay", .boolean, "baseline developmental delay (absent reads no)", .developmentalDelay),
        named("patient.immunosuppressed", .boolean, "HIV or long-term immunosuppressive therapy", .immunosuppressed),
    ]

    private static let vitals: [Variable] = [
        named("vitals.temperature", .quantity(.temperature), "body temperature", .temperature),
        named("vitals.hypotension", .boolean, "hypotension, as the clinician judges it", .hypotension),
        named("vitals.systolicBP", .number(unit: "mmHg", range: 0...400), "systolic blood pressure", .systolicBP),
        named("vitals.spo2", .number(unit: "%", range: 0...100), "oxygen saturation", .spo2),
    ]

    private static let support: [Variable] = [
        named("support.oxygen.device", .word(words(OxygenDevice.self)), "oxygen delivery device", .oxygenDevice),
        named("support.oxygen.flowLPerMin", .number(unit: "L/min", range: 0...80), "oxygen flow", .oxygenFlow),
        named("support.oxygen.fio2", .number(unit: "fraction 0.21–1.0", range: 0.21...1.0), "fraction of inspired oxygen", .fio2),
        named("support.vasopressors.countExcludingVasopressin", .number(unit: "drugs", range: 0...10),
              "distinct vasopressors running, vasopressin not counted", .vasopressorsExcludingVasopressin),
        named("support.vasopressors.countIncludingVasopressin", .number(unit: "drugs", range: 0...10),
              "distinct vasopressors running, vasopressin counted", .vasopressorsIncludingVasopressin),
        named("support.vasopressors.vasopressinActive", .boolean, "vasopressin running", .vasopressinActive),
    ]

    private static let neuro: [Variable] = [
        named("neuro.ice.total", .number(unit: "points 0–10", range: 0...10),
              "ICE total; 0 when unable because unarousable or awake and aphasic", .iceTotal),
        named("neuro.ice.unable", .word(["none"] + words(ICEUnableReason.self)),
              "why the ICE could not be done (none when it was scored)", .iceUnable),
        named("neuro.capd.total", .number(unit: "points 0–32", range: 0...32), "CAPD total (items 1–4 reverse scored)", .capdTotal),
        named("neuro.capd.unable", .boolean, "CAPD could not be done", .capdUnable),
        named("neuro.consciousness", .word(words(Consciousness.self)), "level of consciousness", .consciousness),
        named("neuro.seizure", .word(words(Seizure.self)), "seizure activity", .seizure),
        named("neuro.motorWeakness", .word(words(MotorWeakness.self)), "motor findings", .motorWeakness),
        named("neuro.cerebralEdema", .word(words(CerebralEdema.self)), "cerebral oedema on imaging", .cerebralEdema),
        named("neuro.posturing", .boolean, "decerebrate or decorticate posturing", .posturing),
        named("neuro.cranialNerveVIPalsy", .boolean, "cranial nerve VI palsy", .cranialNerveVIPalsy),
        named("neuro.papilledema", .boolean, "papilloedema", .papilledema),
        named("neuro.cushingsTriad", .boolean, "Cushing's triad", .cushingsTriad),
    ]

    /// The names of one analyte: its value, limits and baseline in the unit of the value (a limit
    /// of 0 reads as missing, see ``InputValues``), and the CTCAE ratios.
    private static func lab(_ analyte: Analyte, _ index: Int) -> [Variable] {
        let base = "labs.\(analyte.rawValue)"
        let dimension = ValueType.quantity(.lab(analyte))
        let ratio = ValueType.number(unit: "ratio", range: -1000...1000)
        func variable(_ suffix: String, _ type: ValueType, _ summary: String, _ name: Input.LabName) -> Variable {
            Variable(name: suffix.isEmpty ? base : "\(base).\(suffix)", type: type, summary: summary, input: Input.lab(index, name))
        }
        return [
            variable("", dimension, "\(analyte.rawValue) value", .value),
            variable("uln", dimension, "\(analyte.rawValue) uln, in the unit of the value", .uln),
            variable("lln", dimension, "\(analyte.rawValue) lln, in the unit of the value", .lln),
            variable("baseline", dimension, "\(analyte.rawValue) baseline, in the unit of the value", .baseline),
            variable("xULN", ratio, "value ÷ upper limit of normal (CTCAE ×ULN)", .xULN),
            variable("xLLN", ratio, "value ÷ lower limit of normal (CTCAE ×LLN)", .xLLN),
            variable("xBaseline", ratio, "value ÷ baseline (CTCAE ×BL)", .xBaseline),
            variable("decreaseFromBaseline", ratio, "fall from baseline as a fraction of baseline", .decreaseFromBaseline),
        ]
    }

    private static let labExtras: [Variable] = [
        named("labs.triglycerides.fasting", .boolean, "triglycerides drawn fasting", .triglyceridesFasting),
        named("labs.fastingTriglycerides", .quantity(.lab(.triglycerides)),
              "triglycerides drawn fasting; missing when not fasting or fasting not stated", .fastingTriglycerides),
        named("labs.cytopeniaLineagesHLH2004", .number(unit: "lineages 0–3", range: 0...3),
              "HLH-2004 cytopenias: Hb < 90 g/L (< 100 under 4 weeks), platelets < 100, ANC < 1.0 × 10⁹/L", .cytopeniaLineagesHLH2004),
        named("labs.cytopeniaLineagesHScore", .number(unit: "lineages 0–3", range: 0...3),
              "HScore cytopenias: Hb ≤ 92 g/L, WBC ≤ 5.0 × 10⁹/L, platelets ≤ 110 × 10⁹/L", .cytopeniaLineagesHScore),
        named("labs.nkActivity", .word(words(NKActivity.self)), "NK-cell activity per the local laboratory", .nkActivity),
    ]

    private static let findings: [Variable] = [
        named("findings.splenomegaly", .boolean, "splenomegaly", .splenomegaly),
        named("findings.hepatomegaly", .boolean, "hepatomegaly", .hepatomegaly),
        named("findings.molecularHLHDiagnosis", .boolean,
              "molecular diagnosis consistent with HLH (absent reads no: recorded when present)", .molecularHLHDiagnosis),
        named("findings.hemophagocytosis", .word(words(Hemophagocytosis.self)), "where haemophagocytosis was seen", .hemophagocytosis),
        named("findings.lifeThreatening", .boolean,
              "life-threatening consequences, urgent intervention indicated (clinician)", .lifeThreatening),
    ] + Input.organToxicityTerms.map { term in
        Variable(name: "findings.organToxicity.\(term.rawValue)", type: .number(unit: "CTCAE v5.0 grade 0–5", range: 0...5),
                 summary: "clinician-assigned CTCAE grade", input: Input.organToxicity(term))
    }

    private static let treatments: [Variable] = Input.Treatment.allCases.map { treatment in
        Variable(name: "treatments.\(treatment)", type: .boolean, summary: "\(treatment) given since the onset of CRS",
                 input: Input.treatment(treatment))
    }

    private static let attribution: [Variable] = Input.otherCauses.map { cause in
        Variable(name: "otherCause.\(cause.rawValue)", type: .boolean,
                 summary: "\(cause.rawValue) attributed by the clinician to another cause (absent reads no)", input: Input.otherCause(cause))
    }

    private static let outcome: [Variable] = [
        named("outcome.death", .word(["none"] + words(DeathCause.self)), "principal cause of death; none when no death is recorded", .death),
    ]
}
