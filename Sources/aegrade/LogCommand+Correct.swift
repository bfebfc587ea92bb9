import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading
import Localization

extension LogCommand {
    struct Correct: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "correct",
            abstract: "Append a corrected assessment that supersedes an observation, with a reason.",
            discussion: """
            Reads the corrected assessment (one, as for `aegrade grade`) from FILE or standard \
            input. The correction and the grades of the corrected assessment are appended in one \
            transaction, with the corrector's signature of the correction (meaning corrected; \
            authored for a nurse); the original stays in the log, marked superseded from then on. An \
            override of the original's grades lapses (each is named on standard error); if it \
            still stands, override the new grades event again.

            Exit status: 0 appended (the new sequence numbers are printed); 1 the corrected \
            assessment was rejected or the correction refused; 2 usage error or a log that cannot \
            be opened; 3 the log refused the write.
            """
        )
        @OptionGroup var log: LogFileOptions
        @OptionGroup var by: SignInOptions
        @OptionGroup var source: CriteriaSourceOptions
        @Option(help: ArgumentHelp("The sequence number of the observation to correct.", valueName: "SEQ")) var event: Int64
        @Option(help: ArgumentHelp("Why the observation is corrected (required).", valueName: "TEXT")) var reason: String
        @Argument(help: ArgumentHelp("The corrected assessment; standard input when absent or -.", valueName: "FILE")) var file: String?

        func run() throws {
            let criteria = try source.load()
            let data = try inputBytes(file)
            guard let json = try? JSONParser.parse(bytes: data) else {
                printError("aegrade log correct: " + localized("the corrected assessment is not one JSON object"))
                throw ExitCode(1)
            }
            let store = try log.open(.readWrite(create: false))
            let recorder = LogRecorder(store: store, criteria: criteria, signedIn: try by.signIn(store, command: "aegrade log correct"))
            let lapsing = LogRecorder.overridesLapsing(correcting: event, lookup: try mapped { () throws(EventLogError) in try store.replayLookup() })
            switch try appending({ () throws(RecordError) in try recorder.correct(seq: event, with: json, reason: reason) }) {
            case .success(let events):
                print(seqLine(events))
                for override in lapsing {
                    printError("aegrade log correct: " + localizedMessage(LogRecorder.lapseNotice(override, newGradesSeq: events.first { $0.kind == .grades }?.seq ?? 0)))
                }
            case .failure(let error):
                printError("aegrade log correct: \(PrintableText.escaped(localizedMessage(error.description)))")
                throw ExitCode(1)
            }
        }
    }
}
