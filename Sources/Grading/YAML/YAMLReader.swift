import Foundation
import Clinical
import Localization
import Yams

/// Reads one YAML mapping of a criteria or protocol file strictly, with line numbers: every key
/// is taken once, and ``finish(allowed:in:)`` rejects the keys the language does not name (so a
/// misspelt `alpah:` is an error, not a default). Duplicate keys, invalid UTF-8 and YAML syntax are
/// refused before, by ``compose(_:name:emptyMessage:)``.
///
/// The criteria loader reads its values through `YAMLReader+Criteria.swift`, the protocol loader
/// (Safety) through its own extension; both throw ``FileLineError``.
package struct YAMLReader {
    package let file: String
    /// The line errors about the mapping as a whole ("needs key") point at.
    package let line: Int
    private var entries: [(key: String, value: Node, line: Int)]

    /// - Parameter line: the line errors about the mapping as a whole point at (its key's line, as
    ///   in `pocock:`); by default the line of its first key.
    package init(_ node: Node, file: String, what: String, line: Int? = nil) throws(FileLineError) {
        let nodeLine = node.mark?.line ?? 0
        guard case .mapping(let mapping) = node else {
            throw FileLineError(file: file, line: line ?? nodeLine, message: localized("{what} must be a mapping of keys to values", ["what": what]))
        }
        var entries: [(String, Node, Int)] = []
        for (key, value) in mapping {
            guard let name = key.string else { throw FileLineError(file: file, line: key.mark?.line ?? nodeLine, message: localized("keys must be text")) }
            entries.append((name, value, key.mark?.line ?? nodeLine))
        }
        self.file = file
        self.line = line ?? entries.map(\.2).min() ?? nodeLine
        self.entries = entries
    }

    package func error(_ message: String, line: Int? = nil) -> FileLineError {
        FileLineError(file: file, line: line ?? self.line, message: message)
    }

    /// Whether the mapping has `key` (not yet taken).
    package func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    package mutating func take(_ key: String) -> (value: Node, line: Int)? {
        guard let index = entries.firstIndex(where: { $0.key == key }) else { return nil }
        let entry = entries.remove(at: index)
        return (entry.value, entry.line)
    }

    package mutating func require(_ key: String, in what: String) throws(FileLineError) -> (value: Node, line: Int) {
        guard let entry = take(key) else { throw error(localized("{what} needs {key}", ["what": what, "key": PrintableText.quoted(key)])) }
        return entry
    }

    /// The remaining entries in file order (for open-ended maps such as `definitions`).
    package mutating func takeAll() -> [(key: String, value: Node, line: Int)] {
        defer { entries = [] }
        return entries
    }

    package func finish(allowed: [String], in what: String) throws(FileLineError) {
        if let entry = entries.first {
            throw error(localized("unknown key {key} in {what}; expected {allowed}",
                                  ["key": PrintableText.quoted(entry.key), "what": what, "allowed": allowed.joined(separator: ", ")]), line: entry.line)
        }
    }

    /// A scalar's text, trimmed; `notScalar` completes the error when `node` is a list or a mapping
    /// ("must be text"), and an empty value is refused.
    package func scalar(_ node: Node, key: String, line: Int, notScalar: String) throws(FileLineError) -> String {
        guard case .scalar(let scalar) = node else { throw error("\(PrintableText.quoted(key)) \(notScalar)", line: line) }
        let value = scalar.string.trimmedWhiteSpace
        guard !value.isEmpty else { throw error(localized("{key} must not be empty", ["key": PrintableText.quoted(key)]), line: line) }
        return value
    }

    /// A whole number written as `text`, or the error naming the key and what was found.
    package func wholeNumber(_ text: String, key: String, line: Int) throws(FileLineError) -> Int {
        guard let value = Int(text) else { throw error(localized("{key} must be a whole number, found {value}", ["key": PrintableText.quoted(key), "value": PrintableText.quoted(text)]), line: line) }
        return value
    }
}

extension Node {
    /// The elements of a sequence, or an error naming what was expected.
    package func sequence(file: String, what: String) throws(FileLineError) -> [Node] {
        guard case .sequence(let sequence) = self else {
            throw FileLineError(file: file, line: mark?.line ?? 0, message: localized("{what} must be a list", ["what": what]))
        }
        return Array(sequence)
    }
}
