import Clinical
import Foundation

/// Proves who is writing: the one place a ``SignedIn`` is made (README, "Accounts and roles").
///
/// Two components, user id and password (21 CFR 11.200(a)(1)), or a service account's key.
/// Every refused attempt is a `security` event written by aegrade itself, and
/// ``maximumFailures`` consecutive wrong secrets lock the account with a `lockedOut` event until
/// an administrator's reset (21 CFR 11.300(d)). After a reset the one-time secret lets the user
/// set their own password and nothing else (C-SIG-6). Each success is a `login` event by the user.
package struct Authenticator: Sendable {
    package let store: any EventStore
    /// The scrypt cost of the passwords this authenticator sets.
    let cost: PasswordHashing.Cost

    /// Consecutive wrong secrets that lock an account.
    package static let maximumFailures = 5
    /// The fewest characters a password holds.
    package static let minimumPasswordLength = 10

    /// The account directory, kept: a writer that signs in and then writes through a
    /// ``LogRecorder`` given the same standing folds the log's account events once, not twice.
    package let standing: AccountStanding

    package init(store: any EventStore, standing: AccountStanding = AccountStanding()) {
        self.init(store: store, cost: .standard, standing: standing)
    }

    /// With a cheaper scrypt for tests that make many accounts (the rows name their cost).
    init(store: any EventStore, cost: PasswordHashing.Cost, standing: AccountStanding = AccountStanding()) {
        self.store = store
        self.cost = cost
        self.standing = standing
    }

    /// Signs `user` in with `password`, acting in `role` (nil: the one role the account holds).
    /// `deferringLogin`: the `login` event waits to be written in the transaction of the
    /// account's first entry (``DeferredLogin``); the caller writes it alone
    /// (``SignedIn/writeDeferredLogin(to:)``) when it wrote nothing.
    package func signIn(user: String, password: String, role: Role?, deferringLogin: Bool = false) throws(SignInError) -> SignedIn {
        let (account, credential) = try authenticate(user: user, password: password)
        if account.mustSetPassword { throw .mustSetPassword(user: user) }
        let chosen = try chosenRole(account, role)
        let signer = try signingKey(account, credential, password: password)
        return try signedIn(account, role: chosen, method: .password, signer: signer, deferringLogin: deferringLogin)
    }

    /// Signs a service account in with its key (`--key FILE`); its use is a `login keyUsed` event.
    package func signIn(key: ServiceKey, role: Role?, deferringLogin: Bool = false) throws(SignInError) -> SignedIn {
        let directory = try directory()
        guard let account = directory[key.user] else {
            try fail(key.user, .unknownUser, directory: directory)
            throw .wrongKey
        }
        try checkStanding(account, directory: directory)
        guard account.kind == .service else {
            try fail(key.user, .notAService, directory: directory)
            throw .notAService(user: key.user)
        }
        guard let credential = try stored({ () throws(EventLogError) in try store.credential(of: key.user) }),
              PasswordHashing.matches(key: key.secret, credential) else {
            try fail(key.user, .wrongKey, directory: directory)
            throw account.consecutiveFailures + 1 >= Self.maximumFailures ? .lockedOut(user: key.user) : .wrongKey
        }
        let chosen = try chosenRole(account, role)
        let signer = key.signer
        if account.signingKey == nil {
            // A key file issued before signed events: its signing key is registered at its first use.
            try register(signer, credential: nil)
        } else if account.signingKey != signer.publicKeyHex {
            throw .invalid("the signing key registered for \(key.user) is not this key file's: an administrator must issue a new key")
        }
        return try signedIn(account, role: chosen, method: .key, signer: signer, deferringLogin: deferringLogin)
    }

    /// The user sets their own password, signing in with the current one (or the one-time secret
    /// an administrator's reset gave them): a `userAdmin passwordSet` event by the user, with
    /// the new credential, in one transaction.
    package func setOwnPassword(user: String, current: String, new: String, role: Role?) throws(SignInError) -> SignedIn {
        let (account, stored) = try authenticate(user: user, password: current)
        let chosen = try chosenRole(account, role)
        try Self.checkNewPassword(new, user: user)
        guard new != current else { throw .weakPassword("the new password must differ from the one it replaces") }
        // The same key pair, sealed again under the new password (README, "Signed events").
        let signer = try signingKey(account, stored, password: current)
        let credential = try makeCredential(user: user, password: new, oneTime: false, sealing: signer)
        let draft = EventDraft(kind: .userAdmin, patient: nil, clinicalTime: nil,
                               payload: AccountPayload.userAdmin(.passwordSet, user: user, credential: Self.note(credential)))
        _ = try self.stored { () throws(EventLogError) in
            try EventSigner.with(signer) { () throws(EventLogError) in
                try store.appendAccount(draft, author: Author(id: user, role: chosen), credential: credential)
            }
        }
        return try signedIn(account, role: chosen, method: .password, signer: signer)
    }

    /// The first administrator of a log (`aegrade log init`): created by aegrade itself, with the
    /// password they chose (asked twice). Refused when the log already has accounts.
    @discardableResult
    package func createFirstAdministrator(id: String, name: String, password: String) throws(SignInError) -> RecordedEvent {
        guard try stored({ () throws(EventLogError) in try AccountDirectory(store: store) }).isEmpty else { throw .accountsExist }
        try Self.checkNewAccount(id: id, name: name)
        try Self.checkNewPassword(password, user: id)
        let signer = EventSigner.generate(user: id)
        let credential = try makeCredential(user: id, password: password, oneTime: false, sealing: signer)
        // Written by aegrade itself, so signed with the log's key, which the store makes and
        // registers with the log's first account event.
        let draft = EventDraft(kind: .userAdmin, patient: nil, clinicalTime: nil,
                               payload: AccountPayload.created(user: id, name: name, roles: [.administrator], kind: .person,
                                                               credential: Self.note(credential), signingKey: signer.publicKeyHex))
        return try stored { () throws(EventLogError) in try store.appendAccount(draft, author: .system, credential: credential) }
    }

    // MARK: - The rules

    /// A new account's id and printed name: the id `[a-z0-9._-]` (``UserID``), the name one line
    /// of printable text.
    package static func checkNewAccount(id: String, name: String) throws(SignInError) {
        if let problem = UserID.check(id) { throw .invalid("user id \(PrintableText.quoted(id)): \(problem)") }
        do { try TextInput.check(name, at: "name", as: .singleLine) } catch { throw .invalid(error.description) }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw .invalid("name: a printed full name is required") }
    }

    /// A password a user sets: at least ``minimumPasswordLength`` characters, no control
    /// character, not the user id.
    package static func checkNewPassword(_ password: String, user: String) throws(SignInError) {
        guard password.count >= minimumPasswordLength else {
            throw .weakPassword("a password has at least \(minimumPasswordLength) characters")
        }
        guard !password.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .weakPassword("a password holds no control characters")
        }
        guard password.lowercased() != user.lowercased() else { throw .weakPassword("a password must not be the user id") }
    }

    static func note(_ credential: StoredCredential) -> AccountPayload.CredentialNote {
        AccountPayload.CredentialNote(commitment: credential.commitment, oneTime: credential.oneTime)
    }

    func makeCredential(user: String, password: String, oneTime: Bool, sealing signer: EventSigner?) throws(SignInError) -> StoredCredential {
        do { return try PasswordHashing.credential(user: user, password: password, oneTime: oneTime, cost: cost, sealing: signer) } catch {
            throw .invalid("the password could not be derived: \(error)")
        }
    }

    // MARK: - Steps

    /// The accounts as the log's events leave them.
    func directory() throws(SignInError) -> AccountDirectory {
        let directory = try stored { () throws(EventLogError) in try standing.directory(of: store) }
        if directory.isEmpty { throw .noAccounts }
        return directory
    }

    /// The account `user`, after checking its password; every refusal is a `security` event.
    private func authenticate(user: String, password: String) throws(SignInError) -> (Account, StoredCredential) {
        let directory = try directory()
        guard let account = directory[user] else {
            try fail(user, .unknownUser, directory: directory)
            throw .wrongCredentials
        }
        try checkStanding(account, directory: directory)
        guard account.kind == .person else {
            try fail(user, .notAPerson, directory: directory)
            throw .notAPerson(user: user)
        }
        guard let credential = try stored({ () throws(EventLogError) in try store.credential(of: user) }),
              PasswordHashing.matches(password, credential) else {
            try fail(user, .wrongPassword, directory: directory)
            throw account.consecutiveFailures + 1 >= Self.maximumFailures ? .lockedOut(user: user) : .wrongCredentials
        }
        return (account, credential)
    }

    /// The person's signing key, unsealed with the password that just matched `credential`. An
    /// account made before signed events gets a new key pair here, registered by aegrade
    /// (`signingKeyRegistered`) with the credential sealing it, before the sign-in's own event.
    private func signingKey(_ account: Account, _ credential: StoredCredential, password: String) throws(SignInError) -> EventSigner {
        guard let registered = account.signingKey else {
            let signer = EventSigner.generate(user: account.id)
            try register(signer, credential: try makeCredential(user: account.id, password: password, oneTime: credential.oneTime,
                                                                sealing: signer))
            return signer
        }
        guard let signer = PasswordHashing.signingKey(in: credential, password: password), signer.publicKeyHex == registered else {
            throw .invalid("the signing key of \(account.id) cannot be opened with this password: an administrator must reset the password")
        }
        return signer
    }

    /// Registers `signer`'s public key for its account in a `userAdmin signingKeyRegistered`
    /// event by aegrade (signed with the log's key), storing `credential` (the password's row
    /// sealing the key) with it.
    private func register(_ signer: EventSigner, credential: StoredCredential?) throws(SignInError) {
        let draft = EventDraft(kind: .userAdmin, patient: nil, clinicalTime: nil,
                               payload: AccountPayload.userAdmin(.signingKeyRegistered, user: signer.user, credential: credential.map(Self.note),
                                                                 signingKey: signer.publicKeyHex))
        _ = try stored { () throws(EventLogError) in try store.appendAccount(draft, author: .system, credential: credential) }
    }

    /// Refuses (and records) a locked or deactivated account.
    private func checkStanding(_ account: Account, directory: AccountDirectory) throws(SignInError) {
        if account.lockedOut {
            try fail(account.id, .lockedOut, directory: directory)
            throw .lockedOut(user: account.id)
        }
        if !account.active {
            try fail(account.id, .deactivated, directory: directory)
            throw .deactivated(user: account.id)
        }
    }

    /// The role to act in: the one asked for, which the account must hold, or its only role.
    private func chosenRole(_ account: Account, _ role: Role?) throws(SignInError) -> Role {
        if let role {
            guard account.roles.contains(role) else { throw .roleNotHeld(user: account.id, role: role, held: account.roles) }
            return role
        }
        guard let first = account.roles.first else { throw .noRole(user: account.id) }
        guard account.roles.count == 1 else { throw .chooseRole(user: account.id, held: account.roles) }
        return first
    }

    /// Appends the `login` event of a success, or holds it back for the first entry
    /// (`deferringLogin`), and returns who signed in.
    private func signedIn(_ account: Account, role: Role, method: SignInMethod, signer: EventSigner,
                          deferringLogin: Bool = false) throws(SignInError) -> SignedIn {
        let author = Author(id: account.id, role: role)
        let draft = EventDraft(kind: .login, patient: nil, clinicalTime: nil,
                               payload: AccountPayload.login(method == .key ? .keyUsed : .signedIn, method: method, role: role))
        if deferringLogin {
            return SignedIn(author: author, name: account.name, method: method == .key ? .key : .password, signer: signer,
                            deferredLogin: DeferredLogin(author: author, draft: draft))
        }
        let user = SignedIn(author: author, name: account.name, method: method == .key ? .key : .password, signer: signer)
        _ = try stored { () throws(EventLogError) in
            try user.signing { () throws(EventLogError) in try store.appendAccount(draft, author: author, credential: nil) }
        }
        return user
    }

    /// Appends the `security` event of a refused attempt, and the lockout it brings about, in one
    /// transaction. An id that is not one is recorded as `(not a user id)`, never as typed.
    private func fail(_ user: String, _ reason: FailureReason, directory: AccountDirectory) throws(SignInError) {
        let id = UserID.check(user) == nil ? user : "(not a user id)"
        var drafts = [EventDraft(kind: .security, patient: nil, clinicalTime: nil,
                                 payload: AccountPayload.failedSignIn(user: id, reason: reason.rawValue))]
        if let account = directory[id], !account.lockedOut, AccountDirectory.countsTowardsLockout(reason.rawValue),
           account.consecutiveFailures + 1 >= Self.maximumFailures {
            drafts.append(EventDraft(kind: .security, patient: nil, clinicalTime: nil,
                                     payload: AccountPayload.lockedOut(user: id, failures: account.consecutiveFailures + 1)))
        }
        _ = try stored { () throws(EventLogError) in try store.append(drafts, author: .system) }
    }

    func stored<T>(_ body: () throws(EventLogError) -> T) throws(SignInError) -> T {
        do { return try body() } catch { throw .storage(error) }
    }
}
