import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading
import Safety

extension RulesCommand {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Evaluate the protocol's rules on the log: counts, thresholds, continue or paused.",
            discussion: """
            Each rule's count against its threshold, the rules that tripped, the date the next \
            subject may be dosed, the subjects not treated and why — as the log stands, or as it \
            stood (--as-of TIME, --seq N). On PostgreSQL a URL without site= (or --all-sites) is \
            the whole trial: the rules count the subjects of every site (--site S to keep some), \
            each patient named SITE/ID.

            Exit status: 0 the trial may continue; 1 a rule has tripped (paused); 2 usage error, \
            a log that cannot be opened, or a protocol that fails to load.
            """
        )
        @OptionGroup var log: LogFileOptions
        @OptionGroup var sites: SiteOptions
        @OptionGroup var trial: ProtocolOptions
        @OptionGroup var limit: LogLimitOptions
        @OptionGroup var source: CriteriaSourceOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let (_, status) = try evaluate(log: log, sites: sites, trial: trial, limit: limit, source: source)
            if json { print(status.json.compactText) } else { status.textLines.forEach { print(PrintableText.escaped($0)) } }
            if status.state == .paused || !status.tripped.isEmpty { throw ExitCode(1) }
        }
    }
}
