import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading

extension LogCommand {
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
}
