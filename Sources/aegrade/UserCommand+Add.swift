import ArgumentParser
import Clinical
import EventLog
import Foundation
import Localization

extension UserCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add an account: a person's, with a one-time password, or a service's, with a key file.",
            discussion: "Roles: \(Role.personal.map(\.rawValue).joined(separator: ", ")). A user id is never reused, even after deactivation."
        )
        @OptionGroup var log: LogFileOptions
        @OptionGroup var by: SignInOptions
        @Argument(help: ArgumentHelp("The new account's user id (a-z, 0-9, '.', '_', '-'; at most 64).", valueName: "ID")) var id: String
        @Option(help: ArgumentHelp("The printed full name (it appears on signatures).", valueName: "NAME")) var name: String
        @Option(help: ArgumentHelp("The roles, separated by commas.", valueName: "ROLES")) var roles: String
        @Flag(help: "A service account for unattended imports: it enters assessments and clinical events only, with a key file.")
        var service = false
        @Option(name: .customLong("key-out"), help: ArgumentHelp("Where to write a service account's key (a new file, mode 0600).", valueName: "FILE"))
        var keyOut: String?

        func validate() throws {
            _ = try UserCommand.roles(roles)
            if service, keyOut == nil { throw ValidationError(localized("A service account needs --key-out FILE for its key.")) }
            if !service, keyOut != nil { throw ValidationError(localized("--key-out is for a service account (--service).")) }
        }

        func run() throws {
            let command = "aegrade user add"
            let roles = try UserCommand.roles(roles)
            let change = try UserCommand.administer(log, by, command: command) { (recorder) throws(RecordError) in
                try recorder.addUser(id: id, name: name, roles: roles, kind: service ? .service : .person)
            }
            if let key = change.key, let keyOut {
                try UserCommand.writeKey(key, to: keyOut, command: command)
            }
            print(UserCommand.changeLine(change.event, user: id, oneTimePassword: change.oneTimeSecret))
            if change.oneTimeSecret != nil { printError("\(command): " + UserCommand.handOver(id, path: log.path)) }
        }
    }

    /// The roles of a comma-separated list, each once.
    static func roles(_ text: String) throws -> [Role] {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty else { throw ValidationError(localized("--roles needs at least one role.")) }
        return try names.map { name in
            guard let role = Role(rawValue: name), role != .system else {
                throw ValidationError(localized("--roles: {name} is not a role; one of {roles}.",
                                                ["name": PrintableText.quoted(name), "roles": Role.personal.map(\.rawValue).joined(separator: ", ")]))
            }
            return role
        }
    }

    /// Writes a service key to a new file (mode 0600); exits 2 when it cannot: the account stands,
    /// and `aegrade user key` issues another.
    static func writeKey(_ key: ServiceKey, to path: String, command: String) throws {
        do throws(SignInError) { try key.write(path: path) } catch {
            printError("\(command): " + localized("{reason}; the account stands: issue a new key with aegrade user key", ["reason": PrintableText.escaped(localizedMessage(error.description))]))
            throw ExitCode(2)
        }
    }
}
