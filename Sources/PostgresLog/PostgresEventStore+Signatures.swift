import Clinical
import EventLog
import Foundation

/// Signed events on PostgreSQL (README, "Signed events" and "The log on PostgreSQL"): each event
/// a person or service account appends is signed with their key (``EventSigner/current``), each
/// event by `system` with the site's log key, and the signature is kept in `event_signature`,
/// written in the event's transaction, append-only as the events are.
///
/// A site's log key is a file on the machines that write the site's `system` events, never in
/// the server: whoever can write the server's tables (its superuser) then still cannot sign as
/// aegrade. Its public half is registered in the site's chain, as in SQLite.
extension PostgresEventStore {
    /// The directory of the PostgreSQL sites' log keys: `AEGRADE_LOG_KEYS`, else
    /// `~/.config/aegrade/log-keys`.
    package static func logKeyDirectory(environment: [String: String]) -> String {
        if let directory = environment["AEGRADE_LOG_KEYS"], !directory.isEmpty { return directory }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.config/aegrade/log-keys"
    }

    /// The file of `url`'s site's log key in `directory`: `HOST-PORT-DATABASE-SITE.logkey` (the URL's
    /// parts are checked: no `/` in them reaches the path).
    package static func logKeyPath(for url: PostgresURL, directory: String) -> String {
        let name = [url.host, String(url.port), url.database, url.site]
            .map { String($0.map { $0.isLetter || $0.isNumber || "._".contains($0) ? $0 : "_" }) }
            .joined(separator: "-")
        return directory + "/" + name + ".logkey"
    }

    /// The site's log key from its file, made there first (with its directory, mode 0700) when
    /// `create` and there is none (`LogKey.create` never replaces a file). Nil when it cannot be
    /// had: events by `system` are then written unsigned, and `verify` names them.
    func logKey(create: Bool) -> LogKey? {
        guard let logKeyPath else { return nil }
        if let key = try? LogKey.read(path: logKeyPath) { return key }
        guard create else { return nil }
        let directory = (logKeyPath as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return try? LogKey.create(at: logKeyPath)
    }

    /// The public key (hex) the site's chain registered as its log key, or nil when none is:
    /// what `system` events are checked against, and a signed checkpoint would be.
    package func registeredLogKey() throws(EventLogError) -> String? {
        // aegrade's own events are by `Author.system` (id "aegrade", role system), as
        // `SiteSigningKeys` reads them.
        let rows = try session.rows("""
            SELECT payload FROM event WHERE site = $1 AND (kind = 'logKey' OR (kind = 'userAdmin' AND author_id = $2
            AND author_role = $3 AND payload LIKE '%"logKey":%')) ORDER BY seq LIMIT 1
            """, [url.site, Author.system.id, Author.system.role.rawValue])
        guard let text = rows.first?.first ?? nil, case .string(let key)? = (try? JSONParser.parse(text))?[.logKey] else { return nil }
        return key
    }

    /// The signature row of `event` (public key and signature, hex): by `signer` when it is the
    /// author's key, by the log's key when the author is `system`; nil otherwise (`verify` names
    /// an unsigned event that is due).
    func signature(of event: RecordedEvent, signer: EventSigner?, logKey: LogKey?) -> (publicKey: String, signature: String)? {
        guard let message = EventSignature.message(ofHash: event.hash) else { return nil }
        if event.author == .system, let logKey, let bytes = try? logKey.sign(message) {
            return (logKey.publicKeyHex, LowercaseHex.text(bytes))
        } else if let signer, signer.user == event.author.id, let bytes = signer.sign(message) {
            return (signer.publicKeyHex, LowercaseHex.text(bytes))
        }
        return nil
    }
}
