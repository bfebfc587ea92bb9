import ArgumentParser
import Clinical
import EventLog
import Foundation
import Grading
import Localization

/// `aegrade user`: the log's accounts, administered by its administrators (README, "Accounts and roles").
struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Administer the log's accounts: add, deactivate, reactivate, grant, revoke, reset, key; set your own password; list.",
        discussion: """
        Accounts are records of the log: each change is an event by the administrator who made \
        it. An administrator never chooses a user's password: `add` and `reset` print a one-time \
        password, shown once, for the user to set their own with `aegrade user passwd`; until \
        then the account can do nothing else. A service account (for unattended imports) gets a \
        key file instead.

        Exit status: 0 done; 1 refused (not an administrator, no such account, …); 2 usage \
        error, no terminal, or a log that cannot be opened; 3 the log refused the write.
        """,
        subcommands: [Add.self, Deactivate.self, Reactivate.self, Grant.self, Revoke.self, Reset.self, Key.self, Passwd.self, List.self]
    )
}

extension UserCommand {
    /// Signs the administrator in on the log and makes an account change through the recorder;
    /// a refusal exits 1, a write the log refused 3.
    static func administer<T>(_ log: LogFileOptions, _ by: SignInOptions, command: String,
                              _ body: (LogRecorder) throws(RecordError) -> T) throws -> T {
        let store = try log.open(.readWrite(create: false))
        let signedIn = try by.signIn(store, command: command)
        let recorder = LogRecorder(store: store, criteria: CriteriaSet(files: []), signedIn: signedIn)
        return try appending(command: command) { () throws(RecordError) in try body(recorder) }
    }

    /// The line printed for an account change: `{"seq": [n], "user": ID}`, with the one-time
    /// password when one was issued.
    static func changeLine(_ event: RecordedEvent, user: String, oneTimePassword: String? = nil) -> String {
        var members: [(String, JSONValue)] = [("seq", .array([.number(Double(event.seq))])), ("user", .string(user))]
        if let oneTimePassword { members.append(("oneTimePassword", .string(oneTimePassword))) }
        return JSONValue.object(members).compactText
    }

    /// What to say beside a one-time password.
    static func handOver(_ user: String, path: String) -> String {
        localized("the one-time password of {user} is shown once: hand it to them in person; they set their own with {command}",
                  ["user": user, "command": "aegrade user passwd --db \(path) --user \(user)"])
    }
}
