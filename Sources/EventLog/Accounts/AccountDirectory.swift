import Clinical

/// One account as the log's account events leave it.
package struct Account: Sendable, Equatable {
    package var id: String
    /// The printed full name set at creation; it appears on signatures.
    package var name: String
    package var kind: AccountKind
    /// The roles held now, in the order they were given.
    package var roles: [Role]
    /// False after a deactivation (until a reactivation): the account may not sign in; its id stays taken.
    package var active: Bool
    /// True while the credential is a one-time secret (after creation by an administrator or a
    /// reset): the account may set its own password and do nothing else (C-SIG-6).
    package var mustSetPassword: Bool
    /// Failed sign-ins since the last success, reset or unlock.
    package var consecutiveFailures: Int
    /// Locked after ``Authenticator/maximumFailures`` consecutive failures, until an
    /// administrator's reset (21 CFR 11.300(d)).
    package var lockedOut: Bool
    /// The seq of the `created` event.
    package var createdSeq: Int64
    /// The Ed25519 public key (hex) the latest `userAdmin` event that registered one gave the
    /// account; nil for an account made before signed events, until its first sign-in.
    package var signingKey: String? = nil
}

/// The accounts of a log: the fold of its `userAdmin`, `login` and `security` events, in seq
/// order. Accounts are records of the log itself, so what an account may do at any seq is what
/// its events say up to there (README, "Accounts and roles").
package struct AccountDirectory: Sendable, Equatable {
    package private(set) var accounts: [String: Account] = [:]
    /// Account ids in order of creation.
    package private(set) var order: [String] = []

    package init() {}

    package init(events: [RecordedEvent]) {
        for event in events { apply(event) }
    }

    /// Reads the account events of `store` that its fold depends on and folds them.
    package init(store: any EventStore) throws(EventLogError) {
        self.init(events: try store.accountStandingEvents(after: 0))
    }

    package var isEmpty: Bool { accounts.isEmpty }

    package subscript(id: String) -> Account? { accounts[id] }

    /// Every account in order of creation.
    package var all: [Account] { order.compactMap { accounts[$0] } }

    /// The active accounts that hold `role`.
    package func active(holding role: Role) -> [Account] { all.filter { $0.active && $0.roles.contains(role) } }

    /// Whether a failed sign-in for this reason counts towards the lockout: a wrong secret.
    package static func countsTowardsLockout(_ reason: String) -> Bool {
        reason == FailureReason.wrongPassword.rawValue || reason == FailureReason.wrongKey.rawValue
    }

    /// Folds one event in; events of other kinds, and account events this product would not have
    /// written, change nothing.
    package mutating func apply(_ event: RecordedEvent) {
        switch event.kind {
        case .userAdmin: applyUserAdmin(event)
        case .login:
            guard let action = event.payloadString(.action).flatMap(LoginAction.init(rawValue:)) else { return }
            switch action {
            case .signedIn, .keyUsed: update(event.author.id) { $0.consecutiveFailures = 0 }
            case .unlocked: update(event.author.id) { $0.consecutiveFailures = 0; $0.lockedOut = false }
            case .signedOut, .locked: break
            }
        case .security:
            guard let user = event.payloadString(.user),
                  let action = event.payloadString(.action).flatMap(SecurityAction.init(rawValue:)) else { return }
            switch action {
            case .failedSignIn:
                if Self.countsTowardsLockout(event.payloadString(.reason) ?? "") { update(user) { $0.consecutiveFailures += 1 } }
            case .lockedOut: update(user) { $0.lockedOut = true }
            }
        default: return
        }
    }

    private mutating func applyUserAdmin(_ event: RecordedEvent) {
        guard let user = event.payloadString(.user),
              let action = event.payloadString(.action).flatMap(UserAdminAction.init(rawValue:)) else { return }
        var oneTime = false
        if case .bool(let value)? = event.payload[.oneTime] { oneTime = value }
        defer {
            if let key = event.payloadString(.signingKey) { update(user) { $0.signingKey = key } }
        }
        switch action {
        case .created:
            guard accounts[user] == nil else { return }
            var roles: [Role] = []
            if case .array(let values)? = event.payload[.roles] {
                for case .string(let text) in values { if let role = Role(rawValue: text), !roles.contains(role) { roles.append(role) } }
            }
            let kind = event.payloadString(.kind).flatMap(AccountKind.init(rawValue:)) ?? .person
            accounts[user] = Account(id: user, name: event.payloadString(.name) ?? user, kind: kind, roles: roles, active: true,
                                     mustSetPassword: oneTime, consecutiveFailures: 0, lockedOut: false, createdSeq: event.seq)
            order.append(user)
        case .deactivated: update(user) { $0.active = false }
        case .reactivated: update(user) { $0.active = true }
        case .roleGranted, .roleRevoked:
            guard let role = event.payloadString(.role).flatMap(Role.init(rawValue:)) else { return }
            update(user) { account in
                account.roles.removeAll { $0 == role }
                if action == .roleGranted { account.roles.append(role) }
            }
        case .signingKeyRegistered: break
        case .passwordReset, .passwordSet, .keyIssued:
            update(user) { account in
                account.mustSetPassword = oneTime
                account.consecutiveFailures = 0
                account.lockedOut = false
            }
        }
    }

    private mutating func update(_ id: String, _ change: (inout Account) -> Void) {
        guard var account = accounts[id] else { return }
        change(&account)
        accounts[id] = account
    }
}

/// Why a sign-in was refused, as its `security` event records it.
package enum FailureReason: String, Sendable {
    case unknownUser, wrongPassword, wrongKey, deactivated, lockedOut, roleNotHeld, notAPerson, notAService
}
