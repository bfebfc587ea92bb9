import Clinical
import EventLog

/// The Ed25519 keys a site's events must be signed with, folded event by event in seq order, as
/// the SQLite store's `verify` checks them (README, "Signed events"): from the event that
/// registers the log's key on, an event by `system` is signed by that key and an account's event
/// by the key the latest `userAdmin` event before it registered for the account (`signingKey`).
/// Events before the log's key are unsigned by design, and so are those of an account created
/// before it until its key is registered. `verify` folds a whole chain; `receive` folds the
/// central store's chain of a site and then the events a push offers.
struct SiteSigningKeys {
    /// The log's public key (hex), once an event has registered it.
    private(set) var logKey: String?
    /// Each account's registered public key (hex).
    private var keys: [String: String] = [:]
    /// Accounts created before the log's key, whose events are unsigned until they register one.
    private var keyless = Set<String>()

    /// The kinds whose payload the fold reads (the others are only checked).
    static let foldedKinds: Set<String> = [EventKind.userAdmin.rawValue, EventKind.logKey.rawValue]

    /// What the fold needs of one event; `payloadText` only for the kinds in `foldedKinds`.
    struct Event {
        var seq: Int64
        var kind: String
        var authorId: String
        var authorRole: String
        var hash: String
        var payloadText: String?
        /// The stored signature row, when there is one.
        var publicKey: String?
        var signature: String?
    }

    /// Checks the signature of `event` against the keys folded so far, then folds it in; nil when
    /// it holds (or is not due), else what is wrong, in words.
    mutating func check(_ event: Event) -> String? {
        check(event, verifying: .now)
    }

    /// Checks `event` as ``check(_:)`` does, but hands its Ed25519 check to `checks`, which runs
    /// it on another core and names the first that fails (`verify` of a whole chain).
    mutating func check(_ event: Event, deferringTo checks: SignatureVerifications) -> String? {
        check(event, verifying: .deferred(checks))
    }

    /// When the signature itself is checked: at once, by `checks`, or not (a fold).
    private enum Verifying { case now, deferred(SignatureVerifications), no }

    /// Folds `event` in without checking its signature (the events a store already holds and
    /// checked when they came).
    mutating func fold(_ event: Event) {
        _ = check(event, verifying: .no)
    }

    private mutating func check(_ event: Event, verifying: Verifying) -> String? {
        let payload = Self.foldedKinds.contains(event.kind) ? event.payloadText.flatMap { try? JSONParser.parse($0) } : nil
        if logKey == nil {
            // The log's key is registered by a `logKey` event, or by the first administrator's
            // `userAdmin` event aegrade writes (`logKey` in its payload).
            let registers = event.kind == EventKind.logKey.rawValue
                || (event.kind == EventKind.userAdmin.rawValue && event.authorId == Author.system.id)
            if registers, case .string(let key)? = payload?[.logKey] {
                logKey = key
            } else {
                if event.kind == EventKind.userAdmin.rawValue, payload?[.action] == .string(UserAdminAction.created.rawValue),
                   case .string(let user)? = payload?[.user] {
                    keyless.insert(user)
                }
                return nil
            }
        }
        let problem: String?
        if case .no = verifying { problem = nil } else { problem = self.problem(of: event, verifying: verifying) }
        if event.kind == EventKind.userAdmin.rawValue, case .string(let user)? = payload?[.user], case .string(let key)? = payload?[.signingKey] {
            keys[user] = key
            keyless.remove(user)
        }
        return problem
    }

    /// What is wrong with the signature of `event` under the keys folded so far; nil when it holds.
    private func problem(of event: Event, verifying: Verifying) -> String? {
        let isSystem = event.authorId == Author.system.id && event.authorRole == Role.system.rawValue
        // The author's name for a message, escaped only when there is one to write.
        var author: String { PrintableText.quoted(event.authorId) }
        guard let expected = isSystem ? logKey : keys[event.authorId] else {
            if keyless.contains(event.authorId) { return nil }
            return "the author \(author) has no registered signing key (not an account of this site, or its key was never registered)"
        }
        guard let signature = event.signature, let publicKey = event.publicKey else { return "the event by \(author) carries no signature" }
        guard publicKey == expected else {
            return "the event by \(author) is signed by key \(Self.short(publicKey)), not by "
                + "\(isSystem ? "the log's key" : "the author's registered key") \(Self.short(expected))"
        }
        if case .deferred(let checks) = verifying {
            checks.add(.init(seq: event.seq, author: event.authorId, hash: event.hash, publicKey: publicKey, signature: signature))
            return nil
        }
        guard EventSignature.isValid(signatureHex: signature, hash: event.hash, publicKeyHex: publicKey) else {
            return SignatureVerifications.doesNotVerify(author: event.authorId)
        }
        return nil
    }

    /// The first 16 hex digits of a key, for messages.
    static func short(_ key: String) -> String { PrintableText.quoted(String(key.prefix(16)) + "…") }
}
