import Clinical

/// A deterministic random source for the demo (SplitMix64, Steele, Lea & Flood 2014): the same
/// seed gives the same trial.
struct DemoRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `range`, to one decimal.
    mutating func tenth(_ range: ClosedRange<Double>) -> Double {
        let unit = Double(next() >> 11) / Double(1 << 53)
        return ((range.lowerBound + unit * (range.upperBound - range.lowerBound)) * 10).rounded() / 10
    }

    /// An integer in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
}

/// The findings of one demo assessment that give a chosen ASTCT CRS and ICANS grade, as the
/// bedside would enter them (`../shared/spec/grade-io.md`). The grades themselves are computed by
/// the bundled criteria when the assessment is recorded, never written here.
struct DemoAssessment {
    let patient: DemoPatient
    let time: ClinicalTime
    /// The CRS and ICANS grades the findings are made to show.
    let crs: Int
    let icans: Int
    /// Treatments given since the onset of CRS, as the input names them (`tocilizumab`,
    /// `corticosteroids`): fever is then no longer required for grades 2–4.
    let given: [String]
    /// A temperature typed in place of the one measured (the demo's correction).
    var typedTemperature: Double?

    func json(_ random: inout DemoRandom) -> JSONValue {
        var temperature: Double
        switch crs {
        case 0: temperature = random.tenth(36.4...37.6)
        case 1: temperature = random.tenth(38.1...39.4)
        default: temperature = !given.isEmpty ? random.tenth(37.0...37.8) : random.tenth(38.4...39.8)
        }
        if let typedTemperature { temperature = typedTemperature }
        let hypotension = crs >= 3 || (crs == 2 && !patient.crs2ByOxygen)
        let systolic = hypotension ? random.int(78...88) : random.int(102...132)
        let map = hypotension ? random.int(55...63) : random.int(72...92)
        var pressors: [JSONValue] = []
        if crs >= 3 { pressors.append(pressor("norepinephrine", crs == 3 ? 0.08 : 0.2)) }
        if crs >= 4 { pressors.append(pressor("epinephrine", 0.05)) }
        let oxygen: JSONValue = crs == 2 && patient.crs2ByOxygen
            ? .object([("device", .string("nasalCannula")), ("flowLPerMin", .number(3))])
            : .object([("device", .string("roomAir"))])
        let spo2 = crs == 2 && patient.crs2ByOxygen ? random.int(92...95) : random.int(95...99)

        let ice: JSONValue
        let consciousness: String
        switch icans {
        case 0: ice = .object([("total", .number(10))]); consciousness = "alert"
        case 1: ice = .object([("total", .number(Double(random.int(7...9))))]); consciousness = "alert"
        case 2: ice = .object([("total", .number(Double(random.int(4...6))))]); consciousness = "alert"
        case 3: ice = .object([("total", .number(Double(random.int(1...2))))]); consciousness = "awakensToTactile"
        default: ice = .object([("unable", .string("unarousable"))]); consciousness = "unarousable"
        }

        var members: [(String, JSONValue)] = [
            ("patient", .object([("id", .string(patient.id)), ("ageYears", .number(Double(patient.age))),
                                 ("weightKg", .number(Double(patient.weightKg)))]
                                + (patient.infusionText.map { [("infusionTime", .string($0))] } ?? []))),
            ("time", .string(ClockText.iso(time))),
            ("vitals", .object([("temperature", .object([("value", .number(temperature)), ("unit", .string("C"))])),
                                ("systolicBP", .number(Double(systolic))), ("meanArterialPressure", .number(Double(map))),
                                ("spo2", .number(Double(spo2))), ("hypotension", .bool(hypotension))])),
            ("support", .object([("vasopressors", .array(pressors)), ("oxygen", oxygen)])),
            ("neuro", .object([("ice", ice), ("consciousness", .string(consciousness)), ("seizure", .string("none")),
                               ("motorWeakness", .string("none")), ("cerebralEdema", .string("none")), ("posturing", .bool(false)),
                               ("cranialNerveVIPalsy", .bool(false)), ("papilledema", .bool(false)), ("cushingsTriad", .bool(false))])),
        ]
        if !given.isEmpty { members.append(("treatments", .object(given.map { ($0, .bool(true)) }))) }
        return .object(members)
    }

    private func pressor(_ drug: String, _ dose: Double) -> JSONValue {
        .object([("drug", .string(drug)), ("dose", .number(dose)), ("unit", .string("mcg/kg/min"))])
    }
}
