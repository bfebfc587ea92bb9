import Clinical

/// The conditions of one criteria file, compiled once at load into a flat program over numbered
/// inputs: the names of the vocabulary by their number (``Input``), read from the array of input
/// values a thread fills once per assessment (``InputValues``), and the grades of the files it
/// uses, by their slot.
///
/// Each instruction computes one answer (a ``Truth``, a plain value) from input slots or from the
/// answers of earlier instructions, so the program runs as one loop over an array, writing a
/// buffer of answers, without allocating: a definition is computed once by its instruction and
/// read by number wherever it is named; a rule, criterion or score row is the number of the
/// instruction that answers it. Conditions are evaluated in Kleene logic (``Truth``).
struct ConditionProgram: Sendable {
    /// One step; the numbers are inputs, grade slots, instructions (registers) or positions in side tables.
    enum Instruction: Sendable {
        /// A yes/no input.
        case bool(input: Int32)
        case not(Int32)
        /// `a and b and …` over `operands[first..<first+count]`: false if any part is false;
        /// otherwise unknown if any part is unknown.
        case and(first: Int32, count: Int32)
        /// `a or b or …`: true if any part is true; otherwise unknown if any part is unknown.
        case or(first: Int32, count: Int32)
        /// `k of [a, b, …]`: true once k parts hold; false once too few can still hold.
        case atLeast(Int32, first: Int32, count: Int32)
        /// A word of a closed vocabulary is (or is not) one of a set, as bits over the name's words.
        case word(input: Int32, words: UInt64, expected: Bool)
        /// A plain number against a threshold.
        case number(input: Int32, ComparisonOperator, Double)
        /// The grade of a file this one uses (`uses`), by its slot, against a threshold.
        case grade(slot: Int32, ComparisonOperator, Double)
        /// A quantity against thresholds written per unit (``QuantityTest``).
        case quantity(input: Int32, ComparisonOperator, test: Int32)
        /// Two quantities of one dimension, compared in the left one's unit.
        case quantityPair(left: Int32, right: Int32, ComparisonOperator, Dimension)
        /// A definition or criterion with an interpretation note: the same answer as `inner`; when
        /// true, the note joins the notes it rests on (collected by ``notes(of:_:into:)``).
        case note(Int32, note: Int32)
    }

    /// A grade another file gives (`uses`): table `table` of `referenced[file]`.
    struct GradeSlot: Sendable {
        let file: Int32
        let table: Int32
    }

    /// A quantity compared in the unit it was entered in when the condition gives a threshold in
    /// that unit, otherwise converted into the first threshold's unit.
    struct QuantityTest: Sendable {
        /// Into `thresholdsByUnit`: one per unit of the dimension, NaN where none is written.
        let first: Int32
        let dimension: Dimension
        /// The first threshold written, as the position of its unit among the dimension's, and its value.
        let fallbackUnit: Int32
        let fallbackValue: Double
    }

    /// A file read through `uses`, with the grade tables its grades come from. A class, so that
    /// running the program reads it without copying the file's program and tables.
    final class ReferencedFile: Sendable {
        let id: String
        let program: ConditionProgram
        let tables: [GradeTable]

        init(id: String, program: ConditionProgram, tables: [GradeTable]) {
            self.id = id
            self.program = program
            self.tables = tables
        }
    }

    var instructions: [Instruction] = []
    var operands: [Int32] = []
    var grades: [GradeSlot] = []
    var quantityTests: [QuantityTest] = []
    var thresholdsByUnit: [Double] = []
    var referenced: [ReferencedFile] = []
    /// Per instruction: whether a note can be reached from it, so collecting notes skips the rest.
    var carriesNotes: [Bool] = []
    /// Interpretation ids, by the number `note` instructions carry.
    var noteIDs: [String] = []
}
