import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading
import Localization

extension LogCommand {
    struct Sign: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sign",
            abstract: "Sign events with a meaning: authored, corrected, overrode, confirmed, approved, reviewed, acknowledged.",
            discussion: """
            Appends one signature event naming each event given with --seq by its id, sequence \
            number and hash (21 CFR 11.70): it covers exactly those versions, so a later correction \
            leaves it on the old version and the new content stands unsigned until signed again. \
            Who may sign what: nurse authored (own entries); physician authored, confirmed, \
            corrected, overrode, acknowledged; principalInvestigator those and approved; monitor \
            and dataManager reviewed; safety acknowledged. What each meaning applies to: authored \
            one's own entries; corrected a correction; overrode an override; confirmed a grades \
            event with a grade ≥ 3 (shown "awaits signature" until confirmed); approved a \
            patient's events (an episode's sign-off); reviewed any entry; acknowledged a rule \
            status that paused the trial.

            Exit status: 0 signed (the signature's sequence number is printed); 1 refused (a \
            meaning the role may not sign, an event the meaning does not apply to, no such event); \
            2 usage error or a log that cannot be opened; 3 the log refused the write.
            """
        )
        @OptionGroup var log: LogFileOptions
        @OptionGroup var by: SignInOptions
        @Option(name: .customLong("seq"), help: ArgumentHelp("An event to sign (repeat for several).", valueName: "N")) var seqs: [Int64]
        @Option(help: ArgumentHelp("What the signature means.", valueName: "MEANING")) var meaning: SignatureMeaning
        @Option(help: ArgumentHelp("Why, when there is something to say.", valueName: "TEXT")) var reason: String?

        func validate() throws {
            guard !seqs.isEmpty else { throw ValidationError(localized("Name at least one event with --seq.")) }
        }

        func run() throws {
            let store = try log.open(.readWrite(create: false))
            let recorder = LogRecorder(store: store, criteria: CriteriaSet(files: []), signedIn: try by.signIn(store, command: "aegrade log sign"))
            let signature = try appending(command: "aegrade log sign") { () throws(RecordError) in
                try recorder.sign(seqs, meaning: meaning, name: recorder.signerName, reason: reason)
            }
            print(seqLine([signature]))
        }
    }
}

extension SignatureMeaning: ExpressibleByArgument {}
