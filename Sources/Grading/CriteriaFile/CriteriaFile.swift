import Clinical

/// One reviewed criteria file (`Criteria/<id>.yaml`), loaded, validated and compiled.
///
/// The file is the single home of a scale's thresholds: its conditions are written in the criteria
/// language (`Criteria/README.md`) beside the citation they come from. The SHA-256 of the file's
/// bytes is its ``hash``; every result carries it, so a stored grade names exactly the text that
/// produced it.
package struct CriteriaFile: Sendable {
    /// The criteria id, such as `astct-2019-crs`; an id never changes meaning.
    package let id: String
    package let title: String
    /// The version of this encoding of the scale.
    package let version: String
    /// The published source the thresholds come from.
    package let source: String
    /// `sha256:` and the hex digest of the file's bytes.
    package let hash: String
    /// Choices the file makes where the published text is silent or ambiguous.
    package let interpretations: [Interpretation]
    /// What grading reads of the file, behind one reference, so that grading a file copies nothing.
    let compiled: CompiledCriteria
    var logic: Logic { compiled.logic }
    /// Every condition of the file, compiled into one program that ``logic`` reads by instruction.
    var program: ConditionProgram { compiled.program }

    /// A documented choice where the published criteria are ambiguous or unconfirmed.
    package struct Interpretation: Sendable, Equatable {
        package let id: String
        package let text: String
    }

    /// What the file computes.
    enum Logic: Sendable {
        /// One grade, the worst over all domains.
        case grading(GradeTable)
        /// One grade per term whose lab is present (CTCAE laboratory terms).
        case terms([Term])
        /// A diagnostic criteria set: required criteria, k of n, an alternative (HLH-2004).
        case criteriaSet(CountSpec)
        /// A point score with its probability table (HScore).
        case score(ScoreSpec)
    }

    /// Ids of the criteria files whose grades this file reads (`uses:`).
    package let uses: [String]
    /// The lab limits and baselines this file's conditions (and the files it uses) compare with or
    /// divide by; a 0 in one of them is rejected (`CriteriaSet.checkReferenceLimits`).
    let referenceLimitsRead: Set<ReferenceLimit>

    init(id: String, title: String, version: String, source: String, hash: String, interpretations: [Interpretation],
         logic: Logic, program: ConditionProgram, uses: [String], referenceLimitsRead: Set<ReferenceLimit>) {
        self.id = id
        self.title = title
        self.version = version
        self.source = source
        self.hash = hash
        self.interpretations = interpretations
        self.compiled = CompiledCriteria(id: id, version: version, hash: hash, logic: logic, program: program)
        self.uses = uses
        self.referenceLimitsRead = referenceLimitsRead
    }
}

/// The part of a criteria file that grading reads: its program and how results are made of it.
final class CompiledCriteria: Sendable {
    let id: String
    let version: String
    let hash: String
    let logic: CriteriaFile.Logic
    let program: ConditionProgram
    /// The opening of this file's results as the batch output prints them (criteria, version,
    /// hash), written once here instead of escaped again for every assessment; for a file of
    /// terms, one per term, in the order of its terms.
    let prefix: [UInt8]
    let termPrefixes: [[UInt8]]
    /// The program's interpretation notes as the batch output prints them, by number.
    let noteJSON: [[UInt8]]

    init(id: String, version: String, hash: String, logic: CriteriaFile.Logic, program: ConditionProgram) {
        self.id = id
        self.version = version
        self.hash = hash
        self.logic = logic
        self.program = program
        prefix = CriteriaResult.prefix(criteria: id, term: nil, version: version, hash: hash)
        noteJSON = program.noteIDs.map(OutputBytes.json)
        if case .terms(let terms) = logic {
            termPrefixes = terms.map { CriteriaResult.prefix(criteria: id, term: $0.id, version: version, hash: hash) }
        } else {
            termPrefixes = []
        }
    }
}

/// Grade rules, possibly from several domains; the grade is the highest rule that holds.
struct GradeTable: Sendable {
    /// One line of the table. A class, so that evaluating a table never copies its rules.
    final class Rule: Sendable {
        let domain: String
        let grade: Int
        /// The instruction of the file's program that answers the rule.
        let condition: Int32
        let reason: String
        let interpretation: String?
        /// `reason` as the batch output prints it (a JSON string), escaped once at load.
        let reasonJSON: [UInt8]
        /// `interpretation` by its number among the program's notes (``ConditionProgram/noteIDs``).
        let interpretationNote: Int32?

        init(domain: String, grade: Int, condition: Int32, reason: String, interpretation: String?, interpretationNote: Int32? = nil) {
            self.domain = domain
            self.grade = grade
            self.condition = condition
            self.reason = reason
            self.interpretation = interpretation
            self.reasonJSON = OutputBytes.json(reason)
            self.interpretationNote = interpretationNote
        }
    }

    let rules: [Rule]
}

/// A CTCAE term graded from one laboratory value.
struct Term: Sendable {
    let id: String
    let title: String
    let analyte: Analyte
    let table: GradeTable
}

extension CriteriaFile {
    /// The grades this file offers to files that `use` it: `<id>.grade` for a grading scale,
    /// `<id>.<term>.grade` for each term. Read as a number 0–5, or a range when inputs are missing.
    func gradeSources() -> [String: GradeSource] {
        switch logic {
        case .grading(let table): return ["\(id).grade": GradeSource(file: self, table: table)]
        case .terms(let terms): return Dictionary(uniqueKeysWithValues: terms.map { ("\(id).\($0.id).grade", GradeSource(file: self, table: $0.table)) })
        case .criteriaSet, .score: return [:]
        }
    }
}

/// A grade another file reads through `uses`: one grade table of a loaded file.
struct GradeSource: Sendable {
    let file: CriteriaFile
    let table: GradeTable
}
