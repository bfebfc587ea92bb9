import Clinical
import Foundation
import Localization

/// One input of the assessment form: a key of `grade-io.md`, or a row of the vasopressor list.
package enum FormField: Hashable, Sendable {
    case patientID, time, ageYears, weightKg, developmentalDelay
    case temperature, hypotension, systolicBP, meanArterialPressure, spo2
    /// Whether vasopressors are known, and the list's add/none keys.
    case vasopressors
    case pressorDrug(Int), pressorDose(Int)
    case oxygenDevice, flowLPerMin, fio2
    case treatment(TreatmentKind)
    case ice, capd, consciousness, seizure, motorWeakness, cerebralEdema
    case sign(RaisedICPSign)
    case lab(Analyte), labLimit(Analyte), labBaseline(Analyte)
    case splenomegaly, hepatomegaly, hemophagocytosis, lifeThreatening
    case otherCause, death
}

/// Treatments given since the onset of CRS.
package enum TreatmentKind: String, Sendable, CaseIterable {
    case tocilizumab, corticosteroids, anakinra, antipyretics
}

/// The yes/no signs of raised intracranial pressure (ASTCT ICANS).
package enum RaisedICPSign: String, Sendable, CaseIterable {
    case posturing, cranialNerveVIPalsy, papilledema, cushingsTriad
}

/// A value picked with one key: the key, the words shown beside it, and the raw value it stands for.
package struct Choice: Equatable, Sendable {
    package var key: Character
    package var label: String
    package var value: String

    package init(_ key: Character, _ label: String, _ value: String) {
        self.key = key
        self.label = label
        self.value = value
    }

    /// "a alert", as a hint shows it (the words in the current language).
    package var hint: String { "\(key) \(localized(label))" }
}

/// How a field takes keys.
package enum FieldKind: Equatable, Sendable {
    /// Free text (patient id, time).
    case text
    /// A number typed with digits and `.`.
    case number
    /// One of a closed set, each on one key.
    case choice([Choice])
    /// Any subset of a closed set, each key toggling one.
    case flags([Choice])
    /// A score typed as a total, or one of the "unable" reasons on a key (ICE, CAPD).
    case score(maximum: Int, unable: [Choice])
    /// The vasopressor list: none, add, unknown.
    case list
}

/// The groups the form is laid out in.
package enum FormGroup: String, Sendable, CaseIterable {
    case patient = "PATIENT"
    case vitals = "VITALS"
    case support = "SUPPORT"
    case treatments = "TREATMENT SINCE CRS ONSET"
    case neuro = "NEURO"
    case labs = "LABS"
    case findings = "FINDINGS"
    case attribution = "ATTRIBUTION AND OUTCOME"
}

extension FormField {
    /// The labs the form offers (the ones CAR-T toxicity grading reads most).
    package static let labs: [Analyte] = [.ferritin, .alt, .ast, .anc, .platelets, .fibrinogen]

    /// The reference limit a lab's grade needs: the ULN for enzymes, the LLN for counts and fibrinogen.
    package static func limitName(_ analyte: Analyte) -> String? {
        switch analyte {
        case .alt, .ast, .ldh, .bilirubin, .creatinine: "uln"
        case .anc, .platelets, .wbc, .hemoglobin, .fibrinogen: "lln"
        default: nil
        }
    }

    /// Whether the form asks for a lab's baseline (the terms whose grade switches on it).
    package static func hasBaseline(_ analyte: Analyte) -> Bool { [.alt, .ast, .fibrinogen].contains(analyte) }

    static let yesNo = [Choice("y", "yes", "yes"), Choice("n", "no", "no")]

    /// How the field takes keys. Choice keys never use `i`, `q` or capitals: those stay form commands.
    package var kind: FieldKind {
        switch self {
        case .patientID, .time: .text
        case .ageYears, .weightKg, .temperature, .systolicBP, .meanArterialPressure, .spo2, .pressorDose, .flowLPerMin, .fio2,
             .lab, .labLimit, .labBaseline: .number
        case .developmentalDelay, .hypotension, .treatment, .sign, .splenomegaly, .hepatomegaly, .lifeThreatening: .choice(Self.yesNo)
        case .vasopressors: .list
        case .pressorDrug:
            .choice([Choice("n", "norepinephrine", "norepinephrine"), Choice("e", "epinephrine", "epinephrine"),
                     Choice("d", "dopamine", "dopamine"), Choice("p", "phenylephrine", "phenylephrine"),
                     Choice("v", "vasopressin", "vasopressin"), Choice("o", "other", "other")])
        case .oxygenDevice:
            .choice([Choice("r", "room air", "roomAir"), Choice("b", "blow-by", "blowBy"),
                     Choice("n", "nasal cannula", "nasalCannula"), Choice("h", "high-flow nasal cannula", "highFlowNasalCannula"),
                     Choice("f", "simple face mask", "simpleFaceMask"), Choice("o", "non-rebreather", "nonRebreatherMask"),
                     Choice("v", "Venturi mask", "venturiMask"), Choice("c", "CPAP", "cpap"), Choice("p", "BiPAP", "bipap"),
                     Choice("m", "mechanical ventilation", "mechanicalVentilation")])
        case .ice:
            .score(maximum: 10, unable: [Choice("u", "unable: unarousable", "unarousable"),
                                         Choice("a", "unable: awake, globally aphasic", "awakeAphasic"),
                                         Choice("o", "unable: other reason", "other")])
        case .capd: .score(maximum: 32, unable: [Choice("u", "unable to perform CAPD", "unable")])
        case .consciousness:
            .choice([Choice("a", "alert", "alert"), Choice("s", "awakens spontaneously", "awakensSpontaneously"),
                     Choice("v", "awakens to voice", "awakensToVoice"), Choice("t", "awakens only to touch", "awakensToTactile"),
                     Choice("u", "unarousable / stupor / coma", "unarousable")])
        case .seizure:
            .choice([Choice("n", "none", "none"), Choice("r", "resolved rapidly", "resolvedRapidly"),
                     Choice("e", "EEG non-convulsive, resolved with intervention", "nonconvulsiveResolvedWithIntervention"),
                     Choice("p", "prolonged > 5 min", "prolonged"),
                     Choice("m", "repetitive, no return to baseline", "repetitiveWithoutReturnToBaseline")])
        case .motorWeakness: .choice([Choice("n", "none", "none"), Choice("d", "deep focal (hemi-/paraparesis)", "deepFocal")])
        case .cerebralEdema: .choice([Choice("n", "none", "none"), Choice("f", "focal", "focal"), Choice("d", "diffuse", "diffuse")])
        case .hemophagocytosis:
            .choice([Choice("n", "none", "none"), Choice("b", "bone marrow", "boneMarrow"), Choice("s", "spleen", "spleen"),
                     Choice("l", "lymph node", "lymphNode"), Choice("v", "liver", "liver"), Choice("o", "other organ", "otherOrgan")])
        case .otherCause:
            .flags([Choice("f", "fever", "fever"), Choice("h", "hypotension", "hypotension"), Choice("x", "hypoxia", "hypoxia"),
                    Choice("c", "consciousness", "consciousness"), Choice("s", "seizure", "seizure"),
                    Choice("m", "motor weakness", "motorWeakness"), Choice("e", "cerebral oedema", "cerebralEdema"),
                    Choice("t", "ICE/CAPD", "ice")])
        case .death:
            .choice([Choice("a", "alive (none recorded)", ""), Choice("c", "CRS", "crs"), Choice("n", "ICANS", "icans"), Choice("h", "HLH", "hlh"), Choice("o", "other cause", "other")])
        }
    }

    /// Whether the field takes typed characters (and shows the terminal cursor).
    package var takesTypedText: Bool {
        switch kind {
        case .text, .number, .score: true
        default: false
        }
    }

    /// A vasopressor line's drug (where `x` removes the line).
    package var isPressorDrug: Bool {
        if case .pressorDrug = self { return true }
        return false
    }

    /// The label shown in the form.
    package var label: String {
        switch self {
        case .patientID: "Patient"
        case .time: "Time"
        case .ageYears: "Age (years)"
        case .weightKg: "weight kg"
        case .developmentalDelay: "Dev. delay"
        case .temperature: "Temperature"
        case .hypotension: "Hypotension"
        case .systolicBP: "Systolic BP"
        case .meanArterialPressure: "MAP"
        case .spo2: "SpO2 %"
        case .vasopressors: "Vasopressors"
        case .pressorDrug(let index): "  drug \(index + 1)"
        case .pressorDose: "dose"
        case .oxygenDevice: "Oxygen"
        case .flowLPerMin: "Flow L/min"
        case .fio2: "FiO2"
        case .treatment(let kind):
            switch kind {
            case .tocilizumab: "Tocilizumab"
            case .corticosteroids: "Steroids"
            case .anakinra: "Anakinra"
            case .antipyretics: "Antipyretics"
            }
        case .ice: "ICE score"
        case .capd: "CAPD score"
        case .consciousness: "Consciousness"
        case .seizure: "Seizure"
        case .motorWeakness: "Motor weakness"
        case .cerebralEdema: "Cerebral oedema"
        case .sign(let sign):
            switch sign {
            case .posturing: "Posturing"
            case .cranialNerveVIPalsy: "CN VI palsy"
            case .papilledema: "Papilloedema"
            case .cushingsTriad: "Cushing's triad"
            }
        case .lab(let analyte): Self.analyteName(analyte)
        case .labLimit(let analyte): Self.limitName(analyte)?.uppercased() ?? "limit"
        case .labBaseline: "baseline"
        case .splenomegaly: "Splenomegaly"
        case .hepatomegaly: "Hepatomegaly"
        case .hemophagocytosis: "Haemophagocyt."
        case .lifeThreatening: "Life-threat."
        case .otherCause: "Other cause"
        case .death: "Death"
        }
    }

    /// A lab as clinicians write it.
    package static func analyteName(_ analyte: Analyte) -> String {
        switch analyte {
        case .anc: "ANC"
        case .wbc: "WBC"
        case .platelets: "Platelets"
        case .hemoglobin: "Haemoglobin"
        case .ferritin: "Ferritin"
        case .triglycerides: "Triglycerides"
        case .fibrinogen: "Fibrinogen"
        case .ast: "AST"
        case .alt: "ALT"
        case .ldh: "LDH"
        case .bilirubin: "Bilirubin"
        case .creatinine: "Creatinine"
        case .scd25: "sCD25"
        }
    }

    /// The input path of `grade-io.md` this field writes; errors and `missing` lists name it.
    package var path: String {
        switch self {
        case .patientID: "patient.id"
        case .time: "time"
        case .ageYears: "patient.ageYears"
        case .weightKg: "patient.weightKg"
        case .developmentalDelay: "patient.developmentalDelay"
        case .temperature: "vitals.temperature"
        case .hypotension: "vitals.hypotension"
        case .systolicBP: "vitals.systolicBP"
        case .meanArterialPressure: "vitals.meanArterialPressure"
        case .spo2: "vitals.spo2"
        case .vasopressors: "support.vasopressors"
        case .pressorDrug(let index): "support.vasopressors[\(index)].drug"
        case .pressorDose(let index): "support.vasopressors[\(index)].dose"
        case .oxygenDevice: "support.oxygen.device"
        case .flowLPerMin: "support.oxygen.flowLPerMin"
        case .fio2: "support.oxygen.fio2"
        case .treatment(let kind): "treatments.\(kind.rawValue)"
        case .ice: "neuro.ice"
        case .capd: "neuro.capd"
        case .consciousness: "neuro.consciousness"
        case .seizure: "neuro.seizure"
        case .motorWeakness: "neuro.motorWeakness"
        case .cerebralEdema: "neuro.cerebralEdema"
        case .sign(let sign): "neuro.\(sign.rawValue)"
        case .lab(let analyte): "labs.\(analyte.rawValue)"
        case .labLimit(let analyte): "labs.\(analyte.rawValue).\(Self.limitName(analyte) ?? "uln")"
        case .labBaseline(let analyte): "labs.\(analyte.rawValue).baseline"
        case .splenomegaly: "findings.splenomegaly"
        case .hepatomegaly: "findings.hepatomegaly"
        case .hemophagocytosis: "findings.hemophagocytosis"
        case .lifeThreatening: "findings.lifeThreatening"
        case .otherCause: "otherCause"
        case .death: "outcome.death"
        }
    }

    /// The field an input path (an error's field, a missing input) belongs to, among `fields`: the
    /// one with the longest path that is the input path or a parent of it. A vasopressor's unit is
    /// entered on its dose.
    package static func field(for path: String, among fields: [FormField]) -> FormField? {
        var path = path
        if path.hasPrefix("support.vasopressors["), path.hasSuffix("].unit") { path = String(path.dropLast(5)) + ".dose" }
        var best: FormField?
        var bestLength = -1
        for field in fields {
            let candidate = field.path
            let matches = path == candidate || path.hasPrefix(candidate + ".") || path.hasPrefix(candidate + "[")
            if matches, candidate.count > bestLength {
                best = field
                bestLength = candidate.count
            }
        }
        return best
    }

    /// A short name of an input path for "missing …" lists: the form's label where the form has the
    /// field, the path otherwise.
    package static func shortName(of path: String) -> String {
        if let field = FormLayout.allFields(pressorCount: 1, newPatient: true).first(where: { $0.path == path }) {
            switch field {
            case .labLimit(let analyte), .labBaseline(let analyte): return "\(analyteName(analyte)) \(field.label)"
            case .ice: return "ICE"
            case .capd: return "CAPD"
            case .weightKg: return "weight"
            default: return field.label.trimmingCharacters(in: .whitespaces)
            }
        }
        switch path {
        case "support.oxygen": return "Oxygen"
        case "neuro": return "neuro"
        default: return path
        }
    }
}
