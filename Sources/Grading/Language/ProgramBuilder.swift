import Clinical

/// Collects the instructions, grade slots and side tables of one file's ``ConditionProgram`` while its
/// conditions are compiled. A class, so that the compiler (a value passed around while a file
/// loads) adds to one program.
final class ProgramBuilder {
    private(set) var program = ConditionProgram()
    private var gradeSlotsByName: [String: Int32] = [:]
    private var referencedByID: [String: Int32] = [:]
    private var notesByID: [String: Int32] = [:]

    /// Appends an instruction; its number is the register of its answer.
    func emit(_ instruction: ConditionProgram.Instruction) -> Int32 {
        let index = Int32(program.instructions.count)
        program.instructions.append(instruction)
        let carries: Bool
        switch instruction {
        case .note: carries = true
        case .and(let first, let count), .or(let first, let count), .atLeast(_, let first, let count):
            carries = program.operands[Int(first)..<Int(first + count)].contains { program.carriesNotes[Int($0)] }
        default: carries = false  // `not` of a true answer is false, and false answers carry no notes
        }
        program.carriesNotes.append(carries)
        return index
    }

    /// Stores a list of operands; returns where it starts and its length.
    func operands(_ parts: [Int32]) -> (first: Int32, count: Int32) {
        let first = Int32(program.operands.count)
        program.operands += parts
        return (first, Int32(parts.count))
    }

    /// The slot of a grade read from another file (`uses`), one per name however often it is
    /// read, that file's program run once per assessment however many of its grades are read.
    func slot(grade name: String, _ source: GradeSource) -> Int32 {
        if let slot = gradeSlotsByName[name] { return slot }
        let file: Int32
        if let known = referencedByID[source.file.id] {
            file = known
        } else {
            file = Int32(program.referenced.count)
            program.referenced.append(ConditionProgram.ReferencedFile(id: source.file.id, program: source.file.program, tables: []))
            referencedByID[source.file.id] = file
        }
        let used = program.referenced[Int(file)]
        let table = Int32(used.tables.count)
        program.referenced[Int(file)] = ConditionProgram.ReferencedFile(id: used.id, program: used.program, tables: used.tables + [source.table])
        let slot = Int32(program.grades.count)
        program.grades.append(ConditionProgram.GradeSlot(file: file, table: table))
        gradeSlotsByName[name] = slot
        return slot
    }

    /// A condition that carries the interpretation note `id` when it holds.
    func note(_ inner: Int32, _ id: String) -> Int32 {
        emit(.note(inner, note: noteNumber(id)))
    }

    /// The number of interpretation note `id` among the program's notes, one per id.
    func noteNumber(_ id: String) -> Int32 {
        if let known = notesByID[id] { return known }
        let note = Int32(program.noteIDs.count)
        program.noteIDs.append(id)
        notesByID[id] = note
        return note
    }

    /// A comparison of a quantity with one threshold per unit given; `thresholds` is not empty.
    func quantityTest(_ dimension: Dimension, _ thresholds: [(unit: String, value: Double)]) -> Int32 {
        let units = dimension.units
        let first = Int32(program.thresholdsByUnit.count)
        for unit in units {
            program.thresholdsByUnit.append(thresholds.first { $0.unit == unit }?.value ?? .nan)
        }
        let fallback = Int32(units.firstIndex(of: thresholds[0].unit) ?? 0)
        program.quantityTests.append(ConditionProgram.QuantityTest(first: first, dimension: dimension,
                                                                   fallbackUnit: fallback, fallbackValue: thresholds[0].value))
        return Int32(program.quantityTests.count - 1)
    }
}
