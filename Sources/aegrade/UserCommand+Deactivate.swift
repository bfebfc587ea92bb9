import ArgumentParser
import Clinical
import EventLog

extension UserCommand {
    struct Deactivate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "deactivate", abstract: "Deactivate an account: it can no longer sign in; its id stays taken and its events its own.")
        @OptionGroup var log: LogFileOptions
        @OptionGroup var by: SignInOptions
        @Argument(help: ArgumentHelp("The account.", valueName: "ID")) var id: String

        func run() throws {
            let event = try UserCommand.administer(log, by, command: "aegrade user deactivate") { (recorder) throws(RecordError) in
                try recorder.deactivate(user: id)
            }
            print(UserCommand.changeLine(event, user: id))
        }
    }
}
