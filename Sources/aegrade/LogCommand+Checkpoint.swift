import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading

extension LogCommand {
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
}
