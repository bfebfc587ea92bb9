import Foundation
import Clinical
import Yams

/// Reads a YAML mapping strictly, with line numbers: every key is taken once, and `finish()`
/// rejects keys the criteria language does not name.
struct YAMLReader {
    let file: String
    let line: Int
    private var entries: [(key: String, value: Node, line: Int)]

    init(_ node: Node, file: String, what: String) throws(CriteriaError) {
        let line = node.mark?.line ?? 0
        guard case .mapping(let mapping) = node else {
            throw CriteriaError(file: file, line: line, message: "\(what) must be a mapping of keys to values")
        }
        self.file = file
        self.line = line
        var entries: [(String, Node, Int)] = []
        for (key, value) in mapping {
            guard let name = key.string else { throw CriteriaError(file: file, line: key.mark?.line ?? line, message: "keys must be text") }
            entries.append((name, value, key.mark?.line ?? line))
        }
        self.entries = entries
    }

    func error(_ message: String, line: Int? = nil) -> CriteriaError {
        CriteriaError(file: file, line: line ?? self.line, message: message)
    }

    mutating func take(_ key: String) -> (value: Node, line: Int)? {
        guard let index = entries.firstIndex(where: { $0.key == key }) else { return nil }
        let entry = entries.remove(at: index)
        return (entry.value, entry.line)
    }

    mutating func require(_ key: String, in what: String) throws(CriteriaError) -> (value: Node, line: Int) {
        guard let entry = take(key) else { throw error("\(what) needs \(PrintableText.quoted(key))") }
        return entry
    }

    mutating func text(_ key: String, in what: String) throws(CriteriaError) -> (String, Int)? {
        guard let (node, line) = take(key) else { return nil }
        guard case .scalar(let scalar) = node else { throw error("\(PrintableText.quoted(key)) must be text", line: line) }
        let value = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw error("\(PrintableText.quoted(key)) must not be empty", line: line) }
        return (value, node.mark?.line ?? line)
    }

    mutating func requireText(_ key: String, in what: String) throws(CriteriaError) -> (String, Int) {
        guard let result = try text(key, in: what) else { throw error("\(what) needs \(PrintableText.quoted(key))") }
        return result
    }

    mutating func integer(_ key: String, in what: String) throws(CriteriaError) -> (Int, Int)? {
        guard let (text, line) = try text(key, in: what) else { return nil }
        guard let value = Int(text) else { throw error("\(PrintableText.quoted(key)) must be a whole number, found \(PrintableText.quoted(text))", line: line) }
        return (value, line)
    }

    /// The remaining entries in file order (for open-ended maps such as `definitions`).
    mutating func takeAll() -> [(key: String, value: Node, line: Int)] {
        defer { entries = [] }
        return entries
    }

    func finish(allowed: [String], in what: String) throws(CriteriaError) {
        if let entry = entries.first {
            throw error("unknown key \(PrintableText.quoted(entry.key)) in \(what); expected \(allowed.joined(separator: ", "))", line: entry.line)
        }
    }
}

extension Node {
    /// The elements of a sequence, or an error naming what was expected.
    func sequence(file: String, what: String) throws(CriteriaError) -> [Node] {
        guard case .sequence(let sequence) = self else {
            throw CriteriaError(file: file, line: mark?.line ?? 0, message: "\(what) must be a list")
        }
        return Array(sequence)
    }
}
