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
        --csv prints the per-subject table (one row per subject) for R and SAS.

        Exit status: 0 written; 2 usage error, a log that cannot be opened, or a protocol that fails to load.
        """
    )
    @OptionGroup var log: LogFileOptions
    @OptionGroup var trial: ProtocolOptions
    @OptionGroup var limit: LogLimitOptions
    @OptionGroup var source: CriteriaSourceOptions
    @Flag(help: "Print the per-subject table as CSV.") var csv = false

    func run() throws {
        let (loaded, status) = try evaluate(log: log, trial: trial, limit: limit, source: source)
        let asOf = status.asOf
        let report = SafetyReport(status: status, criteria: loaded.episodeCriteria)
        if csv {
            print(report.csv, terminator: "")
            return
        }
        print("Safety report — trial \(PrintableText.escaped(loaded.trial)), as of \(asOf.utcText)")
        print("")
        for totals in report.totals {
            let onset = totals.medianOnsetDay.map { JSONValue.format($0) } ?? "-"
            let duration = totals.medianDurationDays.map { JSONValue.format(($0 * 10).rounded() / 10) } ?? "-"
            print("\(PrintableText.escaped(totals.criteria)): \(totals.anyGrade) of \(totals.infused) infused with any grade, \(totals.gradeThreeOrMore) grade ≥ 3; median onset day \(onset), median duration \(duration) days")
        }
        print("")
        for subject in status.subjects {
            var parts = ["\(subject.patient)", subject.infusion.map { "infused \($0.utcText)" } ?? "not infused", subject.evaluability.name]
            for id in loaded.episodeCriteria {
                let line = report.line(subject, id)
                parts.append("\(id) worst \(line.worst.map(String.init) ?? "-")" + (line.firstOnsetDay.map { " onset D+\($0)" } ?? "")
                             + (line.treatments.isEmpty ? "" : " treated \(line.treatments.joined(separator: ", "))"))
            }
            // Ids, cohorts and drug names come from the log: escaped, so that none can repaint the
            // reader's terminal or forge a line of the report.
            print("  " + PrintableText.escaped(parts.joined(separator: " · ")))
        }
        print("")
        status.textLines.forEach { print(PrintableText.escaped($0)) }
    }
}
