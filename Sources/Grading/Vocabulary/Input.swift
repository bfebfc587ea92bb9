import Clinical

/// The number of every name of the vocabulary: its place in the array of input values a thread
/// fills once per assessment (``InputValues``) and every criteria file's program reads by number.
/// A name is resolved to its number once, when a file is compiled; grading looks nothing up by name.
///
/// The numbers: the names below in their order, then eight per analyte (in `Analyte.allCases`
/// order), one per organ toxicity term, one per treatment and one per cause of `otherCause`.
enum Input {
    /// The names that are not one of a family.
    enum Named: Int32, CaseIterable {
        case ageYears, daysSinceInfusion, developmentalDelay, immunosuppressed
        case temperature, hypotension, systolicBP, spo2
        case oxygenDevice, oxygenFlow, fio2, vasopressorsExcludingVasopressin, vasopressorsIncludingVasopressin, vasopressinActive
        case iceTotal, iceUnable, capdTotal, capdUnable, consciousness, seizure, motorWeakness, cerebralEdema
        case posturing, cranialNerveVIPalsy, papilledema, cushingsTriad
        case triglyceridesFasting, fastingTriglycerides, cytopeniaLineagesHLH2004, cytopeniaLineagesHScore, nkActivity
        case splenomegaly, hepatomegaly, molecularHLHDiagnosis, hemophagocytosis, lifeThreatening
        case death
    }

    /// The names of one analyte (`labs.alt`, `labs.alt.uln`, …, `labs.alt.decreaseFromBaseline`).
    enum LabName: Int32, CaseIterable {
        case value, uln, lln, baseline, xULN, xLLN, xBaseline, decreaseFromBaseline
    }

    /// The treatments given since the onset of CRS, in the order of their numbers.
    enum Treatment: Int32, CaseIterable {
        case tocilizumab, corticosteroids, antipyretics, anakinra
    }

    /// The families' members in the order of their numbers (`allCases` makes a new array at every call).
    static let analytes = Array(Analyte.allCases)
    static let organToxicityTerms = Array(OrganToxicityTerm.allCases)
    static let otherCauses = Array(OtherCause.allCases)

    static let namedCount = Int32(Named.allCases.count)
    static let labCount = Int32(LabName.allCases.count)
    static let firstLab = namedCount
    static let firstOrganToxicity = firstLab + Int32(analytes.count) * labCount
    static let firstTreatment = firstOrganToxicity + Int32(organToxicityTerms.count)
    static let firstOtherCause = firstTreatment + Int32(Treatment.allCases.count)
    /// How many numbered names there are.
    static let count = Int(firstOtherCause) + otherCauses.count

    static func named(_ name: Named) -> Int32 { name.rawValue }

    /// `name` of the analyte at `index` of ``analytes``.
    static func lab(_ index: Int, _ name: LabName) -> Int32 { firstLab + Int32(index) * labCount + name.rawValue }

    static func lab(_ analyte: Analyte, _ name: LabName) -> Int32 {
        lab(analytes.firstIndex(of: analyte) ?? 0, name)
    }

    static func organToxicity(_ term: OrganToxicityTerm) -> Int32 {
        firstOrganToxicity + Int32(organToxicityTerms.firstIndex(of: term) ?? 0)
    }

    static func treatment(_ treatment: Treatment) -> Int32 { firstTreatment + treatment.rawValue }

    static func otherCause(_ cause: OtherCause) -> Int32 {
        firstOtherCause + Int32(otherCauses.firstIndex(of: cause) ?? 0)
    }
}
