import Clinical

/// A reference value of a lab that a criteria file compares a value with or divides it by: the
/// upper or lower limit of normal, or the patient's baseline.
///
/// Laboratory data sets give 0 as the lower limit of an analyte that has only an upper one
/// (triglycerides, ALT), so a limit of 0 is accepted as input, and rejected, naming the field,
/// only for a lab whose grade reads that limit: a multiple of 0 is undefined, and "below an LLN
/// of 0" is never true, which would pass as grade 0 (`CriteriaSet.checkReferenceLimits`).
struct ReferenceLimit: Hashable, Sendable {
    enum Kind: String, Sendable { case uln, lln, baseline }

    let analyte: Analyte
    let kind: Kind

    init(analyte: Analyte, kind: Kind) {
        self.analyte = analyte
        self.kind = kind
    }

    /// The limit an input name reads: `labs.anc.lln` and `labs.anc.xLLN` both read the LLN.
    init?(readBy name: String) {
        let parts = name.split(separator: ".")
        guard parts.count == 3, parts[0] == "labs", let analyte = Analyte(rawValue: String(parts[1])) else { return nil }
        switch parts[2] {
        case "uln", "xULN": kind = .uln
        case "lln", "xLLN": kind = .lln
        case "baseline", "xBaseline", "decreaseFromBaseline": kind = .baseline
        default: return nil
        }
        self.analyte = analyte
    }

    /// The limit's value in `result`.
    func value(in result: LabResult) -> Double? {
        switch kind {
        case .uln: result.uln
        case .lln: result.lln
        case .baseline: result.baseline
        }
    }

    /// The input path, such as `labs.anc.lln`.
    var field: FieldPath { FieldPath("labs.\(analyte.rawValue).\(kind.rawValue)") }
}

extension CriteriaSet {
    /// Rejects a reference limit or baseline of 0 that a file graded here (all, or those in `only`)
    /// reads, naming the field and the file; a limit of 0 no file reads is accepted.
    ///
    /// - Throws: ``InputError`` for the first such field, in analyte order.
    package func checkReferenceLimits(_ assessment: Assessment, only: Set<String>? = nil) throws {
        guard let labs = assessment.labs else { return }
        for analyte in Analyte.allCases {
            guard let result = labs[analyte] else { continue }
            for kind in [ReferenceLimit.Kind.uln, .lln, .baseline] {
                let limit = ReferenceLimit(analyte: analyte, kind: kind)
                // The files are looked through only for a limit of 0 (rare), not for every assessment.
                guard limit.value(in: result) == 0,
                      let file = files.first(where: { (only?.contains($0.id) ?? true) && $0.referenceLimitsRead.contains(limit) }) else { continue }
                let what = kind == .baseline ? "a baseline" : "a limit of normal"
                throw InputError(field: limit.field, message: "0 cannot be used: \(file.id) grades \(analyte.rawValue) against \(what); give the laboratory's value, or leave the field out")
            }
        }
    }
}
