import Clinical
import Grading
import Localization
import Yams

/// Values as the protocol language reads them, each checked for type and range where it is read.
extension YAMLReader {
    /// The trimmed text of `key` and the line of its key, or nil when absent.
    mutating func text(_ key: String) throws(ProtocolError) -> (String, Int)? {
        guard let (node, line) = take(key) else { return nil }
        return (try scalar(node, key: key, line: line, notScalar: localized("must be a single value")), line)
    }

    mutating func requireText(_ key: String, in what: String) throws(ProtocolError) -> (String, Int) {
        guard let result = try text(key) else { throw error(localized("{what} needs {key}", ["what": what, "key": PrintableText.quoted(key)])) }
        return result
    }

    mutating func integer(_ key: String, in range: ClosedRange<Int>) throws(ProtocolError) -> (Int, Int)? {
        guard let (text, line) = try text(key) else { return nil }
        let value = try wholeNumber(text, key: key, line: line)
        guard range.contains(value) else {
            throw error(localized("{key} must be from {low} to {high}, found {value}",
                                  ["key": PrintableText.quoted(key), "low": "\(range.lowerBound)", "high": "\(range.upperBound)", "value": "\(value)"]), line: line)
        }
        return (value, line)
    }

    mutating func requireInteger(_ key: String, in range: ClosedRange<Int>, what: String) throws(ProtocolError) -> (Int, Int) {
        guard let result = try integer(key, in: range) else { throw error(localized("{what} needs {key}", ["what": what, "key": PrintableText.quoted(key)])) }
        return result
    }

    /// A number strictly between 0 and 1 (p0, α, τ).
    mutating func requireProbability(_ key: String, what: String) throws(ProtocolError) -> (Double, Int) {
        guard let (text, line) = try text(key) else { throw error(localized("{what} needs {key}", ["what": what, "key": PrintableText.quoted(key)])) }
        guard let value = Double(text), value.isFinite else { throw error(localized("{key} must be a number, found {value}", ["key": PrintableText.quoted(key), "value": PrintableText.quoted(text)]), line: line) }
        guard value > 0, value < 1 else { throw error(localized("{key} must be between 0 and 1 (exclusive), found {value}", ["key": PrintableText.quoted(key), "value": PrintableText.quoted(text)]),
                                                  line: line) }
        return (value, line)
    }

    /// A duration with its unit, in seconds: `30s`, `10m`, `1h`; nil when absent.
    mutating func duration(_ key: String, in range: ClosedRange<Int>) throws(ProtocolError) -> Int? {
        guard let (text, line) = try text(key) else { return nil }
        let units = ["s": 1, "m": 60, "h": 3600]
        guard let unit = text.last.map(String.init), let factor = units[unit], let count = Int(text.dropLast()), count >= 0 else {
            throw error(localized("{key} must be a whole number with a unit s, m or h (such as 10m), found {value}",
                                  ["key": PrintableText.quoted(key), "value": PrintableText.quoted(text)]),
                        line: line)
        }
        let (seconds, overflow) = count.multipliedReportingOverflow(by: factor)
        guard !overflow, range.contains(seconds) else {
            throw error(localized("{key} must be from {low} s to {high} min, found {value}",
                                  ["key": PrintableText.quoted(key), "low": "\(range.lowerBound)", "high": "\(range.upperBound / 60)",
                                   "value": PrintableText.quoted(text)]),
                        line: line)
        }
        return seconds
    }

    mutating func bool(_ key: String) throws(ProtocolError) -> Bool? {
        guard let (text, line) = try text(key) else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default: throw error(localized("{key} must be true or false, found {value}", ["key": PrintableText.quoted(key), "value": PrintableText.quoted(text)]), line: line)
        }
    }

    /// One text or a list of texts (`toxicity: severeCRS` or `toxicity: [severeCRS, severeICANS]`).
    mutating func textList(_ key: String) throws(ProtocolError) -> ([String], Int)? {
        guard let (node, line) = take(key) else { return nil }
        if case .sequence(let sequence) = node {
            var values: [String] = []
            for element in sequence { values.append(try scalar(element, key: key, line: element.mark?.line ?? line, notScalar: localized("must be a single value"))) }
            guard !values.isEmpty else { throw error(localized("{key} must not be an empty list", ["key": PrintableText.quoted(key)]), line: line) }
            return (values, line)
        }
        return ([try scalar(node, key: key, line: line, notScalar: localized("must be a single value"))], line)
    }
}
