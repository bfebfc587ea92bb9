import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading

extension LogCommand {
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
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
}
