import Clinical
import Dispatch
import Foundation

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

    /// Grades every assessment in `bytes`, calling `emit` with the output lines of consecutive
    /// inputs (UTF-8, each line ending in a newline) and whether any of those inputs was rejected.
    ///
    /// JSON Lines are graded on all processor cores, in blocks; output stays in input order.
    package func grade(_ bytes: [UInt8], emit: ([UInt8], Bool) -> Void) throws(InputFormatError) {
        guard let first = bytes.firstIndex(where: { !Self.isWhitespace($0) }) else { return }
        if bytes[first] == UInt8(ascii: "[") {
            guard case .array(let elements)? = try? JSONParser.parse(bytes: bytes) else {
                throw InputFormatError(description: "the input starts with [ but is not a valid JSON array")
            }
            for element in elements {
                var out: [UInt8] = []
                let rejected = gradeOne(element, into: &out)
                emit(out, rejected)
            }
            return
        }
        // One pretty-printed object spans lines; JSON Lines has one object per line. Parsing the
        // whole text stops at the end of the first line of JSON Lines, so this test is cheap.
        if let whole = try? JSONParser.parse(bytes: bytes) {
            var out: [UInt8] = []
            let rejected = gradeOne(whole, into: &out)
            emit(out, rejected)
            return
        }
        var lines: [(number: Int, range: Range<Int>)] = []
        var start = 0
        var number = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            number += 1
            if bytes[start..<end].contains(where: { !Self.isWhitespace($0) }) { lines.append((number, start..<end)) }
            start = end + 1
        }
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let blockSize = 2048
        var blockStart = 0
        while blockStart < lines.count {
            let block = lines[blockStart..<min(lines.count, blockStart + blockSize)]
            let slices = Slots(count: workers)
            let perWorker = (block.count + workers - 1) / workers
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let from = block.startIndex + worker * perWorker
                let to = min(block.endIndex, from + perWorker)
                guard from < to else { return }
                var out: [UInt8] = []
                out.reserveCapacity((to - from) * 1024)
                var rejected = false
                for (lineNumber, range) in block[from..<to] {
                    do {
                        let json = try JSONParser.parse(bytes: Array(bytes[range]))
                        rejected = gradeOne(json, into: &out) || rejected
                    } catch {
                        out += Self.errorLine(patient: nil, time: nil, field: "", message: "line \(lineNumber): \(error)").utf8
                        out.append(0x0A)
                        rejected = true
                    }
                }
                slices.set(worker, (out, rejected))
            }
            for worker in 0..<workers {
                if let (out, rejected) = slices.get(worker) { emit(out, rejected) }
            }
            blockStart += blockSize
        }
    }

    /// Grades one decoded JSON value, appending its output line (with a newline) to `out`.
    /// Returns whether the input was rejected.
    package func gradeOne(_ json: JSONValue, into out: inout [UInt8]) -> Bool {
        let assessment: Assessment
        let warnings: [String]
        do {
            assessment = try Assessment(json: json)
            warnings = try Plausibility.check(assessment)
        } catch let error as InputError {
            let id = Assessment.identification(of: json)
            out += Self.errorLine(patient: id.patient, time: id.time, field: error.field.text, message: error.message).utf8
            out.append(0x0A)
            return true
        } catch {
            out += Self.errorLine(patient: nil, time: nil, field: "", message: "\(error)").utf8
            out.append(0x0A)
            return true
        }
        let results = criteria.evaluate(assessment, only: only)
        out += #"{"patient":"#.utf8
        JSONValue.writeString(assessment.patient.id, into: &out)
        out += #","time":"#.utf8
        JSONValue.writeString(assessment.time.utcText, into: &out)
        out += #","results":["#.utf8
        for (offset, result) in results.enumerated() {
            if offset > 0 { out.append(UInt8(ascii: ",")) }
            result.write(into: &out)
        }
        out += #"],"warnings":"#.utf8
        JSONValue.array(warnings.map { .string($0) }).write(into: &out)
        out += "}\n".utf8
        return false
    }

    /// Grades one decoded JSON value into its output line (without a newline).
    package func gradeOne(_ json: JSONValue) -> (line: String, rejected: Bool) {
        var out: [UInt8] = []
        let rejected = gradeOne(json, into: &out)
        return (String(decoding: out.dropLast(), as: UTF8.self), rejected)
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

/// Per-worker result slots: each worker writes only its own slot, under a lock.
private final class Slots: @unchecked Sendable {
    private var values: [([UInt8], Bool)?]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: ([UInt8], Bool)) { lock.lock(); values[index] = value; lock.unlock() }
    func get(_ index: Int) -> ([UInt8], Bool)? { lock.lock(); defer { lock.unlock() }; return values[index] }
}
