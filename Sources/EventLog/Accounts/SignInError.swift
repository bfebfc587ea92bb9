import Clinical

/// Why a sign-in, a password change or the first administrator was refused. The wording never
/// says whether an unknown user id exists.
package enum SignInError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The log has no accounts yet (new, or made before accounts).
    case noAccounts
    /// Unknown user id or wrong password (the two are not told apart).
    case wrongCredentials
    /// A service key that does not match its account.
    case wrongKey
    /// Locked after ``Authenticator/maximumFailures`` consecutive failures until an administrator's reset.
    case lockedOut(user: String)
    case deactivated(user: String)
    /// The credential is a one-time secret: the user must set their own password first (C-SIG-6).
    case mustSetPassword(user: String)
    case roleNotHeld(user: String, role: Role, held: [Role])
    /// The account holds several roles and none was chosen.
    case chooseRole(user: String, held: [Role])
    case noRole(user: String)
    /// A service account tried a password, or a person's account a key.
    case notAPerson(user: String)
    case notAService(user: String)
    /// A new password the rules refuse (the message says which rule).
    case weakPassword(String)
    /// `log init` on a log that already has accounts.
    case accountsExist
    /// A user id, name or key file that is not one (the message names the field).
    case invalid(String)
    case storage(EventLogError)

    package var description: String {
        switch self {
        case .noAccounts: "this log has no accounts yet: run aegrade log init --db FILE --admin ID --name \"FULL NAME\""
        case .wrongCredentials: "user id or password is wrong"
        case .wrongKey: "the service key does not match its account"
        case .lockedOut(let user):
            "account \(user) is locked after \(Authenticator.maximumFailures) failed sign-ins: an administrator must reset its password"
        case .deactivated(let user): "account \(user) is deactivated"
        case .mustSetPassword(let user):
            "\(user) signs in with a one-time secret: set your own password first (aegrade user passwd --user \(user))"
        case let .roleNotHeld(user, role, held):
            "\(user) does not hold the role \(role.rawValue)" + (held.isEmpty ? "" : " (holds \(held.map(\.rawValue).joined(separator: ", ")))")
        case let .chooseRole(user, held): "\(user) holds several roles (\(held.map(\.rawValue).joined(separator: ", "))): choose one with --role"
        case .noRole(let user): "\(user) holds no role"
        case .notAPerson(let user): "\(user) is a service account: it signs in with --key FILE"
        case .notAService(let user): "\(user) is a person's account: it signs in with --user \(user) and a password"
        case .weakPassword(let rule): rule
        case .accountsExist: "this log already has accounts: an administrator adds users with aegrade user add"
        case .invalid(let message): message
        case .storage(let error): error.description
        }
    }
}
