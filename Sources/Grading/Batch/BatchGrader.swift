import Clinical
import Dispatch
import Foundation
import Synchronization

/// Grades the batch input of `grade-io.md` — JSON Lines, one JSON object, or a JSON array — and
/// produces one output line per assessment, in input order.
package struct BatchGrader: Sendable {
    package let criteria: CriteriaSet
    package let only: Set<String>?
    /// Threads that grade JSON Lines; nil for one per processor core.
    package let jobs: Int?

    package init(criteria: CriteriaSet, only: Set<String>? = nil, jobs: Int? = nil) {
        self.criteria = criteria
        self.only = only
        self.jobs = jobs
    }

    /// Grades every assessment in `bytes`, calling `emit` with the output lines of consecutive
    /// inputs (UTF-8, each line ending in a newline) and whether any of those inputs was rejected.
    ///
    /// The form is told apart as `BatchInput` describes; an input that is not JSON gives one error
    /// line with its line and column, whatever its form. JSON Lines are graded on `jobs` threads
    /// (all processor cores by default), in blocks; output stays in input order.
    package func grade(_ input: [UInt8], emit: ([UInt8], Bool) -> Void) {
        let bytes = BatchInput.withoutByteOrderMark(input)
        switch BatchInput.form(of: bytes) {
        case .empty:
            return
        case .values(let values):
            var scratch = GradingScratch()
            for value in values {
                var out: [UInt8] = []
                let rejected = gradeOne(value, scratch: &scratch, into: &out)
                emit(out, rejected)
            }
        case .failed(let error):
            emit(Array((Self.errorLine(error, in: bytes, line: nil) + "\n").utf8), true)
        case .lines:
            gradeLines(bytes, emit: emit)
        }
    }

    /// Grades JSON Lines: each non-blank line is one assessment, or one error line.
    private func gradeLines(_ bytes: [UInt8], emit: ([UInt8], Bool) -> Void) {
        var lines: [(number: Int, range: Range<Int>)] = []
        var start = 0
        var number = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            number += 1
            if bytes[start..<end].contains(where: { !Self.isWhitespace($0) }) { lines.append((number, start..<end)) }
            start = end + 1
        }
        let workers = max(1, jobs ?? ProcessInfo.processInfo.activeProcessorCount)
        let blockSize = 2048
        var blockStart = 0
        while blockStart < lines.count {
            let block = lines[blockStart..<min(lines.count, blockStart + blockSize)]
            let slices = Mutex<[([UInt8], Bool)?]>(Array(repeating: nil, count: workers))
            let perWorker = (block.count + workers - 1) / workers
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                let from = block.startIndex + worker * perWorker
                let to = min(block.endIndex, from + perWorker)
                guard from < to else { return }
                var out: [UInt8] = []
                out.reserveCapacity((to - from) * 1024)
                var rejected = false
                var scratch = GradingScratch()
                bytes.withUnsafeBufferPointer { input in
                for (lineNumber, range) in block[from..<to] {
                    // Each line is read where it lies in the input, not copied out first: straight
                    // into an assessment when it is valid, through a JSON tree when the error
                    // must be named (`AssessmentLineDecoder`).
                    let line = UnsafeBufferPointer(rebasing: input[range])
                    if let assessment = AssessmentLineDecoder.decode(line), let warnings = try? checked(assessment) {
                        write(assessment, warnings: warnings, scratch: &scratch, into: &out)
                        continue
                    }
                    do {
                        let json = try JSONParser.parse(buffer: line)
                        rejected = gradeOne(json, scratch: &scratch, into: &out) || rejected
                    } catch let error as JSONParser.SyntaxError {
                        out += Self.errorLine(error, in: Array(bytes[range]), line: lineNumber).utf8
                        out.append(0x0A)
                        rejected = true
                    } catch {
                        out += Self.errorLine(patient: nil, time: nil, field: "", message: "line \(lineNumber): \(error)").utf8
                        out.append(0x0A)
                        rejected = true
                    }
                }
                }
                slices.withLock { $0[worker] = (out, rejected) }
            }
            // Every worker has finished: the slots are read once, in order.
            for case let (out, rejected)? in slices.withLock({ $0 }) { emit(out, rejected) }
            blockStart += blockSize
        }
    }

    /// Grades one decoded JSON value, appending its output line (with a newline) to `out`.
    /// Returns whether the input was rejected.
    package func gradeOne(_ json: JSONValue, scratch: inout GradingScratch, into out: inout [UInt8]) -> Bool {
        let assessment: Assessment
        let warnings: [String]
        do {
            assessment = try Assessment(json: json)
            warnings = try checked(assessment)
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
        write(assessment, warnings: warnings, scratch: &scratch, into: &out)
        return false
    }

    /// The plausibility warnings of a decoded assessment; throws an `InputError` for a value
    /// outside plausible limits or a reference limit the criteria cannot use.
    private func checked(_ assessment: Assessment) throws -> [String] {
        let warnings = try Plausibility.check(assessment)
        try criteria.checkReferenceLimits(assessment, only: only)
        return warnings
    }

    /// Grades an accepted assessment, appending its output line (with a newline) to `out`.
    private func write(_ assessment: Assessment, warnings: [String], scratch: inout GradingScratch, into out: inout [UInt8]) {
        out += #"{"patient":"#.utf8
        JSONValue.writeString(assessment.patient.id, into: &out)
        out += #","time":""#.utf8
        assessment.time.writeUTCText(into: &out)
        out.append(UInt8(ascii: "\""))
        out += #","results":["#.utf8
        criteria.writeResults(assessment, only: only, scratch: &scratch, into: &out)
        out += #"],"warnings":"#.utf8
        out.append(UInt8(ascii: "["))
        for (offset, warning) in warnings.enumerated() {
            if offset > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.writeString(warning, into: &out)
        }
        out += "]}\n".utf8
    }

    /// Grades one decoded JSON value into its output line (without a newline).
    package func gradeOne(_ json: JSONValue) -> (line: String, rejected: Bool) {
        var out: [UInt8] = []
        var scratch = GradingScratch()
        let rejected = gradeOne(json, scratch: &scratch, into: &out)
        return (String(decoding: out.dropLast(), as: UTF8.self), rejected)
    }

    /// The error line of an input that is not JSON: where reading stopped as "line L, column C"
    /// (`line` is the line number of `bytes` within the file, or nil when `bytes` is the whole
    /// file), and for a number out of range the field it was given for.
    package static func errorLine(_ error: JSONParser.SyntaxError, in bytes: [UInt8], line: Int?) -> String {
        let position = BatchInput.position(of: error.offset, in: bytes)
        let lineNumber = (line ?? 1) + position.line - 1
        // Within an array the path starts at the element's index, which is no assessment field.
        let inArray = line == nil && bytes.first(where: { !Self.isWhitespace($0) }) == UInt8(ascii: "[")
        let field = error.isNumberRange ? error.field(droppingOutermost: inArray ? 1 : 0).text : ""
        return errorLine(patient: nil, time: nil, field: field,
                         message: "line \(lineNumber), column \(position.column): \(error.message)")
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
