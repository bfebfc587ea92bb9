import Clinical

/// A diagnostic criteria set: required criteria, and "at least k of n" further criteria
/// (HLH-2004: 5 of 8; CARTOX carHLH: ferritin plus 2 of 4), or an alternative that suffices alone.
struct CountSpec: Sendable {
    /// One named criterion of the set; its condition is an instruction of the file's program.
    final class Criterion: Sendable {
        let id: String
        let means: String
        let condition: Int32
        /// `id` as the batch output prints it, escaped once at load.
        let idJSON: [UInt8]
        init(id: String, means: String, condition: Int32) {
            self.id = id
            self.idJSON = OutputBytes.json(id)
            self.means = means
            self.condition = condition
        }
    }

    /// All of these must hold.
    let required: [Criterion]
    /// At least `metAt` of these must hold.
    let counted: [Criterion]
    /// How many of `counted` make the set met; nil when the file only lists features.
    let metAt: Int?
    /// Met on its own (HLH-2004: a molecular diagnosis).
    let alternative: Criterion?
}

/// Which criteria of a set hold for one assessment, and whether the set is met.
package struct CountOutcome: Sendable, Equatable {
    /// True or false when known; nil when the unknown criteria could still change the answer, or
    /// when the file lists features without a threshold.
    package var met: Bool?
    /// Whether the set decides `met` at all (false for a list of supporting features).
    package var decides: Bool
    /// Counted criteria that hold.
    package var count: Int
    /// Number of counted criteria.
    package var of: Int
    /// Ids of the criteria that hold, do not hold, and are unknown (required, counted, alternative).
    package var criteriaMet: [String]
    package var criteriaNotMet: [String]
    package var criteriaUnknown: [String]
    /// Inputs whose absence leaves `met` open (or leaves criteria unknown when there is no threshold).
    package var missing: [FieldPath]
    package var interpretations: [String]
}

extension CountSpec {
    func evaluate(_ answers: UnsafeBufferPointer<Truth>, of program: ConditionProgram) -> CountOutcome {
        var met: [String] = [], notMet: [String] = [], unknown: [String] = []
        var missing = PathSet.empty
        var notes: [String] = []
        func check(_ criterion: Criterion) -> Truth.State {
            let truth = answers[Int(criterion.condition)]
            switch truth.state {
            case .yes: met.append(criterion.id); program.notes(of: criterion.condition, answers, into: &notes)
            case .no: notMet.append(criterion.id)
            case .unknown: unknown.append(criterion.id); missing.formUnion(truth.missing)
            }
            return truth.state
        }
        var requiredNo = false, requiredUnknown = false
        for criterion in required {
            switch check(criterion) {
            case .no: requiredNo = true
            case .unknown: requiredUnknown = true
            case .yes: break
            }
        }
        var yes = 0, open = 0
        for criterion in counted {
            switch check(criterion) {
            case .yes: yes += 1
            case .unknown: open += 1
            case .no: break
            }
        }
        let alternativeState = alternative.map(check)

        let answer: Bool? = metAt.flatMap {
            CountOutcome.met(metAt: $0, yes: yes, open: open, requiredNo: requiredNo, requiredUnknown: requiredUnknown, alternative: alternativeState)
        }
        let uniqueNotes = notes.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return CountOutcome(met: answer, decides: metAt != nil, count: yes, of: counted.count, criteriaMet: met, criteriaNotMet: notMet,
                            criteriaUnknown: unknown, missing: answer == nil || metAt == nil ? missing.paths : [],
                            interpretations: uniqueNotes)
    }
}

extension CountOutcome {
    /// Whether a count is met, three-valued: every required criterion met and at least `metAt`
    /// counted ones — or the alternative met; not met when a required one or the count cannot be
    /// (however the open ones turn out) and the alternative is not met or absent; else unknown.
    /// One rule for the result values and for the bytes written straight from the answers.
    static func met(metAt: Int, yes: Int, open: Int, requiredNo: Bool, requiredUnknown: Bool, alternative: Truth.State?) -> Bool? {
        let requiredAnswer: Bool? = requiredNo ? false : (requiredUnknown ? nil : true)
        let countAnswer: Bool? = yes >= metAt ? true : (yes + open < metAt ? false : nil)
        let main: Bool? = requiredAnswer == false || countAnswer == false ? false : (requiredAnswer == true && countAnswer == true ? true : nil)
        switch (alternative, main) {
        case (.yes?, _), (_, true?): return true
        case (.no?, false?), (nil, false?): return false
        default: return nil
        }
    }
}
