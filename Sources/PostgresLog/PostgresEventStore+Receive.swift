import Clinical
import EventLog

/// What `receive` did with a batch of a site's events.
package struct ReceiveOutcome: Sendable, Equatable {
    /// Events the central store already held, identical (a push repeated or resumed).
    package var alreadyHeld = 0
    /// Events added to the site's chain.
    package var added = 0
    /// The site's head after the batch.
    package var headSeq: Int64 = 0

    package init(alreadyHeld: Int = 0, added: Int = 0, headSeq: Int64 = 0) {
        self.alreadyHeld = alreadyHeld
        self.added = added
        self.headSeq = headSeq
    }
}

/// Why a site's events were refused; nothing of the batch was written.
package enum ReceiveRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// The central store holds another event at this seq: the two logs diverged.
    case divergence(site: String, seq: Int64, held: String, offered: String)
    /// The offered event does not chain to the one before it, or its hash is not its content's.
    case broken(site: String, seq: Int64, reason: String)
    /// The offered events skip seqs the central store does not hold.
    case gap(site: String, expected: Int64, offered: Int64)
    /// The store refused as stores refuse.
    case store(EventLogError)

    package var description: String {
        switch self {
        case let .divergence(site, seq, held, offered):
            "site \(site), seq \(seq): the central log holds another event there (hash \(held.prefix(16))…, the site's log has "
                + "\(offered.prefix(16))…): the two logs diverged; nothing from this point on was pushed. Compare both with "
                + "`aegrade log verify` and `aegrade log export --seq \(seq)` before anything else"
        case let .broken(site, seq, reason): "site \(site), seq \(seq): \(reason); nothing from this point on was pushed"
        case let .gap(site, expected, offered):
            "site \(site): the central log ends before seq \(expected), and the push offered seq \(offered); nothing was pushed"
        case .store(let error): error.description
        }
    }
}

extension PostgresEventStore {
    /// Takes `events` — a run of the site's chain in seq order, as the site's own log recorded
    /// them — into the site's chain, verbatim, in one transaction holding the site's lock.
    ///
    /// Each event at a seq the central store holds must be the very event held there (same hash):
    /// so repeating a push, or resuming one that was cut off, adds nothing twice. Each new event
    /// must follow the head (`prevHash` the head's hash, the genesis event's 64 zeros) and carry
    /// the hash of its content (`CanonicalEvent`), and its signature in `signatures` (the site's own,
    /// by seq) must be the one the site's chain registered for its author (`SiteSigningKeys`:
    /// from the site's log key on), else the batch is refused whole. The signatures are kept beside
    /// the events, as the site's log kept them.
    package func receive(_ events: [RecordedEvent], signatures: [Int64: StoredSignature] = [:]) throws(ReceiveRefusal) -> ReceiveOutcome {
        let site = url.site
        // A refusal rolls the whole batch back: it is thrown out of the transaction as an error.
        var refusal: ReceiveRefusal?
        func refuse(_ why: ReceiveRefusal) -> EventLogError {
            refusal = why
            return .refused(why.description)
        }
        do throws(EventLogError) {
            return try session.transaction { () throws(EventLogError) -> ReceiveOutcome in
                // The site's lock, then its head (`aegrade_site_head`, as an append takes them).
                let head = try session.rows(PostgresSchema.siteHead, [site]).first
                var headSeq = head?[0].flatMap { Int64($0) } ?? 0
                var headHash = head?[1] ?? CanonicalEvent.genesisPrevHash
                var outcome = ReceiveOutcome()
                // The keys the site's chain registered up to its head: only its account and log-key
                // events are read, and folded without checking (they were checked when they came).
                var keys = SiteSigningKeys()
                for row in try session.rows("""
                    SELECT seq::text AS seq_text, kind, author_id, author_role, payload FROM event
                    WHERE site = $1 AND kind IN ('userAdmin', 'logKey') AND seq <= $2::bigint ORDER BY seq
                    """, [site, String(headSeq)]) {
                    keys.fold(SiteSigningKeys.Event(seq: row[0].flatMap { Int64($0) } ?? 0, kind: row[1] ?? "", authorId: row[2] ?? "",
                                                    authorRole: row[3] ?? "", hash: "", payloadText: row[4]))
                }
                // The hashes the central log holds at the offered seqs, in one read.
                var held: [Int64: String] = [:]
                if let first = events.first?.seq, first <= headSeq {
                    for row in try session.rows("SELECT seq::text AS seq_text, hash FROM event WHERE site = $1 AND seq BETWEEN $2::bigint AND $3::bigint",
                                                [site, String(first), String(min(headSeq, events.last?.seq ?? first))]) {
                        if let seq = row[0].flatMap({ Int64($0) }), let hash = row[1] { held[seq] = hash }
                    }
                }
                var rows: [EventRow] = []
                for event in events {
                    if event.seq <= headSeq {
                        guard let heldHash = held[event.seq], heldHash == event.hash else {
                            throw refuse(.divergence(site: site, seq: event.seq, held: held[event.seq] ?? "(none)", offered: event.hash))
                        }
                        outcome.alreadyHeld += 1
                        continue
                    }
                    guard event.seq == headSeq + 1 else { throw refuse(.gap(site: site, expected: headSeq + 1, offered: event.seq)) }
                    guard event.prevHash == headHash else {
                        throw refuse(.broken(site: site, seq: event.seq, reason: "its prevHash is not the hash of seq \(headSeq)"))
                    }
                    if event.seq == 1, event.kind != .genesis {
                        throw refuse(.broken(site: site, seq: 1, reason: "the site's chain does not start with its genesis event"))
                    }
                    let payloadText = event.payload.canonicalText
                    guard CanonicalEvent.hash(Self.fields(of: event, payloadText: payloadText)) == event.hash else {
                        throw refuse(.broken(site: site, seq: event.seq, reason: "its hash is not the hash of its content"))
                    }
                    let signature = signatures[event.seq]
                    if let problem = keys.check(SiteSigningKeys.Event(
                        seq: event.seq, kind: event.kind.rawValue, authorId: event.author.id, authorRole: event.author.role.rawValue,
                        hash: event.hash, payloadText: payloadText, publicKey: signature?.publicKey, signature: signature?.signature)) {
                        throw refuse(.broken(site: site, seq: event.seq, reason: "signature: \(problem)"))
                    }
                    rows.append(EventRow(event: event, payloadText: payloadText, signature: signature.map { (publicKey: $0.publicKey, signature: $0.signature) }))
                    headSeq = event.seq
                    headHash = event.hash
                    outcome.added += 1
                }
                // The batch's new events, each checked above, written together (`insertRows`).
                try insertRows(rows)
                outcome.headSeq = headSeq
                return outcome
            }
        } catch {
            throw refusal ?? .store(error)
        }
    }
}
