import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading

extension LogCommand {
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
