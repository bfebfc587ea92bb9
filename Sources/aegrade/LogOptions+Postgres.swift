import ArgumentParser
import Clinical
import EventLog
import Foundation
import PostgresLog
import Localization

extension LogFileOptions {
    /// The role the product's terminals connect as, granted INSERT and SELECT when `log init` makes
    /// the schema (README, "The log on PostgreSQL").
    static let postgresWriterRole = "aegrade"

    /// Opens the site's chain on PostgreSQL named by `text`, the password from `PGPASSWORD` or the
    /// password file, else asked on the terminal. Opening to create (`log init`) first makes the
    /// schema when the database has none (as the URL's role, which must be allowed to).
    static func openPostgres(_ text: String, _ mode: SQLiteEventStore.Mode, environment: [String: String]) throws -> any EventStore {
        do throws(EventLogError) {
            let url = try PostgresURL(text)
            let password = DatabasePassword.password(for: url, environment: environment)
            var creating = false
            let storeMode: PostgresEventStore.Mode
            switch mode {
            case .readOnly: storeMode = .readOnly
            case .readWrite(let create):
                storeMode = .readWrite(create: create)
                creating = create
            }
            // The site's log key, signing what aegrade writes itself (README, "The log on PostgreSQL").
            let keyPath = PostgresEventStore.logKeyPath(for: url, directory: PostgresEventStore.logKeyDirectory(environment: environment))
            do {
                return try PostgresEventStore(url: url, password: password, mode: storeMode, logKeyPath: keyPath)
            } catch {
                // No schema yet, or one of an earlier version (which `create` brings up to date).
                var makesSchema = false
                if case .missing = error { makesSchema = true }
                if case .unknownSchema(_, let version) = error, version >= 1, version < PostgresSchema.version { makesSchema = true }
                guard creating, makesSchema else { throw error }
                try PostgresSchema.create(url, password: password, writerRole: postgresWriterRole)
                return try PostgresEventStore(url: url, password: password, mode: storeMode, logKeyPath: keyPath)
            }
        } catch {
            if case .missing = error {
                printError("aegrade: " + localized("{reason}; create it with its first administrator: {command}",
                                                   ["reason": localizedMessage(error.description),
                                                    "command": "aegrade log init --db '\(PrintableText.escaped(text))' --admin ID --name \"FULL NAME\""]))
                throw ExitCode(2)
            }
            printError("aegrade: \(localizedMessage(error.description))")
            if case .readWrite = mode {
                switch error {
                case .locked, .diskFull, .readOnly: throw ExitCode(3)
                default: break
                }
            }
            throw ExitCode(2)
        }
    }
}
