import Clinical
import EventLog
import Localization
import Terminal

/// The board's sign-in, set-your-own-password and lock screen: nothing of the log's patients is
/// shown until a user proved who they are to the ``Authenticator`` with both components, user id
/// and password (21 CFR 11.200(a)(1)). The password is never drawn, only a dot per character.
///
/// After the idle lock both components are asked again, not the password alone: the session was
/// not continuous (21 CFR 11.200(a)(1)(ii)), and the same screen then also serves another user
/// taking over the terminal.
package final class SignInScreen: Screen {
    package enum Step: Equatable {
        /// User id and password.
        case credentials
        /// The account holds several roles: one is chosen by its number.
        case chooseRole(held: [Role], settingPassword: Bool)
        /// Signed in with a one-time password: the user sets their own, twice (C-SIG-6).
        case newPassword
    }

    package enum Field: Equatable { case user, password, newPassword, again }

    package let purpose: SignInPurpose
    package private(set) var step = Step.credentials
    package private(set) var field: Field
    package private(set) var user: String
    private var password = ""
    private var newPassword = ""
    private var again = ""
    private var role: Role?
    /// What the last attempt came to, in plain words.
    package private(set) var notice: (text: String, isError: Bool)?

    /// The longest user id (``UserID``) and password taken.
    static let maximumLength = (user: 64, password: 256)

    package init(purpose: SignInPurpose, user: String = "") {
        self.purpose = purpose
        self.user = String(user.prefix(Self.maximumLength.user))
        self.field = user.isEmpty ? .user : .password
        if case .locked = purpose {
            notice = (localized("The board locked after a time without a key. Sign in again to go on."), false)
        }
    }

    package var title: String {
        if case .locked = purpose { return localized("Locked") }
        return step == .newPassword ? localized("Set your own password") : localized("Sign in")
    }

    package static let keys = Keymap([
        Binding([.tab, .down, .up, .backTab], SignInCommand.nextField.rawValue, "Next field"),
        Binding([.enter], SignInCommand.submit.rawValue, "Sign in (on the password field)"),
        Binding([.escape], SignInCommand.back.rawValue, "Back to user id and password (when choosing a role or a new password)"),
        Binding([.control("c")], SignInCommand.quit.rawValue, "Quit aegrade"),
    ])

    package var keymap: Keymap { Self.keys }

    /// Nothing of the log's patients is shown, nor the stopping-rule banner; a log that fails
    /// verification says so here too (it refuses the sign-in's event as well).
    package func banners(context: BedsideContext) -> [Banner] { Banner.live(context).filter { $0.kind == .logFailed } }

    package func statusText(context: BedsideContext) -> String? {
        switch step {
        case .credentials: localized("Tab next field  Enter sign in  Ctrl-C quit")
        case .chooseRole: localized("1-9 choose the role  Esc back  Ctrl-C quit")
        case .newPassword: localized("Tab next field  Enter set the password  Esc back  Ctrl-C quit")
        }
    }

    /// The text of the field, as drawn: the user id as typed, a password as dots.
    package func shown(_ field: Field) -> String {
        switch field {
        case .user: user
        case .password: String(repeating: "•", count: password.count)
        case .newPassword: String(repeating: "•", count: newPassword.count)
        case .again: String(repeating: "•", count: again.count)
        }
    }

    /// Every key is the screen's: none reaches the board beneath (q and ? are letters here).
    package func handle(_ key: Key, context: BedsideContext) -> Reaction {
        if case .chooseRole(let held, let settingPassword) = step {
            if case .character(let c) = key, let n = c.wholeNumberValue, (1...held.count).contains(n) {
                role = held[n - 1]
                return settingPassword ? setPassword(context) : signIn(context)
            }
        }
        switch Self.keys.command(for: key).flatMap(SignInCommand.init(rawValue:)) {
        case .quit?: return .quit
        case .nextField?: moveField()
        case .back?: if step != .credentials { restart(keeping: nil) }
        case .submit?: return submit(context)
        case nil:
            switch key {
            case .backspace: edit { if !$0.isEmpty { $0.removeLast() } }
            case .character(let c) where !c.isNewline: type(c)
            default: break
            }
        }
        return .redraw
    }

    // MARK: - Typing

    private func moveField() {
        switch field {
        case .user: field = .password
        case .password: field = .user
        case .newPassword: field = .again
        case .again: field = .newPassword
        }
    }

    private func type(_ c: Character) {
        if field == .user {
            guard user.count < Self.maximumLength.user else { return }
            user.append(c)
        } else {
            edit { if $0.count < Self.maximumLength.password { $0.append(c) } }
        }
    }

    private func edit(_ change: (inout String) -> Void) {
        switch field {
        case .user: change(&user)
        case .password: change(&password)
        case .newPassword: change(&newPassword)
        case .again: change(&again)
        }
    }

    /// Back to the first step; the secrets typed are forgotten.
    private func restart(keeping notice: (text: String, isError: Bool)?) {
        step = .credentials
        password = ""; newPassword = ""; again = ""; role = nil
        field = user.isEmpty ? .user : .password
        self.notice = notice
    }

    // MARK: - Signing in

    private func submit(_ context: BedsideContext) -> Reaction {
        switch (step, field) {
        case (.credentials, .user): field = .password; return .redraw
        case (.credentials, _): return signIn(context)
        case (.newPassword, .newPassword): field = .again; return .redraw
        case (.newPassword, _):
            guard newPassword == again else {
                newPassword = ""; again = ""; field = .newPassword
                notice = (localized("The two entries differ: type the new password twice again."), true)
                return .redraw
            }
            return setPassword(context)
        case (.chooseRole, _): return .redraw
        }
    }

    private func signIn(_ context: BedsideContext) -> Reaction {
        guard !user.isEmpty, !password.isEmpty else {
            notice = (localized("Type your user id and your password."), true)
            return .redraw
        }
        // On the whole trial opened without a site, the account's own site (README, "The whole trial").
        let (store, ambiguous) = context.accountStore(for: user)
        guard ambiguous.isEmpty else {
            restart(keeping: (localized("Not signed in: {user} has accounts at several sites ({sites}); open the board at yours: aegrade board --db URL?site=SITE --all-sites",
                                        ["user": user, "sites": ambiguous.joined(separator: ", ")]), true))
            return .redraw
        }
        do {
            let signed = try Authenticator(store: store).signIn(user: user, password: password, role: role)
            return finish(signed, context, at: store)
        } catch {
            return refused(error, settingPassword: false)
        }
    }

    private func setPassword(_ context: BedsideContext) -> Reaction {
        do {
            try Authenticator.checkNewPassword(newPassword, user: user)
            let store = context.accountStore(for: user).store
            let signed = try Authenticator(store: store).setOwnPassword(user: user, current: password, new: newPassword, role: role)
            return finish(signed, context, at: store, note: localized("your own password is set"))
        } catch {
            return refused(error, settingPassword: true)
        }
    }

    /// Says plainly what happened, never which of user id and password was wrong.
    private func refused(_ error: SignInError, settingPassword: Bool) -> Reaction {
        switch error {
        case .chooseRole(_, let held):
            step = .chooseRole(held: held, settingPassword: settingPassword)
            notice = (localized("{user} holds several roles: choose the one to act in.", ["user": user]), false)
        case .mustSetPassword:
            step = .newPassword
            field = .newPassword
            notice = (localized("You signed in with a one-time password: set your own (at least {n} characters, typed twice) before anything else.",
                                ["n": String(Authenticator.minimumPasswordLength)]), false)
        case .weakPassword(let rule):
            newPassword = ""; again = ""; field = .newPassword
            notice = (localized("Not set: {rule}. Type the new password twice again.", ["rule": Self.localizedRule(rule)]), true)
        case .wrongCredentials:
            restart(keeping: (localized("Not signed in: the user id or the password is wrong. {n} failures in a row lock the account.",
                                        ["n": String(Authenticator.maximumFailures)]), true))
        case .lockedOut:
            restart(keeping: (localized("Not signed in: this account is locked after {n} failed sign-ins. An administrator must reset its password.",
                                        ["n": String(Authenticator.maximumFailures)]), true))
        case .deactivated:
            restart(keeping: (localized("Not signed in: this account is deactivated. Ask an administrator."), true))
        case .notAPerson:
            restart(keeping: (localized("Not signed in: a service account cannot sign in at the board."), true))
        default:
            restart(keeping: (localized("Not signed in: {reason}", ["reason": localizedMessage(error.description)]), true))
        }
        return .redraw
    }

    /// The signed-in user takes the terminal: back where the same user left it after the idle
    /// lock, else at the board (another user's unsaved entry is not theirs to save).
    private func finish(_ signed: SignedIn, _ context: BedsideContext, at store: any EventStore, note: String? = nil) -> Reaction {
        password = ""; newPassword = ""; again = ""
        var failure: String?
        let reaction: Reaction
        switch purpose {
        case .locked(let previous) where previous.author == signed.author:
            context.begin(signed, at: store)
            do { try SessionEvents.append(.unlocked, for: signed, to: context.store) } catch { failure = error.description }
            reaction = .pop
        case .locked(let previous):
            do { try SessionEvents.append(.signedOut, for: previous, to: context.store) } catch { failure = error.description }
            context.begin(signed, at: store)
            reaction = .popToRoot
        case .start, .switchUser:
            context.begin(signed, at: store)
            reaction = .popToRoot
        }
        let who = "\(signed.name) (\(signed.author.id), \(localized(signed.author.role.rawValue)))"
        if let failure {
            context.message = (localized("Signed in as {who}, but the session event could not be written: {reason}", ["who": who, "reason": failure]), true)
        } else {
            context.message = (localized("Signed in as {who}", ["who": who]) + (note.map { localized("; {note}", ["note": $0]) } ?? ""), false)
        }
        return reaction
    }

    /// A rule the ``Authenticator`` refused a new password by, in the current language (the store
    /// speaks English; the rules are its few fixed sentences, translated here where they are shown).
    static func localizedRule(_ rule: String) -> String {
        switch rule {
        case "a password has at least \(Authenticator.minimumPasswordLength) characters":
            localized("a password has at least {n} characters", ["n": String(Authenticator.minimumPasswordLength)])
        case "a password holds no control characters": localized("a password holds no control characters")
        case "a password must not be the user id": localized("a password must not be the user id")
        case "the new password must differ from the one it replaces": localized("the new password must differ from the one it replaces")
        default: rule
        }
    }

    package func render(into buffer: inout ScreenBuffer, area: Area, context: BedsideContext) {
        SignInView.render(self, into: &buffer, area: area, context: context)
    }
}

/// What a key of the sign-in screen does.
package enum SignInCommand: String, CaseIterable, Sendable {
    case nextField, submit, back, quit
}
