import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading
import Localization

extension LogCommand {
    struct Regrade: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "regrade",
            abstract: "Re-grade every stored observation and compare with the stored grades.",
            discussion: """
            With the criteria the grades were made with (same hashes) every result must come out \
            the same; each that does not is printed as a "mismatch". With newer criteria \
            (--criteria-dir), the results that differ are printed as "changed". One JSON line per \
            difference; a summary on standard error.

            Exit status: 0 no mismatch; 1 at least one mismatch; 2 usage error, criteria that fail \
            to load, or a log that cannot be opened.
            """
        )
        @OptionGroup var log: LogFileOptions
        @OptionGroup var source: CriteriaSourceOptions

        func run() throws {
            let criteria = try source.load()
            let store = try log.open(.readOnly)
            let summary = try mapped { () throws(EventLogError) in
                try LogRegrader(criteria: criteria).run(store) { difference in
                    writeStandardOutput(Array((difference.json.compactText + "\n").utf8))
                }
            }
            printError(localized("regraded {observations} observations ({results} results): {mismatches} mismatches, {changed} changed under other criteria",
                                  ["observations": String(summary.observations), "results": String(summary.results), "mismatches": String(summary.mismatches), "changed": String(summary.changed)]))
            if summary.mismatches > 0 { throw ExitCode(1) }
        }
    }
}
