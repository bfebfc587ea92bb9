import ArgumentParser
import Clinical
import EventLog
import Foundation
import Safety
import Localization

extension RulesCommand {
    /// `aegrade rules dose`: the dose-escalation decision from the log.
    struct Dose: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dose",
            abstract: "The dose-escalation decision from the log: per dose, the decision now, the next subject's dose.",
            discussion: """
            Per dose level of the protocol's doseFinding section: subjects treated, evaluable, with \
            a DLT, still in the DLT window (pending); the current dose; the decision there and why \
            (the table cell, or the 3+3 step); the eliminated doses; the dose the next subject gets \
            (nobody while a stopping rule pauses the trial, a stagger forbids dosing, or the \
            decision waits for pending subjects); once the design stops, the MTD estimate or the \
            3+3 recommendation. As the log stands, or as it stood (--as-of TIME, --seq N). --json \
            prints one object whose keys other tools may rely on.

            Exit status: 0 printed; 1 the protocol has no doseFinding section; 2 usage error, a log \
            that cannot be opened, or a protocol that fails to load.
            """
        )
        @OptionGroup var log: LogFileOptions
        @OptionGroup var trial: ProtocolOptions
        @OptionGroup var limit: LogLimitOptions
        @OptionGroup var source: CriteriaSourceOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let loaded = try trial.load(criteria: try source.load())
            guard let plan = loaded.doseFinding else {
                printError("aegrade rules dose: " + localized("{path} has no doseFinding section", ["path": trial.path]))
                throw ExitCode(1)
            }
            let store = try log.open(.readOnly)
            let (events, asOf) = try mapped { () throws(EventLogError) in
                try TrialEvaluation.events(of: store, until: limit.limit, now: ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970))
            }
            let status = DoseEscalationStatus.evaluate(plan, status: TrialStatus.evaluate(loaded, events: events, asOf: asOf), events: events)
            if json {
                print(status.json.compactText)
            } else {
                print(PrintableText.escaped(plan.design.title))
                status.textLines.forEach { print($0) }
            }
        }
    }
}
