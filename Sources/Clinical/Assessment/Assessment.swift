/// One bedside assessment of one patient at one time: the input of every criteria file.
///
/// The shape and key names are those of `../shared/spec/grade-io.md`. Every group and field is
/// optional unless the spec marks it required, and an absent field is *unknown*, not normal:
/// the grading engine reports `not assessable` rather than reading an absent field as grade 0.
/// Two fields have an absent meaning the spec itself defines: `outcome.death` absent is "alive",
/// and `otherCause` absent is "nothing attributed to another cause".
package struct Assessment: Sendable, Equatable {
    package var patient: Patient
    package var time: ClinicalTime
    package var vitals: Vitals?
    package var support: Support?
    package var neuro: Neuro?
    package var labs: Labs?
    package var findings: Findings?
    package var treatments: Treatments?
    /// Signs the clinician attributes to another cause; consensus grading leaves them out.
    package var otherCause: Set<OtherCause>?
    package var outcome: Outcome?

    package init(patient: Patient, time: ClinicalTime, vitals: Vitals? = nil, support: Support? = nil,
                 neuro: Neuro? = nil, labs: Labs? = nil, findings: Findings? = nil,
                 treatments: Treatments? = nil, otherCause: Set<OtherCause>? = nil, outcome: Outcome? = nil) {
        self.patient = patient
        self.time = time
        self.vitals = vitals
        self.support = support
        self.neuro = neuro
        self.labs = labs
        self.findings = findings
        self.treatments = treatments
        self.otherCause = otherCause
        self.outcome = outcome
    }
}

extension Assessment {
    /// Who is assessed: the patient's identity and the facts that choose between instruments.
    package struct Patient: Sendable, Equatable {
        package var id: String
        /// Age in years; below 12 years ASTCT ICANS uses CAPD instead of ICE.
        package var ageYears: Double?
        package var weightKg: Double?
        /// Baseline developmental delay: ICANS uses CAPD at any age.
        package var developmentalDelay: Bool?
        /// HIV or long-term immunosuppressive therapy (HScore).
        package var immunosuppressed: Bool?
        /// Infusion of the cell product: day 0.
        package var infusionTime: ClinicalTime?

        package init(id: String, ageYears: Double? = nil, weightKg: Double? = nil, developmentalDelay: Bool? = nil,
                     immunosuppressed: Bool? = nil, infusionTime: ClinicalTime? = nil) {
            self.id = id
            self.ageYears = ageYears
            self.weightKg = weightKg
            self.developmentalDelay = developmentalDelay
            self.immunosuppressed = immunosuppressed
            self.infusionTime = infusionTime
        }
    }

    /// Vital signs as recorded.
    package struct Vitals: Sendable, Equatable {
        package var temperature: Temperature?
        package var systolicBP: Double?
        package var meanArterialPressure: Double?
        package var spo2: Double?
        /// The clinician's judgement that the patient is hypotensive.
        package var hypotension: Bool?

        package init(temperature: Temperature? = nil, systolicBP: Double? = nil, meanArterialPressure: Double? = nil,
                     spo2: Double? = nil, hypotension: Bool? = nil) {
            self.temperature = temperature
            self.systolicBP = systolicBP
            self.meanArterialPressure = meanArterialPressure
            self.spo2 = spo2
            self.hypotension = hypotension
        }
    }

    /// Haemodynamic and respiratory support in use at the time of the assessment.
    package struct Support: Sendable, Equatable {
        /// Running vasopressor infusions; empty means none, nil means unknown.
        package var vasopressors: [Vasopressor]?
        package var oxygen: Oxygen?

        package init(vasopressors: [Vasopressor]? = nil, oxygen: Oxygen? = nil) {
            self.vasopressors = vasopressors
            self.oxygen = oxygen
        }
    }

    /// Treatments given since the onset of CRS (batch mode grades one assessment alone).
    package struct Treatments: Sendable, Equatable {
        package var tocilizumab: Bool?
        package var corticosteroids: Bool?
        package var antipyretics: Bool?
        package var anakinra: Bool?

        package init(tocilizumab: Bool? = nil, corticosteroids: Bool? = nil, antipyretics: Bool? = nil, anakinra: Bool? = nil) {
            self.tocilizumab = tocilizumab
            self.corticosteroids = corticosteroids
            self.antipyretics = antipyretics
            self.anakinra = anakinra
        }
    }

    /// The outcome; `death` absent means the patient is alive.
    package struct Outcome: Sendable, Equatable {
        package var death: DeathCause?
        package init(death: DeathCause? = nil) { self.death = death }
    }
}

/// The principal cause of a death (ASTCT grade 5 needs the toxicity to be the principal cause).
package enum DeathCause: String, Sendable, CaseIterable {
    case crs, icans, hlh, other
}

/// A sign the clinician attributes to a cause other than the cell therapy.
package enum OtherCause: String, Sendable, CaseIterable {
    case fever, hypotension, hypoxia, consciousness, seizure, motorWeakness, cerebralEdema, ice
}
