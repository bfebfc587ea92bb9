import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading

extension LogCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
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
}
