import Foundation
import Clinical
import Yams

extension CriteriaFile {
    static let topLevelKeys = ["id", "title", "version", "source", "interpretations", "definitions", "grades", "terms"]

    /// Loads, validates and compiles a criteria file from its bytes.
    ///
    /// - Parameters:
    ///   - bytes: the file's content (UTF-8); its SHA-256 becomes the file's hash.
    ///   - name: the file name used in error messages (`astct-2019-crs.yaml`); its stem must equal the id.
    /// - Throws: ``CriteriaError`` as `file:line: message` for the first problem found.
    package static func load(bytes: [UInt8], name: String) throws(CriteriaError) -> CriteriaFile {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CriteriaError(file: name, line: 0, message: "not UTF-8 text")
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw CriteriaError(file: name, line: 0, message: "empty file") }
            root = node
        } catch let error as CriteriaError {
            throw error
        } catch let YamlError.scanner(_, problem, mark, _), let YamlError.parser(_, problem, mark, _), let YamlError.composer(_, problem, mark, _) {
            throw CriteriaError(file: name, line: mark.line, message: "YAML: \(problem)")
        } catch {
            throw CriteriaError(file: name, line: 0, message: "YAML: \(error)")
        }
        var reader = try YAMLReader(root, file: name, what: "a criteria file")
        let (id, idLine) = try reader.requireText("id", in: "a criteria file")
        let stem = name.split(separator: "/").last.map { String($0) }?.replacingOccurrences(of: ".yaml", with: "") ?? name
        guard id == stem else {
            throw reader.error("id \"\(id)\" does not match the file name \(stem).yaml", line: idLine)
        }
        let (title, _) = try reader.requireText("title", in: "a criteria file")
        let (version, _) = try reader.requireText("version", in: "a criteria file")
        let (source, _) = try reader.requireText("source", in: "a criteria file")

        var interpretations: [Interpretation] = []
        if let (node, _) = reader.take("interpretations") {
            var map = try YAMLReader(node, file: name, what: "interpretations")
            for entry in map.takeAll() {
                guard let text = entry.value.string?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else {
                    throw reader.error("interpretation \"\(entry.key)\" needs its text", line: entry.line)
                }
                interpretations.append(Interpretation(id: entry.key, text: text))
            }
        }
        let context = LoadContext(file: name, interpretationIDs: Set(interpretations.map(\.id)))

        var compiler = Compiler()
        if let (node, _) = reader.take("definitions") {
            var map = try YAMLReader(node, file: name, what: "definitions")
            for entry in map.takeAll() {
                guard entry.key.range(of: "^[a-z][A-Za-z0-9]*$", options: .regularExpression) != nil else {
                    throw reader.error("definition name \"\(entry.key)\" must be one camelCase word", line: entry.line)
                }
                guard Vocabulary.variables[entry.key] == nil, compiler.definitions[entry.key] == nil else {
                    throw reader.error("\"\(entry.key)\" is already defined", line: entry.line)
                }
                var definition = try YAMLReader(entry.value, file: name, what: "definition \(entry.key)")
                let (when, whenLine) = try definition.requireText("when", in: "definition \(entry.key)")
                _ = try definition.requireText("means", in: "definition \(entry.key)")
                let note = try context.interpretation(&definition)
                try definition.finish(allowed: ["when", "means", "interpretation"], in: "definition \(entry.key)")
                let condition = try context.compile(when, line: whenLine, with: compiler)
                compiler.definitions[entry.key] = DefinitionNode(condition, slot: compiler.definitions.count, note: note)
            }
        }

        let logic: Logic
        switch (reader.take("grades"), reader.take("terms")) {
        case let ((node, _)?, nil):
            logic = .grading(try context.gradeTable(node, compiler: compiler, what: "grades"))
        case let (nil, (node, _)?):
            logic = .terms(try context.terms(node, compiler: compiler))
        case (.some, .some):
            throw reader.error("give either \"grades\" or \"terms\", not both")
        case (nil, nil):
            throw reader.error("a criteria file needs \"grades\" or \"terms\"")
        }
        try reader.finish(allowed: topLevelKeys, in: "a criteria file")
        return CriteriaFile(id: id, title: title, version: version, source: source, hash: CriteriaHash.sha256(bytes),
                            interpretations: interpretations, logic: logic, definitionCount: compiler.definitions.count)
    }
}

/// What the loader needs while reading the body of one file.
private struct LoadContext {
    let file: String
    let interpretationIDs: Set<String>

    func error(_ message: String, line: Int) -> CriteriaError { CriteriaError(file: file, line: line, message: message) }

    func compile(_ text: String, line: Int, with compiler: Compiler) throws(CriteriaError) -> ConditionNode {
        do {
            return try compiler.compile(try Parser.parse(text))
        } catch let failure as Lexer.Failure {
            throw error("\(failure.message) (at \"\(excerpt(text, failure.offset))\")", line: line)
        } catch let failure as Compiler.Failure {
            throw error("\(failure.message) (at \"\(excerpt(text, failure.offset))\")", line: line)
        } catch {
            throw self.error("\(error)", line: line)
        }
    }

    private func excerpt(_ text: String, _ offset: Int) -> String {
        let chars = Array(text)
        guard offset < chars.count else { return "end of condition" }
        return String(chars[offset..<min(chars.count, offset + 24)])
    }

    func interpretation(_ reader: inout YAMLReader) throws(CriteriaError) -> String? {
        guard let (id, line) = try reader.text("interpretation", in: "") else { return nil }
        guard interpretationIDs.contains(id) else {
            throw error("interpretation \"\(id)\" is not listed under interpretations", line: line)
        }
        return id
    }

    func gradeTable(_ node: Node, compiler: Compiler, what: String) throws(CriteriaError) -> GradeTable {
        var rules: [GradeTable.Rule] = []
        for domainNode in try node.sequence(file: file, what: what) {
            var domain = try YAMLReader(domainNode, file: file, what: "a domain")
            let (name, _) = try domain.requireText("domain", in: "a domain")
            let (gradesNode, gradesLine) = try domain.require("grades", in: "domain \(name)")
            try domain.finish(allowed: ["domain", "grades"], in: "domain \(name)")
            rules += try self.rules(gradesNode, line: gradesLine, domain: name, compiler: compiler)
        }
        guard !rules.isEmpty else { throw error("\(what) is empty", line: node.mark?.line ?? 0) }
        return GradeTable(rules: rules)
    }

    func rules(_ gradesNode: Node, line gradesLine: Int, domain name: String, compiler: Compiler) throws(CriteriaError) -> [GradeTable.Rule] {
        var rules: [GradeTable.Rule] = []
        var seen: [Int: Int] = [:]
        let entries = try gradesNode.sequence(file: file, what: "grades of domain \(name)")
        guard !entries.isEmpty else { throw error("domain \(name) has no grades", line: gradesLine) }
        for ruleNode in entries {
            var rule = try YAMLReader(ruleNode, file: file, what: "a grade")
            guard let (grade, gradeLine) = try rule.integer("grade", in: "a grade") else {
                throw error("a grade of domain \(name) needs \"grade\"", line: rule.line)
            }
            guard (1...5).contains(grade) else {
                throw error("grade \(grade) is out of range: grades are 1 to 5 (0 is what remains when no rule holds)", line: gradeLine)
            }
            if let earlier = seen[grade] {
                throw error("grade \(grade) appears twice in domain \(name) (also line \(earlier)); join the conditions with or", line: gradeLine)
            }
            seen[grade] = gradeLine
            let (when, whenLine) = try rule.requireText("when", in: "grade \(grade) of domain \(name)")
            let (reason, _) = try rule.requireText("reason", in: "grade \(grade) of domain \(name)")
            let note = try interpretation(&rule)
            try rule.finish(allowed: ["grade", "when", "reason", "interpretation"], in: "grade \(grade) of domain \(name)")
            rules.append(GradeTable.Rule(domain: name, grade: grade, condition: try compile(when, line: whenLine, with: compiler),
                                         reason: reason, interpretation: note))
        }
        return rules
    }

    func terms(_ node: Node, compiler: Compiler) throws(CriteriaError) -> [Term] {
        var terms: [Term] = []
        for termNode in try node.sequence(file: file, what: "terms") {
            var reader = try YAMLReader(termNode, file: file, what: "a term")
            let (id, idLine) = try reader.requireText("term", in: "a term")
            guard !terms.contains(where: { $0.id == id }) else { throw error("term \(id) appears twice", line: idLine) }
            let (title, _) = try reader.requireText("title", in: "term \(id)")
            let (labName, labLine) = try reader.requireText("lab", in: "term \(id)")
            guard let analyte = Analyte(rawValue: labName) else {
                throw error("\"\(labName)\" is not a lab; expected one of \(Analyte.allCases.map(\.rawValue).joined(separator: ", "))", line: labLine)
            }
            let (gradesNode, _) = try reader.require("grades", in: "term \(id)")
            try reader.finish(allowed: ["term", "title", "lab", "grades"], in: "term \(id)")
            terms.append(Term(id: id, title: title, analyte: analyte, table: GradeTable(rules: try rules(gradesNode, line: idLine, domain: id, compiler: compiler))))
        }
        return terms
    }
}
