import ArgumentParser
import Clinical
import EventLog

extension UserCommand {
    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Take a role from an account.")
        @OptionGroup var log: LogFileOptions
        @OptionGroup var by: SignInOptions
        @Argument(help: ArgumentHelp("The account.", valueName: "ID")) var id: String
        @Argument(help: ArgumentHelp("The role.", valueName: "ROLE")) var granted: Role

        func run() throws {
            let event = try UserCommand.administer(log, by, command: "aegrade user revoke") { (recorder) throws(RecordError) in
                try recorder.revoke(user: id, role: granted)
            }
            print(UserCommand.changeLine(event, user: id))
        }
    }
}
