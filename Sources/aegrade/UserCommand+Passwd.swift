import ArgumentParser
import Clinical
import EventLog
import Localization

extension UserCommand {
    struct Passwd: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "passwd",
            abstract: "Set your own password, signing in with your current one (or the one-time password of a reset).",
            discussion: "Asks on the terminal: the current password, then the new one twice (at least 10 characters)."
        )
        @OptionGroup var log: LogFileOptions
        @Option(help: ArgumentHelp("Your account.", valueName: "ID")) var user: String
        @Option(help: ArgumentHelp("The role to act in, when your account holds several.", valueName: "ROLE")) var role: Role?

        func validate() throws {
            if let problem = UserID.check(user) { throw ValidationError(localized("--user {user}: {reason}.", ["user": PrintableText.quoted(user), "reason": localizedMessage(problem)])) }
        }

        func run() throws {
            let command = "aegrade user passwd"
            let store = try log.open(.readWrite(create: false))
            guard let current = PasswordPrompt.ask("Current (or one-time) password for \(user): ") else {
                printError("\(command): \(PasswordPrompt.noTerminal)")
                throw ExitCode(2)
            }
            let new = try PasswordPrompt.askNew(for: user, command: command)
            do throws(SignInError) {
                _ = try Authenticator(store: store).setOwnPassword(user: user, current: current, new: new, role: role)
                printError("\(command): " + localized("the password of {user} is set", ["user": user]))
            } catch {
                printError("\(command): \(PrintableText.escaped(localizedMessage(error.description)))")
                throw ExitCode(SignInOptions.exitStatus(error))
            }
        }
    }
}
