import Clinical

/// Grades the batch input of `grade-io.md` — JSON Lines, one JSON object, or a JSON array — and
/// produces one output line per assessment, in input order.
package struct BatchGrader: Sendable {
    /// The input as a whole is not one of the accepted forms (an array holding a non-object, say).
    package struct InputFormatError: Error, CustomStringConvertible {
        package let description: String
    }

    package let criteria: CriteriaSet
    package let only: Set<String>?

    package init(criteria: CriteriaSet, only: Set<String>? = nil) {
        self.criteria = criteria
        self.only = only
    }

    /// Grades every assessment in `bytes`, calling `emit` with each output line and whether that
    /// input was rejected.
    package func grade(_ bytes: [UInt8], emit: (String, Bool) -> Void) throws(InputFormatError) {
        guard let first = bytes.firstIndex(where: { !Self.isWhitespace($0) }) else { return }
        if bytes[first] == UInt8(ascii: "[") {
            guard case .array(let elements)? = try? JSONParser.parse(bytes: bytes) else {
                throw InputFormatError(description: "the input starts with [ but is not a valid JSON array")
            }
            for element in elements { emitLine(for: element, emit) }
            return
        }
        // One pretty-printed object spans lines; JSON Lines has one object per line. Parsing the
        // whole text stops at the end of the first line of JSON Lines, so this test is cheap.
        if let whole = try? JSONParser.parse(bytes: bytes) {
            emitLine(for: whole, emit)
            return
        }
        var start = 0
        var lineNumber = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            lineNumber += 1
            let line = Array(bytes[start..<end])
            start = end + 1
            guard line.contains(where: { !Self.isWhitespace($0) }) else { continue }
            do {
                emitLine(for: try JSONParser.parse(bytes: line), emit)
            } catch {
                emit(Self.errorLine(patient: nil, time: nil, field: "", message: "line \(lineNumber): \(error)"), true)
            }
        }
    }

    private func emitLine(for json: JSONValue, _ emit: (String, Bool) -> Void) {
        let (line, rejected) = gradeOne(json)
        emit(line, rejected)
    }

    /// Grades one decoded JSON value into its output line.
    package func gradeOne(_ json: JSONValue) -> (line: String, rejected: Bool) {
        let assessment: Assessment
        let warnings: [String]
        do {
            assessment = try Assessment(json: json)
            warnings = try Plausibility.check(assessment)
        } catch let error as InputError {
            let id = Assessment.identification(of: json)
            return (Self.errorLine(patient: id.patient, time: id.time, field: error.field.text, message: error.message), true)
        } catch {
            return (Self.errorLine(patient: nil, time: nil, field: "", message: "\(error)"), true)
        }
        let results = criteria.evaluate(assessment, only: only)
        let output: JSONValue = .object([
            ("patient", .string(assessment.patient.id)),
            ("time", .string(assessment.time.utcText)),
            ("results", .array(results.map(\.json))),
            ("warnings", .array(warnings.map { .string($0) })),
        ])
        return (output.compactText, false)
    }

    static func errorLine(patient: String?, time: String?, field: String, message: String) -> String {
        JSONValue.object([
            ("patient", patient.map { .string($0) } ?? .null),
            ("time", time.map { .string($0) } ?? .null),
            ("error", .object([("field", .string(field)), ("message", .string(message))])),
        ]).compactText
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }
}
