/// A trial's safety protocol: what counts as a toxicity, the DLT window, and the stopping rules that
/// pause enrolment or dosing (CDE 2021 guideline for immune cell therapy trials, II.(一).2.(4)).
///
/// Loaded from a YAML file (``load(bytes:name:criteria:)``); `Examples/protocol.yaml` shows every key
/// but the dose-finding section, which `Examples/protocol-boin.yaml` shows.
/// The stopping boundaries of monitoring rules are computed once, at load.
package struct TrialProtocol: Sendable {
    /// The trial's id as the sponsor writes it (`CART-CD19-2026-01`).
    package let trial: String
    /// The trial's title, when the file gives one.
    package let title: String?
    package let productClass: ProductClass
    /// The dose-limiting-toxicity window: study days 0 (infusion) to `dltWindowDays` inclusive.
    package let dltWindowDays: Int
    /// An infused subject inside the DLT window with no assessment for this many hours is overdue.
    package let assessmentIntervalHours: Int
    /// The toxicity definitions, in file order.
    package let toxicities: [ToxicityDefinition]
    /// The ids of the toxicities that are dose-limiting: one makes a subject evaluable at once.
    package let dltToxicities: [String]
    /// Criteria ids whose grades form episodes (onset, peak, resolution): CRS and ICANS.
    package let episodeCriteria: [String]
    /// The rules, in file order.
    package let rules: [SafetyRule]
    /// The dose-finding section (dose levels and design), when the protocol has one.
    package let doseFinding: DoseFindingPlan?

    /// After this many seconds without a key the bedside board locks and asks both components of
    /// the sign-in again (21 CFR 11.200(a)(1)(ii): a session that is not continuous). `boardIdleLock`
    /// in the file, a duration such as `10m`; ``defaultIdleLockSeconds`` when absent.
    package let idleLockSeconds: Int

    package init(trial: String, title: String? = nil, productClass: ProductClass, dltWindowDays: Int, assessmentIntervalHours: Int,
                 toxicities: [ToxicityDefinition], dltToxicities: [String], episodeCriteria: [String], rules: [SafetyRule],
                doseFinding: DoseFindingPlan? = nil, idleLockSeconds: Int = TrialProtocol.defaultIdleLockSeconds) {
        self.trial = trial
        self.title = title
        self.productClass = productClass
        self.dltWindowDays = dltWindowDays
        self.assessmentIntervalHours = assessmentIntervalHours
        self.toxicities = toxicities
        self.dltToxicities = dltToxicities
        self.episodeCriteria = episodeCriteria
        self.rules = rules
        self.doseFinding = doseFinding
        self.idleLockSeconds = idleLockSeconds
    }

    /// The board's idle lock when the protocol sets none: 10 minutes.
    package static let defaultIdleLockSeconds = 600
    /// The shortest and longest idle lock a protocol may set (a few seconds serve tests).
    package static let idleLockRange = 1...3600

    /// The toxicity definition with `id`.
    package func toxicity(_ id: String) -> ToxicityDefinition? { toxicities.first { $0.id == id } }

    /// The criteria ids episodes are built for when the protocol names none.
    package static let defaultEpisodeCriteria = ["astct-2019-crs", "astct-2019-icans"]
}

/// The kind of product, which sets the long-term follow-up horizon (CDE 2021 guideline III.(一)).
package enum ProductClass: String, Sendable, CaseIterable {
    /// No foreign gene, no change to survival or differentiation: at least 1 year.
    case noForeignGene
    /// A foreign gene without integration (or low integration/recombination risk): at least 5 years.
    case nonIntegratingVector
    /// An integrating vector, or a recombination risk: at least 15 years.
    case integratingVector

    /// The minimum long-term follow-up after infusion, in years.
    package var followUpYears: Int {
        switch self {
        case .noForeignGene: 1
        case .nonIntegratingVector: 5
        case .integratingVector: 15
        }
    }
}
