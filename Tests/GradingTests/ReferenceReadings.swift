import Clinical
@testable import Grading

/// What a name reads, words and units as text, missing inputs as a list of paths.
enum ReferenceReading: Equatable {
    case bool(Bool), number(Double), quantity(Double, String), word(String), missing([FieldPath])
    case range(Double, Double, [FieldPath])
}

/// The plain reading of every name of the vocabulary from an assessment, one closure per name,
/// words and units as their spelling: what grading did before the names were numbered and read
/// into one array per assessment (``InputValues``), kept here as the reference that reading must
/// agree with.
enum ReferenceReadings {
    static func reading(_ name: String, _ a: Assessment) -> ReferenceReading? {
        readers[name]?(a)
    }

    private static func bool(_ value: Bool?, _ path: FieldPath) -> ReferenceReading { value.map { .bool($0) } ?? .missing([path]) }
    private static func number(_ value: Double?, _ path: FieldPath) -> ReferenceReading { value.map { .number($0) } ?? .missing([path]) }
    private static func word<W: RawRepresentable>(_ value: W?, _ path: FieldPath) -> ReferenceReading where W.RawValue == String {
        value.map { .word($0.rawValue) } ?? .missing([path])
    }

    private static let readers: [String: @Sendable (Assessment) -> ReferenceReading] = {
        var all: [String: @Sendable (Assessment) -> ReferenceReading] = [
            "patient.ageYears": { number($0.patient.ageYears, "patient.ageYears") },
            "patient.daysSinceInfusion": { number($0.daysSinceInfusion, "patient.infusionTime") },
            "patient.developmentalDelay": { .bool($0.patient.developmentalDelay ?? false) },
            "patient.immunosuppressed": { bool($0.patient.immunosuppressed, "patient.immunosuppressed") },
            "vitals.temperature": {
                guard let t = $0.vitals?.temperature else { return .missing(["vitals.temperature"]) }
                return .quantity(t.value, t.unit.rawValue)
            },
            "vitals.hypotension": { bool($0.vitals?.hypotension, "vitals.hypotension") },
            "vitals.systolicBP": { number($0.vitals?.systolicBP, "vitals.systolicBP") },
            "vitals.spo2": { number($0.vitals?.spo2, "vitals.spo2") },
            "support.oxygen.device": { word($0.support?.oxygen?.device, "support.oxygen") },
            "support.oxygen.flowLPerMin": {
                guard let oxygen = $0.support?.oxygen else { return .missing(["support.oxygen"]) }
                return number(oxygen.flowLPerMin, "support.oxygen.flowLPerMin")
            },
            "support.oxygen.fio2": {
                guard let oxygen = $0.support?.oxygen else { return .missing(["support.oxygen"]) }
                return number(oxygen.fio2, "support.oxygen.fio2")
            },
            "support.vasopressors.countExcludingVasopressin": {
                guard let list = $0.support?.vasopressors else { return .missing(["support.vasopressors"]) }
                return .number(Double(Set(list.filter { $0.drug != .vasopressin && $0.drug != .other }.map(\.drug)).count
                                      + list.filter { $0.drug == .other }.count))
            },
            "support.vasopressors.countIncludingVasopressin": {
                guard let list = $0.support?.vasopressors else { return .missing(["support.vasopressors"]) }
                return .number(Double(Set(list.filter { $0.drug != .other }.map(\.drug)).count + list.filter { $0.drug == .other }.count))
            },
            "support.vasopressors.vasopressinActive": {
                guard let list = $0.support?.vasopressors else { return .missing(["support.vasopressors"]) }
                return .bool(list.contains { $0.drug == .vasopressin })
            },
            "neuro.ice.total": {
                guard let ice = $0.neuro?.ice else { return .missing(["neuro.ice"]) }
                switch ice {
                case .unable(.unarousable), .unable(.awakeAphasic): return .number(0)
                case .unable(.other): return .missing(["neuro.ice"])
                case let .items(o, n, c, w, a): return .number(Double(o + n + c + w + a))
                case .total(let total): return .number(Double(total))
                }
            },
            "neuro.ice.unable": {
                guard let ice = $0.neuro?.ice else { return .missing(["neuro.ice"]) }
                if case .unable(let reason) = ice { return .word(reason.rawValue) }
                return .word("none")
            },
            "neuro.capd.total": {
                guard let capd = $0.neuro?.capd else { return .missing(["neuro.capd"]) }
                return capd.total.map { .number(Double($0)) } ?? .missing(["neuro.capd"])
            },
            "neuro.capd.unable": {
                guard let capd = $0.neuro?.capd else { return .missing(["neuro.capd"]) }
                return .bool(capd == .unable)
            },
            "neuro.consciousness": { word($0.neuro?.consciousness, "neuro.consciousness") },
            "neuro.seizure": { word($0.neuro?.seizure, "neuro.seizure") },
            "neuro.motorWeakness": { word($0.neuro?.motorWeakness, "neuro.motorWeakness") },
            "neuro.cerebralEdema": { word($0.neuro?.cerebralEdema, "neuro.cerebralEdema") },
            "neuro.posturing": { bool($0.neuro?.posturing, "neuro.posturing") },
            "neuro.cranialNerveVIPalsy": { bool($0.neuro?.cranialNerveVIPalsy, "neuro.cranialNerveVIPalsy") },
            "neuro.papilledema": { bool($0.neuro?.papilledema, "neuro.papilledema") },
            "neuro.cushingsTriad": { bool($0.neuro?.cushingsTriad, "neuro.cushingsTriad") },
            "labs.triglycerides.fasting": {
                guard let result = $0.labs?[.triglycerides] else { return .missing(["labs.triglycerides"]) }
                return bool(result.fasting, "labs.triglycerides.fasting")
            },
            "labs.fastingTriglycerides": {
                guard let result = $0.labs?[.triglycerides] else { return .missing(["labs.triglycerides"]) }
                guard result.fasting == true else { return .missing(["labs.triglycerides.fasting"]) }
                return .quantity(result.value, result.unit.rawValue)
            },
            "labs.cytopeniaLineagesHLH2004": { lineages($0.cytopeniaLineagesHLH2004) },
            "labs.cytopeniaLineagesHScore": { lineages($0.cytopeniaLineagesHScore) },
            "labs.nkActivity": { word($0.labs?.nkActivity, "labs.nkActivity") },
            "findings.splenomegaly": { bool($0.findings?.splenomegaly, "findings.splenomegaly") },
            "findings.hepatomegaly": { bool($0.findings?.hepatomegaly, "findings.hepatomegaly") },
            "findings.molecularHLHDiagnosis": { .bool($0.findings?.molecularHLHDiagnosis ?? false) },
            "findings.hemophagocytosis": { word($0.findings?.hemophagocytosis, "findings.hemophagocytosis") },
            "findings.lifeThreatening": { bool($0.findings?.lifeThreatening, "findings.lifeThreatening") },
            "treatments.tocilizumab": { bool($0.treatments?.tocilizumab, "treatments.tocilizumab") },
            "treatments.corticosteroids": { bool($0.treatments?.corticosteroids, "treatments.corticosteroids") },
            "treatments.antipyretics": { bool($0.treatments?.antipyretics, "treatments.antipyretics") },
            "treatments.anakinra": { bool($0.treatments?.anakinra, "treatments.anakinra") },
            "outcome.death": { .word($0.outcome?.death?.rawValue ?? "none") },
        ]
        for term in OrganToxicityTerm.allCases {
            let path = FieldPath("findings.organToxicity.\(term.rawValue)")
            all[path.text] = { number($0.findings?.organToxicity?[term].map(Double.init), path) }
        }
        for cause in OtherCause.allCases {
            all["otherCause.\(cause.rawValue)"] = { .bool($0.otherCause?.contains(cause) ?? false) }
        }
        for analyte in Analyte.allCases {
            let base = FieldPath("labs.\(analyte.rawValue)")
            func lab(_ read: @escaping @Sendable (LabResult) -> ReferenceReading) -> @Sendable (Assessment) -> ReferenceReading {
                { a in a.labs?[analyte].map(read) ?? .missing([base]) }
            }
            // A limit of 0 stands for none: missing, never a limit nothing falls below.
            func limit(_ name: String, _ pick: @escaping @Sendable (LabResult) -> Double?) -> @Sendable (Assessment) -> ReferenceReading {
                lab { result in
                    guard let value = pick(result), value != 0 else { return .missing([base.appending(name)]) }
                    return .quantity(value, result.unit.rawValue)
                }
            }
            func ratio(_ source: String, _ pick: @escaping @Sendable (LabResult) -> Double?) -> @Sendable (Assessment) -> ReferenceReading {
                lab { number(pick($0), base.appending(source)) }
            }
            all[base.text] = lab { .quantity($0.value, $0.unit.rawValue) }
            all["\(base.text).uln"] = limit("uln") { $0.uln }
            all["\(base.text).lln"] = limit("lln") { $0.lln }
            all["\(base.text).baseline"] = limit("baseline") { $0.baseline }
            all["\(base.text).xULN"] = ratio("uln") { $0.timesULN }
            all["\(base.text).xLLN"] = ratio("lln") { $0.timesLLN }
            all["\(base.text).xBaseline"] = ratio("baseline") { $0.timesBaseline }
            all["\(base.text).decreaseFromBaseline"] = ratio("baseline") { $0.decreaseFromBaseline }
        }
        return all
    }()

    private static func lineages(_ count: LineageCount) -> ReferenceReading {
        count.isKnown ? .number(Double(count.low)) : .range(Double(count.low), Double(count.high), count.missing.sorted())
    }

    /// The names this reference reads: every name of the vocabulary, so a name added to one and not
    /// the other fails the comparison.
    static var names: Set<String> { Set(readers.keys) }
}
