import ArgumentParser
import Clinical
import EventLog
import Foundation
import Localization

extension LogCommand {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create a log with its first administrator, or add accounts to a log made before them.",
            discussion: """
            Creates the log file (mode 0600, readable by its owner only) with its genesis event, \
            and the first administrator's account, whose password is asked twice on the terminal \
            (at least 10 characters). The administrator then adds the trial's users with \
            `aegrade user add`. On a log made by an aegrade before accounts, adds the accounts \
            table and the first administrator; its events stay as they were.

            Exit status: 0 created; 1 refused (the log already has accounts, the passwords differ \
            or are too short); 2 usage error, no terminal, or a log that cannot be opened; 3 the log \
            refused the write.
            """
        )
        @OptionGroup var log: LogFileOptions
        @Option(help: ArgumentHelp("The first administrator's user id (a-z, 0-9, '.', '_', '-').", valueName: "ID")) var admin: String
        @Option(help: ArgumentHelp("The administrator's printed full name.", valueName: "NAME")) var name: String

        func validate() throws {
            do throws(SignInError) { try Authenticator.checkNewAccount(id: admin, name: name) } catch {
                throw ValidationError("\(localizedMessage(error.description)).")
            }
        }

        func run() throws {
            let command = "aegrade log init"
            // Refused before a password is asked for: a log that already has accounts.
            if FileManager.default.fileExists(atPath: log.path) {
                let existing = try log.open(.readOnly)
                if !(try mapped { () throws(EventLogError) in try AccountDirectory(store: existing) }).isEmpty {
                    printError("\(command): \(localizedMessage(SignInError.accountsExist.description))")
                    throw ExitCode(1)
                }
            }
            let password = try PasswordPrompt.askNew(for: admin, command: command)
            do throws(SignInError) { try Authenticator.checkNewPassword(password, user: admin) } catch {
                printError("\(command): " + localized("{reason}; nothing was written", ["reason": localizedMessage(error.description)]))
                throw ExitCode(1)
            }
            let store = try log.open(.readWrite(create: true))
            do throws(SignInError) {
                let event = try Authenticator(store: store).createFirstAdministrator(id: admin, name: name, password: password)
                print(seqLine([event]))
                printError("\(command): " + localized("{path}: administrator {user} created; add the trial's users with {command}",
                                                       ["path": log.path, "user": admin,
                                                        "command": "aegrade user add --db \(log.path) --user \(admin) ID --name NAME --roles ROLE"]))
            } catch {
                printError("\(command): \(PrintableText.escaped(localizedMessage(error.description)))")
                throw ExitCode(SignInOptions.exitStatus(error))
            }
        }
    }
}
