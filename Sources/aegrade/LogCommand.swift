import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading

/// `aegrade log`: verify, replay, correct and export the trial log.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Verify, replay, correct, override, extend and export the append-only trial log.",
        discussion: "Exit status: see each subcommand; 2 always means a usage error or a log that cannot be opened.",
        subcommands: [Verify.self, Checkpoint.self, Replay.self, Regrade.self, Correct.self, Override.self, Event.self,
                      Export.self, Backup.self, StressAppend.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the hash chain and name the first bad event.",
            discussion: """
            Checks the schema (every table, index and trigger exactly as aegrade creates them), \
            SQLite's structure (PRAGMA integrity_check, or quick_check with --quick), the \
            gap-free sequence, every event's hash and its link to the previous one, and, with \
            --checkpoint, that the log still holds the event a checkpoint names (a truncated \
            tail is found this way).

            Exit status: 0 intact; 1 not intact (the first bad sequence number and what is wrong \
            are printed); 2 usage error or a log that cannot be opened.
            """
        )
        @OptionGroup var log: LogFileOptions
        @Option(help: ArgumentHelp("A checkpoint printed earlier by `aegrade log checkpoint`.", valueName: "SEQ:HASH"))
        var checkpoint: String?
        @Flag(help: "SQLite's quick_check instead of integrity_check: faster, but does not check index entries against the rows.")
        var quick = false

        func validate() throws {
            if let checkpoint, Self.parse(checkpoint) == nil {
                throw ValidationError("--checkpoint must be SEQ:HASH as `aegrade log checkpoint` prints it.")
            }
        }

        static func parse(_ text: String) -> (seq: Int64, hash: String)? {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let seq = Int64(parts[0]), seq >= 1, parts[1].count == 64 else { return nil }
            return (seq, parts[1].lowercased())
        }

        func run() throws {
            let store = try log.open(.readOnly)
            do {
                let result = try store.verify(checkpoint: checkpoint.flatMap(Self.parse), quick: quick)
                if let note = result.structureNote { printError(note) }
                print(PrintableText.escapedLines(result.report))
                if !result.isIntact { throw ExitCode(1) }
            } catch let error as EventLogError {
                print("FAIL: \(PrintableText.escaped(error.description))")
                throw ExitCode(1)
            }
        }
    }

    struct Checkpoint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the last sequence number and hash, to keep outside the log.",
            discussion: """
            Keep the line where the log cannot reach it (a monitoring report, the sponsor's copy): \
            `aegrade log verify --checkpoint SEQ:HASH` then proves later that the log still holds \
            that event with that content, and nothing before it changed.

            Exit status: 0 printed; 1 the log is not intact; 2 usage error or a log that cannot be opened.
            """
        )
        @OptionGroup var log: LogFileOptions

        func run() throws {
            let store = try log.open(.readOnly)
            let result = try mapped { () throws(EventLogError) in try store.verify() }
            if let note = result.structureNote { printError(note) }
            guard result.isIntact, let head = result.head else {
                printError(result.report)
                throw ExitCode(1)
            }
            print("\(head.seq):\(head.hash)")
        }
    }

    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what was known of each patient at a point of the log, as JSON.",
            discussion: """
            Per patient: the latest observation, the current grades (overrides and corrections \
            applied), the worst grade so far per criteria, the corrections and overrides. --as-of \
            TIME folds the longest prefix of the log recorded at or before TIME; --seq N the \
            events up to N.

            Exit status: 0 printed; 2 usage error or a log that cannot be opened.
            """
        )
        @OptionGroup var log: LogFileOptions
        @OptionGroup var limit: LogLimitOptions

        func run() throws {
            let store = try log.open(.readOnly)
            let replay = try mapped { () throws(EventLogError) in try store.replay(until: limit.limit) }
            print(replay.json.compactText)
        }
    }

    struct Regrade: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-grade every stored observation and compare with the stored grades.",
            discussion: """
            With the criteria the grades were made with (same hashes) every result must come out \
            the same; each that does not is printed as a "mismatch". With newer criteria \
            (--criteria-dir), the results that differ are printed as "changed". One JSON line per \
            difference; a summary on standard error.

            Exit status: 0 no mismatch; 1 at least one mismatch; 2 usage error, criteria that fail \
            to load, or a log that cannot be opened.
            """
        )
        @OptionGroup var log: LogFileOptions
        @OptionGroup var source: CriteriaSourceOptions

        func run() throws {
            let criteria = try source.load()
            let store = try log.open(.readOnly)
            let summary = try mapped { () throws(EventLogError) in
                try LogRegrader(criteria: criteria).run(store) { difference in
                    writeStandardOutput(Array((difference.json.compactText + "\n").utf8))
                }
            }
            printError("regraded \(summary.observations) observations (\(summary.results) results): \(summary.mismatches) mismatches, \(summary.changed) changed under other criteria")
            if summary.mismatches > 0 { throw ExitCode(1) }
        }
    }

    struct Correct: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Append a corrected assessment that supersedes an observation, with a reason.",
            discussion: """
            Reads the corrected assessment (one, as for `aegrade grade`) from FILE or standard \
            input. The correction and the grades of the corrected assessment are appended in one \
            transaction; the original stays in the log, marked superseded from then on. An \
            override of the original's grades lapses (each is named on standard error); if it \
            still stands, override the new grades event again.

            Exit status: 0 appended (the new sequence numbers are printed); 1 the corrected \
            assessment was rejected or the correction refused; 2 usage error or a log that cannot \
            be opened; 3 the log refused the write.
            """
        )
        @OptionGroup var log: LogFileOptions
        @OptionGroup var by: AuthorOptions
        @OptionGroup var source: CriteriaSourceOptions
        @Option(help: ArgumentHelp("The sequence number of the observation to correct.", valueName: "SEQ")) var event: Int64
        @Option(help: ArgumentHelp("Why the observation is corrected (required).", valueName: "TEXT")) var reason: String
        @Argument(help: ArgumentHelp("The corrected assessment; standard input when absent or -.", valueName: "FILE")) var file: String?

        func validate() throws { try by.require(.correctAssessment) }

        func run() throws {
            let criteria = try source.load()
            let data = try inputBytes(file)
            guard let json = try? JSONParser.parse(bytes: data) else {
                printError("aegrade log correct: the corrected assessment is not one JSON object")
                throw ExitCode(1)
            }
            let store = try log.open(.readWrite(create: false))
            let recorder = LogRecorder(store: store, criteria: criteria, author: by.author)
            let lapsing = LogRecorder.overridesLapsing(correcting: event, lookup: try mapped { () throws(EventLogError) in try store.replayLookup() })
            switch try appending({ () throws(RecordError) in try recorder.correct(seq: event, with: json, reason: reason) }) {
            case .success(let events):
                print(seqLine(events))
                for override in lapsing {
                    printError("aegrade log correct: " + LogRecorder.lapseNotice(override, newGradesSeq: events.last?.seq ?? 0))
                }
            case .failure(let error):
                printError("aegrade log correct: \(PrintableText.escaped(error.description))")
                throw ExitCode(1)
            }
        }
    }

    struct Override: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Append a clinician's grade replacing a computed one, with a reason.",
            discussion: """
            Names the grades event (--event), the criteria id (and --term for CTCAE lab terms) and \
            the clinician's grade. The computed grade stays in the log; both are shown on replay. \
            Needs --role physician or principalInvestigator.

            Exit status: 0 appended; 1 refused (no such grade, no reason, role without the \
            authority); 2 usage error or a log that cannot be opened; 3 the log refused the write.
            """
        )
        @OptionGroup var log: LogFileOptions
        @OptionGroup var by: AuthorOptions
        @Option(help: ArgumentHelp("The sequence number of the grades event.", valueName: "SEQ")) var event: Int64
        @Option(help: ArgumentHelp("The criteria id whose grade is replaced.", valueName: "ID")) var criteria: String
        @Option(help: ArgumentHelp("The term, for criteria that grade several (ctcae-5-labs).", valueName: "TERM")) var term: String?
        @Option(help: ArgumentHelp("The clinician's grade, 0–5.", valueName: "GRADE")) var grade: Int
        @Option(help: ArgumentHelp("Why the computed grade is replaced (required).", valueName: "TEXT")) var reason: String

        func validate() throws {
            guard (0...5).contains(grade) else { throw ValidationError("--grade is 0 to 5.") }
            try by.require(.overrideGrade)
        }

        func run() throws {
            let store = try log.open(.readWrite(create: false))
            let recorder = LogRecorder(store: store, criteria: CriteriaSet(files: []), author: by.author)
            let recorded = try appending { () throws(RecordError) in
                try recorder.override(seq: event, criteria: criteria, term: term, grade: grade, reason: reason)
            }
            print(seqLine([recorded]))
        }
    }

    struct Event: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Append a clinical event: enrollment, infusion, treatment, death, RCL, manufacturing failure, note.",
            discussion: """
            --data gives the event's details as a JSON object: infusion {"product", "dose", \
            "cohort"}, treatment {"drug"}, death {"cause": crs|icans|hlh|other}, \
            manufacturingFailure {"reason"}, rclDetected {"assay"}, enrollment {"cohort"}, note \
            {"text"}. The infusion's time is day 0.

            Exit status: 0 appended; 1 refused (no reason, missing detail); 2 usage error or a log \
            that cannot be opened; 3 the log refused the write.
            """
        )
        @OptionGroup var log: LogFileOptions
        @OptionGroup var by: AuthorOptions
        @Option(help: ArgumentHelp("The kind of event.", valueName: "KIND")) var kind: EventKind
        @Option(help: ArgumentHelp("The trial subject.", valueName: "ID")) var patient: String
        @Option(help: ArgumentHelp("When it happened, ISO 8601 with offset.", valueName: "TIME")) var time: String
        @Option(help: ArgumentHelp("Details as a JSON object.", valueName: "JSON")) var data: String = "{}"
        @Option(help: ArgumentHelp("Why, or a comment (required).", valueName: "TEXT")) var reason: String

        func validate() throws {
            try by.require(.recordEvent)
            guard ClinicalTime(iso8601: time) != nil else {
                throw ValidationError("--time \(time) is not an ISO 8601 time with an offset, such as 2026-11-22T08:00:00+08:00.")
            }
            guard LogRecorder.manualKinds.contains(kind) else {
                throw ValidationError("--kind \(kind.rawValue) is written by aegrade itself; give one of \(LogRecorder.manualKinds.map(\.rawValue).joined(separator: ", ")).")
            }
        }

        func run() throws {
            guard let json = try? JSONParser.parse(data) else {
                printError("aegrade log event: --data is not JSON")
                throw ExitCode(1)
            }
            let store = try log.open(.readWrite(create: false))
            let recorder = LogRecorder(store: store, criteria: CriteriaSet(files: []), author: by.author)
            var directory = try mapped { () throws(EventLogError) in try PatientDirectory(store: store) }
            let recorded = try appending { () throws(RecordError) in
                try recorder.event(kind: kind, patient: patient, time: time, data: json, reason: reason)
            }
            print(seqLine([recorded]))
            if let id = recorded.patient {
                directory.insert(id)
                if let warning = directory.warning(for: id) { printError("aegrade log event: warning: \(warning)") }
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the log for inspection: JSON Lines (verifiable without aegrade) or CSV.",
            discussion: """
            jsonl: one event per line, with its fields by name (seq, id, kind, patient, \
            clinicalTime, recordTime, timeZone, author, terminal, productVersion, payload, \
            prevHash, hash), each line the canonical form whose SHA-256 (without "hash") is the \
            hash — see the README for a monitor's own verification script. csv: one row per event.

            The log is read in short read transactions, so writers go on appending meanwhile. A \
            damaged event stops the export: its seq and what is wrong are printed, exit 2.

            Exit status: 0 written; 2 usage error, a log that cannot be opened, or a damaged event.
            """
        )
        @OptionGroup var log: LogFileOptions
        @Option(help: "jsonl or csv.") var format: LogExport.Format = .jsonl
        @OptionGroup var limit: LogLimitOptions

        func run() throws {
            let store = try log.open(.readOnly)
            try mapped { () throws(EventLogError) in
                try store.export(format: format, until: limit.limit, to: writeStandardOutput)
            }
        }
    }

    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the log safely into a new log file, for a monitor or an archive.",
            discussion: """
            Never copy a log with cp: a copy taken during a write, or after a crash left a hot \
            journal (FILE-journal), holds events that were never committed, and a checkpoint from \
            it later mismatches the log. backup copies the committed events, in short reads that \
            let writers go on, into a new log of mode 0600 (never over an existing file) with the \
            same schema and stored values, and prints the last seq copied: the copy holds exactly \
            the events up to it, and aegrade log verify checks it like the log.

            Exit status: 0 copied; 2 usage error, a log that cannot be opened, or a copy that \
            cannot be written (nothing is left at COPY then).
            """
        )
        @OptionGroup var log: LogFileOptions
        @Option(help: ArgumentHelp("The new file to write the copy to.", valueName: "COPY")) var to: String

        func run() throws {
            let store = try log.open(.readOnly)
            let last = try mapped { () throws(EventLogError) in try store.backup(to: to) }
            print("copied seq 1..\(last) of \(log.path) to \(to)")
        }
    }

    /// A load generator for the crash and concurrency tests: appends small events until killed,
    /// printing `seq hash` for each only after its commit returned.
    struct StressAppend: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stress-append",
            abstract: "Append test events in a loop, acknowledging each after commit (for crash tests).",
            shouldDisplay: false
        )
        @OptionGroup var log: LogFileOptions
        @Option var writer: String
        @Option var count: Int = Int.max

        func run() throws {
            let store = try log.open(.readWrite(create: true))
            let author = Author(id: "stress-\(writer)", role: .nurse)
            for index in 0..<count {
                let draft = EventDraft(kind: .note, patient: "STRESS-\(writer)", clinicalTime: nil,
                                       payload: .object([("text", .string("writer \(writer) event \(index)"))]))
                // A load generator, not a clinical write: straight to the store, no reason asked.
                let recorded: [RecordedEvent]
                do {
                    recorded = try store.append([draft], author: author)
                } catch {
                    printError("aegrade: \(PrintableText.escaped(error.description))")
                    throw ExitCode(RecordError.storage(error).exitStatus)
                }
                // Unbuffered: the acknowledgement reaches the reader the moment the commit returned.
                writeStandardOutput(Array("\(recorded[0].seq) \(recorded[0].hash)\n".utf8))
            }
        }
    }
}

extension EventKind: ExpressibleByArgument {}
extension LogExport.Format: ExpressibleByArgument {}

/// `{"seq": [n, …]}` for appended events.
func seqLine(_ events: [RecordedEvent]) -> String {
    JSONValue.object([("seq", .array(events.map { .number(Double($0.seq)) }))]).compactText
}

/// Runs a read; a log error exits 2 with its message.
@discardableResult
func mapped<T>(_ body: () throws(EventLogError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        printError("aegrade: \(PrintableText.escaped(error.description))")
        throw ExitCode(2)
    }
}

/// Runs a write through the recorder; a refusal exits 1, a write the log refused 3 (README,
/// "Durability and concurrency"), each with its message after `command`.
func appending<T>(command: String = "aegrade", _ body: () throws(RecordError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        printError("\(command): \(PrintableText.escaped(error.description))")
        throw ExitCode(error.exitStatus)
    }
}
