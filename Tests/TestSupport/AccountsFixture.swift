import Clinical
import EventLog
import Foundation

/// A log with accounts, made in a moment for tests of the commands and the recorder: the first
/// administrator, one person's account per role, and a service account with its key file
/// (README, "Accounts and roles").
///
/// Every person's password is ``password``. Its scrypt credential is derived once per test
/// process and stored for every account (a real log derives one per password with its own salt;
/// here the salt is shared so that the fixture costs one derivation, not ten). The accounts are
/// created by the administrator as `userAdmin` events with their credentials, through the
/// store's own account append, exactly as `aegrade user add` and `user passwd` leave them.
package struct AccountsFixture: Sendable {
    /// The log file.
    package let path: String
    /// Adds to the log at `path` (the demo's, say) one person per role, each with the fixture's
    /// ``password``; returns their ids by role ("m.nurse", "m.principalinvestigator", …).
    package static func addPeople(toLogAt path: String) throws -> [Role: String] {
        let store = try SQLiteEventStore(path: path, mode: .readWrite(create: false))
        var ids: [Role: String] = [:]
        for role in Role.personal {
            let id = "m." + role.rawValue.lowercased()
            try addPerson(id, role: role, to: store)
            ids[role] = id
        }
        return ids
    }

    /// The service account's key file (mode 0600).
    package let keyPath: String

    /// Every person's password.
    package static let password = "correct horse battery"
    package static let administrator = "admin.kim"
    package static let service = "svc.import"
    /// The events the fixture writes: the genesis event and ten accounts' `created` events. A
    /// command that signs in appends its `login` event next, so the first entry of a first
    /// `record` is seq 12 (its grades 13).
    package static let events: Int64 = 10

    /// The person holding each role (the administrator holds administrator).
    package static let users: [Role: String] = [
        .nurse: "nurse.li", .physician: "dr.wang", .principalInvestigator: "pi.chen", .monitor: "cra.zhou",
        .dataManager: "dm.sun", .safety: "dsmb.hu", .inspector: "insp.ma", .administrator: administrator,
    ]

    /// The printed name of `user`.
    package static func name(_ user: String) -> String { "Name of \(user)" }

    /// The user id holding `role`.
    package static func user(_ role: Role) -> String { users[role] ?? administrator }

    /// One signing key pair for every person of the fixture, sealed once with ``password`` in
    /// the shared credential (a real log makes one per person); each account registers it.
    fileprivate static let sharedSigner = EventSigner.generate(user: "")

    fileprivate static let sharedCredential: Result<StoredCredential, any Error> = Result {
        try PasswordHashing.credential(user: "", password: password, oneTime: false, sealing: sharedSigner)
    }

    /// The shared credential, for `user`.
    fileprivate static func credential(_ user: String) throws -> StoredCredential {
        var credential = try sharedCredential.get()
        credential.user = user
        return credential
    }

    /// Makes the log at `path` with the accounts, or adds them to the log there (which must have
    /// none), and writes the key file beside it.
    package static func make(at path: String) throws -> AccountsFixture {
        try make(in: try SQLiteEventStore(path: path, mode: .readWrite(create: true)), path: path, keyPath: path + ".key")
    }

    /// Makes the accounts in `store` (a log of any store: a PostgreSQL site too) and writes the
    /// service key to `keyPath`.
    package static func make(in store: any EventStore, path: String, keyPath: String) throws -> AccountsFixture {
        let admin = Author(id: administrator, role: .administrator)
        let key = ServiceKey.generate(user: service)
        func created(_ user: String, roles: [Role], kind: AccountKind, _ credential: StoredCredential) -> EventDraft {
            EventDraft(kind: .userAdmin, patient: nil, clinicalTime: nil,
                       payload: AccountPayload.created(user: user, name: name(user), roles: roles, kind: kind,
                                                       credential: .init(commitment: credential.commitment, oneTime: credential.oneTime),
                                                       signingKey: kind == .service ? key.signer.publicKeyHex : sharedSigner.publicKeyHex))
        }
        _ = try store.appendAccount(created(administrator, roles: [.administrator], kind: .person, try Self.credential(administrator)),
                                    author: .system, credential: try Self.credential(administrator))
        // The administrator's events are signed with the administrator's key, as after a sign-in.
        let adminSigner = sharedSigner.forAccount(administrator)
        try EventSigner.with(adminSigner) { () throws(EventLogError) in
            for role in Role.personal where role != .administrator {
                let user = Self.user(role)
                let credential: StoredCredential
                do { credential = try Self.credential(user) } catch { throw .refused("\(error)") }
                _ = try store.appendAccount(created(user, roles: [role], kind: .person, credential), author: admin, credential: credential)
            }
            let keyCredential = PasswordHashing.credential(user: service, key: key.secret)
            _ = try store.appendAccount(created(service, roles: [.nurse], kind: .service, keyCredential), author: admin, credential: keyCredential)
        }
        try key.write(path: keyPath)
        return AccountsFixture(path: path, keyPath: keyPath)
    }
}

extension AccountsFixture {
    /// Adds a person's account `user` holding `role`, with the fixture's ``password``, created by
    /// the administrator (for tests whose staff are not the fixture's).
    package static func addPerson(_ user: String, role: Role, to store: any EventStore) throws {
        let credential = try Self.credential(user)
        let draft = EventDraft(kind: .userAdmin, patient: nil, clinicalTime: nil,
                               payload: AccountPayload.created(user: user, name: name(user), roles: [role], kind: .person,
                                                               credential: .init(commitment: credential.commitment, oneTime: credential.oneTime),
                                                               signingKey: sharedSigner.publicKeyHex))
        // Signed with the administrator's key, as after the administrator's sign-in.
        try EventSigner.with(sharedSigner.forAccount(administrator)) { () throws(EventLogError) in
            _ = try store.appendAccount(draft, author: Author(id: administrator, role: .administrator), credential: credential)
        }
    }

    /// The service account's key file of the log at `path`, the fixture's accounts made first
    /// when there is no key yet: the log is created, or a log without accounts (the demo's, one
    /// made before accounts) gets them. A path no log can be made at is left as it is: the
    /// command refuses it before it reads the key.
    package static func keyFile(for path: String) -> String {
        let key = path + ".key"
        if !FileManager.default.fileExists(atPath: key) { _ = try? make(at: path) }
        return key
    }
}

extension Run {
    /// Runs `aegrade` signed in as the fixture's person holding `role` (`--user ID`), the
    /// password typed on a real pseudo-terminal (``aegradeOnTerminal(_:typing:environment:)``).
    /// Both streams reach the terminal: `stdout` and `stderr` each hold what it showed, without
    /// the password prompt.
    /// `input` (an assessment to correct, say) is given as a file: standard input is the terminal.
    package static func aegrade(as role: Role, _ arguments: [String], input: String? = nil, typing extra: [String] = [],
                                environment: [String: String] = [:]) throws -> ProcessOutput {
        let scratch = try Scratch()
        defer { scratch.remove() }
        var arguments = arguments
        if let input {
            try Data(input.utf8).write(to: scratch.file("input.json"))
            arguments.append(scratch.path("input.json"))
        }
        var output = try aegradeOnTerminal(arguments + ["--user", AccountsFixture.user(role)], typing: [AccountsFixture.password] + extra,
                                           environment: environment)
        output.stdout = output.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("Password for ") }.joined(separator: "\n")
        output.stderr = output.stdout
        return output
    }
}
