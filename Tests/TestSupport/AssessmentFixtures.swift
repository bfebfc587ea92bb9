import Clinical

/// Bedside assessments for tests, built the way a clinician would describe them.
///
/// Start from a baseline that states every input a scale reads (so that it grades a definite 0)
/// and change one finding at a time:
///
///     Bedside.crs().temperature(celsius: 38.6).hypotensive().onVasopressors(.norepinephrine)
///
/// Every modifier returns a new value; nothing here grades anything.
package enum Bedside {
    /// The time every test assessment is taken at.
    package static let time = ClinicalTime(iso8601: "2026-11-22T08:00:00+08:00")!

    /// An adult with nothing recorded but identity and age: every other input is unknown.
    package static func unknown(id: String = "TEST-001", ageYears: Double? = 54) -> Assessment {
        Assessment(patient: .init(id: id, ageYears: ageYears), time: time)
    }

    /// An adult assessed for CRS with every ASTCT/CTCAE CRS input stated and normal: afebrile
    /// (37.0 °C), not hypotensive, no vasopressors, on room air, no antipyretic or anti-cytokine
    /// therapy, no life-threatening consequences, nothing attributed to another cause, alive.
    package static func crs(id: String = "CRS-001", ageYears: Double = 54) -> Assessment {
        Assessment(patient: .init(id: id, ageYears: ageYears, developmentalDelay: false), time: time,
                   vitals: .init(temperature: .celsius(37.0), hypotension: false),
                   support: .init(vasopressors: [], oxygen: Oxygen(device: .roomAir)),
                   findings: .init(lifeThreatening: false),
                   treatments: .init(tocilizumab: false, corticosteroids: false, antipyretics: false, anakinra: false))
    }

    /// A patient assessed for ICANS with every domain stated and normal: ICE 10/10 (used from 12
    /// years), CAPD 0 (used below 12 years), alert, no seizure, no motor weakness, no oedema or other
    /// sign of raised intracranial pressure, no developmental delay, alive.
    package static func icans(id: String = "ICANS-001", ageYears: Double = 54) -> Assessment {
        Assessment(patient: .init(id: id, ageYears: ageYears, developmentalDelay: false), time: time,
                   neuro: .noFindings(ice: .total(10), capd: .total(0)))
    }

    /// A patient with only laboratory results.
    package static func labs(id: String = "LAB-001") -> Assessment {
        Assessment(patient: .init(id: id, ageYears: 54), time: time, labs: .init())
    }
}

extension Assessment {
    private func changing(_ change: (inout Assessment) -> Void) -> Assessment {
        var copy = self
        change(&copy)
        return copy
    }

    // MARK: Patient

    package func ageYears(_ years: Double?) -> Assessment { changing { $0.patient.ageYears = years } }
    package func developmentalDelay(_ delay: Bool?) -> Assessment { changing { $0.patient.developmentalDelay = delay } }

    // MARK: Vitals

    package func temperature(celsius: Double) -> Assessment { changing { $0.vitals = ($0.vitals ?? .init()).with(temperature: .celsius(celsius)) } }
    package func temperature(fahrenheit: Double) -> Assessment { changing { $0.vitals = ($0.vitals ?? .init()).with(temperature: .fahrenheit(fahrenheit)) } }
    package func temperatureUnknown() -> Assessment { changing { $0.vitals = ($0.vitals ?? .init()).with(temperature: nil) } }

    /// The clinician's judgement of hypotension; nil makes it unknown.
    package func hypotensive(_ judged: Bool? = true) -> Assessment {
        changing { var v = $0.vitals ?? .init(); v.hypotension = judged; $0.vitals = v }
    }

    // MARK: Support

    /// Running vasopressor infusions, one line per drug given, at a typical dose.
    package func onVasopressors(_ drugs: Vasopressor.Drug...) -> Assessment { onVasopressors(drugs) }

    package func onVasopressors(_ drugs: [Vasopressor.Drug]) -> Assessment {
        changing {
            var s = $0.support ?? .init()
            s.vasopressors = drugs.map(Vasopressor.typical)
            $0.support = s
        }
    }

    /// Whether vasopressors run is not recorded.
    package func vasopressorsUnknown() -> Assessment { changing { var s = $0.support ?? .init(); s.vasopressors = nil; $0.support = s } }

    package func onOxygen(_ device: OxygenDevice, flow: Double? = nil, fio2: Double? = nil) -> Assessment {
        changing { var s = $0.support ?? .init(); s.oxygen = Oxygen(device: device, flowLPerMin: flow, fio2: fio2); $0.support = s }
    }

    /// The oxygen support is not recorded.
    package func oxygenUnknown() -> Assessment { changing { var s = $0.support ?? .init(); s.oxygen = nil; $0.support = s } }

    // MARK: Treatments, attribution, outcome

    /// Treatments since the onset of CRS; a nil argument makes that treatment unknown.
    package func treated(tocilizumab: Bool? = false, corticosteroids: Bool? = false, antipyretics: Bool? = false,
                         anakinra: Bool? = false) -> Assessment {
        changing {
            var t = $0.treatments ?? .init()
            t.tocilizumab = tocilizumab
            t.corticosteroids = corticosteroids
            t.antipyretics = antipyretics
            t.anakinra = anakinra
            $0.treatments = t
        }
    }

    /// No treatment record at all.
    package func treatmentsUnknown() -> Assessment { changing { $0.treatments = nil } }

    /// Signs the clinician attributes to another cause.
    package func attributing(_ causes: OtherCause...) -> Assessment { changing { $0.otherCause = Set(causes) } }

    package func died(of cause: DeathCause) -> Assessment { changing { $0.outcome = .init(death: cause) } }

    package func lifeThreatening(_ judged: Bool?) -> Assessment {
        changing { var f = $0.findings ?? .init(); f.lifeThreatening = judged; $0.findings = f }
    }

    // MARK: Neuro

    package func neuro(_ change: (inout Neuro) -> Void) -> Assessment {
        changing { var n = $0.neuro ?? .init(); change(&n); $0.neuro = n }
    }

    package func ice(_ ice: ICE?) -> Assessment { neuro { $0.ice = ice } }
    package func capd(_ capd: CAPD?) -> Assessment { neuro { $0.capd = capd } }
    package func consciousness(_ level: Consciousness?) -> Assessment { neuro { $0.consciousness = level } }
    package func seizure(_ seizure: Seizure?) -> Assessment { neuro { $0.seizure = seizure } }
    package func motorWeakness(_ weakness: MotorWeakness?) -> Assessment { neuro { $0.motorWeakness = weakness } }
    package func cerebralEdema(_ edema: CerebralEdema?) -> Assessment { neuro { $0.cerebralEdema = edema } }

    // MARK: Labs

    package func lab(_ analyte: Analyte, _ value: Double, _ unit: LabUnit,
                     uln: Double? = nil, lln: Double? = nil, baseline: Double? = nil) -> Assessment {
        changing {
            var labs = $0.labs ?? .init()
            labs[analyte] = LabResult(value: value, unit: unit, uln: uln, lln: lln, baseline: baseline)
            $0.labs = labs
        }
    }
}

extension Assessment.Vitals {
    fileprivate func with(temperature: Temperature?) -> Self { var v = self; v.temperature = temperature; return v }
}

extension Vasopressor {
    /// A running infusion of `drug` at a typical dose (the dose never changes an ASTCT or CTCAE grade).
    package static func typical(_ drug: Drug) -> Vasopressor {
        switch drug {
        case .vasopressin: Vasopressor(drug: drug, dose: 0.03, unit: .unitsPerMin)
        case .phenylephrine: Vasopressor(drug: drug, dose: 1.0, unit: .mcgPerKgPerMin)
        case .dopamine: Vasopressor(drug: drug, dose: 5, unit: .mcgPerKgPerMin)
        case .norepinephrine, .epinephrine, .other: Vasopressor(drug: drug, dose: 0.1, unit: .mcgPerKgPerMin)
        }
    }
}
