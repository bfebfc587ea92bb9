/// Decodes one assessment straight from the UTF-8 bytes of a line of JSON Lines, without a JSON
/// tree: `aegrade grade` reads a hundred thousand lines in one run, and building (and freeing) a
/// tree per line cost as much as grading it (README, "Tests and benchmarks").
///
/// It takes only the lines it can answer exactly as ``Assessment/init(json:)`` would: strict JSON
/// (RFC 8259) holding only keys of `grade-io.md`, each once, spelt without escapes, with values of
/// the expected types and within the decoder's checks. Anything else — a syntax error anywhere in
/// the line, an unknown or repeated key, an escape or a byte outside ASCII in a key or a value, a
/// wrong type, a missing required field — gives nil, and the caller takes the tree path, which
/// names the error with its field path and message exactly as before. So every error is still
/// reported by one decoder, and this one only has to agree with it on what is valid.
package struct AssessmentLineDecoder {
    /// Why the line is left to the tree path; no detail, the tree path gives it.
    struct Declined: Error {}

    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The assessment of `line`, or nil when the line must be decoded through the JSON tree
    /// (``Assessment/init(json:)``), which then accepts it or names its error.
    package static func decode(_ line: UnsafeBufferPointer<UInt8>) -> Assessment? {
        var decoder = AssessmentLineDecoder(line)
        return try? decoder.line()
    }

    private mutating func line() throws(Declined) -> Assessment {
        skipWhitespace()
        let assessment = try root()
        skipWhitespace()
        guard index == bytes.count else { throw Declined() }
        return assessment
    }

    // MARK: Objects

    private mutating func root() throws(Declined) -> Assessment {
        var patient: Assessment.Patient?
        var time: ClinicalTime?
        var a = Assessment(patient: Assessment.Patient(id: ""), time: ClinicalTime(secondsSinceEpoch: 0))
        try members(LineKeys.root) { d, key throws(Declined) in
            switch key {
            case 0: if try !d.null() { patient = try d.patient() }
            case 1: if try !d.null() { time = try d.time() }
            case 2: if try !d.null() { a.vitals = try d.vitals() }
            case 3: if try !d.null() { a.support = try d.support() }
            case 4: if try !d.null() { a.neuro = try d.neuro() }
            case 5: if try !d.null() { a.labs = try d.labs() }
            case 6: if try !d.null() { a.findings = try d.findings() }
            case 7: if try !d.null() { a.treatments = try d.treatments() }
            case 8: if try !d.null() { a.otherCause = try d.otherCause() }
            default: if try !d.null() { a.outcome = try d.outcome() }
            }
        }
        guard let patient, let time else { throw Declined() }
        a.patient = patient
        a.time = time
        return a
    }

    private mutating func patient() throws(Declined) -> Assessment.Patient {
        var id: String?
        var p = Assessment.Patient(id: "")
        try members(LineKeys.patient) { d, key throws(Declined) in
            guard try !d.null() else { return }
            switch key {
            case 0: id = try d.string()
            case 1: p.ageYears = try d.number()
            case 2: p.weightKg = try d.number()
            case 3: p.developmentalDelay = try d.bool()
            case 4: p.immunosuppressed = try d.bool()
            default: p.infusionTime = try d.time()
            }
        }
        // The id as `PatientIdentifier` normalises it (printable ASCII is taken as it is).
        guard let id, let normalised = try? PatientIdentifier(id, at: Self.patientIDPath) else { throw Declined() }
        p.id = normalised.text
        return p
    }

    private static let patientIDPath: FieldPath = "patient.id"

    private mutating func vitals() throws(Declined) -> Assessment.Vitals {
        var v = Assessment.Vitals()
        try members(LineKeys.vitals) { d, key throws(Declined) in
            guard try !d.null() else { return }
            switch key {
            case 0: v.temperature = try d.temperature()
            case 1: v.systolicBP = try d.number()
            case 2: v.meanArterialPressure = try d.number()
            case 3: v.spo2 = try d.number()
            default: v.hypotension = try d.bool()
            }
        }
        return v
    }

    private mutating func temperature() throws(Declined) -> Temperature {
        var value: Double?
        var unit: Temperature.Unit?
        try members(LineKeys.temperature) { d, key throws(Declined) in
            guard try !d.null() else { return }
            if key == 0 { value = try d.number() } else { unit = try d.word(LineWords.temperatureUnit) }
        }
        guard let value, let unit else { throw Declined() }
        return Temperature(value: value, unit: unit)
    }

    private mutating func support() throws(Declined) -> Assessment.Support {
        var s = Assessment.Support()
        try members(LineKeys.support) { d, key throws(Declined) in
            guard try !d.null() else { return }
            if key == 0 {
                var list: [Vasopressor] = []
                try d.elements { d throws(Declined) in list.append(try d.vasopressor()) }
                s.vasopressors = list
            } else {
                s.oxygen = try d.oxygen()
            }
        }
        return s
    }

    private mutating func vasopressor() throws(Declined) -> Vasopressor {
        var drug: Vasopressor.Drug?
        var dose: Double?
        var unit: Vasopressor.DoseUnit?
        try members(LineKeys.vasopressor) { d, key throws(Declined) in
            guard try !d.null() else { return }
            switch key {
            case 0: drug = try d.word(LineWords.drug)
            case 1: dose = try d.number()
            default: unit = try d.word(LineWords.doseUnit)
            }
        }
        // Vasopressin in units/min, every other drug in mcg/min or mcg/kg/min, as the tree path checks.
        guard let drug, let dose, let unit, (drug == .vasopressin) == (unit == .unitsPerMin) else { throw Declined() }
        return Vasopressor(drug: drug, dose: dose, unit: unit)
    }

    private mutating func oxygen() throws(Declined) -> Oxygen {
        var device: OxygenDevice?
        var flow: Double?
        var fio2: Double?
        try members(LineKeys.oxygen) { d, key throws(Declined) in
            guard try !d.null() else { return }
            switch key {
            case 0: device = try d.word(LineWords.oxygenDevice)
            case 1: flow = try d.number()
            default: fio2 = try d.number()
            }
        }
        guard let device, device != .nasalCannula || flow != nil else { throw Declined() }
        return Oxygen(device: device, flowLPerMin: flow, fio2: fio2)
    }

    private mutating func neuro() throws(Declined) -> Assessment.Neuro {
        var n = Assessment.Neuro()
        try members(LineKeys.neuro) { d, key throws(Declined) in
            guard try !d.null() else { return }
            switch key {
            case 0: n.ice = try d.ice()
            case 1: n.capd = try d.capd()
            case 2: n.consciousness = try d.word(LineWords.consciousness)
            case 3: n.seizure = try d.word(LineWords.seizure)
            case 4: n.motorWeakness = try d.word(LineWords.motorWeakness)
            case 5: n.cerebralEdema = try d.word(LineWords.cerebralEdema)
            case 6: n.posturing = try d.bool()
            case 7: n.cranialNerveVIPalsy = try d.bool()
            case 8: n.papilledema = try d.bool()
            default: n.cushingsTriad = try d.bool()
            }
        }
        return n
    }

    /// ICE as the tree path reads it: `unable`, else `total`, else all five items; a key present
    /// beside the one that decides (even as null) is refused there, so it is declined here.
    private mutating func ice() throws(Declined) -> ICE {
        var present: UInt32 = 0
        var unable: ICEUnableReason?
        var scores = (0, 0, 0, 0, 0, 0)  // orientation, naming, commands, writing, attention, total
        try members(LineKeys.ice) { d, key throws(Declined) in
            present |= 1 << key
            guard try !d.null() else {
                present |= 1 << (key + 8)  // given as null
                return
            }
            switch key {
            case 0: scores.0 = try d.integer(in: 0...4)
            case 1: scores.1 = try d.integer(in: 0...3)
            case 2: scores.2 = try d.integer(in: 0...1)
            case 3: scores.3 = try d.integer(in: 0...1)
            case 4: scores.4 = try d.integer(in: 0...1)
            case 5: scores.5 = try d.integer(in: 0...10)
            default: unable = try d.word(LineWords.iceUnable)
            }
        }
        let items: UInt32 = 0b1_1111, total: UInt32 = 1 << 5, unableBit: UInt32 = 1 << 6
        let given = present & ~(present >> 8) & 0x7F  // present and not null
        if given & unableBit != 0, let unable {
            guard present & 0x7F == unableBit else { throw Declined() }
            return .unable(unable)
        }
        if given & total != 0 {
            guard present & items == 0 else { throw Declined() }
            return .total(scores.5)
        }
        guard given & items == items else { throw Declined() }
        return .items(orientation: scores.0, naming: scores.1, commands: scores.2, writing: scores.3, attention: scores.4)
    }

    /// CAPD as the tree path reads it: `unable` (true only), else `total`, else the 8 answers.
    private mutating func capd() throws(Declined) -> CAPD {
        var present: UInt32 = 0
        var given: UInt32 = 0
        var unable = false
        var total = 0
        var answers: [CAPDAnswer] = []
        try members(LineKeys.capd) { d, key throws(Declined) in
            present |= 1 << key
            guard try !d.null() else { return }
            given |= 1 << key
            switch key {
            case 0: unable = try d.bool()
            case 1: total = try d.integer(in: 0...32)
            default:
                answers.reserveCapacity(8)
                try d.elements { d throws(Declined) in answers.append(try d.word(LineWords.capdAnswer)) }
            }
        }
        if given & 1 != 0 {
            guard unable, present == 1 else { throw Declined() }
            return .unable
        }
        if given & 2 != 0 {
            guard present & 4 == 0 else { throw Declined() }
            return .total(total)
        }
        guard given & 4 != 0, answers.count == 8 else { throw Declined() }
        return .answers(answers)
    }

    private mutating func labs() throws(Declined) -> Assessment.Labs {
        var labs = Assessment.Labs()
        try members(LineKeys.labs) { d, key throws(Declined) in
            guard try !d.null() else { return }
            if key == LineKeys.labs.count - 1 {
                labs.nkActivity = try d.word(LineWords.nkActivity)
            } else {
                let analyte = LineWords.analytes[key]
                labs[analyte] = try d.lab(analyte)
            }
        }
        return labs
    }

    private mutating func lab(_ analyte: Analyte) throws(Declined) -> LabResult {
        var value: Double?
        var unit: LabUnit?
        var result = LabResult(value: 0, unit: .perNanoliter)
        let keys = analyte == .triglycerides ? LineKeys.triglycerides : LineKeys.lab
        try members(keys) { d, key throws(Declined) in
            guard try !d.null() else { return }
            switch key {
            case 0: value = try d.number()
            case 1: unit = try d.labUnit(analyte)
            case 2: result.uln = try d.number()
            case 3: result.lln = try d.number()
            case 4: result.baseline = try d.number()
            default: result.fasting = try d.bool()
            }
        }
        guard let value, let unit else { throw Declined() }
        result.value = value
        result.unit = unit
        return result
    }

    private mutating func findings() throws(Declined) -> Assessment.Findings {
        var f = Assessment.Findings()
        try members(LineKeys.findings) { d, key throws(Declined) in
            guard try !d.null() else { return }
            switch key {
            case 0: f.splenomegaly = try d.bool()
            case 1: f.hepatomegaly = try d.bool()
            case 2: f.molecularHLHDiagnosis = try d.bool()
            case 3: f.hemophagocytosis = try d.word(LineWords.hemophagocytosis)
            case 4: f.lifeThreatening = try d.bool()
            default:
                var grades: [OrganToxicityTerm: Int] = [:]
                try d.members(LineKeys.organToxicity) { d, key throws(Declined) in
                    guard try !d.null() else { return }
                    grades[LineWords.organToxicityTerms[key]] = try d.integer(in: 0...5)
                }
                f.organToxicity = grades
            }
        }
        return f
    }

    private mutating func treatments() throws(Declined) -> Assessment.Treatments {
        var t = Assessment.Treatments()
        try members(LineKeys.treatments) { d, key throws(Declined) in
            guard try !d.null() else { return }
            switch key {
            case 0: t.tocilizumab = try d.bool()
            case 1: t.corticosteroids = try d.bool()
            case 2: t.antipyretics = try d.bool()
            default: t.anakinra = try d.bool()
            }
        }
        return t
    }

    private mutating func otherCause() throws(Declined) -> Set<OtherCause> {
        var causes = Set<OtherCause>()
        try elements { d throws(Declined) in causes.insert(try d.word(LineWords.otherCause)) }
        return causes
    }

    private mutating func outcome() throws(Declined) -> Assessment.Outcome {
        var o = Assessment.Outcome()
        try members(LineKeys.outcome) { d, _ throws(Declined) in
            guard try !d.null() else { return }
            o.death = try d.word(LineWords.deathCause)
        }
        return o
    }
}
