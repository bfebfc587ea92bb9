import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading
import Safety

/// `--protocol FILE`, loaded against the criteria.
struct ProtocolOptions: ParsableArguments {
    @Option(name: .customLong("protocol"), help: ArgumentHelp("The trial protocol (YAML).", valueName: "PROTOCOL"))
    var path: String

    init() {}
    init(path: String) { self.path = path }

    func load(criteria: CriteriaSet) throws -> TrialProtocol {
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("aegrade: cannot read \(path)")
            throw ExitCode(2)
        }
        do {
            return try TrialProtocol.load(bytes: Array(data), name: path, criteria: criteria)
        } catch {
            printError(error.description)
            throw ExitCode(2)
        }
    }
}

/// Loads the criteria, the protocol and the log up to the limit, and evaluates the protocol on it.
func evaluate(log: LogFileOptions, trial: ProtocolOptions, limit: LogLimitOptions,
              source: CriteriaSourceOptions) throws -> (TrialProtocol, TrialStatus) {
    let loaded = try trial.load(criteria: try source.load())
    let store = try log.open(.readOnly)
    let (all, asOf) = try events(of: store, until: limit.limit)
    return (loaded, TrialStatus.evaluate(loaded, events: all, asOf: asOf))
}

/// Every event of the log up to `limit`, and the time to evaluate at.
func events(of store: SQLiteEventStore, until limit: Replay.Limit) throws -> (events: [RecordedEvent], asOf: ClinicalTime) {
    var all: [RecordedEvent] = []
    try mapped { () throws(EventLogError) in
        try store.forEachEvent(from: 1) { event in
            switch limit {
            case .end: break
            case .seq(let last): if event.seq > last { return false }
            case .recordTime(let time): if let recorded = event.recordInstant, recorded > time { return false }
            }
            all.append(event)
            return true
        }
    }
    let now = ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970)
    switch limit {
    case .recordTime(let time): return (all, time)
    case .seq: return (all, all.last?.recordInstant ?? now)
    case .end: return (all, now)
    }
}

extension RulesCommand {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Evaluate the protocol's rules on the log: counts, thresholds, continue or paused.",
            discussion: """
            Each rule's count against its threshold, the rules that tripped, the date the next \
            subject may be dosed, the subjects not treated and why — as the log stands, or as it \
            stood (--as-of TIME, --seq N).

            Exit status: 0 the trial may continue; 1 a rule has tripped (paused); 2 usage error, \
            a log that cannot be opened, or a protocol that fails to load.
            """
        )
        @OptionGroup var log: LogFileOptions
        @OptionGroup var trial: ProtocolOptions
        @OptionGroup var limit: LogLimitOptions
        @OptionGroup var source: CriteriaSourceOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let (_, status) = try evaluate(log: log, trial: trial, limit: limit, source: source)
            if json { print(status.json.compactText) } else { status.textLines.forEach { print(PrintableText.escaped($0)) } }
            if status.state == .paused || !status.tripped.isEmpty { throw ExitCode(1) }
        }
    }
}

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
