import Clinical
import EventLog
import Localization
import Terminal

/// The password asked again before every signature at the board: "Sign as dr.chen (physician):
/// overrode grade — password: ••••". A signing during a session that began with both components
/// asks at least one of them again (21 CFR 11.200(a)(1)(i)); the user id is the session's, so the
/// password is asked. It is checked as `aegrade log sign` checks its own: a sign-in of the same
/// user in the same role (a `login` event), a wrong password a `security` event counting towards
/// the lockout. A refused password leaves nothing written: the entry waits, unsaved, with its
/// input kept, as a CLI write whose sign-in was refused writes nothing. The password is never
/// drawn, only a dot per character, and forgotten once checked.
struct SigningPrompt {
    /// What the signature will mean.
    let meaning: SignatureMeaning
    private var password = ""
    /// Why the last password was refused.
    private(set) var notice: String?

    init(meaning: SignatureMeaning) { self.meaning = meaning }

    /// What a key came to.
    enum Outcome {
        /// Still typing (or the password was refused: the notice says why).
        case typing
        /// Esc: nothing signed, nothing written.
        case cancelled
        /// The password was right: write through this recorder, which signs as the user again.
        case signed(LogRecorder)
    }

    static let keys = Keymap([
        Binding([.enter], "sign", "Sign: check the password and append the entry with its signature"),
        Binding([.backspace], "erase", "Erase the last character of the password"),
        Binding([.escape], "cancel", "Cancel the signature (nothing is written; the entry is kept)"),
    ])

    /// "Sign as dr.chen (physician): overrode grade — password: ••••".
    func question(_ context: BedsideContext) -> String {
        localized("Sign as {user} ({role}): {meaning} — password: ",
                  ["user": context.author.id, "role": localized(context.author.role.rawValue), "meaning": localized(meaning.words)])
            + String(repeating: "•", count: password.count) + "▏"
    }

    /// Every key is the prompt's: letters, `q` and `?` are characters of the password.
    mutating func handle(_ key: Key, context: BedsideContext) -> Outcome {
        switch key {
        case .enter:
            guard !password.isEmpty else {
                notice = localized("Type your password to sign (Esc cancels: nothing is written).")
                return .typing
            }
            let typed = password
            password = ""
            do {
                let recorder = try context.signingRecorder(password: typed)
                notice = nil
                return .signed(recorder)
            } catch {
                notice = Self.refusal(error)
                return .typing
            }
        case .escape, .control("c"):
            password = ""
            notice = nil
            return .cancelled
        case .backspace:
            if !password.isEmpty { password.removeLast() }
        case .character(let c) where !c.isNewline:
            if password.count < SignInScreen.maximumLength.password { password.append(c) }
        default: break
        }
        notice = nil
        return .typing
    }

    /// The refusal in plain words; it never says more than the sign-in screen does.
    static func refusal(_ error: SignInError) -> String {
        switch error {
        case .wrongCredentials:
            localized("Not signed, nothing written: the password is wrong. {n} failures in a row lock the account.", ["n": String(Authenticator.maximumFailures)])
        case .lockedOut:
            localized("Not signed, nothing written: this account is locked after {n} failed sign-ins. An administrator must reset its password.",
                      ["n": String(Authenticator.maximumFailures)])
        default: localized("Not signed, nothing written: {reason}", ["reason": localizedMessage(error.description)])
        }
    }
}

extension BedsideContext {
    /// A recorder for a signed write: the signed-in user proved again who they are with `password`
    /// (``SigningPrompt``), through the ``Authenticator`` as every sign-in, in the role the session
    /// acts in.
    func signingRecorder(password: String) throws(SignInError) -> LogRecorder {
        guard let signedIn else { throw .invalid("no one is signed in at this terminal: sign in first") }
        if let readOnlyReason { throw .invalid(readOnlyReason) }
        let again = try Authenticator(store: store).signIn(user: signedIn.author.id, password: password, role: signedIn.author.role)
        let clock = now()
        return LogRecorder(store: store, criteria: criteria, signedIn: again, standing: standing, now: { clock })
    }
}
