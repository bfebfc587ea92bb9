import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading
import Localization

/// `aegrade log`: verify, replay, correct and export the trial log.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Create, verify, replay, correct, override, extend and export the append-only trial log.",
        discussion: "Exit status: see each subcommand; 2 always means a usage error or a log that cannot be opened.",
        subcommands: [Init.self, Verify.self, Checkpoint.self, Replay.self, Regrade.self, Correct.self, Override.self, Event.self, Sign.self,
                      Export.self, Backup.self, Push.self, StressAppend.self]
    )
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
        printError("aegrade: \(PrintableText.escaped(localizedMessage(error.description)))")
        throw ExitCode(2)
    }
}

/// Runs a write through the recorder; a refusal exits 1, a write the log refused 3 (README,
/// "Durability and concurrency"), each with its message after `command`.
func appending<T>(command: String = "aegrade", _ body: () throws(RecordError) -> T) throws -> T {
    do {
        return try body()
    } catch {
        printError("\(command): \(PrintableText.escaped(localizedMessage(error.description)))")
        throw ExitCode(error.exitStatus)
    }
}
