import Clinical
import EventLog

/// The `login` events of a session at the board that the ``Authenticator`` does not write itself:
/// the idle lock, the unlock by the same user, and signing out (the switch-user key, a switch at
/// the lock screen, quitting). Each is an event by the user (ICH E6(R3) 4.2.2(a)(i): every login and
/// logout in the audit trail).
enum SessionEvents {
    static func append(_ action: LoginAction, for user: SignedIn, to store: any EventStore) throws(EventLogError) {
        let draft = EventDraft(kind: .login, patient: nil, clinicalTime: nil,
                               payload: AccountPayload.login(action, method: user.method == .key ? .key : .password, role: user.author.role))
        _ = try user.signing { () throws(EventLogError) in try store.appendAccount(draft, author: user.author, credential: nil) }
    }
}

extension BedsideContext {
    /// Ends the signed-in user's session with a `login signedOut` event; returns the words of the
    /// failure when the event could not be written (no one is signed in at the terminal either way).
    @discardableResult
    package func signOut() -> String? {
        guard let user = signedIn else { return nil }
        end()
        do { try SessionEvents.append(.signedOut, for: user, to: store) } catch { return error.description }
        return nil
    }
}
