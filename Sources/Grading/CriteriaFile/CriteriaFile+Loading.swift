import Foundation
import Clinical
import Yams

extension CriteriaFile {
    static let topLevelKeys = ["id", "title", "version", "source", "uses", "interpretations", "definitions", "grades", "terms",
                               "criteria-set", "score"]

    /// Loads, validates and compiles a criteria file from its bytes.
    ///
    /// - Parameters:
    ///   - bytes: the file's content (UTF-8); its SHA-256 becomes the file's hash.
    ///   - name: the file name used in error messages (`astct-2019-crs.yaml`); its stem must equal the id.
    ///   - available: files already loaded, whose grades this file may read if it names them under `uses`.
    /// - Throws: ``CriteriaError`` as `file:line: message` for the first problem found.
    package static func load(bytes: [UInt8], name: String, available: [String: CriteriaFile] = [:]) throws(CriteriaError) -> CriteriaFile {
        try load(root: try compose(bytes, name: name), bytes: bytes, name: name, available: available)
    }

    /// The YAML of a criteria file's bytes, or the first problem with it as `file:line: message`.
    static func compose(_ bytes: [UInt8], name: String) throws(CriteriaError) -> Node {
        try YAMLReader.compose(bytes, name: name, emptyMessage: "empty file: a criteria file needs at least id, title, version, source and grades or terms")
    }

    /// Loads a criteria file from its YAML `root`, composed from `bytes` (whose SHA-256 is the
    /// file's hash) by ``compose(_:name:)``: a set of files reads each file's `uses` from the same
    /// tree it loads, so that no file is parsed twice (every `aegrade record` loads the set).
    static func load(root: Node, bytes: [UInt8], name: String, available: [String: CriteriaFile]) throws(CriteriaError) -> CriteriaFile {
        var reader = try YAMLReader(root, file: name, what: "a criteria file")
        let (id, idLine) = try reader.requireText("id", in: "a criteria file")
        let base = name.split(separator: "/").last.map(String.init) ?? name
        let stem = base.hasSuffix(".yaml") ? String(base.dropLast(5)) : base
        guard id == stem else {
            throw reader.error("id \(PrintableText.quoted(id)) does not match the file name \(stem).yaml", line: idLine)
        }
        let (title, _) = try reader.requireText("title", in: "a criteria file")
        let (version, _) = try reader.requireText("version", in: "a criteria file")
        let (source, _) = try reader.requireText("source", in: "a criteria file")

        var interpretations: [Interpretation] = []
        if let (node, _) = reader.take("interpretations") {
            var map = try YAMLReader(node, file: name, what: "interpretations")
            for entry in map.takeAll() {
                guard let text = entry.value.string?.trimmedWhiteSpace, !text.isEmpty else {
                    throw reader.error("interpretation \(PrintableText.quoted(entry.key)) needs its text", line: entry.line)
                }
                interpretations.append(Interpretation(id: entry.key, text: text))
            }
        }
        let context = LoadContext(file: name, interpretationIDs: Set(interpretations.map(\.id)))

        var compiler = Compiler()
        var uses: [String] = []
        if let (node, line) = reader.take("uses") {
            for element in try node.sequence(file: name, what: "uses") {
                guard let used = element.string else { throw reader.error("uses lists criteria ids", line: line) }
                guard let file = available[used] else {
                    throw reader.error("uses \(PrintableText.quoted(used)), which is not loaded (a criteria id of the same directory)", line: element.mark?.line ?? line)
                }
                uses.append(used)
                for (gradeName, source) in file.gradeSources() { compiler.grades[gradeName] = source }
            }
        }
        if let (node, _) = reader.take("definitions") {
            var map = try YAMLReader(node, file: name, what: "definitions")
            for entry in map.takeAll() {
                guard Self.isDefinitionName(entry.key) else {
                    throw reader.error("definition name \(PrintableText.quoted(entry.key)) must be one camelCase word", line: entry.line)
                }
                guard Vocabulary.variables[entry.key] == nil, compiler.definitions[entry.key] == nil else {
                    throw reader.error("\(PrintableText.quoted(entry.key)) is already defined", line: entry.line)
                }
                var definition = try YAMLReader(entry.value, file: name, what: "definition \(entry.key)")
                let (when, whenLine) = try definition.requireText("when", in: "definition \(entry.key)")
                _ = try definition.requireText("means", in: "definition \(entry.key)")
                let note = try context.interpretation(&definition)
                try definition.finish(allowed: ["when", "means", "interpretation"], in: "definition \(entry.key)")
                let condition = try context.compile(when, line: whenLine, with: compiler)
                compiler.definitions[entry.key] = note.map { compiler.builder.note(condition, $0) } ?? condition
            }
        }

        let kinds = ["grades", "terms", "criteria-set", "score"].compactMap { key in reader.take(key).map { (key, $0.value) } }
        guard kinds.count == 1, let (kind, node) = kinds.first else {
            throw reader.error(kinds.isEmpty ? "a criteria file needs one of grades, terms, criteria-set or score"
                                             : "give only one of grades, terms, criteria-set or score")
        }
        let logic: Logic
        switch kind {
        case "grades": logic = .grading(try context.gradeTable(node, compiler: compiler, what: "grades"))
        case "terms": logic = .terms(try context.terms(node, compiler: compiler))
        case "criteria-set": logic = .criteriaSet(try context.criteriaSet(node, compiler: compiler))
        default: logic = .score(try context.score(node, compiler: compiler))
        }
        try reader.finish(allowed: topLevelKeys, in: "a criteria file")
        var limitsRead = Set(compiler.namesRead.names.compactMap(ReferenceLimit.init(readBy:)))
        for used in uses { limitsRead.formUnion(available[used]?.referenceLimitsRead ?? []) }
        return CriteriaFile(id: id, title: title, version: version, source: source, hash: CriteriaHash.sha256(bytes),
                            interpretations: interpretations, logic: logic, program: compiler.builder.program, uses: uses,
                            referenceLimitsRead: limitsRead)
    }
}

extension CriteriaFile {
    /// One camelCase word: an ASCII lower-case letter, then ASCII letters and digits. Checked by
    /// hand: a regular expression is compiled by ICU on each call, a cost every `aegrade record`
    /// paid for each definition as it loaded the criteria.
    package static func isDefinitionName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first) else { return false }
        return bytes.dropFirst().allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }
}

/// What the loader needs while reading the body of one file.
private struct LoadContext {
    let file: String
    let interpretationIDs: Set<String>

    func error(_ message: String, line: Int) -> CriteriaError { CriteriaError(file: file, line: line, message: message) }

    func compile(_ text: String, line: Int, with compiler: Compiler) throws(CriteriaError) -> Int32 {
        do {
            return try compiler.compile(try Parser.parse(text))
        } catch let failure as Lexer.Failure {
            throw error("\(failure.message) (at \(PrintableText.quoted(excerpt(text, failure.offset))))", line: line)
        } catch let failure as Compiler.Failure {
            throw error("\(failure.message) (at \(PrintableText.quoted(excerpt(text, failure.offset))))", line: line)
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
            throw error("interpretation \(PrintableText.quoted(id)) is not listed under interpretations", line: line)
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
                                         reason: reason, interpretation: note,
                                         interpretationNote: note.map(compiler.builder.noteNumber)))
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
                throw error("\(PrintableText.quoted(labName)) is not a lab; expected one of \(Analyte.allCases.map(\.rawValue).joined(separator: ", "))", line: labLine)
            }
            let (gradesNode, _) = try reader.require("grades", in: "term \(id)")
            try reader.finish(allowed: ["term", "title", "lab", "grades"], in: "term \(id)")
            terms.append(Term(id: id, title: title, analyte: analyte, table: GradeTable(rules: try rules(gradesNode, line: idLine, domain: id, compiler: compiler))))
        }
        return terms
    }

    func criterion(_ node: Node, compiler: Compiler, what: String) throws(CriteriaError) -> CountSpec.Criterion {
        var reader = try YAMLReader(node, file: file, what: what)
        let (id, _) = try reader.requireText("id", in: what)
        let (when, whenLine) = try reader.requireText("when", in: "criterion \(id)")
        let (means, _) = try reader.requireText("means", in: "criterion \(id)")
        let note = try interpretation(&reader)
        try reader.finish(allowed: ["id", "when", "means", "interpretation"], in: "criterion \(id)")
        var condition = try compile(when, line: whenLine, with: compiler)
        if let note { condition = compiler.builder.note(condition, note) }
        return CountSpec.Criterion(id: id, means: means, condition: condition)
    }

    func criteriaSet(_ node: Node, compiler: Compiler) throws(CriteriaError) -> CountSpec {
        var reader = try YAMLReader(node, file: file, what: "criteria-set")
        var seen = Set<String>()
        func list(_ key: String) throws(CriteriaError) -> [CountSpec.Criterion] {
            guard let (listNode, _) = reader.take(key) else { return [] }
            var result: [CountSpec.Criterion] = []
            for element in try listNode.sequence(file: file, what: key) {
                let item = try criterion(element, compiler: compiler, what: "a criterion of \(key)")
                guard seen.insert(item.id).inserted else { throw error("criterion \(item.id) appears twice", line: element.mark?.line ?? 0) }
                result.append(item)
            }
            return result
        }
        let required = try list("required")
        let counted = try list("count")
        guard !counted.isEmpty || !required.isEmpty else { throw error("criteria-set needs required or count criteria", line: reader.line) }
        var metAt: Int?
        if let (value, line) = try reader.integer("met-at", in: "criteria-set") {
            guard value >= 0, value <= counted.count else {
                throw error("met-at \(value) must lie between 0 and the \(counted.count) counted criteria", line: line)
            }
            metAt = value
        }
        var alternative: CountSpec.Criterion?
        if let (altNode, line) = reader.take("alternative") {
            guard metAt != nil else { throw error("an alternative needs met-at", line: line) }
            let item = try criterion(altNode, compiler: compiler, what: "the alternative")
            guard seen.insert(item.id).inserted else { throw error("criterion \(item.id) appears twice", line: altNode.mark?.line ?? line) }
            alternative = item
        }
        try reader.finish(allowed: ["required", "count", "met-at", "alternative"], in: "criteria-set")
        return CountSpec(required: required, counted: counted, metAt: metAt, alternative: alternative)
    }

    func score(_ node: Node, compiler: Compiler) throws(CriteriaError) -> ScoreSpec {
        var reader = try YAMLReader(node, file: file, what: "score")
        let (itemsNode, itemsLine) = try reader.require("items", in: "score")
        var items: [ScoreSpec.Item] = []
        for itemNode in try itemsNode.sequence(file: file, what: "items") {
            var item = try YAMLReader(itemNode, file: file, what: "an item")
            let (id, idLine) = try item.requireText("item", in: "an item")
            guard !items.contains(where: { $0.id == id }) else { throw error("item \(id) appears twice", line: idLine) }
            let (rowsNode, rowsLine) = try item.require("points", in: "item \(id)")
            try item.finish(allowed: ["item", "points"], in: "item \(id)")
            var rows: [(points: Int, condition: Int32?)] = []
            let rowNodes = try rowsNode.sequence(file: file, what: "points of item \(id)")
            for (offset, rowNode) in rowNodes.enumerated() {
                var row = try YAMLReader(rowNode, file: file, what: "a row")
                guard let (points, pointsLine) = try row.integer("points", in: "a row of item \(id)") else {
                    throw error("a row of item \(id) needs points", line: row.line)
                }
                guard points >= 0, points <= 1000 else { throw error("points \(points) out of range", line: pointsLine) }
                let last = offset == rowNodes.count - 1
                if let (flag, line) = try row.text("otherwise", in: "a row") {
                    guard flag == "true", last else { throw error("only the last row of item \(id) is otherwise: true", line: line) }
                    rows.append((points, nil))
                } else {
                    guard !last else { throw error("the last row of item \(id) must be otherwise: true", line: row.line) }
                    let (when, whenLine) = try row.requireText("when", in: "a row of item \(id)")
                    rows.append((points, try compile(when, line: whenLine, with: compiler)))
                }
                try row.finish(allowed: ["points", "when", "otherwise"], in: "a row of item \(id)")
            }
            guard rows.count >= 2 else { throw error("item \(id) needs at least two rows", line: rowsLine) }
            items.append(ScoreSpec.Item(id: id, rows: rows))
        }
        guard !items.isEmpty else { throw error("score has no items", line: itemsLine) }
        var table: [ScoreSpec.TablePoint] = []
        if let (tableNode, _) = reader.take("probability") {
            for pointNode in try tableNode.sequence(file: file, what: "probability") {
                var point = try YAMLReader(pointNode, file: file, what: "a probability")
                guard let (score, line) = try point.integer("score", in: "a probability") else { throw error("a probability needs score", line: point.line) }
                let (percent, percentLine) = try point.requireText("percent", in: "a probability")
                try point.finish(allowed: ["score", "percent"], in: "a probability")
                let band: (Double, Double)
                // An optional "<" or ">" for an open end, the number, an optional "%"; nothing else.
                var digits = Substring(percent)
                if digits.hasPrefix("<") || digits.hasPrefix(">") { digits = digits.dropFirst() }
                if digits.hasSuffix("%") { digits = digits.dropLast() }
                guard let value = Double(digits.trimmingCharacters(in: .whitespaces)), value >= 0, value <= 100 else {
                    throw error("percent \(PrintableText.quoted(percent)) must be a number from 0 to 100, with < or > for an open end", line: percentLine)
                }
                if percent.hasPrefix("<") { band = (0, value / 100) } else if percent.hasPrefix(">") { band = (value / 100, 1) } else { band = (value / 100, value / 100) }
                if let previous = table.last {
                    guard score > previous.score, band.0 >= previous.low else {
                        throw error("probability rows must rise with the score", line: line)
                    }
                }
                table.append(ScoreSpec.TablePoint(score: score, low: band.0, high: band.1))
            }
        }
        let cutoff = try reader.integer("cutoff", in: "score")?.0
        try reader.finish(allowed: ["items", "probability", "cutoff"], in: "score")
        return ScoreSpec(items: items, table: table, cutoff: cutoff)
    }
}
