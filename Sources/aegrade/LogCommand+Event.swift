import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading
import Localization

extension LogCommand {
    struct Event: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "event",
            abstract: "Append a clinical event: enrollment, infusion, treatment, death, RCL, manufacturing failure, note.",
            discussion: """
            --data gives the event's details as a JSON object: infusion {"product", "dose", \
            "doseLevel", "cohort", "deviation"}, treatment {"drug"}, death {"cause": crs|icans|hlh|other}, \
            manufacturingFailure {"reason"}, rclDetected {"assay"}, enrollment {"cohort"}, note \
            {"text"}. The infusion's time is day 0. With --protocol and a doseFinding section, an \
            infusion must name a dose level of the protocol ("doseLevel") no higher than the dose \
            decision allows now; a physician records a higher one, or one while nobody may be \
            dosed, only with "deviation" saying why. An enrolment without a "cohort" is given the \
            dose the decision gives the next subject.

            Exit status: 0 appended; 1 refused (no reason, missing detail); 2 usage error or a log \
            that cannot be opened; 3 the log refused the write.
            """
        )
        @OptionGroup var log: LogFileOptions
        @OptionGroup var by: SignInOptions
        @Option(help: ArgumentHelp("The kind of event.", valueName: "KIND")) var kind: EventKind
        @Option(help: ArgumentHelp("The trial subject.", valueName: "ID")) var patient: String
        @Option(help: ArgumentHelp("When it happened, ISO 8601 with offset.", valueName: "TIME")) var time: String
        @Option(help: ArgumentHelp("Details as a JSON object.", valueName: "JSON")) var data: String = "{}"
        @Option(help: ArgumentHelp("Why, or a comment (required).", valueName: "TEXT")) var reason: String
        @Option(name: .customLong("protocol"), help: ArgumentHelp("The trial protocol: infusions are held to its dose finding, and the rule status and dose decision are evaluated after the write.", valueName: "PROTOCOL"))
        var protocolPath: String?
        @OptionGroup var source: CriteriaSourceOptions

        func validate() throws {
            guard ClinicalTime(iso8601: time) != nil else {
                throw ValidationError(localized("--time {time} is not an ISO 8601 time with an offset, such as 2026-11-22T08:00:00+08:00.", ["time": time]))
            }
            guard LogRecorder.manualKinds.contains(kind) else {
                throw ValidationError(localized("--kind {kind} is written by aegrade itself; give one of {kinds}.",
                                                ["kind": kind.rawValue, "kinds": LogRecorder.manualKinds.map(\.rawValue).joined(separator: ", ")]))
            }
        }

        func run() throws {
            guard let json = try? JSONParser.parse(data) else {
                printError("aegrade log event: " + localized("--data is not JSON"))
                throw ExitCode(1)
            }
            let trial = try protocolPath.map { try ProtocolOptions(path: $0).load(criteria: try source.load()) }
            let store = try log.open(.readWrite(create: false))
            let recorder = LogRecorder(store: store, criteria: CriteriaSet(files: []), signedIn: try by.signIn(store, command: "aegrade log event"))
            var directory = try mapped { () throws(EventLogError) in try PatientDirectory(store: store) }
            let recorded = try appending { () throws(RecordError) in
                try recorder.event(kind: kind, patient: patient, time: time, data: json, reason: reason, protocol: trial)
            }
            print(seqLine([recorded]))
            if let trial { RecordCommand.followUp(trial, recorder: recorder, logPath: log.path, command: "aegrade log event") }
            if let id = recorded.patient {
                directory.insert(id)
                if let warning = directory.warning(for: id) { printError("aegrade log event: " + localized("warning: {warning}", ["warning": warning])) }
            }
        }
    }
}
