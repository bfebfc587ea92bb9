import Clinical

/// The value of one numbered name (``Input``) for one assessment: a plain value, words and units
/// by their position, or the inputs that are missing as a bit set.
enum SlotValue: Sendable {
    case bool(Bool)
    case number(Double)
    /// A quantity; `unit` is the position of its unit among the dimension's (``Dimension/units``), -1 if none.
    case quantity(Double, unit: Int32)
    /// A word, by position among the name's words (``ValueType/word(_:)``), -1 if none.
    case word(Int32)
    case missing(PathSet)
    /// A whole number known only to lie in `low...high` because inputs are missing.
    case range(low: Double, high: Double, missing: PathSet)
}

/// Reads every name of the vocabulary from one assessment into a flat array, by number, once per
/// assessment: the programs of all criteria files then read numbers, not names, and no closure
/// runs and no string or array is made per name (README, "Tests and benchmarks": reading the
/// names one closure per name and file, words and units compared as text, was 75 k of the 264 k
/// instructions an assessment took).
enum InputValues {
    /// Writes the value of every name (``Input/count`` of them) for `a` into `values`.
    static func fill(_ a: Assessment, into values: UnsafeMutableBufferPointer<SlotValue>) {
        let known = KnownValues.shared
        func set(_ name: Input.Named, _ value: SlotValue) { values[Int(name.rawValue)] = value }

        // Patient.
        let patient = a.patient
        set(.ageYears, number(patient.ageYears, known.ageYears))
        set(.daysSinceInfusion, number(a.daysSinceInfusion, known.infusionTime))
        set(.developmentalDelay, .bool(patient.developmentalDelay ?? false))
        set(.immunosuppressed, bool(patient.immunosuppressed, known.immunosuppressed))

        // Vitals.
        let vitals = a.vitals
        if let t = vitals?.temperature {
            set(.temperature, .quantity(t.value, unit: t.unit == .celsius ? 0 : 1))
        } else {
            set(.temperature, .missing(known.temperature))
        }
        set(.hypotension, bool(vitals?.hypotension, known.hypotension))
        set(.systolicBP, number(vitals?.systolicBP, known.systolicBP))
        set(.spo2, number(vitals?.spo2, known.spo2))

        // Support.
        if let oxygen = a.support?.oxygen {
            set(.oxygenDevice, .word(ordinal(oxygen.device, known.oxygenDevices)))
            set(.oxygenFlow, number(oxygen.flowLPerMin, known.oxygenFlow))
            set(.fio2, number(oxygen.fio2, known.fio2))
        } else {
            set(.oxygenDevice, .missing(known.oxygen))
            set(.oxygenFlow, .missing(known.oxygen))
            set(.fio2, .missing(known.oxygen))
        }
        if let list = a.support?.vasopressors {
            let excluding = list.countExcludingVasopressin
            let active = list.vasopressinActive
            set(.vasopressorsExcludingVasopressin, .number(Double(excluding)))
            set(.vasopressorsIncludingVasopressin, .number(Double(excluding + (active ? 1 : 0))))
            set(.vasopressinActive, .bool(active))
        } else {
            set(.vasopressorsExcludingVasopressin, .missing(known.vasopressors))
            set(.vasopressorsIncludingVasopressin, .missing(known.vasopressors))
            set(.vasopressinActive, .missing(known.vasopressors))
        }

        // Neuro.
        let neuro = a.neuro
        switch neuro?.ice {
        case nil:
            set(.iceTotal, .missing(known.ice))
            set(.iceUnable, .missing(known.ice))
        case .unable(let reason)?:
            // ASTCT 2019: unable because unarousable or awake and aphasic scores 0; for another reason it is unknown.
            set(.iceTotal, reason == .other ? .missing(known.ice) : .number(0))
            set(.iceUnable, .word(1 + ordinal(reason, known.iceUnableReasons)))  // after "none"
        case let ice?:
            set(.iceTotal, number(ice.total.map(Double.init), known.ice))
            set(.iceUnable, .word(0))  // "none"
        }
        if let capd = neuro?.capd {
            set(.capdTotal, number(capd.total.map(Double.init), known.capd))
            set(.capdUnable, .bool(capd == .unable))
        } else {
            set(.capdTotal, .missing(known.capd))
            set(.capdUnable, .missing(known.capd))
        }
        set(.consciousness, word(neuro?.consciousness, known.consciousnessLevels, known.consciousness))
        set(.seizure, word(neuro?.seizure, known.seizures, known.seizure))
        set(.motorWeakness, word(neuro?.motorWeakness, known.motorWeaknesses, known.motorWeakness))
        set(.cerebralEdema, word(neuro?.cerebralEdema, known.cerebralEdemas, known.cerebralEdema))
        set(.posturing, bool(neuro?.posturing, known.posturing))
        set(.cranialNerveVIPalsy, bool(neuro?.cranialNerveVIPalsy, known.cranialNerveVIPalsy))
        set(.papilledema, bool(neuro?.papilledema, known.papilledema))
        set(.cushingsTriad, bool(neuro?.cushingsTriad, known.cushingsTriad))

        // Labs.
        let labs = a.labs
        for index in known.analytes.indices {
            fillLab(labs?[known.analytes[index]], index, known, into: values)
        }
        if let triglycerides = labs?[.triglycerides] {
            set(.triglyceridesFasting, bool(triglycerides.fasting, known.triglyceridesFasting))
            set(.fastingTriglycerides, triglycerides.fasting == true
                ? .quantity(triglycerides.value, unit: unitPosition(triglycerides.unit, known.labUnits[known.triglycerides]))
                : .missing(known.triglyceridesFasting))
        } else {
            set(.triglyceridesFasting, .missing(known.labs[known.triglycerides]))
            set(.fastingTriglycerides, .missing(known.labs[known.triglycerides]))
        }
        set(.cytopeniaLineagesHLH2004, lineages(a.cytopeniaLineagesHLH2004, known))
        set(.cytopeniaLineagesHScore, lineages(a.cytopeniaLineagesHScore, known))
        set(.nkActivity, word(labs?.nkActivity, known.nkActivities, known.nkActivity))

        // Findings.
        let findings = a.findings
        set(.splenomegaly, bool(findings?.splenomegaly, known.splenomegaly))
        set(.hepatomegaly, bool(findings?.hepatomegaly, known.hepatomegaly))
        set(.molecularHLHDiagnosis, .bool(findings?.molecularHLHDiagnosis ?? false))
        set(.hemophagocytosis, word(findings?.hemophagocytosis, known.hemophagocytoses, known.hemophagocytosis))
        set(.lifeThreatening, bool(findings?.lifeThreatening, known.lifeThreatening))
        for index in known.organToxicity.indices {
            values[known.firstOrganToxicity + index] = .missing(known.organToxicity[index])
        }
        // The grades given, one pass over them rather than a lookup per term.
        if let grades = findings?.organToxicity {
            for (term, grade) in grades {
                values[known.firstOrganToxicity + Int(ordinal(term, known.organToxicityTerms))] = .number(Double(grade))
            }
        }

        // Treatments.
        let treatments = a.treatments
        let firstTreatment = known.firstTreatment
        values[firstTreatment + Int(Input.Treatment.tocilizumab.rawValue)] = bool(treatments?.tocilizumab, known.treatments[0])
        values[firstTreatment + Int(Input.Treatment.corticosteroids.rawValue)] = bool(treatments?.corticosteroids, known.treatments[1])
        values[firstTreatment + Int(Input.Treatment.antipyretics.rawValue)] = bool(treatments?.antipyretics, known.treatments[2])
        values[firstTreatment + Int(Input.Treatment.anakinra.rawValue)] = bool(treatments?.anakinra, known.treatments[3])

        // Attributions: absent reads no; one pass over the causes given rather than a lookup per cause.
        for index in known.otherCauses.indices { values[known.firstOtherCause + index] = .bool(false) }
        if let causes = a.otherCause {
            for cause in causes { values[known.firstOtherCause + Int(ordinal(cause, known.otherCauses))] = .bool(true) }
        }

        // Outcome: absent reads none.
        set(.death, .word(a.outcome?.death.map { 1 + ordinal($0, known.deathCauses) } ?? 0))
    }

    /// The eight names of the analyte at `index`. A limit or baseline of 0 stands for none
    /// (laboratory data give it for a limit an analyte does not have): batch grading rejects it
    /// where read, and elsewhere it is missing, never a limit that nothing falls below.
    private static func fillLab(_ result: LabResult?, _ index: Int, _ known: KnownValues,
                                into values: UnsafeMutableBufferPointer<SlotValue>) {
        let first = known.firstLab + index * known.labCount
        guard let result else {
            for offset in 0..<known.labCount { values[first + offset] = .missing(known.labs[index]) }
            return
        }
        let unit = unitPosition(result.unit, known.labUnits[index])
        let paths = known.labLimits[index]
        func limit(_ value: Double?, _ missing: PathSet) -> SlotValue {
            guard let value, value != 0 else { return .missing(missing) }
            return .quantity(value, unit: unit)
        }
        values[first + Int(Input.LabName.value.rawValue)] = .quantity(result.value, unit: unit)
        values[first + Int(Input.LabName.uln.rawValue)] = limit(result.uln, paths.uln)
        values[first + Int(Input.LabName.lln.rawValue)] = limit(result.lln, paths.lln)
        values[first + Int(Input.LabName.baseline.rawValue)] = limit(result.baseline, paths.baseline)
        values[first + Int(Input.LabName.xULN.rawValue)] = number(result.timesULN, paths.uln)
        values[first + Int(Input.LabName.xLLN.rawValue)] = number(result.timesLLN, paths.lln)
        values[first + Int(Input.LabName.xBaseline.rawValue)] = number(result.timesBaseline, paths.baseline)
        values[first + Int(Input.LabName.decreaseFromBaseline.rawValue)] = number(result.decreaseFromBaseline, paths.baseline)
    }

    private static func bool(_ value: Bool?, _ missing: PathSet) -> SlotValue {
        value.map { .bool($0) } ?? .missing(missing)
    }

    private static func number(_ value: Double?, _ missing: PathSet) -> SlotValue {
        value.map { .number($0) } ?? .missing(missing)
    }

    private static func word<E: Equatable>(_ value: E?, _ cases: [E], _ missing: PathSet) -> SlotValue {
        value.map { .word(ordinal($0, cases)) } ?? .missing(missing)
    }

    /// The position of `unit` among an analyte's units (one or two), -1 if it is not one of them.
    private static func unitPosition(_ unit: LabUnit, _ units: [LabUnit]) -> Int32 {
        for index in units.indices where units[index] == unit { return Int32(index) }
        return -1
    }

    /// The position of `value` among `cases` (a handful of cases), -1 if it is not one of them.
    private static func ordinal<E: Equatable>(_ value: E, _ cases: [E]) -> Int32 {
        for index in cases.indices where cases[index] == value { return Int32(index) }
        return -1
    }

    /// A count of cytopenic lineages: a number, or the range the missing counts leave open.
    private static func lineages(_ count: LineageCount, _ known: KnownValues) -> SlotValue {
        guard !count.isKnown else { return .number(Double(count.low)) }
        var missing = PathSet.empty
        for path in count.missing { missing.formUnion(known.set(of: path)) }
        return .range(low: Double(count.low), high: Double(count.high), missing: missing)
    }
}

/// What ``InputValues`` writes that is the same for every assessment, made once: the missing
/// inputs each name can report, as bit sets, and the cases of each vocabulary in the order of their
/// positions.
private final class KnownValues: Sendable {
    static let shared = KnownValues()

    /// The families of ``Input``, and where each starts, read here once rather than from static
    /// properties for each value.
    let analytes = Input.analytes, organToxicityTerms = Input.organToxicityTerms, otherCauses = Input.otherCauses
    let firstLab = Int(Input.firstLab), labCount = Int(Input.labCount), firstOrganToxicity = Int(Input.firstOrganToxicity)
    let firstTreatment = Int(Input.firstTreatment), firstOtherCause = Int(Input.firstOtherCause)
    /// The position of triglycerides among ``analytes``.
    let triglycerides = Input.analytes.firstIndex(of: .triglycerides) ?? 0

    let ageYears: PathSet = ["patient.ageYears"], infusionTime: PathSet = ["patient.infusionTime"]
    let immunosuppressed: PathSet = ["patient.immunosuppressed"]
    let temperature: PathSet = ["vitals.temperature"], hypotension: PathSet = ["vitals.hypotension"]
    let systolicBP: PathSet = ["vitals.systolicBP"], spo2: PathSet = ["vitals.spo2"]
    let oxygen: PathSet = ["support.oxygen"], oxygenFlow: PathSet = ["support.oxygen.flowLPerMin"], fio2: PathSet = ["support.oxygen.fio2"]
    let vasopressors: PathSet = ["support.vasopressors"]
    let ice: PathSet = ["neuro.ice"], capd: PathSet = ["neuro.capd"]
    let consciousness: PathSet = ["neuro.consciousness"], seizure: PathSet = ["neuro.seizure"]
    let motorWeakness: PathSet = ["neuro.motorWeakness"], cerebralEdema: PathSet = ["neuro.cerebralEdema"]
    let posturing: PathSet = ["neuro.posturing"], cranialNerveVIPalsy: PathSet = ["neuro.cranialNerveVIPalsy"]
    let papilledema: PathSet = ["neuro.papilledema"], cushingsTriad: PathSet = ["neuro.cushingsTriad"]
    let triglyceridesFasting: PathSet = ["labs.triglycerides.fasting"], nkActivity: PathSet = ["labs.nkActivity"]
    let splenomegaly: PathSet = ["findings.splenomegaly"], hepatomegaly: PathSet = ["findings.hepatomegaly"]
    let hemophagocytosis: PathSet = ["findings.hemophagocytosis"], lifeThreatening: PathSet = ["findings.lifeThreatening"]
    /// By analyte (``Input/analytes``): the lab itself, and its limits and baseline.
    let labs: [PathSet] = Input.analytes.map { PathSet([FieldPath("labs.\($0.rawValue)")]) }
    let labLimits: [(uln: PathSet, lln: PathSet, baseline: PathSet)] = Input.analytes.map { analyte in
        let base = FieldPath("labs.\(analyte.rawValue)")
        return ([base.appending("uln")], [base.appending("lln")], [base.appending("baseline")])
    }
    let organToxicity: [PathSet] = Input.organToxicityTerms.map { [FieldPath("findings.organToxicity.\($0.rawValue)")] }
    /// In the order of ``Input/Treatment``.
    let treatments: [PathSet] = Input.Treatment.allCases.map { [FieldPath("treatments.\($0)")] }

    /// The cases of each vocabulary, by position (``ValueType/word(_:)``, ``Dimension/units``).
    let oxygenDevices = Array(OxygenDevice.allCases), iceUnableReasons = Array(ICEUnableReason.allCases)
    let consciousnessLevels = Array(Consciousness.allCases), seizures = Array(Seizure.allCases)
    let motorWeaknesses = Array(MotorWeakness.allCases), cerebralEdemas = Array(CerebralEdema.allCases)
    let nkActivities = Array(NKActivity.allCases), hemophagocytoses = Array(Hemophagocytosis.allCases)
    let deathCauses = Array(DeathCause.allCases)
    let labUnits: [[LabUnit]] = Input.analytes.map(\.units)

    /// The bit set of one path a derived count can name.
    func set(of path: FieldPath) -> PathSet { [path] }
}
