import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading
import Safety
import Localization

/// `aegrade record`: grade assessments and append them to the log.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Grade assessments and append each, with its grades, to the log.",
        discussion: """
        Reads assessments as `aegrade grade` does (JSON Lines, an object or an array). Each is \
        graded, and its observation and grades are appended in one transaction; only then is its \
        line printed: {"patient": …, "time": …, "seq": [n, …]}. A printed line means the events \
        are on disk. A rejected assessment is not written and gets an error line as in \
        `aegrade grade`. The log must exist (`aegrade log init` creates it with its first \
        administrator). You sign in with --user (your password is asked on the terminal) or, for an \
        unattended import, a service account's --key FILE.

        Exit status: 0 every assessment recorded; 1 at least one rejected; 2 usage error, \
        unreadable input, or a log that cannot be opened; 3 the log refused a write (disk full, \
        read-only, locked): that entry was not written, earlier lines stand.
        """
    )

    @OptionGroup var log: LogFileOptions
    @OptionGroup var by: SignInOptions
    @OptionGroup var source: CriteriaSourceOptions

    @Argument(help: ArgumentHelp("Assessments to record; standard input when absent or -.", valueName: "FILE"))
    var file: String?

    @Option(name: .customLong("protocol"), help: ArgumentHelp("The trial protocol: after recording, a change of the stopping-rule status is appended as a ruleStatus event.", valueName: "PROTOCOL"))
    var protocolPath: String?

    @Option(help: ArgumentHelp("Append this many assessments per transaction (bulk import of past records); lines are printed when their transaction commits.", valueName: "N"))
    var batch: Int = 1

    func validate() throws {
        guard batch >= 1, batch <= 100_000 else { throw ValidationError(localized("--batch is 1 to 100000.")) }
    }

    func run() throws {
        let criteria = try source.load()
        let bytes = try inputBytes(file)
        let inputs: BatchInput.Assessments
        do {
            inputs = try BatchInput.assessments(in: bytes)
        } catch {
            // Not JSON in any form: one error line, as `aegrade grade` prints it; nothing recorded.
            writeStandardOutput(Array((error.errorLine + "\n").utf8))
            throw ExitCode(1)
        }
        let trial = try protocolPath.map { try ProtocolOptions(path: $0).load(criteria: criteria) }
        let store = try log.open(.readWrite(create: false))
        // The sign-in's login event goes into the transaction of the first entry (one wait for
        // the lock and one commit instead of two); when nothing is written, alone at the end.
        let standing = AccountStanding()
        let signedIn = try by.signIn(store, command: "aegrade record", deferringLogin: true, standing: standing)
        // When the log refused an entry (locked, full, read-only), the login alone would be
        // refused too, after another wait: the sign-in wrote nothing, as a refused sign-in.
        var logRefusedWrite = false
        defer { if !logRefusedWrite { Self.writeLoginIfPending(signedIn, to: store) } }
        let recorder = LogRecorder(store: store, criteria: criteria, signedIn: signedIn, standing: standing)
        // Refused before any input is graded: a role that may not enter assessments.
        try appending(command: "aegrade record") { () throws(RecordError) in try recorder.permit(.enterAssessment) }
        var directory = try mapped { () throws(EventLogError) in try PatientDirectory(store: store) }
        defer { if let trial { Self.followUp(trial, recorder: recorder, logPath: log.path) } }
        var rejected = false
        // Each transaction's lines are printed once it has committed, in input order; the next
        // assessments are graded meanwhile on a second thread (LogRecorder's pipeline).
        do {
            try appending(command: "aegrade record") { () throws(RecordError) in
                try recorder.record(count: inputs.count, batch: batch, input: { inputs[$0] }) { outcomes in
                    var out: [UInt8] = []
                    for outcome in outcomes { rejected = outcome.write(into: &out, directory: &directory) || rejected }
                    writeStandardOutput(out)
                }
            }
        } catch let exit as ExitCode {
            logRefusedWrite = exit.rawValue == RecordError.storage(.io(path: "", detail: "")).exitStatus
            throw exit
        }
        try appending(command: "aegrade record") { () throws(RecordError) in
            do throws(EventLogError) { try signedIn.writeDeferredLogin(to: store) } catch { throw .storage(error) }
        }
        if rejected { throw ExitCode(1) }
    }

    /// The login of a sign-in that wrote nothing, on a path that ends the command early (a
    /// refusal, a failed write); said on standard error when even that cannot be written.
    static func writeLoginIfPending(_ signedIn: SignedIn, to store: any EventStore) {
        do {
            try signedIn.writeDeferredLogin(to: store)
        } catch {
            printError("aegrade record: " + localized("the sign-in could not be logged: {reason}", ["reason": PrintableText.escaped("\(error)")]))
        }
    }

    /// The recorder's rule-status follow-up after the whole input, said on standard error; the
    /// entries stand whatever becomes of it. On a PostgreSQL site the rules count every site of
    /// the trial (README, "The whole trial"), and the event is written at the writer's site.
    static func followUp(_ trial: TrialProtocol, recorder: LogRecorder, logPath: String, command: String = "aegrade record") {
        do {
            let asOf = ClinicalTime(secondsSinceEpoch: Date().timeIntervalSince1970)
            let change = try SiteOptions.wholeTrial(of: logPath).map { source in
                try recorder.appendTrialRuleFollowUp(trial, source: source, asOf: asOf)
            } ?? recorder.appendRuleFollowUp(trial, asOf: asOf)
            if let change {
                if change.statusChanged {
                    printError("\(command): " + localized("stopping-rule status changed (event {seq}): {status}",
                                                           ["seq": String(change.event.seq), "status": PrintableText.escaped(change.status.textLines[0])]))
                }
                if change.decisionChanged, case .string(let action)? = change.event.payload[.doseDecision]?["action"],
                   case .string(let reason)? = change.event.payload[.doseDecision]?["reason"] {
                    printError("\(command): " + localized("dose decision changed (event {seq}): {action} — {reason}",
                                                           ["seq": String(change.event.seq), "action": action, "reason": PrintableText.escaped(reason)]))
                }
            }
        } catch {
            printError("\(command): " + localized("the rule status could not be evaluated or logged: {reason}", ["reason": "\(error)"]))
        }
    }
}
