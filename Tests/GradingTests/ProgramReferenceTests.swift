import Clinical
import Foundation
@testable import Grading
import Testing
import TestSupport

/// The flat programs against the obvious evaluation they replaced: recursion over each file's
/// conditions in which every answer carries arrays of missing paths and of interpretation notes,
/// definitions evaluated again wherever named, `and` stopping at the first false part, and the
/// outcomes put together as the condition tree's did (missing paths sorted and made unique at the
/// end, notes made unique in order of appearance). Words and units are compared as text, not by
/// position. Every result of every bundled file must be equal, on full panels and on the same
/// panels with fields and sections removed at random (seeded; `AEGRADE_TEST_SEED` repeats another
/// run).
@Suite("Criteria programs: the same results as a plain recursive evaluation")
struct ProgramReferenceTests {
    @Test("every bundled file, on full and randomly thinned panels")
    func agreesWithReference() throws {
        let criteria = try Fixtures.bundled()
        let seed = ProcessInfo.processInfo.environment["AEGRADE_TEST_SEED"].flatMap(UInt64.init) ?? 20_261_206
        var rng = SplitMix64(seed: seed)
        var compared = 0, unknownSeen = 0, notesSeen = 0
        try Self.forEachGoldenPanelThinned(&rng, step: 0.08) { input, assessment in
            for file in criteria.files {
                let got = file.evaluate(assessment)
                let want = ReferenceEvaluation(file: file, subject: Subject(assessment)).results()
                #expect(got == want, "\(file.id) on \(input.compactText)")
                compared += 1
                unknownSeen += got.contains { !($0.outcome?.missing.isEmpty ?? true) } ? 1 : 0
                notesSeen += got.contains { !($0.outcome?.interpretations.isEmpty ?? true) } ? 1 : 0
            }
        }
        #expect(compared >= 8 * 600, "only \(compared) file evaluations compared")
        #expect(unknownSeen >= 200 && notesSeen >= 200, "unknown \(unknownSeen), with notes \(notesSeen)")
    }

    /// Each golden full and partial panel that decodes, as it is and thinned three times (members
    /// left out with probability `step`, 2 × `step` and 3 × `step`), with its assessment.
    static func forEachGoldenPanelThinned(_ rng: inout SplitMix64, step: Double,
                                          _ body: (_ input: JSONValue, _ assessment: Assessment) throws -> Void) throws {
        for name in ["full.jsonl", "partial.jsonl"] {
            let text = try String(contentsOf: GoldenOutputTests.golden.appendingPathComponent(name), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let json = try JSONParser.parse(bytes: Array(line.utf8))
                for round in 0..<4 {
                    let input = round == 0 ? json : thin(json, &rng, probability: step * Double(round), depth: 0)
                    guard let assessment = try? Assessment(json: input) else { continue }
                    try body(input, assessment)
                }
            }
        }
    }

    /// Keys an object cannot do without (a lab's value and unit, a device), left in so that most
    /// thinned assessments still decode.
    private static let required: Set<String> = ["value", "unit", "device", "drug", "dose", "answers", "total", "unable",
                                                "orientation", "naming", "commands", "writing", "attention"]

    /// `json` with object members left out at random (never `patient.id`, `time` or the keys an
    /// object requires).
    static func thin(_ json: JSONValue, _ rng: inout SplitMix64, probability: Double, depth: Int) -> JSONValue {
        guard case .object(let members) = json else { return json }
        return .object(members.compactMap { key, value in
            let kept = (depth == 0 && (key == "patient" || key == "time")) || (depth == 1 && key == "id") || Self.required.contains(key)
            if !kept && rng.unit() < probability { return nil }
            return (key, thin(value, &rng, probability: probability, depth: depth + 1))
        })
    }
}

/// A small seeded generator (SplitMix64), so a failing run can be repeated.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}

/// An answer as the condition tree gave it.
private struct ReferenceTruth {
    var state: Truth.State
    var missing: [FieldPath] = []
    var notes: [String] = []
    static let yes = ReferenceTruth(state: .yes), no = ReferenceTruth(state: .no)
    static func of(_ flag: Bool) -> ReferenceTruth { flag ? .yes : .no }
    static func unknown(_ missing: [FieldPath]) -> ReferenceTruth { ReferenceTruth(state: .unknown, missing: missing) }
}

private struct ReferenceEvaluation {
    let program: ConditionProgram
    let subject: Subject
    let file: CriteriaFile?

    init(file: CriteriaFile, subject: Subject) {
        self.program = file.program
        self.subject = subject
        self.file = file
    }

    init(program: ConditionProgram, subject: Subject) {
        self.program = program
        self.subject = subject
        self.file = nil
    }

    func results() -> [CriteriaResult] {
        guard let file else { return [] }
        func result(_ term: String?, _ value: CriteriaResult.Value) -> CriteriaResult {
            CriteriaResult(criteria: file.id, version: file.version, hash: file.hash, term: term, value: value)
        }
        switch file.logic {
        case .grading(let table): return [result(nil, .grade(grade(table)))]
        case .terms(let terms):
            return terms.compactMap { term in
                subject.assessment.labs?[term.analyte] == nil ? nil : result(term.id, .grade(grade(term.table)))
            }
        case .criteriaSet(let spec): return [result(nil, .criteriaSet(count(spec)))]
        case .score(let spec): return [result(nil, .score(score(spec)))]
        }
    }

    private func sortedUnique(_ paths: [FieldPath]) -> [FieldPath] {
        var result: [FieldPath] = []
        for path in paths.sorted() where result.last != path { result.append(path) }
        return result
    }

    private func unique(_ notes: [String]) -> [String] { notes.reduce(into: []) { if !$0.contains($1) { $0.append($1) } } }

    func grade(_ table: GradeTable) -> GradeOutcome {
        let truths = table.rules.map { truth($0.condition) }
        var proven = 0, possible = 0
        for (rule, truth) in zip(table.rules, truths) {
            if truth.state == .yes { proven = max(proven, rule.grade) }
            if truth.state != .no { possible = max(possible, rule.grade) }
        }
        var reasons: [String] = [], notes: [String] = []
        for (rule, truth) in zip(table.rules, truths) where truth.state == .yes && rule.grade == proven {
            reasons.append(rule.reason)
            notes += truth.notes
            if let note = rule.interpretation { notes.append(note) }
        }
        if proven == 0 { reasons = ["no grading criterion met"] }
        if proven == possible {
            return GradeOutcome(grade: proven, atLeast: nil, reasons: reasons, missing: [], interpretations: unique(notes), possible: proven)
        }
        let missing = zip(table.rules, truths).filter { $0.1.state == .unknown && $0.0.grade > proven }.flatMap(\.1.missing)
        return GradeOutcome(grade: nil, atLeast: proven > 0 ? proven : nil, reasons: proven > 0 ? reasons : [],
                            missing: sortedUnique(missing), interpretations: proven > 0 ? unique(notes) : [], possible: possible)
    }

    func count(_ spec: CountSpec) -> CountOutcome {
        var met: [String] = [], notMet: [String] = [], unknown: [String] = [], missing: [FieldPath] = [], notes: [String] = []
        func check(_ criterion: CountSpec.Criterion) -> Truth.State {
            let t = truth(criterion.condition)
            switch t.state {
            case .yes: met.append(criterion.id); notes += t.notes
            case .no: notMet.append(criterion.id)
            case .unknown: unknown.append(criterion.id); missing += t.missing
            }
            return t.state
        }
        let required = spec.required.map(check), counted = spec.counted.map(check), alternative = spec.alternative.map(check)
        let yes = counted.filter { $0 == .yes }.count, open = counted.filter { $0 == .unknown }.count
        var answer: Bool?
        if let metAt = spec.metAt {
            let requiredAnswer: Bool? = required.contains(.no) ? false : (required.contains(.unknown) ? nil : true)
            let countAnswer: Bool? = yes >= metAt ? true : (yes + open < metAt ? false : nil)
            if alternative == .yes || (requiredAnswer == true && countAnswer == true) {
                answer = true
            } else if alternative != .unknown && (requiredAnswer == false || countAnswer == false) {
                answer = false
            }
        }
        return CountOutcome(met: answer, decides: spec.metAt != nil, count: yes, of: spec.counted.count, criteriaMet: met,
                            criteriaNotMet: notMet, criteriaUnknown: unknown,
                            missing: answer == nil || spec.metAt == nil ? sortedUnique(missing) : [], interpretations: unique(notes))
    }

    func score(_ spec: ScoreSpec) -> ScoreOutcome {
        var low = 0, high = 0, missing: [FieldPath] = [], points: [(String, Int)] = []
        for item in spec.items {
            var possible: [Int] = []
            for row in item.rows {
                guard let condition = row.condition else { possible.append(row.points); break }
                let t = truth(condition)
                if t.state == .yes { possible.append(row.points); break }
                if t.state == .unknown { possible.append(row.points); missing += t.missing }
            }
            low += possible.min() ?? 0
            high += possible.max() ?? 0
            if possible.count == 1 { points.append((item.id, possible[0])) }
        }
        let score: Int? = low == high ? low : nil
        var meets: Bool?
        if let cutoff = spec.cutoff { meets = low >= cutoff ? true : (high < cutoff ? false : nil) }
        let lowBand = spec.band(low), highBand = spec.band(high)
        let probability = lowBand.flatMap { l in highBand.map { h in (l.low, h.high) } }
        return ScoreOutcome(score: score, low: low, high: high, probability: probability, cutoff: spec.cutoff, meetsCutoff: meets,
                            points: points, missing: score == nil ? sortedUnique(missing) : [])
    }

    /// What the name numbered `input` reads, by the plain reading of names (``ReferenceReadings``).
    private func reading(_ input: Int32) -> (ReferenceReading, Grading.Dimension?) {
        let variable = Vocabulary.byInput[Int(input)]
        var dimension: Grading.Dimension?
        if case .quantity(let of) = variable.type { dimension = of }
        return (ReferenceReadings.reading(variable.name, subject.assessment) ?? .missing([]), dimension)
    }

    /// The grade of a used file, by its slot, from that file's program evaluated here.
    private func grade(slot: Int32) -> ReferenceReading {
        let source = program.grades[Int(slot)]
        let used = program.referenced[Int(source.file)]
        let outcome = ReferenceEvaluation(program: used.program, subject: subject).grade(used.tables[Int(source.table)])
        if let grade = outcome.grade { return .number(Double(grade)) }
        return .range(Double(outcome.atLeast ?? 0), Double(outcome.possible), outcome.missing)
    }

    private func words(_ input: Int32) -> [String] {
        guard case .word(let words) = Vocabulary.byInput[Int(input)].type else { return [] }
        return words
    }

    private func compare(_ reading: ReferenceReading, _ op: ComparisonOperator, _ threshold: Double) -> ReferenceTruth {
        switch reading {
        case .number(let value): return .of(op.holds(value, threshold))
        case .missing(let paths): return .unknown(paths)
        case .range(let low, let high, let missing):
            if op == .equal || op == .notEqual {
                guard threshold >= low && threshold <= high else { return .of(op == .notEqual) }
                return low == high ? .of(op == .equal) : .unknown(missing)
            }
            let atLow = op.holds(low, threshold), atHigh = op.holds(high, threshold)
            return atLow == atHigh ? .of(atLow) : .unknown(missing)
        default: return .unknown([])
        }
    }

    private func truth(_ index: Int32) -> ReferenceTruth {
        switch program.instructions[Int(index)] {
        case .bool(let slot):
            switch reading(slot).0 {
            case .bool(let flag): return .of(flag)
            case .missing(let paths): return .unknown(paths)
            default: return .unknown([])
            }
        case .not(let inner):
            var t = truth(inner)
            if t.state != .unknown { t = .of(t.state == .no) }
            return t
        case .and(let first, let count):
            var missing: [FieldPath] = [], notes: [String] = [], unknown = false
            for part in program.operands[Int(first)..<Int(first + count)] {
                let t = truth(part)
                switch t.state {
                case .no: return .no
                case .unknown: unknown = true; missing += t.missing
                case .yes: notes += t.notes
                }
            }
            return unknown ? .unknown(missing) : ReferenceTruth(state: .yes, notes: notes)
        case .or(let first, let count):
            var missing: [FieldPath] = [], unknown = false
            for part in program.operands[Int(first)..<Int(first + count)] {
                let t = truth(part)
                if t.state == .yes { return t }
                if t.state == .unknown { unknown = true; missing += t.missing }
            }
            return unknown ? .unknown(missing) : .no
        case .atLeast(let needed, let first, let count):
            var yes = 0, unknown = 0, missing: [FieldPath] = [], notes: [String] = []
            for part in program.operands[Int(first)..<Int(first + count)] {
                let t = truth(part)
                if t.state == .yes { yes += 1; notes += t.notes }
                if t.state == .unknown { unknown += 1; missing += t.missing }
            }
            if yes >= needed { return ReferenceTruth(state: .yes, notes: notes) }
            return yes + unknown < needed ? .no : .unknown(missing)
        case .word(let slot, let mask, let expected):
            let allowed = words(slot)
            let set = allowed.indices.filter { mask >> UInt64($0) & 1 == 1 }.map { allowed[$0] }
            switch reading(slot).0 {
            case .word(let word): return .of(set.contains(word) == expected)
            case .missing(let paths): return .unknown(paths)
            default: return .unknown([])
            }
        case .number(let slot, let op, let threshold):
            return compare(reading(slot).0, op, threshold)
        case .grade(let slot, let op, let threshold):
            return compare(grade(slot: slot), op, threshold)
        case .quantity(let slot, let op, let test):
            let spec = program.quantityTests[Int(test)]
            let units = spec.dimension.units
            let byUnit = units.indices.compactMap { i -> (String, Double)? in
                let value = program.thresholdsByUnit[Int(spec.first) + i]
                return value.isNaN ? nil : (units[i], value)
            }
            switch reading(slot).0 {
            case .quantity(let value, let unit):
                if let direct = byUnit.first(where: { $0.0 == unit }) { return .of(op.holds(value, direct.1)) }
                guard let converted = spec.dimension.convert(value, from: unit, to: units[Int(spec.fallbackUnit)]) else { return .unknown([]) }
                return .of(op.holds(converted, spec.fallbackValue))
            case .missing(let paths): return .unknown(paths)
            default: return .unknown([])
            }
        case .quantityPair(let left, let right, let op, _):
            let (l, dimension) = reading(left)
            switch (l, reading(right).0) {
            case let (.quantity(x, ux), .quantity(y, uy)):
                guard let yInX = dimension?.convert(y, from: uy, to: ux) else { return .unknown([]) }
                return .of(op.holds(x, yInX))
            case let (.missing(p), .missing(q)): return .unknown(p + q)
            case let (.missing(p), _), let (_, .missing(p)): return .unknown(p)
            default: return .unknown([])
            }
        case .note(let inner, let note):
            var t = truth(inner)
            if t.state == .yes { t.notes.append(program.noteIDs[Int(note)]) }
            return t
        }
    }
}
