import Clinical

/// Who is writing: an account that proved who it is to the ``Authenticator`` (21 CFR 11.10(d),
/// 11.200(a)), in one of the roles it holds, or aegrade itself. ``LogRecorder`` takes one, never a
/// typed user id, so that every event names an authenticated person (README, "Accounts and roles").
package struct SignedIn: Sendable, Equatable {
    /// How the writer was authenticated.
    package enum Method: String, Sendable, Equatable {
        /// User id and password.
        case password
        /// A service account's key file.
        case key
        /// aegrade itself (genesis, rule status, security events).
        case system
        /// Not authenticated: made-up staff in the tests of other parts (``unauthenticated(_:name:)``).
        case unauthenticated
    }

    /// The account and the role it acts in, as every event it writes records them.
    package let author: Author
    /// The printed full name, from the account's `created` event (it appears on signatures).
    package let name: String
    package let method: Method
    /// The account's signing key, unsealed with the password (or derived from the service key)
    /// at sign-in: every event written as this account is signed with it (README, "Signed
    /// events"). Nil for `system` (the store signs with the log's key) and unauthenticated writers.
    package let signer: EventSigner?
    /// The sign-in's `login` event when it waits to be written with the first entry
    /// (``Authenticator/signIn(key:role:deferringLogin:)``); nil when it is written already.
    package let deferredLogin: DeferredLogin?

    /// Made by the ``Authenticator`` after a successful sign-in (tests build one with
    /// `@testable import`).
    init(author: Author, name: String, method: Method, signer: EventSigner? = nil, deferredLogin: DeferredLogin? = nil) {
        self.author = author
        self.name = name
        self.method = method
        self.signer = signer
        self.deferredLogin = deferredLogin
    }

    /// Runs the store calls of `body` signed with this writer's key (``EventSigner/current``),
    /// with the sign-in's login still to write (``DeferredLogin/current``) for the store to put
    /// before the first event.
    package func signing<T>(_ body: () throws(EventLogError) -> T) throws(EventLogError) -> T {
        let result: Result<T, EventLogError> = DeferredLogin.$current.withValue(deferredLogin) {
            do throws(EventLogError) { return .success(try EventSigner.with(signer, body)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Writes the sign-in's login alone when no entry carried it: a command that signed in and
    /// then wrote nothing (every assessment rejected, a refusal) still leaves its sign-in in the log.
    package func writeDeferredLogin(to store: any EventStore) throws(EventLogError) {
        guard let deferredLogin, let login = deferredLogin.claim(for: author) else { return }
        do {
            _ = try EventSigner.with(signer) { () throws(EventLogError) in
                try store.appendAccount(login, author: author, credential: nil)
            }
        } catch {
            deferredLogin.restore(login)
            throw error
        }
    }

    /// aegrade itself.
    package static let system = SignedIn(author: .system, name: "aegrade", method: .system)

    /// A writer no one authenticated, for the tests of other parts, which write as made-up staff
    /// (`@testable import EventLog`); not visible to the product's modules, every front end of
    /// which signs in through the ``Authenticator``.
    static func unauthenticated(_ author: Author, name: String? = nil) -> SignedIn {
        SignedIn(author: author, name: name ?? author.id, method: .unauthenticated)
    }

    /// Whether this writer is a service account (a key file): it may enter assessments and record
    /// clinical events only, never correct, override or sign.
    package var isService: Bool { method == .key }
}
