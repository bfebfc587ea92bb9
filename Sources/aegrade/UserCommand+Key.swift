import ArgumentParser
import Clinical
import EventLog

extension UserCommand {
    struct Key: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "key", abstract: "Issue a service account a new key file (the old key stops working).")
        @OptionGroup var log: LogFileOptions
        @OptionGroup var by: SignInOptions
        @Argument(help: ArgumentHelp("The service account.", valueName: "ID")) var id: String
        @Option(help: ArgumentHelp("Where to write the key (a new file, mode 0600).", valueName: "FILE")) var out: String

        func run() throws {
            let change = try UserCommand.administer(log, by, command: "aegrade user key") { (recorder) throws(RecordError) in
                try recorder.issueKey(user: id)
            }
            if let key = change.key { try UserCommand.writeKey(key, to: out, command: "aegrade user key") }
            print(UserCommand.changeLine(change.event, user: id))
        }
    }
}
