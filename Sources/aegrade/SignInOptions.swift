import ArgumentParser
import Clinical
import EventLog
import Foundation
import Localization

/// `--user ID [--role ROLE]` or `--key FILE`: who writes. The password is asked on the
/// controlling terminal with echo off; a service account gives its key file instead. A typed
/// user id is no proof of who writes: the ``Authenticator`` signs the account in, and every event
/// written names the account it signed in (README, "Accounts and roles").
struct SignInOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Your account; your password is asked on the terminal.", valueName: "ID"))
    var user: String?

    @Option(help: ArgumentHelp("The role to act in, among those your account holds (needed only when it holds several).", valueName: "ROLE"))
    var role: Role?

    @Option(name: .customLong("key"), help: ArgumentHelp("A service account's key file (mode 0600), for unattended imports, instead of --user.", valueName: "FILE"))
    var keyFile: String?

    func validate() throws {
        switch (user, keyFile) {
        case (.some, .some): throw ValidationError(localized("Give --user or --key, not both."))
        case (nil, nil):
            throw ValidationError(localized("Sign in: --user ID (your password is asked on the terminal), or --key FILE for a service account."))
        case (let user?, nil):
            if let problem = UserID.check(user) { throw ValidationError(localized("--user {user}: {reason}.", ["user": PrintableText.quoted(user), "reason": localizedMessage(problem)])) }
        case (nil, .some): break
        }
        if role == .system { throw ValidationError(localized("--role system is aegrade's own.")) }
    }

    /// Signs in on `store` (a `login` event), or exits: 2 without a terminal or with an unusable
    /// key file or a log without accounts, 1 when the sign-in is refused, 3 when the log refused
    /// the write.
    ///
    /// `deferringLogin`: the login event waits for the first entry's transaction (``DeferredLogin``);
    /// the command writes it alone when it wrote nothing.
    /// `standing`: the account directory the command's recorder keeps, folded here once.
    func signIn(_ store: any EventStore, command: String, deferringLogin: Bool = false,
                standing: AccountStanding = AccountStanding()) throws -> SignedIn {
        let authenticator = Authenticator(store: store, standing: standing)
        var password = ""
        if keyFile == nil {
            // A log without accounts is said before a password is asked for.
            if try mapped({ () throws(EventLogError) in try standing.directory(of: store) }).isEmpty {
                try refused(.noAccounts, command: command)
            }
            guard let typed = PasswordPrompt.ask(localized("Password for {user}: ", ["user": user ?? ""])) else {
                printError("\(command): \(PasswordPrompt.noTerminal)")
                throw ExitCode(2)
            }
            password = typed
        }
        do throws(SignInError) {
            if let keyFile { return try authenticator.signIn(key: try ServiceKey.read(path: keyFile), role: role, deferringLogin: deferringLogin) }
            return try authenticator.signIn(user: user ?? "", password: password, role: role, deferringLogin: deferringLogin)
        } catch {
            try refused(error, command: command)
        }
    }

    /// Says why the sign-in was refused and exits with its status.
    private func refused(_ error: SignInError, command: String) throws -> Never {
        printError("\(command): \(PrintableText.escaped(localizedMessage(error.description)))")
        throw ExitCode(Self.exitStatus(error))
    }

    /// 2 for what the user must set up first (accounts, a key file), 3 when the log refused a
    /// write, 1 for a refused sign-in.
    static func exitStatus(_ error: SignInError) -> Int32 {
        switch error {
        case .noAccounts, .invalid: 2
        case .storage(let storage): RecordError.storage(storage).exitStatus
        default: 1
        }
    }
}
