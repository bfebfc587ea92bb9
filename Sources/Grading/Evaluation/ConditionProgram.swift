import Clinical

/// The conditions of one criteria file, compiled once at load into a flat program over numbered
/// input slots.
///
/// Each instruction computes one answer (a ``Truth``, a plain value) from input slots or from the
/// answers of earlier instructions, so the program runs as one loop over an array, writing a
/// buffer of answers, without allocating: a definition is computed once by its instruction and
/// read by number wherever it is named; a rule, criterion or score row is the number of the
/// instruction that answers it. Conditions are evaluated in Kleene logic (``Truth``).
struct ConditionProgram: Sendable {
    /// One step; the numbers are slots, instructions (registers) or positions in side tables.
    enum Instruction: Sendable {
        /// A yes/no input.
        case bool(slot: Int32)
        case not(Int32)
        /// `a and b and …` over `operands[first..<first+count]`: false if any part is false;
        /// otherwise unknown if any part is unknown.
        case and(first: Int32, count: Int32)
        /// `a or b or …`: true if any part is true; otherwise unknown if any part is unknown.
        case or(first: Int32, count: Int32)
        /// `k of [a, b, …]`: true once k parts hold; false once too few can still hold.
        case atLeast(Int32, first: Int32, count: Int32)
        /// A word of a closed vocabulary is (or is not) one of a set, as bits over the slot's words.
        case word(slot: Int32, words: UInt64, expected: Bool)
        /// A plain number against a threshold.
        case number(slot: Int32, ComparisonOperator, Double)
        /// A quantity against thresholds written per unit (``QuantityTest``).
        case quantity(slot: Int32, ComparisonOperator, test: Int32)
        /// Two quantities of one dimension, compared in the left one's unit.
        case quantityPair(left: Int32, right: Int32, ComparisonOperator)
        /// A definition or criterion with an interpretation note: the same answer as `inner`; when
        /// true, the note joins the notes it rests on (collected by ``notes(of:_:into:)``).
        case note(Int32, note: Int32)
    }

    /// Where a slot's value comes from.
    enum Slot: Sendable {
        /// A name of the vocabulary; `labels` are its units (a quantity) or words (a vocabulary),
        /// `labels[first..<first+count]`, read as their position.
        case input(@Sendable (Subject) -> Reading, dimension: Dimension?, first: Int32, count: Int32)
        /// The grade another file gives (`uses`): table `table` of `referenced[file]`.
        case grade(file: Int32, table: Int32)
    }

    /// A quantity compared in the unit it was entered in when the condition gives a threshold in
    /// that unit, otherwise converted into the first threshold's unit.
    struct QuantityTest: Sendable {
        /// Into `thresholdsByUnit`: one per unit of the dimension, NaN where none is written.
        let first: Int32
        let dimension: Dimension
        /// Into `labels`: the dimension's units.
        let labels: Int32
        /// The first threshold written, as the position of its unit, and its value.
        let fallbackUnit: Int32
        let fallbackValue: Double
    }

    /// A file read through `uses`, with the grade tables its grades come from.
    struct ReferencedFile: Sendable {
        let id: String
        let program: ConditionProgram
        let tables: [GradeTable]
    }

    var instructions: [Instruction] = []
    var operands: [Int32] = []
    var slots: [Slot] = []
    var labels: [String] = []
    var quantityTests: [QuantityTest] = []
    var thresholdsByUnit: [Double] = []
    var referenced: [ReferencedFile] = []
    /// Per instruction: whether a note can be reached from it, so collecting notes skips the rest.
    var carriesNotes: [Bool] = []
    /// Interpretation ids, by the number `note` instructions carry.
    var noteIDs: [String] = []
}

/// The value of one slot for one assessment: a plain value, words and units by position.
enum SlotValue: Sendable {
    case bool(Bool)
    case number(Double)
    /// A quantity; `unit` is the position of its unit among the dimension's, -1 if none.
    case quantity(Double, unit: Int32)
    /// A word, by position among the slot's words, -1 if none.
    case word(Int32)
    case missing(PathSet)
    case range(low: Double, high: Double, missing: PathSet)
}
