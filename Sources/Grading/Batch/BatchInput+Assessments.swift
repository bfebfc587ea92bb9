import Clinical

extension BatchInput {
    /// An input that is JSON in no form (not an array, not one object, not JSON Lines): the one
    /// error line `aegrade grade` prints for it, with its line and column.
    package struct NotJSON: Error, Sendable {
        package let errorLine: String
    }

    /// The assessments to record, in input order. JSON Lines are parsed one at a time as they are
    /// read, so that a bulk import of a million lines holds one batch of parsed values, not all.
    package enum Assessments: Sendable {
        case values([JSONValue])
        case lines([ArraySlice<UInt8>])

        package var count: Int {
            switch self {
            case .values(let values): values.count
            case .lines(let lines): lines.count
            }
        }

        /// The assessment at `index`; a line of JSON Lines that is not JSON is a string value,
        /// which decoding rejects with its reason.
        package subscript(index: Int) -> JSONValue {
            switch self {
            case .values(let values): return values[index]
            case .lines(let lines):
                let line = lines[index]
                return (try? JSONParser.parse(bytes: Array(line))) ?? .string(String(decoding: line, as: UTF8.self))
            }
        }
    }

    /// The assessments of `input`, told apart as `aegrade grade` tells them (``form(of:)``): JSON
    /// Lines, one object (pretty-printed or not), or an array, after a byte order mark if any;
    /// blank lines of JSON Lines are skipped.
    ///
    /// - Throws: ``NotJSON`` when the input is JSON in no form, with the error line to print.
    package static func assessments(in input: [UInt8]) throws(NotJSON) -> Assessments {
        let bytes = withoutByteOrderMark(input)
        switch form(of: bytes) {
        case .empty:
            return .values([])
        case .values(let values):
            return .values(values)
        case .lines:
            return .lines(bytes.split(separator: 0x0A).filter { line in line.contains { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 } })
        case .failed(let error):
            throw NotJSON(errorLine: BatchGrader.errorLine(error, in: bytes, line: nil))
        }
    }
}
