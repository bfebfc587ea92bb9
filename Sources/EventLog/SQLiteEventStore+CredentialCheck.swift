import Clinical
import GRDB

extension SQLiteEventStore {
    /// Whether the credential table holds exactly what the log's account events set (part of
    /// `verify`): every row names the `userAdmin` event of its user, at its seq, that commits to
    /// it (``StoredCredential/commitment``), and every event that set a credential has its row. The
    /// table is outside the hash chain (it holds what passwords are tested against, so it is never
    /// exported), so this is how a verifier swapped with `sqlite3` for one whose password the
    /// intruder knows is found. One row per credential change: read in one short read.
    func credentialProblem() throws(EventLogError) -> (seq: Int64, detail: String)? {
        let rows: [(seq: Int64, credential: StoredCredential)]
        do {
            rows = try queue.read { db in
                guard try db.tableExists("credential") else { return [] }
                return try Row.fetchAll(db, sql: "SELECT \(try Self.credentialColumns(db)) FROM credential ORDER BY seq")
                    .map { row in (row.integer("seq") ?? 0, try Self.credential(from: row)) }
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
        var rowSeqs = Set<Int64>()
        for (seq, credential) in rows {
            rowSeqs.insert(seq)
            let user = PrintableText.quoted(credential.user)
            guard let event = try event(seq: seq), event.kind == .userAdmin, event.payload[PayloadKey.user.rawValue] == .string(credential.user) else {
                return (seq, "the credential row of \(user) names no account event of that user at seq \(seq)")
            }
            guard case .string(let commitment)? = event.payload[PayloadKey.credential.rawValue], commitment == credential.commitment else {
                return (seq, "the stored credential of \(user) is not the one this event set (changed outside aegrade)")
            }
        }
        for event in try accountEvents() where event.kind == .userAdmin && event.payload[PayloadKey.credential.rawValue] != nil {
            if !rowSeqs.contains(event.seq) { return (event.seq, "the credential this event set is missing from the credential table") }
        }
        return nil
    }
}
