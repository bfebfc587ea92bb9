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

    /// Made by the ``Authenticator`` after a successful sign-in (tests build one with
    /// `@testable import`).
    init(author: Author, name: String, method: Method, signer: EventSigner? = nil) {
        self.author = author
        self.name = name
        self.method = method
        self.signer = signer
    }

    /// Runs the store calls of `body` signed with this writer's key (``EventSigner/current``).
    package func signing<T>(_ body: () throws(EventLogError) -> T) throws(EventLogError) -> T {
        try EventSigner.with(signer, body)
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
