import Clinical
import Grading
import Yams

/// Values as the protocol language reads them, each checked for type and range where it is read.
extension YAMLReader {
    /// The trimmed text of `key` and the line of its key, or nil when absent.
    mutating func text(_ key: String) throws(ProtocolError) -> (String, Int)? {
        guard let (node, line) = take(key) else { return nil }
        return (try scalar(node, key: key, line: line, notScalar: "must be a single value"), line)
    }

    mutating func requireText(_ key: String, in what: String) throws(ProtocolError) -> (String, Int) {
        guard let result = try text(key) else { throw error("\(what) needs \(PrintableText.quoted(key))") }
        return result
    }

    mutating func integer(_ key: String, in range: ClosedRange<Int>) throws(ProtocolError) -> (Int, Int)? {
        guard let (text, line) = try text(key) else { return nil }
        let value = try wholeNumber(text, key: key, line: line)
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

    /// A duration with its unit, in seconds: `30s`, `10m`, `1h`; nil when absent.
    mutating func duration(_ key: String, in range: ClosedRange<Int>) throws(ProtocolError) -> Int? {
        guard let (text, line) = try text(key) else { return nil }
        let units = ["s": 1, "m": 60, "h": 3600]
        guard let unit = text.last.map(String.init), let factor = units[unit], let count = Int(text.dropLast()), count >= 0 else {
            throw error("\(PrintableText.quoted(key)) must be a whole number with a unit s, m or h (such as 10m), found \(PrintableText.quoted(text))",
                        line: line)
        }
        let (seconds, overflow) = count.multipliedReportingOverflow(by: factor)
        guard !overflow, range.contains(seconds) else {
            throw error("\(PrintableText.quoted(key)) must be from \(range.lowerBound) s to \(range.upperBound / 60) min, found \(PrintableText.quoted(text))",
                        line: line)
        }
        return seconds
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
            for element in sequence { values.append(try scalar(element, key: key, line: element.mark?.line ?? line, notScalar: "must be a single value")) }
            guard !values.isEmpty else { throw error("\(PrintableText.quoted(key)) must not be an empty list", line: line) }
            return (values, line)
        }
        return ([try scalar(node, key: key, line: line, notScalar: "must be a single value")], line)
    }
}
