import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading
import PostgresLog

extension LogCommand {
    struct Replay: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "replay",
            abstract: "Show what was known of each patient at a point of the log, as JSON.",
            discussion: """
            Per patient: the latest observation, the current grades (overrides and corrections \
            applied), the worst grade so far per criteria, the corrections and overrides. --as-of \
            TIME folds the longest prefix of the log recorded at or before TIME; --seq N the \
            events up to N.

            Exit status: 0 printed; 2 usage error or a log that cannot be opened.
            """
        )
        @OptionGroup var log: LogFileOptions
        @OptionGroup var sites: SiteOptions
        @OptionGroup var limit: LogLimitOptions

        func run() throws {
            if let whole = try sites.trial(of: log, limit: limit) {
                print(try mapped { () throws(EventLogError) in try whole.replayJSON(until: limit.limit) }.compactText)
                return
            }
            let store = try log.open(.readOnly)
            let replay = try mapped { () throws(EventLogError) in try store.replay(until: limit.limit) }
            print(replay.json.compactText)
        }
    }
}
