import ArgumentParser
import Clinical
import EventLog

extension UserCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the log's accounts: id, kind, state, roles and name (one JSON object a line).",
            discussion: "Reading needs no account: whoever may read the file may read it (README, \"Accounts and roles\")."
        )
        @OptionGroup var log: LogFileOptions

        func run() throws {
            let store = try log.open(.readOnly)
            let directory = try mapped { () throws(EventLogError) in try AccountDirectory(store: store) }
            for account in directory.all {
                let state = !account.active ? "deactivated" : account.lockedOut ? "locked" : account.mustSetPassword ? "mustSetPassword" : "active"
                print(JSONValue.object([
                    ("user", .string(account.id)), ("kind", .string(account.kind.rawValue)), ("state", .string(state)),
                    ("roles", .array(account.roles.map { .string($0.rawValue) })), ("name", .string(account.name)),
                ]).compactText)
            }
        }
    }
}
