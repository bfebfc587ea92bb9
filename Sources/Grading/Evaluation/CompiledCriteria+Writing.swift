import Clinical

/// What one thread reuses from one assessment to the next while it writes results: the subject
/// (with the storage of the answers kept for `uses`) and the interpretation notes being
/// collected, by number. Grading a batch makes no result values
/// (``CriteriaResult``) and no arrays of strings per assessment.
package struct GradingScratch {
    var notes: [Int32] = []
    private var reused: Subject?

    package init() {}

    /// The subject of `assessment`: one object for every assessment, its kept answers dropped.
    mutating func subject(_ assessment: Assessment) -> Subject {
        if let reused {
            reused.reset(assessment)
            return reused
        }
        let subject = Subject(assessment)
        reused = subject
        return subject
    }
}

extension CriteriaSet {
    /// Writes the results of every file (or those named in `only`), in id order, as the
    /// `results` array of the batch output prints them (without the brackets): the same bytes as
    /// ``CriteriaResult/write(into:)`` of each of ``evaluate(_:only:)``'s results, written
    /// straight from the answers of each file's program.
    package func writeResults(_ assessment: Assessment, only: Set<String>? = nil, scratch: inout GradingScratch,
                              into out: inout [UInt8]) {
        let subject = scratch.subject(assessment)
        var first = true
        for index in files.indices where only?.contains(files[index].id) ?? true {
            files[index].compiled.write(subject, keep: used[index], first: &first, scratch: &scratch, into: &out)
        }
    }
}

extension CompiledCriteria {
    /// Runs the file's program once (or takes the answers kept when another file read its grades)
    /// and writes its results, each preceded by a comma unless `first`.
    func write(_ subject: Subject, keep: Bool, first: inout Bool, scratch: inout GradingScratch, into out: inout [UInt8]) {
        // The subject is handed on, not its assessment: a copy of the assessment per file was
        // a retain and a release of each of its parts.
        if subject.withAnswers(of: id, { write($0, subject, first: &first, scratch: &scratch, into: &out) }) == nil {
            program.run(subject) { answers in
                if keep { subject.keep(answers, of: id) }
                write(answers, subject, first: &first, scratch: &scratch, into: &out)
            }
        }
    }

    private func write(_ answers: UnsafeBufferPointer<Truth>, _ subject: Subject, first: inout Bool,
                       scratch: inout GradingScratch, into out: inout [UInt8]) {
        func open(_ prefix: [UInt8]) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(contentsOf: prefix)
        }
        switch logic {
        case .grading(let table):
            open(prefix)
            writeGrade(table, answers, notes: &scratch.notes, into: &out)
        case .terms(let terms):
            for index in terms.indices where subject.hasLab(terms[index].analyte) {
                open(termPrefixes[index])
                writeGrade(terms[index].table, answers, notes: &scratch.notes, into: &out)
            }
        case .criteriaSet(let spec):
            open(prefix)
            writeCriteriaSet(spec, answers, notes: &scratch.notes, into: &out)
        case .score(let spec):
            open(prefix)
            writeScore(spec, answers, into: &out)
        }
    }

    /// A grade's fields and the closing brace, as ``GradeTable/evaluate(_:of:)`` decides them.
    private func writeGrade(_ table: GradeTable, _ answers: UnsafeBufferPointer<Truth>, notes: inout [Int32], into out: inout [UInt8]) {
        let (proven, possible) = table.bounds(answers)
        notes.removeAll(keepingCapacity: true)
        OutputBytes.raw(",\"grade\":", into: &out)
        if proven == possible { OutputBytes.whole(Int64(proven), into: &out) } else { OutputBytes.raw("null", into: &out) }
        if proven != possible && proven > 0 {
            OutputBytes.raw(",\"atLeast\":", into: &out)
            OutputBytes.whole(Int64(proven), into: &out)
        }
        if proven == 0 {
            // Grades are 1–5, so no rule holds at grade 0 and no notes are collected.
            if proven == possible { OutputBytes.raw(",\"reasons\":[\"no grading criterion met\"]", into: &out) }
        } else {
            OutputBytes.raw(",\"reasons\":[", into: &out)
            var firstReason = true
            for rule in table.rules where rule.grade == proven && answers[Int(rule.condition)].isYes {
                if !firstReason { out.append(UInt8(ascii: ",")) }
                firstReason = false
                out.append(contentsOf: rule.reasonJSON)
                program.notes(of: rule.condition, answers, into: &notes)
                if let note = rule.interpretationNote { notes.append(note) }
            }
            out.append(UInt8(ascii: "]"))
        }
        if proven != possible {
            OutputBytes.raw(",\"missing\":", into: &out)
            table.missing(answers, above: proven).writeJSON(into: &out)
        }
        writeNotes(notes, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// A criteria set's fields and the closing brace, as ``CountSpec/evaluate(_:of:)`` decides them.
    private func writeCriteriaSet(_ spec: CountSpec, _ answers: UnsafeBufferPointer<Truth>, notes: inout [Int32], into out: inout [UInt8]) {
        notes.removeAll(keepingCapacity: true)
        func state(_ criterion: CountSpec.Criterion) -> Truth.State { answers[Int(criterion.condition)].state }
        var missing = PathSet.empty
        var requiredNo = false, requiredUnknown = false
        for criterion in spec.required {
            let truth = answers[Int(criterion.condition)]
            switch truth.state {
            case .no: requiredNo = true
            case .unknown: requiredUnknown = true; missing.formUnion(truth.missing)
            case .yes: break
            }
        }
        var yes = 0, open = 0
        for criterion in spec.counted {
            let truth = answers[Int(criterion.condition)]
            switch truth.state {
            case .yes: yes += 1
            case .unknown: open += 1; missing.formUnion(truth.missing)
            case .no: break
            }
        }
        let alternativeState = spec.alternative.map(state)
        if let alternative = spec.alternative, alternativeState == .unknown {
            missing.formUnion(answers[Int(alternative.condition)].missing)
        }
        var answer: Bool?
        if let metAt = spec.metAt {
            answer = CountOutcome.met(metAt: metAt, yes: yes, open: open, requiredNo: requiredNo, requiredUnknown: requiredUnknown,
                                      alternative: alternativeState)
            OutputBytes.raw(",\"met\":", into: &out)
            if let answer { answer ? OutputBytes.raw("true", into: &out) : OutputBytes.raw("false", into: &out) } else { OutputBytes.raw("null", into: &out) }
        }
        OutputBytes.raw(",\"count\":", into: &out)
        OutputBytes.whole(Int64(yes), into: &out)
        OutputBytes.raw(",\"of\":", into: &out)
        OutputBytes.whole(Int64(spec.counted.count), into: &out)
        // The criteria in the order they are checked: required, counted, the alternative.
        func ids(_ wanted: Truth.State) {
            out.append(UInt8(ascii: "["))
            var firstID = true
            func add(_ criterion: CountSpec.Criterion) {
                guard state(criterion) == wanted else { return }
                if !firstID { out.append(UInt8(ascii: ",")) }
                firstID = false
                out.append(contentsOf: criterion.idJSON)
                if wanted == .yes { program.notes(of: criterion.condition, answers, into: &notes) }
            }
            for criterion in spec.required { add(criterion) }
            for criterion in spec.counted { add(criterion) }
            if let alternative = spec.alternative { add(alternative) }
            out.append(UInt8(ascii: "]"))
        }
        OutputBytes.raw(",\"criteriaMet\":", into: &out); ids(.yes)
        OutputBytes.raw(",\"criteriaNotMet\":", into: &out); ids(.no)
        OutputBytes.raw(",\"criteriaUnknown\":", into: &out); ids(.unknown)
        let shown = answer == nil || spec.metAt == nil ? missing : .empty
        if !shown.isEmpty || (spec.metAt != nil && answer == nil) {
            OutputBytes.raw(",\"missing\":", into: &out)
            shown.writeJSON(into: &out)
        }
        writeNotes(notes, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    /// A score's fields and the closing brace, as ``ScoreSpec/evaluate(_:)`` decides them.
    private func writeScore(_ spec: ScoreSpec, _ answers: UnsafeBufferPointer<Truth>, into out: inout [UInt8]) {
        var low = 0, high = 0
        var missing = PathSet.empty
        for item in spec.items {
            let range = spec.range(of: item, answers)
            low += range.lowest
            high += range.highest
            missing.formUnion(range.missing)
        }
        OutputBytes.raw(",\"score\":", into: &out)
        if low == high {
            OutputBytes.whole(Int64(low), into: &out)
        } else {
            OutputBytes.raw("null,\"scoreRange\":{\"low\":", into: &out)
            OutputBytes.whole(Int64(low), into: &out)
            OutputBytes.raw(",\"high\":", into: &out)
            OutputBytes.whole(Int64(high), into: &out)
            out.append(UInt8(ascii: "}"))
        }
        if let lowBand = spec.band(low), let highBand = spec.band(high) {
            OutputBytes.raw(",\"probability\":{\"low\":", into: &out)
            OutputBytes.number(lowBand.low, into: &out)
            OutputBytes.raw(",\"high\":", into: &out)
            OutputBytes.number(highBand.high, into: &out)
            out.append(UInt8(ascii: "}"))
        }
        if let cutoff = spec.cutoff {
            OutputBytes.raw(",\"cutoff\":", into: &out)
            OutputBytes.whole(Int64(cutoff), into: &out)
            OutputBytes.raw(",\"meetsCutoff\":", into: &out)
            if low >= cutoff { OutputBytes.raw("true", into: &out) } else if high < cutoff { OutputBytes.raw("false", into: &out) } else { OutputBytes.raw("null", into: &out) }
        }
        OutputBytes.raw(",\"points\":{", into: &out)
        var firstItem = true
        for item in spec.items {
            let range = spec.range(of: item, answers)
            guard range.possible == 1 else { continue }
            if !firstItem { out.append(UInt8(ascii: ",")) }
            firstItem = false
            out.append(contentsOf: item.idJSON)
            out.append(UInt8(ascii: ":"))
            OutputBytes.whole(Int64(range.lowest), into: &out)
        }
        out.append(UInt8(ascii: "}"))
        if low != high {
            OutputBytes.raw(",\"missing\":", into: &out)
            missing.writeJSON(into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// `,"interpretations":[…]` of the collected notes, each once in the order first collected;
    /// nothing when there are none.
    private func writeNotes(_ notes: [Int32], into out: inout [UInt8]) {
        guard !notes.isEmpty else { return }
        OutputBytes.raw(",\"interpretations\":[", into: &out)
        for index in notes.indices where !notes[..<index].contains(notes[index]) {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: noteJSON[Int(notes[index])])
        }
        out.append(UInt8(ascii: "]"))
    }
}
