import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading
import Safety

/// `aegrade report`: the safety summary for a data monitoring committee.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The safety summary a data monitoring committee reads, or CSV for R and SAS.",
        discussion: """
        Per subject: the worst CRS and ICANS grades, onset day, duration and treatments of their \
        episodes; trial totals (any grade, grade ≥ 3, median onset and duration); the rule status. \
        Then the signatures: each signed entry with the signer's printed name, user id, role, \
        meaning and time of signing (21 CFR 11.50), and the grades ≥ 3 awaiting a physician's \
        confirmation. --csv prints the per-subject table (one row per subject) for R and SAS.

        Exit status: 0 written; 2 usage error, a log that cannot be opened, or a protocol that fails to load.
        """
    )
    @OptionGroup var log: LogFileOptions
    @OptionGroup var trial: ProtocolOptions
    @OptionGroup var limit: LogLimitOptions
    @OptionGroup var source: CriteriaSourceOptions
    @Flag(help: "Print the per-subject table as CSV.") var csv = false

    func run() throws {
        let loaded = try trial.load(criteria: try source.load())
        let store = try log.open(.readOnly)
        let (events, asOf) = try mapped { () throws(EventLogError) in
            try TrialEvaluation.events(of: store, until: limit.limit, now: ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970))
        }
        let status = TrialStatus.evaluate(loaded, events: events, asOf: asOf)
        let report = SafetyReport(status: status, criteria: loaded.episodeCriteria)
        if csv {
            print(report.csv, terminator: "")
        } else {
            report.textLines(trial: loaded).forEach { print($0) }
            print("")
            SignatureReport.lines(events).forEach { print($0) }
        }
    }
}
