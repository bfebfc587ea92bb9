/// The names an object of an assessment may hold, in the order the decoder numbers them.
struct KeyTable: Sendable {
    private let names: [[UInt8]]

    init(_ names: [String]) { self.names = names.map { Array($0.utf8) } }

    var count: Int { names.count }

    /// The position of the name spelt by `key`, if any.
    func position(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        for index in names.indices {
            let name = names[index]
            if name.count == key.count, name.withUnsafeBufferPointer({ $0.elementsEqual(key) }) { return index }
        }
        return nil
    }
}

/// The words of a closed vocabulary, by their spelling (`allCases` makes a new array at every call).
struct WordTable<E: RawRepresentable & CaseIterable & Sendable>: Sendable where E.RawValue == String {
    let cases: [E]
    let names: KeyTable

    init(_ type: E.Type) {
        cases = Array(E.allCases)
        names = KeyTable(cases.map(\.rawValue))
    }
}

/// The cases of each closed vocabulary of an assessment, made once.
enum LineWords {
    static let analytes = Array(Analyte.allCases)
    static let organToxicityTerms = Array(OrganToxicityTerm.allCases)
    /// The units each analyte accepts, by its slot, spelt as the spec spells them.
    static let units: [(cases: [LabUnit], names: KeyTable)] = Analyte.allCases.map { ($0.units, KeyTable($0.units.map(\.rawValue))) }
    static let temperatureUnit = WordTable(Temperature.Unit.self)
    static let drug = WordTable(Vasopressor.Drug.self)
    static let doseUnit = WordTable(Vasopressor.DoseUnit.self)
    static let oxygenDevice = WordTable(OxygenDevice.self)
    static let consciousness = WordTable(Consciousness.self)
    static let seizure = WordTable(Seizure.self)
    static let motorWeakness = WordTable(MotorWeakness.self)
    static let cerebralEdema = WordTable(CerebralEdema.self)
    static let iceUnable = WordTable(ICEUnableReason.self)
    static let capdAnswer = WordTable(CAPDAnswer.self)
    static let nkActivity = WordTable(NKActivity.self)
    static let hemophagocytosis = WordTable(Hemophagocytosis.self)
    static let otherCause = WordTable(OtherCause.self)
    static let deathCause = WordTable(DeathCause.self)
}

/// The keys of `grade-io.md`, as `Assessment.init(json:)` reads them.
enum LineKeys {
    static let root = KeyTable(["patient", "time", "vitals", "support", "neuro", "labs", "findings", "treatments", "otherCause", "outcome"])
    static let patient = KeyTable(["id", "ageYears", "weightKg", "developmentalDelay", "immunosuppressed", "infusionTime"])
    static let vitals = KeyTable(["temperature", "systolicBP", "meanArterialPressure", "spo2", "hypotension"])
    static let temperature = KeyTable(["value", "unit"])
    static let support = KeyTable(["vasopressors", "oxygen"])
    static let vasopressor = KeyTable(["drug", "dose", "unit"])
    static let oxygen = KeyTable(["device", "flowLPerMin", "fio2"])
    static let neuro = KeyTable(["ice", "capd", "consciousness", "seizure", "motorWeakness", "cerebralEdema", "posturing",
                                 "cranialNerveVIPalsy", "papilledema", "cushingsTriad"])
    static let ice = KeyTable(["orientation", "naming", "commands", "writing", "attention", "total", "unable"])
    static let capd = KeyTable(["unable", "total", "answers"])
    /// The analytes in `Analyte.allCases` order, then `nkActivity`.
    static let labs = KeyTable(Analyte.allCases.map(\.rawValue) + ["nkActivity"])
    static let lab = KeyTable(["value", "unit", "uln", "lln", "baseline"])
    static let triglycerides = KeyTable(["value", "unit", "uln", "lln", "baseline", "fasting"])
    static let findings = KeyTable(["splenomegaly", "hepatomegaly", "molecularHLHDiagnosis", "hemophagocytosis", "lifeThreatening",
                                    "organToxicity"])
    static let organToxicity = KeyTable(OrganToxicityTerm.allCases.map(\.rawValue))
    static let treatments = KeyTable(["tocilizumab", "corticosteroids", "antipyretics", "anakinra"])
    static let outcome = KeyTable(["death"])
}
