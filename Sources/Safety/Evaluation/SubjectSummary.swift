import Clinical

/// One subject as the protocol sees them at the evaluation time.
package struct SubjectSummary: Sendable, Equatable {
    package let patient: String
    package let cohort: String?
    package let enrolled: ClinicalTime?
    /// Day 0; nil when not (yet) infused.
    package let infusion: ClinicalTime?
    package let product: String?
    package let dose: String?
    /// The study day at the evaluation time.
    package let studyDay: Int?
    /// The first instant after the DLT window (study day window + 1).
    package let dltWindowEnd: ClinicalTime?
    /// The worst grade per criteria id (and term) in the DLT window, overrides and corrections applied.
    package let worstInDLTWindow: [GradeKey: Int]
    /// The worst grade per criteria id (and term) from infusion on, whatever the window.
    package let worstOverall: [GradeKey: Int]
    /// CRS and ICANS episodes (the protocol's episode criteria), in onset order.
    package let episodes: [Episode]
    /// Per toxicity id the subject meets, the clinical time it was first met.
    package let toxicities: [String: ClinicalTime]
    /// The first dose-limiting toxicity: a toxicity the protocol lists under `dlt`, met inside the
    /// DLT window; nil when there is none.
    package let firstDLT: ClinicalTime?
    package let evaluability: Evaluability
    package let death: Death?
    package let manufacturingFailure: ManufacturingFailure?
    /// Why the subject was not treated; nil when infused or still waiting.
    package let notTreated: NotTreatedReason?
    /// The latest standing assessment.
    package let lastAssessment: ClinicalTime?
    /// When the next assessment is due while the subject is in the DLT window; nil otherwise.
    package let nextAssessmentDue: ClinicalTime?
    /// The next assessment is due before the evaluation time.
    package let assessmentOverdue: Bool
    /// The end of long-term follow-up (infusion + the product class's horizon).
    package let followUpEnds: ClinicalTime?

    /// Whether the subject counts as evaluable for the DLT rules.
    package var isEvaluable: Bool { if case .evaluable = evaluability { true } else { false } }

    /// The instant the subject became evaluable.
    package var evaluableAt: ClinicalTime? { if case .evaluable(let at, _) = evaluability { at } else { nil } }

    /// A death, with its cause as recorded.
    package struct Death: Sendable, Equatable {
        package let time: ClinicalTime
        package let cause: String?
    }

    /// A product that could not be made or given, and whether the subject is replaced.
    package struct ManufacturingFailure: Sendable, Equatable {
        package let reason: String
        package let replaced: Bool?
    }
}

/// Whether a subject counts for the DLT rules, and why.
///
/// Evaluable (aegrade's definition, for `count … ofFirst` and continuous monitoring): infused, and
/// either a dose-limiting toxicity has occurred (evaluable from that moment), or the DLT window has
/// ended (from the first instant of study day window + 1) with the subject alive throughout it.
/// A subject who died inside the window without a DLT did not complete the observation and is not
/// evaluable (list death as a DLT toxicity to count it).
package enum Evaluability: Sendable, Equatable {
    case evaluable(at: ClinicalTime, because: EvaluableBecause)
    case notInfused
    /// In the DLT window, no DLT yet; evaluable at `until` if nothing else happens.
    case inDLTWindow(until: ClinicalTime)
    /// Died on `day` inside the window without a DLT.
    case diedInDLTWindowWithoutDLT(day: Int)

    package enum EvaluableBecause: String, Sendable, Equatable {
        case dlt, windowCompleted
    }

    /// A short phrase for tables and JSON (`evaluable`, `notInfused`, ...).
    package var name: String {
        switch self {
        case .evaluable: "evaluable"
        case .notInfused: "notInfused"
        case .inDLTWindow: "inDLTWindow"
        case .diedInDLTWindowWithoutDLT: "diedInDLTWindowWithoutDLT"
        }
    }
}

/// Why an enrolled subject did not receive the product (CDE 2021 guideline II.(一).3).
package enum NotTreatedReason: Sendable, Equatable, Hashable {
    /// The product could not be manufactured or given; the reason as recorded.
    case manufacturingFailure(String)
    /// The subject died before infusion (deterioration while waiting); the cause as recorded.
    case diedBeforeInfusion(String?)

    /// One line: `manufacturing failure: …`, `died before infusion: …`.
    package var text: String {
        switch self {
        case .manufacturingFailure(let reason): "manufacturing failure: \(reason)"
        case .diedBeforeInfusion(let cause): "died before infusion" + (cause.map { ": \($0)" } ?? "")
        }
    }
}
