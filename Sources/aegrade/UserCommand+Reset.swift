import ArgumentParser
import Clinical
import EventLog

extension UserCommand {
    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset",
            abstract: "Reset a person's password: a one-time password, shown once, which also lifts a lockout.",
            discussion: "The account can do nothing but set its own password (aegrade user passwd) until it has."
        )
        @OptionGroup var log: LogFileOptions
        @OptionGroup var by: SignInOptions
        @Argument(help: ArgumentHelp("The account.", valueName: "ID")) var id: String

        func run() throws {
            let change = try UserCommand.administer(log, by, command: "aegrade user reset") { (recorder) throws(RecordError) in
                try recorder.resetPassword(user: id)
            }
            print(UserCommand.changeLine(change.event, user: id, oneTimePassword: change.oneTimeSecret))
            printError("aegrade user reset: " + UserCommand.handOver(id, path: log.path))
        }
    }
}
