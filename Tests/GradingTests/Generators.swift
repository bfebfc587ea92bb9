import Clinical
import Grading
import PropertyBased
import TestSupport

// Random bedside assessments for the property tests, as plain inputs with a clinical description.
//
// Each model holds only what a scale reads; `assessment` builds the `Assessment`. Every optional
// input is sometimes absent (unknown), so that the properties see definite and undetermined grades.
// Failures print the model's description and PropertyBased prints the seed that reproduces them
// (`.fixedSeed(...)`).

extension RandomNumberGenerator {
    /// `value`, or nil (unknown) with probability `unknown`.
    mutating func maybe<T>(_ unknown: Double = 0.15, _ value: (inout Self) -> T) -> T? {
        if Double.random(in: 0..<1, using: &self) < unknown { return nil }
        return value(&self)
    }

    mutating func pick<T>(_ options: [T]) -> T { options.randomElement(using: &self)! }

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
}

// MARK: - CRS

/// The inputs ASTCT 2019 and CTCAE v5.0 CRS read.
struct CRSInputs: Sendable, CustomStringConvertible {
    var temperature: Temperature?
    var hypotension: Bool?
    var vasopressors: [Vasopressor.Drug]?
    var oxygen: Oxygen?
    var tocilizumab: Bool?
    var corticosteroids: Bool?
    var antipyretics: Bool?
    var anakinra: Bool?
    var lifeThreatening: Bool?
    var otherCause: Set<OtherCause>
    var death: DeathCause?

    /// How intensive an oxygen device is under ASTCT 2019: room air 0; blow-by and nasal cannula up
    /// to 6 L/min 1; nasal cannula above 6 L/min, high-flow cannula and masks 2; positive pressure 3.
    static func intensity(_ oxygen: Oxygen) -> Int {
        switch oxygen.device {
        case .roomAir: 0
        case .blowBy: 1
        case .nasalCannula: (oxygen.flowLPerMin ?? 0) > 6 ? 2 : 1
        case .highFlowNasalCannula, .simpleFaceMask, .nonRebreatherMask, .venturiMask: 2
        case .cpap, .bipap, .mechanicalVentilation: 3
        }
    }

    static func randomOxygen<R: RandomNumberGenerator>(using rng: inout R) -> Oxygen {
        let device = rng.pick(OxygenDevice.allCases)
        let flow: Double? = switch device {
        case .nasalCannula: rng.maybe(0.1) { $0.pick([1, 2, 4, 6, 6.5, 7, 10, 15]) }
        case .roomAir, .cpap, .bipap, .mechanicalVentilation: nil
        default: rng.maybe(0.5) { $0.pick([5, 10, 15, 40, 60]) }
        }
        let fio2: Double? = device == .roomAir ? nil : rng.maybe(0.3) { $0.pick([0.24, 0.3, 0.35, 0.39, 0.4, 0.5, 0.8, 1.0]) }
        return Oxygen(device: device, flowLPerMin: flow, fio2: fio2)
    }

    static func randomTemperature<R: RandomNumberGenerator>(using rng: inout R) -> Temperature {
        let celsius = (Double(Int.random(in: 360...410, using: &rng)) / 10)
        return rng.chance(0.2) ? .fahrenheit(Conversion.celsiusToFahrenheit(celsius)) : .celsius(celsius)
    }

    static func randomVasopressors<R: RandomNumberGenerator>(using rng: inout R) -> [Vasopressor.Drug] {
        let count = rng.pick([0, 0, 1, 1, 2, 3])
        return (0..<count).map { _ in rng.pick(Vasopressor.Drug.allCases) }
    }

    static func random<R: RandomNumberGenerator>(using rng: inout R) -> CRSInputs {
        CRSInputs(
            temperature: rng.maybe { randomTemperature(using: &$0) },
            hypotension: rng.maybe { $0.chance(0.5) },
            vasopressors: rng.maybe { randomVasopressors(using: &$0) },
            oxygen: rng.maybe { randomOxygen(using: &$0) },
            tocilizumab: rng.maybe { $0.chance(0.3) },
            corticosteroids: rng.maybe { $0.chance(0.2) },
            antipyretics: rng.maybe { $0.chance(0.3) },
            anakinra: rng.maybe { $0.chance(0.1) },
            lifeThreatening: rng.maybe { $0.chance(0.2) },
            otherCause: rng.chance(0.8) ? [] : Set([OtherCause.fever, .hypotension, .hypoxia].filter { _ in rng.chance(0.5) }),
            death: rng.chance(0.9) ? nil : rng.pick(DeathCause.allCases))
    }

    var assessment: Assessment {
        Assessment(patient: .init(id: "PROP-CRS", ageYears: 54), time: Bedside.time,
                   vitals: .init(temperature: temperature, hypotension: hypotension),
                   support: .init(vasopressors: vasopressors?.map(Vasopressor.typical), oxygen: oxygen),
                   findings: .init(lifeThreatening: lifeThreatening),
                   treatments: .init(tocilizumab: tocilizumab, corticosteroids: corticosteroids, antipyretics: antipyretics,
                                     anakinra: anakinra),
                   otherCause: otherCause.isEmpty ? nil : otherCause,
                   outcome: death.map { .init(death: $0) })
    }

    /// Every single-input change that makes the picture worse (or the grade easier to reach).
    var worsenings: [(String, CRSInputs)] {
        var list: [(String, CRSInputs)] = []
        func add(_ what: String, _ change: (inout CRSInputs) -> Void) { var c = self; change(&c); list.append((what, c)) }
        if let t = temperature {
            for step in [0.1, 0.5, 2.0] {
                let higher = t.unit == .celsius ? Temperature.celsius(t.value + step) : .fahrenheit(t.value + step * 9 / 5)
                add("temperature \(t.value) \(t.unit.rawValue) raised to \(higher.value)") { $0.temperature = higher }
            }
        }
        if hypotension == false { add("now hypotensive") { $0.hypotension = true } }
        if let drugs = vasopressors {
            for drug in Vasopressor.Drug.allCases { add("\(drug.rawValue) added") { $0.vasopressors = drugs + [drug] } }
        }
        if let oxygen {
            let current = Self.intensity(oxygen)
            for device in OxygenDevice.allCases {
                for flow: Double? in device == .nasalCannula ? [2, 6, 7, 12] : [oxygen.flowLPerMin] {
                    let candidate = Oxygen(device: device, flowLPerMin: flow, fio2: oxygen.fio2)
                    if Self.intensity(candidate) > current {
                        add("oxygen \(oxygen.device.rawValue) escalated to \(device.rawValue)\(flow.map { " \($0) L/min" } ?? "")") { $0.oxygen = candidate }
                    }
                }
            }
            if oxygen.device != .roomAir, let fio2 = oxygen.fio2, fio2 < 1.0 {
                add("FiO2 \(fio2) raised") { $0.oxygen?.fio2 = min(1.0, fio2 + 0.1) }
            }
        }
        if tocilizumab == false { add("tocilizumab given") { $0.tocilizumab = true } }
        if corticosteroids == false { add("corticosteroids given") { $0.corticosteroids = true } }
        if antipyretics == false { add("antipyretics given") { $0.antipyretics = true } }
        if anakinra == false { add("anakinra given") { $0.anakinra = true } }
        if lifeThreatening == false { add("now life-threatening") { $0.lifeThreatening = true } }
        for cause in otherCause { add("\(cause.rawValue) no longer attributed elsewhere") { $0.otherCause.remove(cause) } }
        if death == nil { for cause in DeathCause.allCases { add("died of \(cause.rawValue)") { $0.death = cause } } }
        return list
    }

    /// Every single input made unknown (inputs whose absence has a defined meaning excepted:
    /// `otherCause` absent is "nothing attributed", `outcome.death` absent is "alive").
    var removals: [(String, CRSInputs)] {
        var list: [(String, CRSInputs)] = []
        func add(_ what: String, _ change: (inout CRSInputs) -> Void) { var c = self; change(&c); list.append((what, c)) }
        if temperature != nil { add("temperature removed") { $0.temperature = nil } }
        if hypotension != nil { add("hypotension removed") { $0.hypotension = nil } }
        if vasopressors != nil { add("vasopressors removed") { $0.vasopressors = nil } }
        if oxygen != nil { add("oxygen removed") { $0.oxygen = nil } }
        if oxygen?.flowLPerMin != nil { add("oxygen flow removed") { $0.oxygen?.flowLPerMin = nil } }
        if oxygen?.fio2 != nil { add("FiO2 removed") { $0.oxygen?.fio2 = nil } }
        if tocilizumab != nil { add("tocilizumab removed") { $0.tocilizumab = nil } }
        if corticosteroids != nil { add("corticosteroids removed") { $0.corticosteroids = nil } }
        if antipyretics != nil { add("antipyretics removed") { $0.antipyretics = nil } }
        if anakinra != nil { add("anakinra removed") { $0.anakinra = nil } }
        if lifeThreatening != nil { add("life-threatening judgement removed") { $0.lifeThreatening = nil } }
        return list
    }

    /// Every unknown input filled with a random value.
    func filled<R: RandomNumberGenerator>(using rng: inout R) -> CRSInputs {
        var c = self
        if c.temperature == nil { c.temperature = Self.randomTemperature(using: &rng) }
        if c.hypotension == nil { c.hypotension = rng.chance(0.5) }
        if c.vasopressors == nil { c.vasopressors = Self.randomVasopressors(using: &rng) }
        if c.oxygen == nil { c.oxygen = Self.randomOxygen(using: &rng) }
        if c.oxygen?.device == .nasalCannula, c.oxygen?.flowLPerMin == nil { c.oxygen?.flowLPerMin = rng.pick([2, 6, 7, 12]) }
        if c.oxygen?.device != .roomAir, c.oxygen?.fio2 == nil { c.oxygen?.fio2 = rng.pick([0.3, 0.39, 0.4, 0.6]) }
        if c.tocilizumab == nil { c.tocilizumab = rng.chance(0.5) }
        if c.corticosteroids == nil { c.corticosteroids = rng.chance(0.5) }
        if c.antipyretics == nil { c.antipyretics = rng.chance(0.5) }
        if c.anakinra == nil { c.anakinra = rng.chance(0.5) }
        if c.lifeThreatening == nil { c.lifeThreatening = rng.chance(0.5) }
        return c
    }

    var description: String {
        func text<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "unknown" }
        let oxygenText = oxygen.map { o in
            o.device.rawValue + (o.flowLPerMin.map { " \($0) L/min" } ?? "") + (o.fio2.map { " FiO2 \($0)" } ?? "")
        } ?? "unknown"
        return "temperature \(temperature.map { "\($0.value) \($0.unit.rawValue)" } ?? "unknown"), hypotension \(text(hypotension)), "
            + "vasopressors \(vasopressors.map { $0.isEmpty ? "none" : $0.map(\.rawValue).joined(separator: "+") } ?? "unknown"), "
            + "oxygen \(oxygenText), tocilizumab \(text(tocilizumab)), corticosteroids \(text(corticosteroids)), "
            + "antipyretics \(text(antipyretics)), anakinra \(text(anakinra)), life-threatening \(text(lifeThreatening)), "
            + "other cause [\(otherCause.map(\.rawValue).sorted().joined(separator: ", "))], death \(death?.rawValue ?? "none")"
    }

    static let generator = Generator<CRSInputs, Shrink.None<CRSInputs>>(run: { rng in CRSInputs.random(using: &rng) })
}

// MARK: - ICANS

/// The inputs ASTCT 2019 ICANS reads.
struct ICANSInputs: Sendable, CustomStringConvertible {
    var ageYears: Double?
    var developmentalDelay: Bool?
    var ice: ICE?
    var capd: CAPD?
    var consciousness: Consciousness?
    var seizure: Seizure?
    var motorWeakness: MotorWeakness?
    var cerebralEdema: CerebralEdema?
    var posturing: Bool?
    var cranialNerveVIPalsy: Bool?
    var papilledema: Bool?
    var cushingsTriad: Bool?
    var otherCause: Set<OtherCause>
    var death: DeathCause?

    /// How bad an ICE result is: 10 − total; awake and aphasic as ICE 0; unarousable worst; nil when
    /// not done for another reason (not assessable).
    static func severity(_ ice: ICE) -> Int? {
        switch ice {
        case .unable(.unarousable): 11
        case .unable(.awakeAphasic): 10
        case .unable(.other): nil
        default: 10 - ice.total!
        }
    }

    /// How bad a CAPD result is: the total; unable to perform worst.
    static func severity(_ capd: CAPD) -> Int { capd.total ?? 33 }

    static func randomICE<R: RandomNumberGenerator>(using rng: inout R, allowOther: Bool = true) -> ICE {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: return .unable(rng.pick(allowOther ? ICEUnableReason.allCases : [.unarousable, .awakeAphasic]))
        case 1, 2:
            return .items(orientation: .random(in: 0...4, using: &rng), naming: .random(in: 0...3, using: &rng),
                          commands: .random(in: 0...1, using: &rng), writing: .random(in: 0...1, using: &rng),
                          attention: .random(in: 0...1, using: &rng))
        default: return .total(rng.pick([10, 10, 10, 9, 8, 7, 6, 5, 3, 2, 1, 0]))
        }
    }

    static func randomCAPD<R: RandomNumberGenerator>(using rng: inout R) -> CAPD {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: return .unable
        case 1, 2: return .answers((0..<8).map { _ in rng.pick(CAPDAnswer.allCases) })
        default: return .total(rng.pick([0, 0, 2, 5, 8, 9, 10, 15, 24, 32]))
        }
    }

    static func random<R: RandomNumberGenerator>(using rng: inout R) -> ICANSInputs {
        func mostlyNormal<T>(_ normal: T, _ all: [T]) -> T? { rng.maybe { $0.chance(0.6) ? normal : $0.pick(all) } }
        return ICANSInputs(
            ageYears: rng.maybe(0.1) { $0.pick([2, 8, 11, 11.9, 12, 15, 30, 54, 78]) },
            developmentalDelay: rng.chance(0.2) ? nil : rng.chance(0.15),
            ice: rng.maybe { randomICE(using: &$0) },
            capd: rng.maybe { randomCAPD(using: &$0) },
            consciousness: mostlyNormal(.alert, Consciousness.allCases),
            seizure: mostlyNormal(.absent, Seizure.allCases),
            motorWeakness: mostlyNormal(.absent, MotorWeakness.allCases),
            cerebralEdema: mostlyNormal(.absent, CerebralEdema.allCases),
            posturing: mostlyNormal(false, [false, true]),
            cranialNerveVIPalsy: mostlyNormal(false, [false, true]),
            papilledema: mostlyNormal(false, [false, true]),
            cushingsTriad: mostlyNormal(false, [false, true]),
            otherCause: rng.chance(0.8) ? [] : Set([OtherCause.ice, .consciousness, .seizure, .motorWeakness, .cerebralEdema].filter { _ in rng.chance(0.4) }),
            death: rng.chance(0.9) ? nil : rng.pick(DeathCause.allCases))
    }

    var assessment: Assessment {
        Assessment(patient: .init(id: "PROP-ICANS", ageYears: ageYears, developmentalDelay: developmentalDelay), time: Bedside.time,
                   neuro: .init(ice: ice, capd: capd, consciousness: consciousness, seizure: seizure, motorWeakness: motorWeakness,
                                cerebralEdema: cerebralEdema, posturing: posturing, cranialNerveVIPalsy: cranialNerveVIPalsy,
                                papilledema: papilledema, cushingsTriad: cushingsTriad),
                   otherCause: otherCause.isEmpty ? nil : otherCause,
                   outcome: death.map { .init(death: $0) })
    }

    var worsenings: [(String, ICANSInputs)] {
        var list: [(String, ICANSInputs)] = []
        func add(_ what: String, _ change: (inout ICANSInputs) -> Void) { var c = self; change(&c); list.append((what, c)) }
        if let ice, let current = Self.severity(ice) {
            let candidates: [ICE] = (0...10).map { ICE.total($0) } + [.unable(.awakeAphasic), .unable(.unarousable)]
            for candidate in candidates where Self.severity(candidate)! > current {
                add("ICE \(ice) worsened to \(candidate)") { $0.ice = candidate }
            }
        }
        if let capd {
            let current = Self.severity(capd)
            let candidates: [CAPD] = [1, 5, 8, 9, 12, 20, 32].map { CAPD.total($0) } + [.unable]
            for candidate in candidates where Self.severity(candidate) > current {
                add("CAPD \(capd) worsened to \(candidate)") { $0.capd = candidate }
            }
        }
        if let consciousness { for worse in Consciousness.allCases where worse > consciousness { add("consciousness \(worse.rawValue)") { $0.consciousness = worse } } }
        if let seizure { for worse in Seizure.allCases where worse > seizure { add("seizure \(worse.rawValue)") { $0.seizure = worse } } }
        if let motorWeakness { for worse in MotorWeakness.allCases where worse > motorWeakness { add("motor \(worse.rawValue)") { $0.motorWeakness = worse } } }
        if let cerebralEdema { for worse in CerebralEdema.allCases where worse > cerebralEdema { add("oedema \(worse.rawValue)") { $0.cerebralEdema = worse } } }
        if posturing == false { add("now posturing") { $0.posturing = true } }
        if cranialNerveVIPalsy == false { add("now CN VI palsy") { $0.cranialNerveVIPalsy = true } }
        if papilledema == false { add("now papilloedema") { $0.papilledema = true } }
        if cushingsTriad == false { add("now Cushing's triad") { $0.cushingsTriad = true } }
        for cause in otherCause { add("\(cause.rawValue) no longer attributed elsewhere") { $0.otherCause.remove(cause) } }
        if death == nil { for cause in DeathCause.allCases { add("died of \(cause.rawValue)") { $0.death = cause } } }
        return list
    }

    /// Every single input made unknown (`patient.developmentalDelay`, `otherCause` and
    /// `outcome.death` excepted: their absence reads as a value, "no", "nothing", "alive").
    var removals: [(String, ICANSInputs)] {
        var list: [(String, ICANSInputs)] = []
        func add(_ what: String, _ change: (inout ICANSInputs) -> Void) { var c = self; change(&c); list.append((what, c)) }
        if ageYears != nil { add("age removed") { $0.ageYears = nil } }
        if ice != nil { add("ICE removed") { $0.ice = nil } }
        if capd != nil { add("CAPD removed") { $0.capd = nil } }
        if consciousness != nil { add("consciousness removed") { $0.consciousness = nil } }
        if seizure != nil { add("seizure removed") { $0.seizure = nil } }
        if motorWeakness != nil { add("motor removed") { $0.motorWeakness = nil } }
        if cerebralEdema != nil { add("oedema removed") { $0.cerebralEdema = nil } }
        if posturing != nil { add("posturing removed") { $0.posturing = nil } }
        if cranialNerveVIPalsy != nil { add("CN VI palsy removed") { $0.cranialNerveVIPalsy = nil } }
        if papilledema != nil { add("papilloedema removed") { $0.papilledema = nil } }
        if cushingsTriad != nil { add("Cushing's triad removed") { $0.cushingsTriad = nil } }
        return list
    }

    /// Every unknown input filled (an ICE not done for another reason counts as unknown).
    func filled<R: RandomNumberGenerator>(using rng: inout R) -> ICANSInputs {
        var c = self
        if c.ageYears == nil { c.ageYears = rng.pick([2, 8, 11, 12, 15, 54]) }
        if c.ice == nil || c.ice == .unable(.other) { c.ice = Self.randomICE(using: &rng, allowOther: false) }
        if c.capd == nil { c.capd = Self.randomCAPD(using: &rng) }
        if c.consciousness == nil { c.consciousness = rng.pick(Consciousness.allCases) }
        if c.seizure == nil { c.seizure = rng.pick(Seizure.allCases) }
        if c.motorWeakness == nil { c.motorWeakness = rng.pick(MotorWeakness.allCases) }
        if c.cerebralEdema == nil { c.cerebralEdema = rng.pick(CerebralEdema.allCases) }
        if c.posturing == nil { c.posturing = rng.chance(0.3) }
        if c.cranialNerveVIPalsy == nil { c.cranialNerveVIPalsy = rng.chance(0.3) }
        if c.papilledema == nil { c.papilledema = rng.chance(0.3) }
        if c.cushingsTriad == nil { c.cushingsTriad = rng.chance(0.3) }
        return c
    }

    var description: String {
        func text<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "unknown" }
        return "age \(text(ageYears)), developmental delay \(text(developmentalDelay)), ICE \(text(ice)), CAPD \(text(capd)), "
            + "consciousness \(text(consciousness?.rawValue)), seizure \(text(seizure?.rawValue)), motor \(text(motorWeakness?.rawValue)), "
            + "oedema \(text(cerebralEdema?.rawValue)), posturing \(text(posturing)), CN VI \(text(cranialNerveVIPalsy)), "
            + "papilloedema \(text(papilledema)), Cushing \(text(cushingsTriad)), "
            + "other cause [\(otherCause.map(\.rawValue).sorted().joined(separator: ", "))], death \(death?.rawValue ?? "none")"
    }

    static let generator = Generator<ICANSInputs, Shrink.None<ICANSInputs>>(run: { rng in ICANSInputs.random(using: &rng) })
}
