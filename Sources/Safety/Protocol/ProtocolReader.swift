import Foundation
import Clinical
import Yams

/// Reads one YAML mapping of a protocol file strictly, with line numbers: each key is taken once,
/// values are checked for type and range where they are read, and ``finish(allowed:in:)`` rejects
/// the keys the protocol language does not name (so a misspelt `alpah:` is an error, not a default).
///
/// The same pattern as the criteria loader's reader (`Grading/CriteriaFile/YAMLReader.swift`),
/// throwing ``ProtocolError``.
struct ProtocolReader {
    let file: String
    /// The line of the mapping itself, for "needs key" errors.
    let line: Int
    private var entries: [(key: String, value: Node, line: Int)]

    /// - Parameter line: the line errors about the mapping as a whole point at (its key's line, as
    ///   in `pocock:`); by default the line of its first key.
    init(_ node: Node, file: String, what: String, line: Int? = nil) throws(ProtocolError) {
        let nodeLine = node.mark?.line ?? 0
        guard case .mapping(let mapping) = node else {
            throw ProtocolError(file: file, line: line ?? nodeLine, message: "\(what) must be a mapping of keys to values")
        }
        var entries: [(String, Node, Int)] = []
        for (key, value) in mapping {
            guard let name = key.string else { throw ProtocolError(file: file, line: key.mark?.line ?? nodeLine, message: "keys must be text") }
            entries.append((name, value, key.mark?.line ?? nodeLine))
        }
        self.file = file
        self.line = line ?? entries.map(\.2).min() ?? nodeLine
        self.entries = entries
    }

    func error(_ message: String, line: Int? = nil) -> ProtocolError {
        ProtocolError(file: file, line: line ?? self.line, message: message)
    }

    /// Whether the mapping has `key` (not yet taken).
    func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    mutating func take(_ key: String) -> (value: Node, line: Int)? {
        guard let index = entries.firstIndex(where: { $0.key == key }) else { return nil }
        let entry = entries.remove(at: index)
        return (entry.value, entry.line)
    }

    mutating func require(_ key: String, in what: String) throws(ProtocolError) -> (value: Node, line: Int) {
        guard let entry = take(key) else { throw error("\(what) needs \(PrintableText.quoted(key))") }
        return entry
    }

    mutating func text(_ key: String) throws(ProtocolError) -> (String, Int)? {
        guard let (node, line) = take(key) else { return nil }
        return (try Self.text(node, key: key, file: file, line: line), line)
    }

    mutating func requireText(_ key: String, in what: String) throws(ProtocolError) -> (String, Int) {
        guard let result = try text(key) else { throw error("\(what) needs \(PrintableText.quoted(key))") }
        return result
    }

    mutating func integer(_ key: String, in range: ClosedRange<Int>) throws(ProtocolError) -> (Int, Int)? {
        guard let (text, line) = try text(key) else { return nil }
        guard let value = Int(text) else { throw error("\(PrintableText.quoted(key)) must be a whole number, found \(PrintableText.quoted(text))", line: line) }
        guard range.contains(value) else {
            throw error("\(PrintableText.quoted(key)) must be from \(range.lowerBound) to \(range.upperBound), found \(value)", line: line)
        }
        return (value, line)
    }

    mutating func requireInteger(_ key: String, in range: ClosedRange<Int>, what: String) throws(ProtocolError) -> (Int, Int) {
        guard let result = try integer(key, in: range) else { throw error("\(what) needs \(PrintableText.quoted(key))") }
        return result
    }

    /// A number strictly between 0 and 1 (p0, α, τ).
    mutating func requireProbability(_ key: String, what: String) throws(ProtocolError) -> (Double, Int) {
        guard let (text, line) = try text(key) else { throw error("\(what) needs \(PrintableText.quoted(key))") }
        guard let value = Double(text), value.isFinite else { throw error("\(PrintableText.quoted(key)) must be a number, found \(PrintableText.quoted(text))", line: line) }
        guard value > 0, value < 1 else { throw error("\(PrintableText.quoted(key)) must be between 0 and 1 (exclusive), found \(PrintableText.quoted(text))", line: line) }
        return (value, line)
    }

    mutating func bool(_ key: String) throws(ProtocolError) -> Bool? {
        guard let (text, line) = try text(key) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default: throw error("\(PrintableText.quoted(key)) must be true or false, found \(PrintableText.quoted(text))", line: line)
        }
    }

    /// One text or a list of texts (`toxicity: severeCRS` or `toxicity: [severeCRS, severeICANS]`).
    mutating func textList(_ key: String) throws(ProtocolError) -> ([String], Int)? {
        guard let (node, line) = take(key) else { return nil }
        if case .sequence(let sequence) = node {
            var values: [String] = []
            for element in sequence { values.append(try Self.text(element, key: key, file: file, line: element.mark?.line ?? line)) }
            guard !values.isEmpty else { throw error("\(PrintableText.quoted(key)) must not be an empty list", line: line) }
            return (values, line)
        }
        return ([try Self.text(node, key: key, file: file, line: line)], line)
    }

    /// The remaining entries in file order (for open-ended maps such as `toxicities`).
    mutating func takeAll() -> [(key: String, value: Node, line: Int)] {
        defer { entries = [] }
        return entries
    }

    func finish(allowed: [String], in what: String) throws(ProtocolError) {
        if let entry = entries.first {
            throw error("unknown key \(PrintableText.quoted(entry.key)) in \(what); expected \(allowed.joined(separator: ", "))", line: entry.line)
        }
    }

    private static func text(_ node: Node, key: String, file: String, line: Int) throws(ProtocolError) -> String {
        guard case .scalar(let scalar) = node else { throw ProtocolError(file: file, line: line, message: "\(PrintableText.quoted(key)) must be a single value") }
        let value = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw ProtocolError(file: file, line: line, message: "\(PrintableText.quoted(key)) must not be empty") }
        return value
    }
}

extension Node {
    /// The elements of a sequence, or a protocol error naming what was expected.
    func protocolSequence(file: String, what: String) throws(ProtocolError) -> [Node] {
        guard case .sequence(let sequence) = self else {
            throw ProtocolError(file: file, line: mark?.line ?? 0, message: "\(what) must be a list")
        }
        return Array(sequence)
    }
}
