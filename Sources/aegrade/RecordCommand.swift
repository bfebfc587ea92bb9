import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading
import Safety

/// `aegrade record`: grade assessments and append them to the log.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Grade assessments and append each, with its grades, to the log.",
        discussion: """
        Reads assessments as `aegrade grade` does (JSON Lines, an object or an array). Each is \
        graded, and its observation and grades are appended in one transaction; only then is its \
        line printed: {"patient": …, "time": …, "seq": [n, …]}. A printed line means the events \
        are on disk. A rejected assessment is not written and gets an error line as in \
        `aegrade grade`. The log is created, with its genesis event, if the file does not exist.

        Exit status: 0 every assessment recorded; 1 at least one rejected; 2 usage error, \
        unreadable input, or a log that cannot be opened; 3 the log refused a write (disk full, \
        read-only, locked): that entry was not written, earlier lines stand.
        """
    )

    @OptionGroup var log: LogFileOptions
    @OptionGroup var by: AuthorOptions
    @OptionGroup var source: CriteriaSourceOptions

    @Argument(help: ArgumentHelp("Assessments to record; standard input when absent or -.", valueName: "FILE"))
    var file: String?

    @Option(name: .customLong("protocol"), help: ArgumentHelp("The trial protocol: after recording, a change of the stopping-rule status is appended as a ruleStatus event.", valueName: "PROTOCOL"))
    var protocolPath: String?

    @Option(help: ArgumentHelp("Append this many assessments per transaction (bulk import of past records); lines are printed when their transaction commits.", valueName: "N"))
    var batch: Int = 1

    func validate() throws {
        guard batch >= 1, batch <= 100_000 else { throw ValidationError("--batch is 1 to 100000.") }
        try by.require(.enterAssessment)
    }

    func run() throws {
        let criteria = try source.load()
        let inputs = try Self.assessments(in: Array(try readInput(file)))
        let trial = try protocolPath.map { try ProtocolOptions(path: $0).load(criteria: criteria) }
        let store = try log.open(.readWrite(create: true))
        let recorder = LogRecorder(store: store, criteria: criteria, author: by.author)
        var directory = try mapped { () throws(EventLogError) in try PatientDirectory(store: store) }
        defer { if let trial { Self.appendStatusIfChanged(trial, store: store, author: by.author) } }
        var rejected = false
        var start = 0
        while start < inputs.count {
            let chunk = (start..<min(inputs.count, start + batch)).map { inputs[$0] }
            start += batch
            let outcomes: [LogRecorder.Outcome]
            do {
                outcomes = batch == 1 ? [try recorder.record(chunk[0])] : try recorder.record(batch: chunk)
            } catch {
                printError("aegrade record: \(error.description)")
                throw ExitCode(3)
            }
            var out: [UInt8] = []
            for outcome in outcomes { rejected = Self.write(outcome, directory: &directory, into: &out) || rejected }
            writeStandardOutput(out)
        }
        if rejected { throw ExitCode(1) }
    }

    /// Evaluates the protocol on the whole log and appends a `ruleStatus` event when the status
    /// changed since the last one logged, so replay shows when a rule tripped and who saw it.
    static func appendStatusIfChanged(_ trial: TrialProtocol, store: any EventStore, author: Author) {
        do {
            var all: [RecordedEvent] = []
            try store.forEachEvent(from: 1) { all.append($0); return true }
            let now = ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970)
            if let draft = TrialStatus.statusEvent(trial, events: all, asOf: now) {
                let recorded = try store.append([draft], author: author)
                printError("aegrade record: stopping-rule status changed (event \(recorded[0].seq)): \(PrintableText.escaped(TrialStatus.evaluate(trial, events: all, asOf: now).textLines[0]))")
            }
        } catch {
            printError("aegrade record: the rule status could not be evaluated or logged: \(error)")
        }
    }

    /// Appends the line of one outcome; returns whether it was a rejection. A patient id that
    /// differs from another of the log only in letter case or by look-alike characters adds
    /// `"warnings": ["…"]` to the line (recorded all the same).
    static func write(_ outcome: LogRecorder.Outcome, directory: inout PatientDirectory, into out: inout [UInt8]) -> Bool {
        switch outcome {
        case let .recorded(patient, time, seqs):
            directory.insert(patient)
            var members: [(String, JSONValue)] = [("patient", .string(patient)), ("time", .string(time)),
                                                  ("seq", .array(seqs.map { .number(Double($0)) }))]
            if let warning = directory.warning(for: patient) { members.append(("warnings", .array([.string(warning)]))) }
            JSONValue.object(members).write(into: &out)
            out.append(0x0A)
            return false
        case .rejected(let line):
            out += (line + "\n").utf8
            return true
        }
    }

    /// The assessments of the input, told apart as `aegrade grade` tells them (`BatchInput`): JSON
    /// Lines, one object (pretty-printed or not), or an array, after a byte order mark if any. A
    /// line of JSON Lines that is not JSON becomes a value that decoding rejects with its reason;
    /// an input that is not JSON in any form gets one error line with its line and column, as in
    /// `aegrade grade`, and nothing is recorded (exit 1).
    static func assessments(in input: [UInt8]) throws -> Assessments {
        let bytes = BatchInput.withoutByteOrderMark(input)
        switch BatchInput.form(of: bytes) {
        case .empty:
            return .values([])
        case .values(let values):
            return .values(values)
        case .lines:
            return .lines(bytes.split(separator: 0x0A).filter { line in line.contains { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 } })
        case .failed(let error):
            writeStandardOutput(Array((BatchGrader.errorLine(error, in: bytes, line: nil) + "\n").utf8))
            throw ExitCode(1)
        }
    }

    /// The assessments to record, in input order. JSON Lines are parsed one at a time as they are
    /// recorded, so that a bulk import of a million lines holds one batch of parsed values, not all.
    enum Assessments {
        case values([JSONValue])
        case lines([ArraySlice<UInt8>])

        var count: Int {
            switch self {
            case .values(let values): values.count
            case .lines(let lines): lines.count
            }
        }

        subscript(index: Int) -> JSONValue {
            switch self {
            case .values(let values): return values[index]
            case .lines(let lines):
                let line = lines[index]
                return (try? JSONParser.parse(bytes: Array(line))) ?? .string(String(decoding: line, as: UTF8.self))
            }
        }
    }
}
