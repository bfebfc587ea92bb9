import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading
import Localization

extension LogCommand {
    struct Override: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "override",
            abstract: "Append a clinician's grade replacing a computed one, with a reason.",
            discussion: """
            Names the grades event (--event), the criteria id (and --term for CTCAE lab terms) and \
            the clinician's grade. The computed grade stays in the log; both are shown on replay. \
            The override is signed (meaning overrode) in the same transaction. \
            Needs an account acting as physician or principalInvestigator.

            Exit status: 0 appended; 1 refused (no such grade, no reason, role without the \
            authority); 2 usage error or a log that cannot be opened; 3 the log refused the write.
            """
        )
        @OptionGroup var log: LogFileOptions
        @OptionGroup var by: SignInOptions
        @Option(help: ArgumentHelp("The sequence number of the grades event.", valueName: "SEQ")) var event: Int64
        @Option(help: ArgumentHelp("The criteria id whose grade is replaced.", valueName: "ID")) var criteria: String
        @Option(help: ArgumentHelp("The term, for criteria that grade several (ctcae-5-labs).", valueName: "TERM")) var term: String?
        @Option(help: ArgumentHelp("The clinician's grade, 0–5.", valueName: "GRADE")) var grade: Int
        @Option(help: ArgumentHelp("Why the computed grade is replaced (required).", valueName: "TEXT")) var reason: String

        func validate() throws {
            guard (0...5).contains(grade) else { throw ValidationError(localized("--grade is 0 to 5.")) }
        }

        func run() throws {
            let store = try log.open(.readWrite(create: false))
            let recorder = LogRecorder(store: store, criteria: CriteriaSet(files: []), signedIn: try by.signIn(store, command: "aegrade log override"))
            let recorded = try appending { () throws(RecordError) in
                try recorder.override(seq: event, criteria: criteria, term: term, grade: grade, reason: reason)
            }
            print(seqLine([recorded]))
        }
    }
}
