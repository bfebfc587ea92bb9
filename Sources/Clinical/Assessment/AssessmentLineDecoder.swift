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

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

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
        try members(Keys.root) { d, key throws(Declined) in
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
        try members(Keys.patient) { d, key throws(Declined) in
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
        try members(Keys.vitals) { d, key throws(Declined) in
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
        try members(Keys.temperature) { d, key throws(Declined) in
            guard try !d.null() else { return }
            if key == 0 { value = try d.number() } else { unit = try d.word(Words.temperatureUnit) }
        }
        guard let value, let unit else { throw Declined() }
        return Temperature(value: value, unit: unit)
    }

    private mutating func support() throws(Declined) -> Assessment.Support {
        var s = Assessment.Support()
        try members(Keys.support) { d, key throws(Declined) in
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
        try members(Keys.vasopressor) { d, key throws(Declined) in
            guard try !d.null() else { return }
            switch key {
            case 0: drug = try d.word(Words.drug)
            case 1: dose = try d.number()
            default: unit = try d.word(Words.doseUnit)
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
        try members(Keys.oxygen) { d, key throws(Declined) in
            guard try !d.null() else { return }
            switch key {
            case 0: device = try d.word(Words.oxygenDevice)
            case 1: flow = try d.number()
            default: fio2 = try d.number()
            }
        }
        guard let device, device != .nasalCannula || flow != nil else { throw Declined() }
        return Oxygen(device: device, flowLPerMin: flow, fio2: fio2)
    }

    private mutating func neuro() throws(Declined) -> Assessment.Neuro {
        var n = Assessment.Neuro()
        try members(Keys.neuro) { d, key throws(Declined) in
            guard try !d.null() else { return }
            switch key {
            case 0: n.ice = try d.ice()
            case 1: n.capd = try d.capd()
            case 2: n.consciousness = try d.word(Words.consciousness)
            case 3: n.seizure = try d.word(Words.seizure)
            case 4: n.motorWeakness = try d.word(Words.motorWeakness)
            case 5: n.cerebralEdema = try d.word(Words.cerebralEdema)
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
        try members(Keys.ice) { d, key throws(Declined) in
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
            default: unable = try d.word(Words.iceUnable)
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
        try members(Keys.capd) { d, key throws(Declined) in
            present |= 1 << key
            guard try !d.null() else { return }
            given |= 1 << key
            switch key {
            case 0: unable = try d.bool()
            case 1: total = try d.integer(in: 0...32)
            default:
                answers.reserveCapacity(8)
                try d.elements { d throws(Declined) in answers.append(try d.word(Words.capdAnswer)) }
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
        try members(Keys.labs) { d, key throws(Declined) in
            guard try !d.null() else { return }
            if key == Keys.labs.count - 1 {
                labs.nkActivity = try d.word(Words.nkActivity)
            } else {
                let analyte = Words.analytes[key]
                labs[analyte] = try d.lab(analyte)
            }
        }
        return labs
    }

    private mutating func lab(_ analyte: Analyte) throws(Declined) -> LabResult {
        var value: Double?
        var unit: LabUnit?
        var result = LabResult(value: 0, unit: .perNanoliter)
        let keys = analyte == .triglycerides ? Keys.triglycerides : Keys.lab
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
        try members(Keys.findings) { d, key throws(Declined) in
            guard try !d.null() else { return }
            switch key {
            case 0: f.splenomegaly = try d.bool()
            case 1: f.hepatomegaly = try d.bool()
            case 2: f.molecularHLHDiagnosis = try d.bool()
            case 3: f.hemophagocytosis = try d.word(Words.hemophagocytosis)
            case 4: f.lifeThreatening = try d.bool()
            default:
                var grades: [OrganToxicityTerm: Int] = [:]
                try d.members(Keys.organToxicity) { d, key throws(Declined) in
                    guard try !d.null() else { return }
                    grades[Words.organToxicityTerms[key]] = try d.integer(in: 0...5)
                }
                f.organToxicity = grades
            }
        }
        return f
    }

    private mutating func treatments() throws(Declined) -> Assessment.Treatments {
        var t = Assessment.Treatments()
        try members(Keys.treatments) { d, key throws(Declined) in
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
        try elements { d throws(Declined) in causes.insert(try d.word(Words.otherCause)) }
        return causes
    }

    private mutating func outcome() throws(Declined) -> Assessment.Outcome {
        var o = Assessment.Outcome()
        try members(Keys.outcome) { d, _ throws(Declined) in
            guard try !d.null() else { return }
            o.death = try d.word(Words.deathCause)
        }
        return o
    }

    // MARK: Containers

    /// Reads an object whose keys must be among `keys` (each at most once), calling `member` with
    /// the key's position in `keys` and the decoder at its value, which `member` must read.
    private mutating func members(_ keys: KeyTable,
                                  _ member: (inout AssessmentLineDecoder, Int) throws(Declined) -> Void) throws(Declined) {
        try expect(UInt8(ascii: "{"))
        skipWhitespace()
        if try peek() == UInt8(ascii: "}") { index += 1; return }
        var seen: UInt64 = 0
        while true {
            skipWhitespace()
            try expect(UInt8(ascii: "\""))
            let start = index
            try skipStringText()
            guard let key = keys.position(of: UnsafeBufferPointer(rebasing: bytes[start..<index - 1])),
                  seen >> UInt64(key) & 1 == 0 else { throw Declined() }
            seen |= 1 << UInt64(key)
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            try member(&self, key)
            skipWhitespace()
            switch try peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return
            default: throw Declined()
            }
        }
    }

    /// Reads an array, calling `element` with the decoder at each element, which it must read.
    private mutating func elements(_ element: (inout AssessmentLineDecoder) throws(Declined) -> Void) throws(Declined) {
        try expect(UInt8(ascii: "["))
        skipWhitespace()
        if try peek() == UInt8(ascii: "]") { index += 1; return }
        while true {
            skipWhitespace()
            try element(&self)
            skipWhitespace()
            switch try peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return
            default: throw Declined()
            }
        }
    }

    // MARK: Values

    /// Reads a JSON `null` if one is next (the tree path treats it as absent).
    private mutating func null() throws(Declined) -> Bool {
        guard try peek() == UInt8(ascii: "n") else { return false }
        try literal("null")
        return true
    }

    private mutating func bool() throws(Declined) -> Bool {
        switch try peek() {
        case UInt8(ascii: "t"): try literal("true"); return true
        case UInt8(ascii: "f"): try literal("false"); return false
        default: throw Declined()
        }
    }

    private mutating func number() throws(Declined) -> Double {
        let first = try peek()
        guard first == UInt8(ascii: "-") || JSONLexis.isDigit(first) else { throw Declined() }
        let start = index
        do {
            try JSONLexis.skipNumberText(bytes, &index)
            return try JSONLexis.number(bytes, start..<index)
        } catch {
            throw Declined()
        }
    }

    /// A whole number within `range`, as `ObjectReader.integer` takes it.
    private mutating func integer(in range: ClosedRange<Int>) throws(Declined) -> Int {
        let value = try number()
        guard value == value.rounded(), value >= Double(range.lowerBound), value <= Double(range.upperBound) else { throw Declined() }
        return Int(value)
    }

    /// The bytes of a string of printable ASCII without escapes (anything else is declined).
    private mutating func stringBytes() throws(Declined) -> UnsafeBufferPointer<UInt8> {
        try expect(UInt8(ascii: "\""))
        let start = index
        try skipStringText()
        return UnsafeBufferPointer(rebasing: bytes[start..<index - 1])
    }

    private mutating func string() throws(Declined) -> String {
        String(decoding: try stringBytes(), as: UTF8.self)
    }

    private mutating func time() throws(Declined) -> ClinicalTime {
        guard let time = ClinicalTime.parse(iso8601: try stringBytes()) else { throw Declined() }
        return time
    }

    /// A word of a closed vocabulary, spelt exactly as its raw value.
    private mutating func word<E>(_ words: WordTable<E>) throws(Declined) -> E {
        guard let position = words.names.position(of: try stringBytes()) else { throw Declined() }
        return words.cases[position]
    }

    /// A lab unit in any spelling `LabUnit(spelling:for:)` accepts; the spec's own spellings are
    /// matched on the bytes.
    private mutating func labUnit(_ analyte: Analyte) throws(Declined) -> LabUnit {
        let text = try stringBytes()
        let units = Words.units[analyte.slot]
        if let position = units.names.position(of: text) { return units.cases[position] }
        guard let unit = LabUnit(spelling: String(decoding: text, as: UTF8.self), for: analyte) else { throw Declined() }
        return unit
    }

    // MARK: Lexis

    private func peek() throws(Declined) -> UInt8 {
        guard index < bytes.count else { throw Declined() }
        return bytes[index]
    }

    private mutating func expect(_ byte: UInt8) throws(Declined) {
        guard index < bytes.count, bytes[index] == byte else { throw Declined() }
        index += 1
    }

    private mutating func literal(_ text: StaticString) throws(Declined) {
        do { try JSONLexis.expectLiteral(text, bytes, &index) } catch { throw Declined() }
    }

    /// Passes over a string's text after its opening quote, and the closing quote: printable
    /// ASCII only. An escape, a control character or a byte outside ASCII is declined (the tree
    /// path unescapes, validates and compares such text as Swift compares strings).
    private mutating func skipStringText() throws(Declined) {
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: "\"") { return }
            guard byte >= 0x20, byte < 0x7F, byte != UInt8(ascii: "\\") else { throw Declined() }
        }
        throw Declined()
    }

    private mutating func skipWhitespace() { JSONLexis.skipWhitespace(bytes, &index) }
}

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

private enum Words {
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
private enum Keys {
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
