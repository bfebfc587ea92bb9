import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading
import PostgresLog
import Localization

extension LogCommand {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Recompute the hash chain and name the first bad event.",
            discussion: """
            Checks the schema (every table, index and trigger exactly as aegrade creates them), \
            SQLite's structure (PRAGMA integrity_check, or quick_check with --quick), the \
            gap-free sequence, every event's hash and its link to the previous one, and, with \
            --checkpoint, a checkpoint kept outside the log.

            A signed checkpoint (a file written by `aegrade log checkpoint`, or its text) must be \
            signed by the log's key (LOG.logkey, or --public-key), name this log, cover no more \
            events than the log holds (a truncated tail is found this way), and be extended by \
            the log: the consistency proof (RFC 6962) from its size to the log's must verify \
            against its root, so no event it covers was changed, removed or reordered, even with \
            the whole chain recomputed. The older SEQ:HASH form (`log checkpoint --chain`) checks \
            that the log still holds that event with that hash.

            On PostgreSQL, a URL with ?site= names one site's chain; a URL without it (or \
            --all-sites) checks every site of the trial's database in turn, each chain and its \
            signatures, and prints one line per site (the site and seq of each site's first bad \
            event); the exit status is 1 when any site fails.

            Exit status: 0 intact; 1 not intact (the first bad sequence number and what is wrong \
            are printed); 2 usage error, a log that cannot be opened, or a checkpoint file that \
            cannot be read (its bad line is named).
            """
        )
        @OptionGroup var log: LogFileOptions
        @Option(help: ArgumentHelp("A checkpoint kept earlier: the file `aegrade log checkpoint` wrote, its text, or SEQ:HASH.",
                                   valueName: "FILE|SEQ:HASH"))
        var checkpoint: String?
        @Option(name: .customLong("public-key"),
                help: ArgumentHelp("The log's Ed25519 public key (64 hex digits), instead of reading the log's key file.", valueName: "HEX"))
        var publicKey: String?
        @Flag(help: "SQLite's quick_check instead of integrity_check: faster, but does not check index entries against the rows.")
        var quick = false
        @Flag(name: .customLong("all-sites"), help: "On PostgreSQL: verify every site of the trial's database, not only the URL's.")
        var allSites = false

        /// Every site: `--all-sites`, or a PostgreSQL URL that names no site (the whole trial, as
        /// for every reading command: README, "The whole trial").
        var everySite: Bool {
            allSites || (PostgresURL.isURL(log.path) && !PostgresURL.namesSite(log.path))
        }

        func validate() throws {
            if everySite {
                guard PostgresURL.isURL(log.path) else { throw ValidationError(localized("--all-sites is for a log on PostgreSQL (--db postgres://…).")) }
                guard checkpoint == nil else {
                    throw ValidationError(localized("A checkpoint is one site's: name the site in the URL (?site=), without --all-sites."))
                }
            }
            if publicKey != nil, checkpoint.map({ Self.parse($0) != nil }) ?? true {
                throw ValidationError(localized("--public-key goes with a signed --checkpoint."))
            }
        }

        /// SEQ:HASH, the checkpoint form of earlier versions.
        static func parse(_ text: String) -> (seq: Int64, hash: String)? {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let seq = Int64(parts[0]), seq >= 1, parts[1].count == 64,
                  parts[1].allSatisfy(\.isHexDigit) else { return nil }
            return (seq, parts[1].lowercased())
        }

        func run() throws {
            if everySite { return try verifyEverySite() }
            let store = try log.open(.readOnly)
            do {
                let result: LogVerification
                if let checkpoint, Self.parse(checkpoint) == nil {
                    result = try verifySigned(store, argument: checkpoint)
                } else {
                    result = try store.verify(checkpoint: checkpoint.flatMap(Self.parse), quick: quick)
                }
                if let note = result.structureNote { printError(note) }
                if ProcessInfo.processInfo.environment["AEGRADE_VERIFY_TIMINGS"] != nil, let timings = result.timings { printError(timings) }
                print(PrintableText.escapedLines(result.report))
                if !result.isIntact { throw ExitCode(1) }
            } catch let error as EventLogError {
                print("FAIL: \(PrintableText.escaped(error.description))")
                throw ExitCode(1)
            }
        }

        /// Every site of the PostgreSQL database `--db` names, one line each; exit 1 when any fails.
        private func verifyEverySite() throws {
            let answers = try mapped { () throws(EventLogError) -> [LogVerification] in
                let url = try PostgresURL(log.path)
                let password = DatabasePassword.password(for: url)
                return try PostgresEventStore.verifyEverySite(url: url, password: password)
            }
            guard !answers.isEmpty else {
                print("FAIL: the database holds no site's events")
                throw ExitCode(1)
            }
            for answer in answers { print(PrintableText.escapedLines(answer.report)) }
            if answers.contains(where: { !$0.isIntact }) { throw ExitCode(1) }
        }

        /// The chain and the signed checkpoint given as `argument` (a file, or the note's text).
        private func verifySigned(_ store: any EventStore, argument: String) throws -> LogVerification {
            let bytes: [UInt8]
            if argument.contains("\n") {
                bytes = Array(argument.utf8) + (argument.hasSuffix("\n") ? [] : [0x0A])  // "$(cat FILE)" drops the last newline
            } else {
                bytes = try Self.readCheckpointFile(argument)
            }
            let signed: SignedCheckpoint
            do throws(CheckpointError) { signed = try SignedCheckpoint(parsing: bytes) } catch {
                printError("aegrade: \(PrintableText.escaped(localizedMessage(error.description)))")
                throw ExitCode(2)
            }
            guard let sqlite = store as? SQLiteEventStore else {
                printError("aegrade: " + localized("signed checkpoints are checked on SQLite logs only"))
                throw ExitCode(2)
            }
            let keyHex: String
            if let publicKey {
                keyHex = publicKey.lowercased()
            } else if let registered = try mapped({ () throws(EventLogError) in try sqlite.logPublicKey() }) {
                // The key the log registered (its chain and signatures cover it): a monitor reading a
                // copy of the log has no key file.
                keyHex = registered
            } else {
                do throws(LogKeyError) { keyHex = try LogKey.read(path: LogKey.path(forLog: log.path)).publicKeyHex } catch {
                    printError("aegrade: " + localized("{reason}; give the log's public key with --public-key", ["reason": PrintableText.escaped(localizedMessage(error.description))]))
                    throw ExitCode(2)
                }
            }
            return try sqlite.verify(signedCheckpoint: signed, publicKeyHex: keyHex, quick: quick)
        }

        /// The bytes of a checkpoint file, refusing one larger than a checkpoint can be.
        static func readCheckpointFile(_ path: String) throws -> [UInt8] {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                printError("aegrade: " + localized("{path}: cannot read the checkpoint file (--checkpoint takes the file `aegrade log checkpoint` wrote, its text, or SEQ:HASH)",
                                               ["path": PrintableText.quoted(path)]))
                throw ExitCode(2)
            }
            defer { try? handle.close() }
            let data = (try? handle.read(upToCount: SignedNote.maximumBytes + 1)) ?? Data()
            return Array(data)
        }
    }
}
