/// The vocabulary of the account events (`userAdmin`, `login`, `security`): accounts are records of
/// the log itself, each change an event (21 CFR 11.10(d), (e); ICH E6(R3) 4.2.2(a)(i): every
/// permission change, login, logout, lockout and failed login). The raw values are stored in the
/// log and never change.

/// What a `userAdmin` event did to the account it names (`"user"`).
package enum UserAdminAction: String, Sendable, CaseIterable {
    /// The account made, with its printed name, roles and kind.
    case created
    /// The account may no longer sign in; its id stays taken.
    case deactivated
    case reactivated
    case roleGranted, roleRevoked
    /// An administrator issued a one-time secret (the secret itself is never in the log).
    case passwordReset
    /// The user set their own password.
    case passwordSet
    /// A service account's key issued (the key itself is never in the log).
    case keyIssued
    /// aegrade registered the Ed25519 public key of an account that had none (an account made
    /// by an aegrade before signed events), at its first sign-in with its password or key.
    case signingKeyRegistered
}

/// Whether an account is a person's or a service's (an unattended import).
package enum AccountKind: String, Sendable, CaseIterable {
    case person, service
}

/// What a `login` event records.
package enum LoginAction: String, Sendable, CaseIterable {
    case signedIn, signedOut, locked, unlocked, keyUsed
}

/// How a user proved who they are.
package enum SignInMethod: String, Sendable, CaseIterable {
    /// User id and password (21 CFR 11.200(a)(1)).
    case password
    /// A service account's key file.
    case key
}

/// What a `security` event records.
package enum SecurityAction: String, Sendable, CaseIterable {
    /// A sign-in refused (wrong password, unknown user, deactivated or locked account).
    case failedSignIn
    /// Too many consecutive failures: the account is locked until an administrator's reset
    /// (21 CFR 11.300(d)).
    case lockedOut
}

/// A user id: `[a-z0-9._-]`, 1 to 64 characters, never reused (EMA 2023 guideline, Annex 3:
/// individual accounts only).
package struct UserID: Sendable, Hashable, CustomStringConvertible {
    package let text: String

    package static let maximumLength = 64

    /// The id, or nil with the reason when `text` is not one.
    package static func check(_ text: String) -> String? {
        if text.isEmpty { return "a user id must not be empty" }
        if text.unicodeScalars.count > maximumLength { return "a user id is at most \(maximumLength) characters" }
        let allowed = text.unicodeScalars.allSatisfy { scalar in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "." || scalar == "_" || scalar == "-"
        }
        return allowed ? nil : "a user id holds only a-z, 0-9, '.', '_' and '-'"
    }

    package init?(_ text: String) {
        guard Self.check(text) == nil else { return nil }
        self.text = text
    }

    package var description: String { text }
}

/// The payloads of the account events, built and read by ``PayloadKey``.
package enum AccountPayload {
    /// What a credential-setting event says of the row it sets: its commitment (the hex SHA-256
    /// the store checks the row against) and whether it is a one-time secret, which lets the user
    /// do nothing but set their own password.
    package struct CredentialNote: Sendable {
        package var commitment: String
        package var oneTime: Bool

        package init(commitment: String, oneTime: Bool) {
            self.commitment = commitment
            self.oneTime = oneTime
        }
    }

    /// `userAdmin`: `{"action": A, "user": ID, ...}`, with `credential` and `oneTime` when the
    /// event sets a credential.
    /// With `signingKey`, the event registers the account's Ed25519 public key (hex): from then on
    /// the account's events must carry signatures by it.
    package static func userAdmin(_ action: UserAdminAction, user: String, extra: [(PayloadKey, JSONValue)] = [],
                                  credential: CredentialNote? = nil, signingKey: String? = nil) -> JSONValue {
        var pairs: [(PayloadKey, JSONValue)] = [(.action, .string(action.rawValue)), (.user, .string(user))]
        pairs += extra
        if let credential { pairs += [(.credential, .string(credential.commitment)), (.oneTime, .bool(credential.oneTime))] }
        if let signingKey { pairs.append((.signingKey, .string(signingKey))) }
        return .object(pairs.map { ($0.0.rawValue, $0.1) })
    }

    /// `userAdmin` `created`: the printed name, the roles and the kind of account.
    package static func created(user: String, name: String, roles: [Role], kind: AccountKind, credential: CredentialNote?,
                                signingKey: String? = nil) -> JSONValue {
        userAdmin(.created, user: user, extra: [(.name, .string(name)), (.roles, .array(roles.map { .string($0.rawValue) })),
                                                (.kind, .string(kind.rawValue))], credential: credential, signingKey: signingKey)
    }

    /// `login`: `{"action": A, "method": M, "role": R}`.
    package static func login(_ action: LoginAction, method: SignInMethod, role: Role) -> JSONValue {
        .object([(PayloadKey.action.rawValue, .string(action.rawValue)), (PayloadKey.method.rawValue, .string(method.rawValue)),
                 (PayloadKey.role.rawValue, .string(role.rawValue))])
    }

    /// `security` `failedSignIn`: the user id tried and why it was refused.
    package static func failedSignIn(user: String, reason: String) -> JSONValue {
        .object([(PayloadKey.action.rawValue, .string(SecurityAction.failedSignIn.rawValue)),
                 (PayloadKey.reason.rawValue, .string(reason)), (PayloadKey.user.rawValue, .string(user))])
    }

    /// `security` `lockedOut`: the account locked after `failures` consecutive failures.
    package static func lockedOut(user: String, failures: Int) -> JSONValue {
        .object([(PayloadKey.action.rawValue, .string(SecurityAction.lockedOut.rawValue)),
                 (PayloadKey.failures.rawValue, .number(Double(failures))), (PayloadKey.user.rawValue, .string(user))])
    }
}
