import Clinical
import Foundation
import Grading
import Testing
import TestSupport

/// A valid criteria-set file for the loader tests. Line numbers matter: the malformed variants
/// replace one line and expect the error on a given line.
private let validSetFile = """
    id: test-set
    title: Test criteria set
    version: "1.0.0"
    source: Test source, for the loader tests only.
    interpretations:
      a-choice: A documented choice.
    criteria-set:
      required:
        - id: ferritin
          when: labs.ferritin > 10000 ng/mL
          means: ferritin above 10,000 ng/mL
      met-at: 2
      alternative:
        id: molecular
        when: findings.molecularHLHDiagnosis
        means: a molecular diagnosis
      count:
        - id: spleen
          when: findings.splenomegaly
          means: splenomegaly
        - id: liver
          when: findings.hepatomegaly
          means: hepatomegaly
          interpretation: a-choice
        - id: fever
          when: vitals.temperature >= 38.5 C
          means: fever

    """

/// A valid score file for the loader tests (line numbers as for `validSetFile`).
private let validScoreFile = """
    id: test-score
    title: Test score
    version: "1.0.0"
    source: Test source, for the loader tests only.
    score:
      cutoff: 50
      items:
        - item: fever
          points:
            - points: 40
              when: vitals.temperature > 39.0 C
            - points: 20
              when: vitals.temperature >= 38.0 C
            - points: 0
              otherwise: true
        - item: spleen
          points:
            - points: 30
              when: findings.splenomegaly
            - points: 0
              otherwise: true
      probability:
        - {score: 0, percent: "< 1"}
        - {score: 30, percent: "10"}
        - {score: 50, percent: "50"}
        - {score: 70, percent: "> 99"}

    """

/// A malformed variant of a valid file: one line replaced, and where the loader must point.
struct LanguageCase: Sendable, CustomTestStringConvertible {
    let sentence: String
    let base: String
    let name: String
    let line: Int
    let replacement: String
    let errorLine: Int
    let message: String

    init(_ sentence: String, set line: Int, with replacement: String, errorLine: Int? = nil, message: String) {
        self.init(sentence, base: validSetFile, name: "test-set.yaml", line: line, replacement: replacement, errorLine: errorLine, message: message)
    }

    init(_ sentence: String, score line: Int, with replacement: String, errorLine: Int? = nil, message: String) {
        self.init(sentence, base: validScoreFile, name: "test-score.yaml", line: line, replacement: replacement, errorLine: errorLine,
                  message: message)
    }

    private init(_ sentence: String, base: String, name: String, line: Int, replacement: String, errorLine: Int?, message: String) {
        self.sentence = sentence
        self.base = base
        self.name = name
        self.line = line
        self.replacement = replacement
        self.errorLine = errorLine ?? line
        self.message = message
    }

    var testDescription: String { "\(sentence) → \(name):\(errorLine)" }

    var text: String {
        var lines = base.components(separatedBy: "\n")
        lines[line - 1] = replacement
        return lines.joined(separator: "\n")
    }
}

/// The criteria language for diagnostic criteria sets and point scores: what the loader refuses
/// (with `file:line`) and how `k of [...]` evaluates (Kleene's strong logic, `Criteria/README.md`).
@Suite("Criteria sets, scores and k of n in the criteria language")
struct CriteriaSetAndScoreLanguageTests {
    static func load(_ text: String, name: String, available: [String: CriteriaFile] = [:]) throws(CriteriaError) -> CriteriaFile {
        try CriteriaFile.load(bytes: Array(text.utf8), name: name, available: available)
    }

    @Test("The valid fixtures load")
    func validFixturesLoad() throws {
        let set = try Self.load(validSetFile, name: "test-set.yaml")
        #expect(set.id == "test-set")
        let score = try Self.load(validScoreFile, name: "test-score.yaml")
        #expect(score.id == "test-score")
    }

    @Test("Each mistake in a criteria set is reported at its line", arguments: [
        LanguageCase("met-at larger than the count list", set: 12, with: "  met-at: 4", message: "met-at 4 must lie between 0 and the 3"),
        LanguageCase("met-at that is not a number", set: 12, with: "  met-at: two", message: "must be a whole number"),
        LanguageCase("alternative without met-at", set: 12, with: "", errorLine: 13, message: "an alternative needs met-at"),
        LanguageCase("duplicate criterion id in the count list", set: 21, with: "    - id: spleen", message: "criterion spleen appears twice"),
        LanguageCase("counted criterion with the id of a required one", set: 18, with: "    - id: ferritin",
                     message: "criterion ferritin appears twice"),
        LanguageCase("alternative with the id of a counted criterion", set: 14, with: "    id: spleen", message: "criterion spleen appears twice"),
        LanguageCase("3 of 2 conditions", set: 26, with: "      when: 3 of [vitals.hypotension, findings.splenomegaly]",
                     message: "3 of 2 conditions can never hold"),
        LanguageCase("0 of a list", set: 26, with: "      when: 0 of [vitals.hypotension, findings.splenomegaly]", message: "whole number"),
        LanguageCase("a fraction of a list", set: 26, with: "      when: 1.5 of [vitals.hypotension, findings.splenomegaly]", message: "whole number"),
        LanguageCase("k of a list without brackets", set: 26, with: "      when: 1 of vitals.hypotension", message: "expected [ after of"),
        LanguageCase("k of a list left open", set: 26, with: "      when: 1 of [vitals.hypotension, findings.splenomegaly", message: "expected , or ]"),
        LanguageCase("unknown name inside k of", set: 26, with: "      when: 1 of [vitals.hypotenion, findings.splenomegaly]",
                     message: "unknown name \"vitals.hypotenion\""),
        LanguageCase("criterion without its wording", set: 20, with: "", errorLine: 18, message: "needs \"means\""),
        LanguageCase("criterion without its condition", set: 19, with: "", errorLine: 18, message: "needs \"when\""),
        LanguageCase("unknown key in a criterion", set: 27, with: "      means: fever\n      because: a typo", errorLine: 28,
                     message: "unknown key \"because\""),
        LanguageCase("unknown key in the criteria set", set: 12, with: "  met-at: 2\n  threshold: 3", errorLine: 13,
                     message: "unknown key \"threshold\""),
        LanguageCase("interpretation not declared", set: 24, with: "      interpretation: other-choice",
                     message: "interpretation \"other-choice\" is not listed under interpretations"),
        LanguageCase("uses naming a criteria id that is not loaded", set: 4, with: "source: Test source.\nuses: [no-such-scale]", errorLine: 5,
                     message: "uses \"no-such-scale\", which is not loaded"),
        LanguageCase("a grade of a file not named under uses", set: 26, with: "      when: ctcae-5-labs.alt.grade >= 3",
                     message: "unknown name \"ctcae-5-labs.alt.grade\""),
        LanguageCase("criteria-set together with grades", set: 7, with: "grades: []\ncriteria-set:", errorLine: 1,
                     message: "give only one of grades, terms, criteria-set or score"),
    ])
    func malformedSet(_ row: LanguageCase) { Self.expectFailure(row) }

    @Test("Each mistake in a score is reported at its line", arguments: [
        LanguageCase("last row not otherwise", score: 15, with: "          when: findings.hepatomegaly", errorLine: 14,
                     message: "the last row of item fever must be otherwise: true"),
        LanguageCase("otherwise before the last row", score: 13, with: "          otherwise: true",
                     message: "only the last row of item fever is otherwise: true"),
        LanguageCase("otherwise: false", score: 15, with: "          otherwise: false", message: "only the last row of item fever is otherwise: true"),
        LanguageCase("a row without points", score: 12, with: "        - note: x", message: "needs points"),
        LanguageCase("negative points", score: 12, with: "        - points: -20", message: "out of range"),
        LanguageCase("an item with a single row", score: 16,
                     with: "    - item: spleen\n      points:\n        - points: 0\n          otherwise: true\n    - item: spare", errorLine: 17,
                     message: "item spleen needs at least two rows"),
        LanguageCase("duplicate item id", score: 16, with: "    - item: fever", message: "item fever appears twice"),
        LanguageCase("probability not rising", score: 25, with: "    - {score: 50, percent: \"5\"}", message: "probability rows must rise"),
        LanguageCase("score of a probability row not rising", score: 25, with: "    - {score: 30, percent: \"50\"}",
                     message: "probability rows must rise"),
        LanguageCase("percent not a number", score: 24, with: "    - {score: 30, percent: \"ten\"}", message: "percent \"ten\" must be a number"),
        LanguageCase("percent above 100", score: 24, with: "    - {score: 30, percent: \"150\"}", message: "must be a number from 0 to 100"),
        LanguageCase("percent with two numbers run together", score: 24, with: "    - {score: 30, percent: \"1 0\"}", message: "must be a number"),
        LanguageCase("percent with letters after the number", score: 24, with: "    - {score: 30, percent: \"10x\"}", message: "must be a number"),
        LanguageCase("probability row without a score", score: 24, with: "    - {percent: \"10\"}", message: "needs score"),
        LanguageCase("unknown key in a probability row", score: 24, with: "    - {score: 30, percent: \"10\", note: x}", message: "unknown key \"note\""),
        LanguageCase("cutoff that is not a number", score: 6, with: "  cutoff: high", message: "must be a whole number"),
        LanguageCase("unknown key in the score", score: 6, with: "  cutoff: 50\n  threshold: 3", errorLine: 7, message: "unknown key \"threshold\""),
        LanguageCase("3 of 2 conditions in a row", score: 19, with: "          when: 3 of [findings.splenomegaly, findings.hepatomegaly]",
                     message: "3 of 2 conditions can never hold"),
    ])
    func malformedScore(_ row: LanguageCase) { Self.expectFailure(row) }

    static func expectFailure(_ row: LanguageCase, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let file = try load(row.text, name: row.name)
            Issue.record("\(row.sentence): loaded as \(file.id) instead of failing", sourceLocation: sourceLocation)
        } catch {
            #expect(error.file == row.name, "\(row.sentence): \(error)", sourceLocation: sourceLocation)
            #expect(error.line == row.errorLine, "\(row.sentence): \(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(row.message), "\(row.sentence): \(error)", sourceLocation: sourceLocation)
            let prefix = row.errorLine > 0 ? "\(row.name):\(row.errorLine): " : "\(row.name): "
            #expect(error.description.hasPrefix(prefix), "\(row.sentence): \(error)", sourceLocation: sourceLocation)
        }
    }

    // MARK: uses

    @Test("uses: a loaded file's grades can be read; a set with a file naming a missing id fails with file:line")
    func uses() throws {
        let labs = try #require(try Fixtures.bundled().file("ctcae-5-labs"))
        let text = validSetFile.replacingOccurrences(of: "source: Test source, for the loader tests only.",
                                                     with: "source: Test source, for the loader tests only.\nuses: [ctcae-5-labs]")
            .replacingOccurrences(of: "when: vitals.temperature >= 38.5 C", with: "when: ctcae-5-labs.alt.grade >= 3")
        let file = try Self.load(text, name: "test-set.yaml", available: ["ctcae-5-labs": labs])
        #expect(file.uses == ["ctcae-5-labs"])

        // Loaded as a set without ctcae-5-labs, the same file fails at its uses line.
        do {
            _ = try CriteriaSet.load([(name: "test-set.yaml", bytes: Array(text.utf8))])
            Issue.record("a set whose file uses a missing id loaded")
        } catch {
            #expect(error.errors.count == 1, "\(error)")
            #expect(error.errors.first?.description.hasPrefix("test-set.yaml:5: ") == true, "\(error)")
            #expect(error.errors.first?.message.contains("not loaded") == true, "\(error)")
        }

        // With the file it uses in the same set, it loads whatever the order.
        let labsSource = try Self.bundledSource("ctcae-5-labs")
        let set = try CriteriaSet.load([(name: "test-set.yaml", bytes: Array(text.utf8)), labsSource])
        #expect(set.file("test-set") != nil)
    }

    static func bundledSource(_ id: String) throws -> (name: String, bytes: [UInt8]) {
        let url = Fixtures.criteriaDirectory(from: #filePath).appendingPathComponent("\(id).yaml")
        let data = try #require(FileManager.default.contents(atPath: url.path))
        return ("\(id).yaml", Array(data))
    }

    // MARK: k of n in Kleene logic

    /// A file with one grade-1 line whose condition is `condition` over three yes/no inputs
    /// (splenomegaly, hepatomegaly, hypotension); grade 1 when it holds, 0 when it fails, not
    /// assessable when unknown.
    static func probe(_ condition: String) throws -> CriteriaFile {
        try load("""
            id: test-probe
            title: Probe
            version: "1"
            source: Test source, for the language tests only.
            grades:
              - domain: probe
                grades:
                  - grade: 1
                    when: \(condition)
                    reason: the condition holds
            """, name: "test-probe.yaml")
    }

    /// Three yes/no inputs, each true, false or unknown: the 27 combinations.
    struct Signs: Sendable, CustomTestStringConvertible {
        let spleen: Bool?
        let liver: Bool?
        let hypotension: Bool?
        var values: [Bool?] { [spleen, liver, hypotension] }
        var testDescription: String {
            zip(["splenomegaly", "hepatomegaly", "hypotension"], values).map { "\($0) \($1.map { "\($0)" } ?? "unknown")" }.joined(separator: ", ")
        }
        var assessment: Assessment {
            Assessment(patient: .init(id: "K-OF-N", ageYears: 54), time: Bedside.time, vitals: .init(hypotension: hypotension),
                       findings: .init(splenomegaly: spleen, hepatomegaly: liver))
        }
        static let all: [Signs] = {
            let values: [Bool?] = [true, false, nil]
            return values.flatMap { a in values.flatMap { b in values.map { c in Signs(spleen: a, liver: b, hypotension: c) } } }
        }()
    }

    /// The truth of `k of` the three values by Kleene's strong logic: true once k hold, false once
    /// fewer than k can hold, unknown otherwise.
    static func kleene(_ k: Int, _ values: [Bool?]) -> Bool? {
        let yes = values.filter { $0 == true }.count, open = values.filter { $0 == nil }.count
        if yes >= k { return true }
        if yes + open < k { return false }
        return nil
    }

    static func truth(_ file: CriteriaFile, _ signs: Signs) throws -> Bool? {
        let results = file.evaluate(signs.assessment)
        let outcome = try #require(results.first?.outcome)
        switch outcome.grade {
        case 1: return true
        case 0: return false
        default:
            #expect(outcome.grade == nil && !outcome.missing.isEmpty, "an unknown condition names what it waits for: \(outcome.summary)")
            return nil
        }
    }

    @Test("k of [a, b, c] is true once k hold, false once too few can hold, unknown otherwise", arguments: Signs.all)
    func kOfN(_ signs: Signs) throws {
        for k in 1...3 {
            let file = try Self.probe("\(k) of [findings.splenomegaly, findings.hepatomegaly, vitals.hypotension]")
            #expect(try Self.truth(file, signs) == Self.kleene(k, signs.values), "\(k) of: \(signs.testDescription)")
        }
    }

    @Test("1 of is or, 3 of 3 is and, in Kleene logic", arguments: Signs.all)
    func kOfNAgreesWithAndOr(_ signs: Signs) throws {
        let one = try Self.probe("1 of [findings.splenomegaly, findings.hepatomegaly, vitals.hypotension]")
        let or = try Self.probe("findings.splenomegaly or findings.hepatomegaly or vitals.hypotension")
        #expect(try Self.truth(one, signs) == Self.truth(or, signs), "\(signs.testDescription)")
        let three = try Self.probe("3 of [findings.splenomegaly, findings.hepatomegaly, vitals.hypotension]")
        let and = try Self.probe("findings.splenomegaly and findings.hepatomegaly and vitals.hypotension")
        #expect(try Self.truth(three, signs) == Self.truth(and, signs), "\(signs.testDescription)")
    }

    @Test("Parts of k of are full conditions: comparisons, not, and, parentheses and nested k of")
    func kOfNWithConditions() throws {
        let file = try Self.probe("2 of [vitals.temperature >= 38.0 C, not vitals.hypotension, (findings.splenomegaly and findings.hepatomegaly), 1 of [labs.nkActivity == low, labs.ferritin >= 500 ug/L]]")
        let base = Assessment(patient: .init(id: "K-OF-N", ageYears: 54), time: Bedside.time,
                              vitals: .init(temperature: .celsius(37.0), hypotension: true),
                              labs: .init([.ferritin: LabResult(value: 100, unit: .microgramsPerLiter)], nkActivity: .normal),
                              findings: .init(splenomegaly: true, hepatomegaly: false))
        #expect(try Self.truth(file, base) == false, "no part holds")
        #expect(try Self.truth(file, base.temperature(celsius: 38.0)) == false, "one part holds")
        #expect(try Self.truth(file, base.temperature(celsius: 38.0).hypotensive(false)) == true, "two parts hold")
        #expect(try Self.truth(file, base.temperature(celsius: 38.0).hepatomegaly(true)) == true, "fever and both organs")
        #expect(try Self.truth(file, base.temperature(celsius: 38.0).nkActivity(.low)) == true, "fever and the nested 1 of")
        #expect(try Self.truth(file, base.temperature(celsius: 38.0).lab(.ferritin, 500, .microgramsPerLiter)) == true, "fever and ferritin 500")
        #expect(try Self.truth(file, base.temperature(celsius: 38.0).hypotensive(nil)) == nil, "one holds, one unknown, others fail")
        #expect(try Self.truth(file, base.temperature(nil)) == false, "none holds and only one is unknown")
        #expect(try Self.truth(file, base.temperature(nil).nkActivity(nil)) == nil, "two unknown could make two")
    }

    static func truth(_ file: CriteriaFile, _ assessment: Assessment) throws -> Bool? {
        let outcome = try #require(file.evaluate(assessment).first?.outcome)
        return outcome.grade.map { $0 == 1 }
    }

    @Test("k of in a counted criterion of a criteria set")
    func kOfNInCriteriaSet() throws {
        let text = validSetFile.replacingOccurrences(of: "when: vitals.temperature >= 38.5 C",
                                                     with: "when: 2 of [vitals.temperature >= 38.5 C, vitals.hypotension, labs.nkActivity == low]")
        let file = try Self.load(text, name: "test-set.yaml")
        let base = Assessment(patient: .init(id: "SET", ageYears: 54), time: Bedside.time,
                              vitals: .init(temperature: .celsius(39.0), hypotension: false),
                              labs: .init([.ferritin: LabResult(value: 12000, unit: .nanogramsPerMilliliter)], nkActivity: .low),
                              findings: .init(splenomegaly: true, hepatomegaly: false, molecularHLHDiagnosis: false))
        let met = try #require(file.evaluate(base).first?.criteriaSet)
        #expect(met.met == true && met.count == 2 && met.criteriaMet.contains("fever"), "\(met.summary)")
        let open = try #require(file.evaluate(base.nkActivity(nil)).first?.criteriaSet)
        #expect(open.met == nil && open.state(of: "fever") == .unknown && open.missing.map(\.text) == ["labs.nkActivity"], "\(open.summary)")
        let notMet = try #require(file.evaluate(base.nkActivity(.normal)).first?.criteriaSet)
        #expect(notMet.met == false && notMet.state(of: "fever") == .notMet, "\(notMet.summary)")
    }

    // MARK: Criteria-set and score semantics on small files

    @Test("A criteria set: alternative alone, required and count, and what stays open")
    func criteriaSetSemantics() throws {
        let file = try Self.load(validSetFile, name: "test-set.yaml")
        func outcome(_ a: Assessment) throws -> CountOutcome { try #require(file.evaluate(a).first?.criteriaSet) }
        let nothing = Assessment(patient: .init(id: "SET"), time: Bedside.time)
        #expect(try outcome(nothing.molecularHLHDiagnosis(true)).met == true, "the alternative suffices alone")
        let full = nothing.lab(.ferritin, 12000, .nanogramsPerMilliliter).splenomegaly(true).hepatomegaly(true).temperature(celsius: 37)
        let met = try outcome(full)
        #expect(met.met == true && met.count == 2 && met.of == 3, "\(met.summary)")
        #expect(met.interpretations == ["a-choice"], "the interpretation of a criterion that holds is listed: \(met.summary)")
        #expect(try outcome(full.lab(.ferritin, 10000, .nanogramsPerMilliliter)).met == false, "required fails")
        let requiredOpen = try outcome(full.labRemoved(.ferritin))
        #expect(requiredOpen.met == nil && requiredOpen.missing.map(\.text) == ["labs.ferritin"], "\(requiredOpen.summary)")
        #expect(try outcome(full.labRemoved(.ferritin).hepatomegaly(false)).met == false, "the count fails whatever ferritin is")
        #expect(try outcome(full.labRemoved(.ferritin).hepatomegaly(false).molecularHLHDiagnosis(true)).met == true)
    }

    @Test("A score: first row that holds, ranges from unknown rows, the band between rows")
    func scoreSemantics() throws {
        let file = try Self.load(validScoreFile, name: "test-score.yaml")
        func outcome(_ a: Assessment) throws -> ScoreOutcome { try #require(file.evaluate(a).first?.score) }
        let base = Assessment(patient: .init(id: "SCORE"), time: Bedside.time).splenomegaly(false)
        let cases: [(Assessment, Int?, Int, Int, Double, Double, Bool?)] = [
            (base.temperature(celsius: 37.0), 0, 0, 0, 0, 0.01, false),
            (base.temperature(celsius: 38.0), 20, 20, 20, 0, 0.10, false),
            (base.temperature(celsius: 39.5).splenomegaly(true), 70, 70, 70, 0.99, 1, true),
            (base.temperature(celsius: 38.0).splenomegaly(true), 50, 50, 50, 0.50, 0.50, true),
            (base.temperature(celsius: 39.0).splenomegaly(true), 50, 50, 50, 0.50, 0.50, true),
            (base.temperature(nil), nil, 0, 40, 0, 0.50, false),
            (base.temperature(nil).splenomegaly(true), nil, 30, 70, 0.10, 1, nil),
            (base.temperature(celsius: 39.5).splenomegaly(nil), nil, 40, 70, 0.10, 1, nil),
            (base.temperature(celsius: 38.0).splenomegaly(nil), nil, 20, 50, 0, 0.50, nil),
        ]
        for (assessment, score, low, high, pLow, pHigh, meets) in cases {
            let result = try outcome(assessment)
            #expect(result.score == score && result.low == low && result.high == high, "\(result.summary)")
            #expect(result.probability?.low == pLow && result.probability?.high == pHigh, "\(result.summary)")
            #expect(result.meetsCutoff == meets, "\(result.summary)")
        }
    }
}
