import Clinical
import Yams

/// Values as the criteria language reads them.
extension YAMLReader {
    /// The trimmed text of `key` and the line of its value, or nil when absent.
    mutating func text(_ key: String, in what: String) throws(CriteriaError) -> (String, Int)? {
        guard let (node, line) = take(key) else { return nil }
        return (try scalar(node, key: key, line: line, notScalar: "must be text"), node.mark?.line ?? line)
    }

    mutating func requireText(_ key: String, in what: String) throws(CriteriaError) -> (String, Int) {
        guard let result = try text(key, in: what) else { throw error("\(what) needs \(PrintableText.quoted(key))") }
        return result
    }

    mutating func integer(_ key: String, in what: String) throws(CriteriaError) -> (Int, Int)? {
        guard let (text, line) = try text(key, in: what) else { return nil }
        return (try wholeNumber(text, key: key, line: line), line)
    }
}
