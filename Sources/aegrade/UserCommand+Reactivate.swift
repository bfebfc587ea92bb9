import ArgumentParser
import Clinical
import EventLog

extension UserCommand {
    struct Reactivate: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "reactivate", abstract: "Reactivate a deactivated account.")
        @OptionGroup var log: LogFileOptions
        @OptionGroup var by: SignInOptions
        @Argument(help: ArgumentHelp("The account.", valueName: "ID")) var id: String

        func run() throws {
            let event = try UserCommand.administer(log, by, command: "aegrade user reactivate") { (recorder) throws(RecordError) in
                try recorder.reactivate(user: id)
            }
            print(UserCommand.changeLine(event, user: id))
        }
    }
}
