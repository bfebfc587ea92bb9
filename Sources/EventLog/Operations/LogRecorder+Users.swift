import Clinical

/// Account administration through the one recorder (`aegrade user …`): each change an event by
/// the administrator, each credential in the same transaction as the event that sets it. The
/// administrator never chooses a user's secret: a new account and a reset get a one-time secret,
/// shown once, that lets the user set their own password and nothing else (C-SIG-6; 21 CFR
/// 11.300(b)).
extension LogRecorder {
    /// What an administrator's write produced: the event, and the secret to hand over (a one-time
    /// password, or a service key) when it issued one. The secret is in no event.
    package struct AccountChange: Sendable {
        package let event: RecordedEvent
        package let oneTimeSecret: String?
        package let key: ServiceKey?
    }

    /// Creates an account: a person's, with a one-time secret, or a service's, with its key.
    package func addUser(id: String, name: String, roles: [Role], kind: AccountKind) throws(RecordError) -> AccountChange {
        try permit(.administerUsers)
        do { try Authenticator.checkNewAccount(id: id, name: name) } catch { throw .refused(.account(error.description)) }
        guard !roles.isEmpty else { throw .refused(.account("an account needs at least one role")) }
        if roles.contains(.system) { throw .refused(.account("the role system is aegrade's own")) }
        let directory = try accounts()
        guard directory[id] == nil else {
            throw .refused(.account("user id \(id) is taken (user ids are never reused, even after deactivation)"))
        }
        let roles = roles.reduce(into: [Role]()) { if !$0.contains($1) { $0.append($1) } }
        switch kind {
        case .person:
            // The person's key pair is made with the account, sealed under the one-time secret
            // and registered by the administrator's event; setting their own password re-seals it.
            let secret = PasswordHashing.oneTimeSecret()
            let signer = EventSigner.generate(user: id)
            let credential = try credential(user: id, password: secret, oneTime: true, sealing: signer)
            let event = try appendAccount(AccountPayload.created(user: id, name: name, roles: roles, kind: .person,
                                                                 credential: Authenticator.note(credential),
                                                                 signingKey: signer.publicKeyHex), credential)
            return AccountChange(event: event, oneTimeSecret: secret, key: nil)
        case .service:
            if let role = roles.first(where: { !$0.may(.enterAssessment) && !$0.may(.recordEvent) }) {
                throw .refused(.account("a service account only enters data: the role \(role.rawValue) would give it nothing to do"))
            }
            let key = ServiceKey.generate(user: id)
            let credential = PasswordHashing.credential(user: id, key: key.secret)
            let event = try appendAccount(AccountPayload.created(user: id, name: name, roles: roles, kind: .service,
                                                                 credential: Authenticator.note(credential),
                                                                 signingKey: key.signer.publicKeyHex), credential)
            return AccountChange(event: event, oneTimeSecret: nil, key: key)
        }
    }

    /// Deactivates an account: it may no longer sign in; its id stays taken and its events stay
    /// its own.
    package func deactivate(user: String) throws(RecordError) -> RecordedEvent {
        let account = try administered(user)
        guard account.active else { throw .refused(.account("\(user) is already deactivated")) }
        try keepAnAdministrator(losing: account)
        return try appendAccount(AccountPayload.userAdmin(.deactivated, user: user), nil)
    }

    package func reactivate(user: String) throws(RecordError) -> RecordedEvent {
        let account = try administered(user)
        guard !account.active else { throw .refused(.account("\(user) is active")) }
        return try appendAccount(AccountPayload.userAdmin(.reactivated, user: user), nil)
    }

    package func grant(user: String, role: Role) throws(RecordError) -> RecordedEvent {
        let account = try administered(user)
        guard role != .system else { throw .refused(.account("the role system is aegrade's own")) }
        guard !account.roles.contains(role) else { throw .refused(.account("\(user) already holds the role \(role.rawValue)")) }
        if account.kind == .service, !role.may(.enterAssessment), !role.may(.recordEvent) {
            throw .refused(.account("a service account only enters data: the role \(role.rawValue) would give it nothing to do"))
        }
        return try appendAccount(AccountPayload.userAdmin(.roleGranted, user: user, extra: [(.role, .string(role.rawValue))]), nil)
    }

    package func revoke(user: String, role: Role) throws(RecordError) -> RecordedEvent {
        let account = try administered(user)
        guard account.roles.contains(role) else { throw .refused(.account("\(user) does not hold the role \(role.rawValue)")) }
        if role == .administrator { try keepAnAdministrator(losing: account) }
        return try appendAccount(AccountPayload.userAdmin(.roleRevoked, user: user, extra: [(.role, .string(role.rawValue))]), nil)
    }

    /// Resets a person's password: a one-time secret to hand over, which also lifts a lockout.
    package func resetPassword(user: String) throws(RecordError) -> AccountChange {
        let account = try administered(user)
        guard account.kind == .person else { throw .refused(.account("\(user) is a service account: issue it a new key instead")) }
        // A new key pair: the old one is sealed under a password the administrator does not know.
        let secret = PasswordHashing.oneTimeSecret()
        let signer = EventSigner.generate(user: user)
        let credential = try credential(user: user, password: secret, oneTime: true, sealing: signer)
        let event = try appendAccount(AccountPayload.userAdmin(.passwordReset, user: user, credential: Authenticator.note(credential),
                                                               signingKey: signer.publicKeyHex), credential)
        return AccountChange(event: event, oneTimeSecret: secret, key: nil)
    }

    /// Issues a service account a new key (the old one stops working).
    package func issueKey(user: String) throws(RecordError) -> AccountChange {
        let account = try administered(user)
        guard account.kind == .service else { throw .refused(.account("\(user) is a person's account: reset its password instead")) }
        let key = ServiceKey.generate(user: user)
        let credential = PasswordHashing.credential(user: user, key: key.secret)
        let event = try appendAccount(AccountPayload.userAdmin(.keyIssued, user: user, credential: Authenticator.note(credential),
                                                               signingKey: key.signer.publicKeyHex), credential)
        return AccountChange(event: event, oneTimeSecret: nil, key: key)
    }

    /// The accounts as the log's events leave them.
    package func accounts() throws(RecordError) -> AccountDirectory {
        try stored { () throws(EventLogError) in try standing.directory(of: store) }
    }

    // MARK: - Steps

    /// The account `user`, after checking that the writer may administer accounts.
    private func administered(_ user: String) throws(RecordError) -> Account {
        try permit(.administerUsers)
        guard let account = try accounts()[user] else { throw .refused(.account("there is no account \(PrintableText.quoted(user))")) }
        return account
    }

    /// Refuses to leave the log without an active administrator, who alone can administer it.
    private func keepAnAdministrator(losing account: Account) throws(RecordError) {
        guard account.active, account.roles.contains(.administrator) else { return }
        guard try accounts().active(holding: .administrator).count > 1 else {
            throw .refused(.account("\(account.id) is the last active administrator: grant another account the role first"))
        }
    }

    private func credential(user: String, password: String, oneTime: Bool, sealing signer: EventSigner) throws(RecordError) -> StoredCredential {
        do {
            return try Authenticator(store: store, cost: passwordCost).makeCredential(user: user, password: password, oneTime: oneTime,
                                                                                       sealing: signer)
        } catch {
            throw .refused(.account(error.description))
        }
    }

    private func appendAccount(_ payload: JSONValue, _ credential: StoredCredential?) throws(RecordError) -> RecordedEvent {
        let draft = EventDraft(kind: .userAdmin, patient: nil, clinicalTime: nil, payload: payload)
        return try stored { () throws(EventLogError) in try store.appendAccount(draft, author: author, credential: credential) }
    }
}
