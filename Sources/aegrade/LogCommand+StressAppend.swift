import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading

extension LogCommand {
    /// A load generator for the crash and concurrency tests and the append benchmarks: appends
    /// small notes until killed, printing `seq hash` for each only after its commit returned. It
    /// writes as every writer does, signed in (`--key FILE` for a service account, or `--user` and
    /// a password), each note by the account that signed in, after the recorder's check of its
    /// role and standing (README, "Accounts and roles").
    struct StressAppend: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stress-append",
            abstract: "Append test events in a loop, acknowledging each after commit (for crash tests).",
            shouldDisplay: false
        )
        @OptionGroup var log: LogFileOptions
        @OptionGroup var by: SignInOptions
        @Option var writer: String
        @Option var count: Int = Int.max

        func run() throws {
            let store = try log.open(.readWrite(create: false))
            // One account directory for the sign-in and every write, as `record` keeps it: folded
            // once at the sign-in, then only what each write's check reads after it.
            let standing = AccountStanding()
            let signedIn = try by.signIn(store, command: "aegrade log stress-append", standing: standing)
            let recorder = LogRecorder(store: store, criteria: CriteriaSet(files: []), signedIn: signedIn, standing: standing)
            for index in 0..<count {
                let draft = EventDraft(kind: .note, patient: "STRESS-\(writer)", clinicalTime: nil,
                                       payload: .object([("text", .string("writer \(writer) event \(index)"))]))
                // A load generator, not a clinical entry: no clinical time or reason, but the role
                // and the account's standing are checked for every note, as for every write.
                let recorded = try appending { () throws(RecordError) in
                    try recorder.permit(.recordEvent)
                    // Signed with the writer's key, as every write is (README, "Signed events").
                    do throws(EventLogError) {
                        return try signedIn.signing { () throws(EventLogError) in try store.append([draft], author: recorder.author) }
                    } catch { throw .storage(error) }
                }
                // Unbuffered: the acknowledgement reaches the reader the moment the commit returned.
                writeStandardOutput(Array("\(recorded[0].seq) \(recorded[0].hash)\n".utf8))
            }
        }
    }
}
