import Clinical

extension ConditionProgram {
    /// Reads the grades of the files this one uses, evaluates every instruction in order over them
    /// and the subject's input values, and hands `body` the answers, by instruction number. Grades
    /// and answers live in temporary (stack) buffers.
    func run<R>(_ subject: Subject, _ body: (UnsafeBufferPointer<Truth>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: SlotValue.self, capacity: max(1, grades.count)) { grades in
            fillGrades(grades, from: subject)
            return withUnsafeTemporaryAllocation(of: Truth.self, capacity: max(1, instructions.count)) { answers in
                // The program's arrays are read through buffers taken once, not indexed (and
                // retained) instruction by instruction.
                instructions.withUnsafeBufferPointer { instructions in
                    operands.withUnsafeBufferPointer { operands in
                        evaluate(instructions, operands, UnsafeBufferPointer(subject.inputs), UnsafeBufferPointer(grades), into: answers)
                    }
                }
                return body(UnsafeBufferPointer(answers))
            }
        }
    }

    /// Reads the grades of each file read through `uses`, each such file run once however many of
    /// its grades are read.
    private func fillGrades(_ values: UnsafeMutableBufferPointer<SlotValue>, from subject: Subject) {
        for file in referenced.indices {
            let used = referenced[file]
            func read(_ answers: UnsafeBufferPointer<Truth>) {
                for index in grades.indices where grades[index].file == Int32(file) {
                    values.initializeElement(at: index, to: used.tables[Int(grades[index].table)].gradeReading(answers))
                }
            }
            if subject.withAnswers(of: used.id, read) == nil {
                used.program.run(subject) { answers in
                    subject.keep(answers, of: used.id)
                    read(answers)
                }
            }
        }
    }

    private func evaluate(_ instructions: UnsafeBufferPointer<Instruction>, _ operands: UnsafeBufferPointer<Int32>,
                          _ values: UnsafeBufferPointer<SlotValue>, _ grades: UnsafeBufferPointer<SlotValue>,
                          into answers: UnsafeMutableBufferPointer<Truth>) {
        for index in instructions.indices {
            let answer: Truth
            switch instructions[index] {
            case .bool(let slot):
                switch values[Int(slot)] {
                case .bool(let flag): answer = .of(flag)
                case .missing(let paths): answer = .unknown(paths)
                default: answer = .unknown(.empty)
                }
            case .not(let inner):
                answer = !answers[Int(inner)]
            case .and(let first, let count):
                var missing = PathSet.empty
                var no = false, unknown = false
                for part in UnsafeBufferPointer(rebasing: operands[Int(first)..<Int(first + count)]) {
                    let truth = answers[Int(part)]
                    switch truth.state {
                    case .no: no = true
                    case .unknown: unknown = true; missing.formUnion(truth.missing)
                    case .yes: break
                    }
                }
                answer = no ? .no : (unknown ? .unknown(missing) : .yes)
            case .or(let first, let count):
                var missing = PathSet.empty
                var yes = false, unknown = false
                for part in UnsafeBufferPointer(rebasing: operands[Int(first)..<Int(first + count)]) {
                    let truth = answers[Int(part)]
                    switch truth.state {
                    case .yes: yes = true
                    case .unknown: unknown = true; missing.formUnion(truth.missing)
                    case .no: break
                    }
                }
                answer = yes ? .yes : (unknown ? .unknown(missing) : .no)
            case .atLeast(let needed, let first, let count):
                var missing = PathSet.empty
                var yes: Int32 = 0, unknown: Int32 = 0
                for part in UnsafeBufferPointer(rebasing: operands[Int(first)..<Int(first + count)]) {
                    let truth = answers[Int(part)]
                    switch truth.state {
                    case .yes: yes += 1
                    case .unknown: unknown += 1; missing.formUnion(truth.missing)
                    case .no: break
                    }
                }
                answer = yes >= needed ? .yes : (yes + unknown < needed ? .no : .unknown(missing))
            case .word(let slot, let words, let expected):
                switch values[Int(slot)] {
                case .word(let position): answer = .of((position >= 0 && words >> UInt64(position) & 1 == 1) == expected)
                case .missing(let paths): answer = .unknown(paths)
                default: answer = .unknown(.empty)
                }
            case .number(let slot, let op, let threshold):
                answer = Self.compare(values[Int(slot)], op, threshold)
            case .grade(let slot, let op, let threshold):
                answer = Self.compare(grades[Int(slot)], op, threshold)
            case .quantity(let slot, let op, let test):
                answer = compare(values[Int(slot)], op, quantityTests[Int(test)])
            case .quantityPair(let left, let right, let op, let dimension):
                answer = Self.compare(values[Int(left)], op, values[Int(right)], dimension)
            case .note(let inner, _):
                answer = answers[Int(inner)]
            }
            answers.initializeElement(at: index, to: answer)
        }
    }

    /// A plain number, or a whole number known to lie in a range, against a threshold.
    private static func compare(_ value: SlotValue, _ op: ComparisonOperator, _ threshold: Double) -> Truth {
        switch value {
        case .number(let number): return .of(op.holds(number, threshold))
        case .missing(let paths): return .unknown(paths)
        case .range(let low, let high, let missing):
            // Every operator but == and != is monotonic: if it holds (or fails) at both ends of
            // the range, it holds (or fails) everywhere in it.
            switch op {
            case .equal, .notEqual:
                let inside = threshold >= low && threshold <= high
                if !inside { return .of(op == .notEqual) }
                return low == high ? .of(op == .equal) : .unknown(missing)
            default:
                let atLow = op.holds(low, threshold), atHigh = op.holds(high, threshold)
                if atLow && atHigh { return .yes }
                if !atLow && !atHigh { return .no }
                return .unknown(missing)
            }
        default: return .unknown(.empty)
        }
    }

    private func compare(_ value: SlotValue, _ op: ComparisonOperator, _ test: QuantityTest) -> Truth {
        switch value {
        case .quantity(let number, let unit):
            guard unit >= 0 else { return .unknown(.empty) }
            let direct = thresholdsByUnit[Int(test.first + unit)]
            if !direct.isNaN { return .of(op.holds(number, direct)) }
            guard let converted = test.dimension.convert(number, from: Int(unit), to: Int(test.fallbackUnit)) else { return .unknown(.empty) }
            return .of(op.holds(converted, test.fallbackValue))
        case .missing(let paths): return .unknown(paths)
        default: return .unknown(.empty)
        }
    }

    private static func compare(_ left: SlotValue, _ op: ComparisonOperator, _ right: SlotValue, _ dimension: Dimension) -> Truth {
        switch (left, right) {
        case let (.quantity(x, unitX), .quantity(y, unitY)):
            guard unitX >= 0, unitY >= 0, let yInX = dimension.convert(y, from: Int(unitY), to: Int(unitX)) else { return .unknown(.empty) }
            return .of(op.holds(x, yInX))
        case let (.missing(p), .missing(q)): return .unknown(p.union(q))
        case let (.missing(p), _), let (_, .missing(p)): return .unknown(p)
        default: return .unknown(.empty)
        }
    }

    /// Appends the interpretation notes a true answer rests on, in the order the conditions name
    /// them (duplicates kept; results list each once): a noted definition's own notes, then its
    /// note; every part of `and`; the first true part of `or`; the true parts of `k of`.
    func notes(of index: Int32, _ answers: UnsafeBufferPointer<Truth>, into notes: inout [String]) {
        var numbers: [Int32] = []
        self.notes(of: index, answers, into: &numbers)
        notes += numbers.map { noteIDs[Int($0)] }
    }

    /// The same notes by their number in ``noteIDs``.
    func notes(of index: Int32, _ answers: UnsafeBufferPointer<Truth>, into notes: inout [Int32]) {
        guard carriesNotes[Int(index)] else { return }
        switch instructions[Int(index)] {
        case .note(let inner, let note):
            self.notes(of: inner, answers, into: &notes)
            notes.append(note)
        case .and(let first, let count):
            for part in operands[Int(first)..<Int(first + count)] { self.notes(of: part, answers, into: &notes) }
        case .or(let first, let count):
            if let part = operands[Int(first)..<Int(first + count)].first(where: { answers[Int($0)].isYes }) {
                self.notes(of: part, answers, into: &notes)
            }
        case .atLeast(_, let first, let count):
            for part in operands[Int(first)..<Int(first + count)] where answers[Int(part)].isYes {
                self.notes(of: part, answers, into: &notes)
            }
        default:
            return
        }
    }
}
