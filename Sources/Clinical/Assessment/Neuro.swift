extension Assessment {
    /// The neurological assessment: ICE or CAPD, and the other ASTCT ICANS domains.
    package struct Neuro: Sendable, Equatable {
        package var ice: ICE?
        package var capd: CAPD?
        package var consciousness: Consciousness?
        package var seizure: Seizure?
        package var motorWeakness: MotorWeakness?
        package var cerebralEdema: CerebralEdema?
        package var posturing: Bool?
        package var cranialNerveVIPalsy: Bool?
        package var papilledema: Bool?
        package var cushingsTriad: Bool?

        package init(ice: ICE? = nil, capd: CAPD? = nil, consciousness: Consciousness? = nil, seizure: Seizure? = nil,
                     motorWeakness: MotorWeakness? = nil, cerebralEdema: CerebralEdema? = nil, posturing: Bool? = nil,
                     cranialNerveVIPalsy: Bool? = nil, papilledema: Bool? = nil, cushingsTriad: Bool? = nil) {
            self.ice = ice
            self.capd = capd
            self.consciousness = consciousness
            self.seizure = seizure
            self.motorWeakness = motorWeakness
            self.cerebralEdema = cerebralEdema
            self.posturing = posturing
            self.cranialNerveVIPalsy = cranialNerveVIPalsy
            self.papilledema = papilledema
            self.cushingsTriad = cushingsTriad
        }

        /// No sign of ICANS in any domain other than ICE/CAPD: a convenience for tests and examples.
        package static func noFindings(ice: ICE? = nil, capd: CAPD? = nil) -> Neuro {
            Neuro(ice: ice, capd: capd, consciousness: .alert, seizure: .absent, motorWeakness: .absent, cerebralEdema: .absent,
                  posturing: false, cranialNerveVIPalsy: false, papilledema: false, cushingsTriad: false)
        }
    }
}

/// Level of consciousness as ASTCT ICANS grades it; worse compares greater.
package enum Consciousness: String, Sendable, CaseIterable, Comparable {
    case alert, awakensSpontaneously, awakensToVoice, awakensToTactile
    /// Needs vigorous or repetitive tactile stimuli to arouse, stupor or coma.
    case unarousable

    /// Severity, written out so that reordering the cases can never change a grade.
    var rank: Int {
        switch self {
        case .alert: 0
        case .awakensSpontaneously: 1
        case .awakensToVoice: 2
        case .awakensToTactile: 3
        case .unarousable: 4
        }
    }
    package static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// Seizure activity as ASTCT ICANS grades it; worse compares greater.
package enum Seizure: String, Sendable, CaseIterable, Comparable {
    case absent = "none"
    /// Any clinical seizure, focal or generalised, that resolves rapidly.
    case resolvedRapidly
    /// Non-convulsive seizures on EEG that resolve with intervention.
    case nonconvulsiveResolvedWithIntervention
    /// Life-threatening prolonged seizure (over 5 minutes).
    case prolonged
    /// Repetitive clinical or electrical seizures without return to baseline in between.
    case repetitiveWithoutReturnToBaseline

    private var rank: Int {
        switch self {
        case .absent: 0
        case .resolvedRapidly, .nonconvulsiveResolvedWithIntervention: 1
        case .prolonged, .repetitiveWithoutReturnToBaseline: 2
        }
    }
    package static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// Motor findings (ASTCT ICANS); worse compares greater.
package enum MotorWeakness: String, Sendable, CaseIterable, Comparable {
    case absent = "none"
    /// Deep focal motor weakness such as hemiparesis or paraparesis.
    case deepFocal
    private var rank: Int {
        switch self {
        case .absent: 0
        case .deepFocal: 1
        }
    }
    package static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// Cerebral oedema on neuroimaging (ASTCT ICANS); worse compares greater.
package enum CerebralEdema: String, Sendable, CaseIterable, Comparable {
    case absent = "none", focal, diffuse
    private var rank: Int {
        switch self {
        case .absent: 0
        case .focal: 1
        case .diffuse: 2
        }
    }
    package static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
}

/// The Immune effector Cell-associated Encephalopathy score as entered: items, a total, or why
/// it could not be done.
package enum ICE: Sendable, Equatable {
    /// Orientation 0–4, naming 0–3, commands 0–1, writing 0–1, attention 0–1.
    case items(orientation: Int, naming: Int, commands: Int, writing: Int, attention: Int)
    case total(Int)
    case unable(ICEUnableReason)
}

/// Why the ICE could not be done. ASTCT grades "unarousable" 4 and "awake but globally aphasic" 3;
/// any other reason (sedated, intubated, language barrier) leaves ICE not assessable.
package enum ICEUnableReason: String, Sendable, CaseIterable {
    case unarousable, awakeAphasic, other
}

/// The Cornell Assessment of Pediatric Delirium as entered.
package enum CAPD: Sendable, Equatable {
    /// The eight observed answers in the order of items 1–8.
    case answers([CAPDAnswer])
    case total(Int)
    case unable
}

/// How often a CAPD behaviour was observed.
package enum CAPDAnswer: String, Sendable, CaseIterable {
    case never, rarely, sometimes, often, always
}
