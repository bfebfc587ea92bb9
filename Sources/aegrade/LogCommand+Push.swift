import ArgumentParser
import Clinical
import EventLog
import Foundation
import PostgresLog
import Localization

extension LogCommand {
    struct Push: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "push",
            abstract: "Send a site's SQLite log to the trial's central log on PostgreSQL.",
            discussion: """
            For a ward that records on its own SQLite log (and so keeps working when the network is \
            down): verifies the site's log, then sends the events the central log does not hold yet \
            to the site's chain there (--to names it, with ?site=), in batches, each in one \
            transaction. The central log checks every event against the site's chain: an event at \
            a seq it already holds must be the same event (pushing twice adds nothing; a push cut \
            off resumes where the central log ends), a new one must follow the last and carry the \
            hash of its content, and, from the site's log key on, its signature must be its author's \
            key as the site's chain registered it. Events are copied as recorded, with their \
            signatures: the same seq, id, record time, hash and signature. The site's credentials \
            stay at the site.

            Exit status: 0 pushed (or nothing new); 1 refused: the site's log does not verify, or \
            the two logs diverged (the central log holds another event at a seq; both are named); \
            2 usage error or a log that cannot be opened; 3 the central log refused the write.
            """
        )
        @Option(name: .customLong("db"), help: ArgumentHelp("The site's log: an SQLite file.", valueName: "FILE"))
        var db: String
        @Option(name: .customLong("to"), help: ArgumentHelp(
            "The central log: postgres://USER@HOST:PORT/DATABASE?site=SITE (the password from PGPASSWORD, ~/.pgpass or a prompt).",
            valueName: "URL"))
        var to: String

        /// Events per transaction: a push cut off loses at most one batch, which the next sends again.
        static let batchSize = 500

        func validate() throws {
            guard !PostgresURL.isURL(db) else { throw ValidationError(localized("--db is the site's SQLite log, not a PostgreSQL URL.")) }
            do throws(EventLogError) { _ = try PostgresURL(to) } catch { throw ValidationError("--to: \(localizedMessage(error.description)).") }
        }

        func run() throws {
            let command = "aegrade log push"
            // --db is never a URL (validate), so the site's log is an SQLite file.
            guard let local = try LogFileOptions.open(path: db, .readOnly) as? SQLiteEventStore else { throw ExitCode(2) }
            let verification = try mapped { () throws(EventLogError) in try local.verify() }
            guard verification.isIntact else {
                printError("\(command): " + localized("{path}: the site's log does not verify; nothing was pushed", ["path": db]))
                print(PrintableText.escapedLines(verification.report))
                throw ExitCode(1)
            }
            let url = try mapped { () throws(EventLogError) in try PostgresURL(to) }
            let central = try mapped { () throws(EventLogError) in
                try PostgresEventStore(url: url, password: DatabasePassword.password(for: url),
                                       mode: .receiving)
            }
            var total = ReceiveOutcome()
            // Every event the central log holds is compared by hash, from the site's genesis event
            // on; the ones after its head are added. A batch is read, then sent.
            var next: Int64 = 1
            while true {
                var batch: [RecordedEvent] = []
                try mapped { () throws(EventLogError) in
                    try local.forEachEvent(from: next) { event in
                        batch.append(event)
                        return batch.count < Self.batchSize
                    }
                }
                guard let first = batch.first, let last = batch.last else { break }
                // The site's signatures go with its events, checked there against the keys the
                // site's own chain registered.
                let signatures = try mapped { () throws(EventLogError) in try local.signatures(first.seq...last.seq) }
                do {
                    let outcome = try central.receive(batch, signatures: signatures)
                    total.added += outcome.added
                    total.alreadyHeld += outcome.alreadyHeld
                    total.headSeq = outcome.headSeq
                } catch {
                    printError("\(command): \(PrintableText.escaped(localizedMessage(error.description)))")
                    guard case .store(let storeError) = error else { throw ExitCode(1) }
                    switch storeError {
                    case .locked, .diskFull, .readOnly: throw ExitCode(3)
                    default: throw ExitCode(2)
                    }
                }
                next = last.seq + 1
            }
            print(JSONValue.object([
                ("site", .string(url.site)), ("added", .number(Double(total.added))), ("alreadyHeld", .number(Double(total.alreadyHeld))),
                ("head", .number(Double(total.headSeq))),
            ]).compactText)
        }
    }
}
