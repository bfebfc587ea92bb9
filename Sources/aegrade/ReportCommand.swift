import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading
import Localization
import Safety
import PostgresLog

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
        confirmation. --csv prints the per-subject table (one row per subject) for R and SAS. On \
        PostgreSQL a URL without site= (or --all-sites) reports the whole trial (--site S to keep \
        some sites): subjects of every site, each named SITE/ID, and the signatures site by site.

        Exit status: 0 written; 2 usage error, a log that cannot be opened, or a protocol that fails to load.
        """
    )
    @OptionGroup var log: LogFileOptions
    @OptionGroup var sites: SiteOptions
    @OptionGroup var trial: ProtocolOptions
    @OptionGroup var limit: LogLimitOptions
    @OptionGroup var source: CriteriaSourceOptions
    @Flag(help: "Print the per-subject table as CSV.") var csv = false

    func run() throws {
        let loaded = try trial.load(criteria: try source.load())
        let now = ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970)
        if let whole = try sites.trial(of: log, limit: limit) {
            let status = try mapped { () throws(EventLogError) in try whole.status(loaded, until: limit.limit, now: now) }
            try write(SafetyReport(status: status, criteria: loaded.episodeCriteria), trial: loaded) {
                // Signatures name the events they sign by their site's seq: one section per site.
                for site in whole.sites {
                    print("")
                    print(localized("Site {site}", ["site": site]))
                    SignatureReport.lines(try mapped { () throws(EventLogError) in try whole.events(of: site, until: limit.limit) })
                        .forEach { print($0) }
                }
            }
            return
        }
        let store = try log.open(.readOnly)
        let (events, asOf) = try mapped { () throws(EventLogError) in
            try TrialEvaluation.events(of: store, until: limit.limit, now: now)
        }
        let status = TrialStatus.evaluate(loaded, events: events, asOf: asOf)
        try write(SafetyReport(status: status, criteria: loaded.episodeCriteria), trial: loaded) {
            print("")
            SignatureReport.lines(events).forEach { print($0) }
        }
    }

    /// The report as CSV, or as text followed by what `signatures` prints.
    private func write(_ report: SafetyReport, trial loaded: TrialProtocol, signatures: () throws -> Void) throws {
        if csv {
            print(report.csv, terminator: "")
        } else {
            report.textLines(trial: loaded).forEach { print($0) }
            try signatures()
        }
    }
}
