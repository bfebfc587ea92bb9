import ArgumentParser
import Clinical
import EventLog

extension UserCommand {
    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "grant", abstract: "Give an account a role.")
        @OptionGroup var log: LogFileOptions
        @OptionGroup var by: SignInOptions
        @Argument(help: ArgumentHelp("The account.", valueName: "ID")) var id: String
        @Argument(help: ArgumentHelp("The role.", valueName: "ROLE")) var granted: Role

        func run() throws {
            let event = try UserCommand.administer(log, by, command: "aegrade user grant") { (recorder) throws(RecordError) in
                try recorder.grant(user: id, role: granted)
            }
            print(UserCommand.changeLine(event, user: id))
        }
    }
}
