import ArgumentParser
import Clinical
import Foundation
import Grading
import Localization

/// `aegrade grade`: the batch interface of `grade-io.md`.
struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade assessments read as JSON Lines, a JSON object or a JSON array.",
        discussion: """
        Writes one JSON line per input assessment, in input order, with the result of every \
        criteria file (or those named with --criteria). A rejected assessment gives a line with \
        "error": {"field", "message"} and the others are still graded.

        Exit status: 0 every input was graded; 1 at least one input was rejected; 2 usage error, \
        unreadable file, or criteria that fail to load (message on standard error).
        """
    )

    @Argument(help: ArgumentHelp("Assessments to grade; standard input when absent or -.", valueName: "FILE"))
    var file: String?

    @Option(name: .customLong("criteria"), help: ArgumentHelp("Only these criteria ids, comma-separated.", valueName: "ID[,ID...]"))
    var criteria: String?

    @Option(name: .customLong("jobs"), help: ArgumentHelp("Threads grading JSON Lines (default: one per processor core); output stays in input order.", valueName: "N"))
    var jobs: Int?

    @OptionGroup var source: CriteriaSourceOptions

    func validate() throws {
        if let jobs, !(1...256).contains(jobs) { throw ValidationError(localized("--jobs must be from 1 to 256, found {value}", ["value": "\(jobs)"])) }
    }

    /// The criteria ids asked for, if any.
    var criteriaIDs: [String]? {
        criteria.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }

    func run() throws {
        let set = try source.load()
        let only = criteriaIDs.map(Set.init)
        if let only {
            let unknown = BatchGrader.unknownCriteria(only, in: set)
            guard unknown.isEmpty else {
                printError("aegrade grade: " + localized("unknown criteria id {ids}; loaded: {loaded}",
                                                         ["ids": unknown.joined(separator: ", "), "loaded": set.files.map(\.id).joined(separator: ", ")]))
                throw ExitCode(2)
            }
        }
        let data = try inputBytes(file, command: "aegrade grade")
        let output = OutputBuffer()
        var rejected = false
        BatchGrader(criteria: set, only: only, jobs: jobs).grade(data) { lines, wasRejected in
            output.write(lines)
            rejected = rejected || wasRejected
        }
        output.flush()
        if rejected { throw ExitCode(1) }
    }
}

/// Buffers standard output and writes it in large blocks.
final class OutputBuffer {
    private var buffer: [UInt8] = []

    /// Appends complete output lines (each ending in a newline).
    func write(_ lines: [UInt8]) {
        buffer.append(contentsOf: lines)
        if buffer.count > 1 << 16 { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        writeStandardOutput(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
