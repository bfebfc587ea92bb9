import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading
import Localization

extension LogCommand {
    struct Checkpoint: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "checkpoint",
            abstract: "Sign a checkpoint of the log (C2SP tlog-checkpoint) to keep outside it.",
            discussion: """
            Verifies the log, then signs its size and the RFC 6962 Merkle root of its events with \
            the log's key (LOG.logkey) as a C2SP signed note, records it in the log as an event, \
            and prints it (and writes it to --out). A log never signs a checkpoint inconsistent \
            with the last one it signed: that one must be a prefix of the log now, shown by a \
            consistency proof, or nothing is signed. Keep the checkpoint where the log cannot \
            reach it (the monitor's visit report, the sponsor's copy): `aegrade log verify \
            --checkpoint FILE` proves later that the log still extends it.

            --chain prints the last sequence number and hash (SEQ:HASH) as earlier versions did, \
            and signs and records nothing.

            Exit status: 0 signed (or printed); 1 the log is not intact, or the checkpoint would \
            be inconsistent with the last one signed; 2 usage error, a log that cannot be opened, \
            or no log key; 3 the log refused the write.
            """
        )
        @OptionGroup var log: LogFileOptions
        @Option(help: ArgumentHelp("Also write the signed checkpoint to FILE (a new file).", valueName: "FILE"))
        var out: String?
        @Flag(help: "Print SEQ:HASH of the last event instead (unsigned; nothing is recorded).")
        var chain = false

        func validate() throws {
            if chain, out != nil { throw ValidationError(localized("Give --chain or --out, not both.")) }
        }

        func run() throws {
            // Verified as a reader first, so that a damaged log is named as verify names it.
            let reader = try log.open(.readOnly)
            let result = try mapped { () throws(EventLogError) in try reader.verify() }
            if let note = result.structureNote { printError(note) }
            guard result.isIntact, let head = result.head else {
                printError(result.report)
                throw ExitCode(1)
            }
            if chain {
                print("\(head.seq):\(head.hash)")
                return
            }
            let key: LogKey
            do throws(LogKeyError) { key = try LogKey.read(path: LogKey.path(forLog: log.path)) } catch {
                printError("aegrade: \(PrintableText.escaped(localizedMessage(error.description)))")
                throw ExitCode(2)
            }
            guard let sqlite = try log.open(.readWrite(create: false)) as? SQLiteEventStore else {
                printError("aegrade: " + localized("signed checkpoints are made of SQLite logs only"))
                throw ExitCode(2)
            }
            let signed: SignedCheckpoint
            do throws(CheckpointError) { signed = try sqlite.signCheckpoint(key: key).checkpoint } catch {
                printError("aegrade: \(PrintableText.escaped(localizedMessage(error.description)))")
                throw ExitCode(Self.exitStatus(error))
            }
            print(signed.text, terminator: "")
            if let out {
                do { try Data(signed.text.utf8).write(to: URL(fileURLWithPath: out), options: .withoutOverwriting) } catch {
                    printError("aegrade: \(PrintableText.quoted(out)): \(error.localizedDescription) (the checkpoint was signed and "
                               + "recorded in the log; it is printed above)")
                    throw ExitCode(2)
                }
            }
        }

        static func exitStatus(_ error: CheckpointError) -> Int32 {
            switch error {
            case .inconsistent, .otherLog, .beyondLog: 1
            case .log(.locked), .log(.diskFull), .log(.readOnly): 3
            case .log, .key, .malformed, .signature: 2
            }
        }
    }
}
