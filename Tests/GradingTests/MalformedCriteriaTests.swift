import Foundation
import Grading
import Testing
import TestSupport

/// A valid criteria file for the loader tests. Line numbers matter: the malformed variants replace
/// one line and expect the error on that line.
///
///      1  id: test-scale
///      9      when: vitals.temperature >= 38.0 C      (definition fever)
///     14        - grade: 1
///     17          interpretation: a-choice
///     18        - grade: 2
///     19          when: fever and vitals.hypotension
private let validFile = """
    id: test-scale
    title: Test scale
    version: "1.0.0"
    source: Test source, for the loader tests only.
    interpretations:
      a-choice: A documented choice.
    definitions:
      fever:
        when: vitals.temperature >= 38.0 C
        means: fever
    grades:
      - domain: fever
        grades:
          - grade: 1
            when: fever
            reason: fever
            interpretation: a-choice
          - grade: 2
            when: fever and vitals.hypotension
            reason: fever and hypotension

    """

/// A malformed variant of `validFile`: one line replaced, and where the loader must point.
struct MalformedCase: Sendable, CustomTestStringConvertible {
    let sentence: String
    let line: Int
    let replacement: String
    let errorLine: Int
    let message: String

    init(_ sentence: String, line: Int, with replacement: String, errorLine: Int? = nil, message: String) {
        self.sentence = sentence
        self.line = line
        self.replacement = replacement
        self.errorLine = errorLine ?? line
        self.message = message
    }

    var testDescription: String { "\(sentence) → error at line \(errorLine)" }

    var text: String {
        var lines = validFile.components(separatedBy: "\n")
        lines[line - 1] = replacement
        return lines.joined(separator: "\n")
    }
}

@Suite("Malformed criteria files fail at load time with file:line")
struct MalformedCriteriaTests {
    static let name = "test-scale.yaml"

    static func load(_ text: String, name: String = name) throws(CriteriaError) -> CriteriaFile {
        try CriteriaFile.load(bytes: Array(text.utf8), name: name)
    }

    @Test("The valid fixture loads")
    func validFixtureLoads() throws {
        let file = try Self.load(validFile)
        #expect(file.id == "test-scale")
        #expect(file.interpretations.map(\.id) == ["a-choice"])
        #expect(file.hash == CriteriaHash.sha256(Array(validFile.utf8)))
    }

    @Test("Each mistake is reported at its line", arguments: [
        MalformedCase("unknown input name in a grade condition", line: 19, with: "        when: fever and vitals.hypotenion",
                      message: "unknown name \"vitals.hypotenion\""),
        MalformedCase("unknown input name on the second line of a folded condition", line: 19,
                      with: "        when: >\n          fever and\n          vitals.hypotenion",
                      message: "unknown name \"vitals.hypotenion\""),
        MalformedCase("unknown input name in a definition", line: 9, with: "    when: vitals.temprature >= 38.0 C",
                      message: "unknown name \"vitals.temprature\""),
        MalformedCase("temperature threshold outside the possible range (380 °C)", line: 9, with: "    when: vitals.temperature >= 380 C",
                      message: "outside the possible range of vitals.temperature"),
        MalformedCase("FiO2 threshold outside 0.21–1.0", line: 19, with: "        when: fever and support.oxygen.fio2 >= 4",
                      message: "outside the range of support.oxygen.fio2"),
        MalformedCase("quantity threshold without its unit", line: 9, with: "    when: vitals.temperature >= 38.0",
                      message: "write the unit"),
        MalformedCase("quantity threshold in the wrong unit", line: 9, with: "    when: vitals.temperature >= 38.0 mg/dL",
                      message: "\"mg/dL\" is not a unit of vitals.temperature"),
        MalformedCase("plain number written with a unit", line: 19, with: "        when: fever and support.oxygen.flowLPerMin > 6 C",
                      message: "is a plain number"),
        MalformedCase("the same grade twice in one domain", line: 18, with: "      - grade: 1",
                      message: "grade 1 appears twice in domain fever"),
        MalformedCase("grade 6", line: 18, with: "      - grade: 6", message: "grade 6 is out of range"),
        MalformedCase("grade 0", line: 18, with: "      - grade: 0", message: "grade 0 is out of range"),
        MalformedCase("grade that is not a number", line: 18, with: "      - grade: two", message: "must be a whole number"),
        MalformedCase("unknown top-level key", line: 21, with: "reviewer: someone", message: "unknown key \"reviewer\""),
        MalformedCase("id not matching the file name", line: 1, with: "id: other-scale", message: "does not match the file name test-scale.yaml"),
        MalformedCase("interpretation reference not declared", line: 17, with: "        interpretation: undeclared-choice",
                      message: "interpretation \"undeclared-choice\" is not listed under interpretations"),
        MalformedCase("oxygen device not in the vocabulary", line: 19, with: "        when: fever and support.oxygen.device == helmet",
                      message: "\"helmet\" is not a value of support.oxygen.device"),
        MalformedCase("oxygen device list with a value not in the vocabulary", line: 19,
                      with: "        when: fever and support.oxygen.device in [cpap, helmet]",
                      message: "\"helmet\" is not a value of support.oxygen.device"),
        MalformedCase("yes/no input compared like a number", line: 19, with: "        when: fever and vitals.hypotension == true",
                      message: "vitals.hypotension is a yes/no value"),
        MalformedCase("condition that does not parse", line: 19, with: "        when: fever and and vitals.hypotension",
                      message: "expected a name"),
        MalformedCase("unknown key in a grade", line: 20, with: "        reason: fever and hypotension\n        because: a typo", errorLine: 21,
                      message: "unknown key \"because\""),
        MalformedCase("grade without its reason", line: 20, with: "", errorLine: 18, message: "needs \"reason\""),
        MalformedCase("YAML syntax error", line: 2, with: "title: Test: scale", message: "YAML"),
        MalformedCase("a key given twice in one mapping", line: 16, with: "        reason: fever\n        reason: fever again",
                      message: "\"reason\" is given more than once"),
        MalformedCase("an interpretation id given twice", line: 6, with: "  a-choice: A documented choice.\n  a-choice: Another text.",
                      message: "\"a-choice\" is given more than once"),
    ])
    func malformed(_ row: MalformedCase) {
        do {
            let file = try Self.load(row.text)
            Issue.record("\(row.sentence): loaded as \(file.id) instead of failing")
        } catch {
            #expect(error.file == Self.name, "\(row.sentence): \(error)")
            #expect(error.line == row.errorLine, "\(row.sentence): \(error)")
            #expect(error.message.contains(row.message), "\(row.sentence): \(error)")
            #expect(error.description.hasPrefix("\(Self.name):\(row.errorLine): "), "\(row.sentence): \(error)")
        }
    }

    @Test("An empty file and a file with neither grades nor terms fail")
    func emptyFiles() {
        #expect(throws: CriteriaError(file: Self.name, line: 1,
                                      message: "empty file: a criteria file needs at least id, title, version, source and grades or terms")) {
            try Self.load("")
        }
        #expect(throws: CriteriaError(file: "bad.yaml", line: 2, message: "not UTF-8 text: byte 0xC0 at column 8 (save the file as UTF-8)")) {
            try CriteriaFile.load(bytes: Array("id: bad\ntitle: ".utf8) + [0xC0, 0x80], name: "bad.yaml")
        }
        #expect(throws: CriteriaError.self) { try Self.load("id: test-scale\ntitle: t\nversion: \"1\"\nsource: s\n") }
    }

    @Test("A directory with one bad file among good ones fails as a whole")
    func directoryFailsAsAWhole() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let criteria = Fixtures.criteriaDirectory(from: #filePath)
        for name in try Self.yamlFiles(in: criteria) {
            try FileManager.default.copyItem(at: criteria.appendingPathComponent(name), to: directory.appendingPathComponent(name))
        }
        // The good files alone load.
        let good = try CriteriaSet.load(directory: directory.path)
        #expect(good.files.count == (try Self.yamlFiles(in: criteria)).count)

        let bad = MalformedCase("unknown name", line: 19, with: "        when: fever and vitals.hypotenion", message: "unknown name")
        try Data(bad.text.utf8).write(to: directory.appendingPathComponent(Self.name))
        do {
            let set = try CriteriaSet.load(directory: directory.path)
            Issue.record("loaded \(set.files.map(\.id)) despite a bad file")
        } catch {
            #expect(error.errors.count == 1, "\(error)")
            let only = try #require(error.errors.first)
            #expect(only.file.hasSuffix("/" + Self.name))
            #expect(only.line == 19)
            #expect(error.description.contains(Self.name + ":19: "), "\(error)")
        }
    }

    @Test("Two files with the same id fail as a whole")
    func duplicateIDs() throws {
        let bytes = Array(validFile.utf8)
        do {
            let set = try CriteriaSet.load([(name: "a/test-scale.yaml", bytes: bytes), (name: "b/test-scale.yaml", bytes: bytes)])
            Issue.record("loaded \(set.files.map(\.id)) despite a duplicate id")
        } catch {
            #expect(error.errors.count == 1, "\(error)")
            #expect(error.errors.first?.file == "b/test-scale.yaml")
            #expect(error.errors.first?.message.contains("also defined in a/test-scale.yaml") == true, "\(error)")
        }
    }

    @Test("A directory without criteria files fails")
    func emptyDirectory() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: CriteriaErrors.self) { try CriteriaSet.load(directory: directory.path) }
        #expect(throws: CriteriaErrors.self) { try CriteriaSet.load(directory: directory.appendingPathComponent("absent").path) }
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("aegrade-grading-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func yamlFiles(in directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }.sorted()
    }
}
