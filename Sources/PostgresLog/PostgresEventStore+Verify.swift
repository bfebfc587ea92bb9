import Clinical
import EventLog
import PostgresNIO

/// `verify` on PostgreSQL: the site's chain recomputed from its genesis event, from the rows as
/// stored (the payload's stored text is hashed, never a re-encoding of it), page by page, and in
/// the same pass every signature checked against the keys the site registered
/// (`SiteSigningKeys`, README "Signed events"), the Ed25519 checks on every core
/// (`SignatureVerifications`).
extension PostgresEventStore {
    /// `quick` changes nothing here: the server's own storage checks are the server's (amcheck,
    /// `pg_checksums`), not the log's.
    package func verify(checkpoint: (seq: Int64, hash: String)?, quick: Bool) throws(EventLogError) -> LogVerification {
        try verify(checkpoint: checkpoint, signatureChunk: SignatureVerifications.defaultChunk)
    }

    /// `verify`, its signatures checked `signatureChunk` at a time (tests: a short chain in
    /// several chunks).
    package func verify(checkpoint: (seq: Int64, hash: String)?, signatureChunk: Int) throws(EventLogError) -> LogVerification {
        var answer = try verifyChain(checkpoint: checkpoint, signatureChunk: signatureChunk)
        answer.site = url.site
        return answer
    }

    private func verifyChain(checkpoint: (seq: Int64, hash: String)?, signatureChunk: Int) throws(EventLogError) -> LogVerification {
        var expected: Int64 = 1
        // The previous event's hash and the recomputed one as bytes, compared with the cells in
        // place, kept in the same buffers from row to row.
        var prevHash = Array(CanonicalEvent.genesisPrevHash.utf8)
        var scratch: [UInt8] = []
        var checked: Int64 = 0
        var failure: (seq: Int64, problem: LogVerification.Problem)?
        var checkpointSeen = false
        var keys = SiteSigningKeys()
        var signatureFailure: (seq: Int64, detail: String)?
        let (_, doesNotVerify) = try SignatureVerifications.run(chunk: signatureChunk) { (checks) throws(EventLogError) in
            try forEachStoredRow(from: 1, signatures: true) { (stored) throws(EventLogError) -> Bool in
                guard let seq = stored.seq else {
                    failure = (expected, .malformed("seq is not an integer"))
                    return false
                }
                guard seq == expected else {
                    failure = (expected, .gap(expected: expected, found: seq))
                    return false
                }
                let kind = stored.text(2) ?? "", role = stored.text(8) ?? ""
                guard EventKind(rawValue: kind) != nil else {
                    failure = (seq, .malformed("unknown kind \"\(PrintableText.escaped(kind))\""))
                    return false
                }
                guard Role(rawValue: role) != nil else {
                    failure = (seq, .malformed("unknown role \"\(PrintableText.escaped(role))\""))
                    return false
                }
                if seq == 1, kind != EventKind.genesis.rawValue {
                    failure = (seq, .noGenesis)
                    return false
                }
                guard let recomputed = stored.recomputedHash(seq: seq, scratch: &scratch), let storedHash = stored.cells[13] else {
                    failure = (seq, .malformed("a required column is null"))
                    return false
                }
                guard stored.cells[12]?.equals(prevHash) == true else {
                    failure = (seq, .chainBroken)
                    return false
                }
                guard storedHash.equals(recomputed) else {
                    failure = (seq, .contentChanged(stored: storedHash.text, recomputed: String(decoding: recomputed, as: UTF8.self)))
                    return false
                }
                if let checkpoint, checkpoint.seq == seq {
                    checkpointSeen = true
                    guard storedHash.text == checkpoint.hash else {
                        failure = (seq, .checkpointMismatch(stored: storedHash.text))
                        return false
                    }
                }
                if signatureFailure == nil, let problem = keys.check(SiteSigningKeys.Event(
                    seq: seq, kind: kind, authorId: stored.text(7) ?? "", authorRole: role, hash: storedHash.text,
                    // The payload's text only where the fold reads it (a `String` of every payload was
                    // a large part of the pass).
                    payloadText: SiteSigningKeys.foldedKinds.contains(kind) ? stored.payloadText : nil,
                    publicKey: stored.publicKey, signature: stored.signature), deferringTo: checks) {
                    signatureFailure = (seq, problem)
                }
                prevHash.removeAll(keepingCapacity: true)
                storedHash.withBytes { prevHash.append(contentsOf: $0) }
                checked += 1
                expected += 1
                return true
            }
        }
        // The signatures handed to `checks` all come before the first other finding (none was
        // handed in after it), so one that does not verify is the first.
        if let doesNotVerify { signatureFailure = doesNotVerify }
        if let failure { return LogVerification(checked: checked, head: nil, failure: failure) }
        if let checkpoint, !checkpointSeen {
            return LogVerification(checked: checked, head: nil, failure: (expected, .truncated(lastSeq: expected - 1)))
        }
        if let problem = try credentialProblem() {
            return LogVerification(checked: checked, head: nil, failure: (problem.seq, .credential(problem.detail)))
        }
        // The chain first (a changed event breaks its signature too, and is named as changed),
        // then the credentials, then the signatures, in the SQLite store's order.
        if let signatureFailure {
            return LogVerification(checked: checked, head: nil, failure: (signatureFailure.seq, .signature(signatureFailure.detail)))
        }
        return LogVerification(checked: checked, head: checked > 0 ? (expected - 1, String(decoding: prevHash, as: UTF8.self)) : nil, failure: nil)
    }

    /// A credential row that no account event of the site set as it is: its event missing, not a
    /// `userAdmin` event, or committing to other bytes (a verifier swapped by someone with direct
    /// access to the server).
    func credentialProblem() throws(EventLogError) -> (seq: Int64, detail: String)? {
        let rows = try session.rows("""
            SELECT c.seq::text, c.user_id, c.kind, c.kdf, c.parameters, c.salt, c.verifier, c.one_time::text, e.kind, e.payload, c.sealed_key
            FROM credential c LEFT JOIN event e ON e.site = c.site AND e.seq = c.seq WHERE c.site = $1 ORDER BY c.seq
            """, [url.site])
        for row in rows {
            let seq = row[0].flatMap { Int64($0) } ?? 0
            guard let credential = Self.credential(row, sealedKeyAt: 10) else { return (seq, "the credential row at seq \(seq) is not one aegrade writes") }
            guard row[8] == EventKind.userAdmin.rawValue, let text = row[9], let payload = try? JSONParser.parse(text),
                  payload[.credential] == .string(credential.commitment), payload[.user] == .string(credential.user) else {
                return (seq, "the credential of \(PrintableText.escaped(credential.user)) at seq \(seq) is not the one its event commits to")
            }
        }
        return nil
    }

    /// A credential from the first eight columns of `row` (seq, user, kind, kdf, parameters, salt
    /// and verifier in hex, one-time).
    /// The credential in `row` (seq, user, kind, kdf, parameters, salt, verifier, one-time, and
    /// the sealed signing key at `sealedKeyAt`, NULL for none).
    static func credential(_ row: [String?], sealedKeyAt sealedIndex: Int) -> StoredCredential? {
        guard row.count >= 8, row.count > sealedIndex, let user = row[1], let kind = row[2].flatMap(StoredCredential.Kind.init(rawValue:)),
              let kdf = row[3], let parameters = row[4], let salt = row[5].flatMap(LowercaseHex.bytes), let verifier = row[6].flatMap(LowercaseHex.bytes),
              let oneTime = row[7] else { return nil }
        var sealed: [UInt8]?
        if let text = row[sealedIndex] {
            guard let bytes = LowercaseHex.bytes(text) else { return nil }
            sealed = bytes
        }
        return StoredCredential(user: user, kind: kind, kdf: kdf, parameters: parameters, salt: salt, verifier: verifier,
                                oneTime: oneTime == "true", sealedKey: sealed)
    }
}

extension PostgresEventStore {
    /// `verify` of every site of the trial's database that `url` names (its own site aside), each
    /// chain and its signatures as `verify` checks one, in site order: one answer per site, each
    /// naming its site (README, "The log on PostgreSQL").
    package static func verifyEverySite(url: PostgresURL, password: String?) throws(EventLogError) -> [LogVerification] {
        let session = try PostgresSession(url: url, password: password, lockTimeoutMilliseconds: 60_000, readOnly: true)
        let sites = try session.rows("SELECT DISTINCT site FROM event ORDER BY site").compactMap { $0.first ?? nil }
        var answers: [LogVerification] = []
        for site in sites {
            guard PostgresURL.isSiteName(site) else {
                // The CHECK constraint allows no other name; a row that has one was put there by hand.
                var answer = LogVerification(checked: 0, head: nil, failure: (0, .malformed("a site named \"\(PrintableText.escaped(site))\"")))
                answer.site = PrintableText.escaped(site)
                answers.append(answer)
                continue
            }
            let store = try PostgresEventStore(url: url.with(site: site), password: password, mode: .readOnly)
            answers.append(try store.verify(checkpoint: nil, quick: false))
        }
        return answers
    }
}
