import Clinical
import GRDB

extension SQLiteEventStore {
    /// Events whose signatures are checked per read transaction: a few milliseconds of reading.
    static let signatureCheckSlice: Int64 = 2_000

    /// The first event whose signature is missing, wrong, or made by a key that is not its
    /// author's registered key at that point in the log (part of `verify`; README, "Signed
    /// events"), with what is wrong; nil when every signature holds.
    ///
    /// Signatures are required from the log's `logKey` event on (RFC 8032 Ed25519 over the event's
    /// hash as 32 bytes): an event by `system` is signed by the log's key that event registers; an
    /// account's event by the key the latest `userAdmin` event before it registered for the
    /// account (`signingKey`). Events before the `logKey` event (a log made by an aegrade before
    /// signed events, or before its accounts) are unsigned by design, and so are those of an
    /// account made before signed events until its key is registered at its first sign-in. An
    /// author who is neither `system` nor an account of the log has no key: its events fail.
    ///
    /// The keys are folded here, in seq order, a slice per short read transaction as before; the
    /// Ed25519 checks themselves run on every core (`SignatureVerifications`), `chunk` signatures
    /// at a time, and the answer is still the first finding in seq order.
    func signatureProblem(chunk: Int = SignatureVerifications.defaultChunk) throws(EventLogError) -> (seq: Int64, detail: String)? {
        let start: (seq: Int64, publicKey: String)?
        let head: Int64
        do {
            (start, head) = try queue.read { db in (try Self.registeredLogKey(db), try Int64.fetchOne(db, sql: "SELECT max(seq) FROM event") ?? 0) }
        } catch {
            throw Self.mapped(error, path: path)
        }
        guard let start else { return nil }
        // Accounts made before signed events may write unsigned until their key is registered.
        var keyless = Set<String>()
        for event in try accountEvents() where event.seq < start.seq && event.kind == .userAdmin && event.payloadString(.action) == UserAdminAction.created.rawValue {
            if let user = event.payloadString(.user) { keyless.insert(user) }
        }
        let (finding, doesNotVerify) = try SignatureVerifications.run(chunk: chunk) { (checks) throws(EventLogError) -> (seq: Int64, detail: String)? in
            var keys: [String: String] = [:]
            var lower = start.seq
            // Stops once a signature is known not to verify: it comes before every row not read yet.
            while lower <= head, !checks.hasFailed {
                let upper = lower + Self.signatureCheckSlice
                let rows: [SignedRow]
                do {
                    rows = try queue.read { db in
                        try Row.fetchAll(db, sql: """
                            SELECT e.seq, e.kind, e.authorId, e.authorRole, e.hash,
                                   CASE WHEN e.kind = 'userAdmin' THEN e.payload END, w.publicKey, w.signature
                            FROM event e LEFT JOIN eventWrite w ON w.seq = e.seq WHERE e.seq >= ? AND e.seq < ? ORDER BY e.seq
                            """, arguments: [lower, upper]).map(SignedRow.init)
                    }
                } catch {
                    throw Self.mapped(error, path: path)
                }
                for row in rows {
                    let isSystem = row.authorId == Author.system.id && row.authorRole == Role.system.rawValue
                    var author: String { PrintableText.quoted(row.authorId) }
                    if let expected = isSystem ? start.publicKey : keys[row.authorId] {
                        guard let signature = row.signature, let publicKey = row.publicKey else {
                            return (row.seq, "the event by \(author) carries no signature")
                        }
                        guard publicKey == expected else {
                            return (row.seq, "the event by \(author) is signed by key \(Self.short(publicKey)), not by \(isSystem ? "the log's key" : "the author's registered key") \(Self.short(expected))")
                        }
                        guard checks.add(.init(seq: row.seq, author: row.authorId, hash: row.hash, publicKey: publicKey, signature: signature)) else {
                            return nil
                        }
                    } else if !keyless.contains(row.authorId) {
                        return (row.seq, "the author \(author) has no registered signing key (not an account of this log, or its key was never registered)")
                    }
                    if let payload = row.userAdminPayload, case .string(let user)? = payload[.user] {
                        if case .string(let key)? = payload[.signingKey] {
                            keys[user] = key
                            keyless.remove(user)
                        }
                    }
                }
                lower = upper
            }
            return nil
        }
        // Every signature handed in comes before the finding that ended the fold (none after it
        // was), so one that does not verify is the first.
        return doesNotVerify ?? finding
    }

    /// The first 16 hex digits of a key, for messages.
    static func short(_ key: String) -> String { PrintableText.quoted(String(key.prefix(16)) + "…") }

    /// What the check reads of one event and its `eventWrite` row (wrong types read as absent).
    private struct SignedRow {
        var seq: Int64
        var authorId: String
        var authorRole: String
        var hash: String
        var userAdminPayload: JSONValue?
        var publicKey: String?
        var signature: String?

        init(_ row: Row) {
            seq = row.integer(0) ?? 0
            authorId = (try? row.text(2, seq: seq, name: "authorId")) ?? ""
            authorRole = (try? row.text(3, seq: seq, name: "authorRole")) ?? ""
            hash = (try? row.text(4, seq: seq, name: "hash")) ?? ""
            userAdminPayload = (try? row.text(5, seq: seq, name: "payload")).flatMap { try? JSONParser.parse($0) }
            publicKey = try? row.text(6, seq: seq, name: "publicKey")
            signature = try? row.text(7, seq: seq, name: "signature")
        }
    }
}
