import Clinical
import EventLog
import PostgresNIO

/// Accounts on PostgreSQL: the account events are events of the site's chain; the credentials
/// they set are rows of `credential` beside them, written in the same transaction, never exported
/// (README, "Accounts and roles"). Each site keeps its own accounts.
extension PostgresEventStore {
    package func accountEvents() throws(EventLogError) -> [RecordedEvent] {
        try session.cellRows("""
            SELECT \(Self.columns) FROM event WHERE site = $1 AND kind IN (\(SQLiteEventStore.accountKindsSQL)) ORDER BY seq
            """, [url.site]).map { (row) throws(EventLogError) -> RecordedEvent in try decoded(StoredEvent(cells: row)) }
    }

    package func accountEvents(after seq: Int64) throws(EventLogError) -> [RecordedEvent] {
        try session.cellRows(Self.accountEventsAfterSQL, [url.site, String(seq)])
            .map { (row) throws(EventLogError) -> RecordedEvent in try decoded(StoredEvent(cells: row)) }
    }

    /// The account events of site `$1` after seq `$2`, in seq order (through the index `event_account`):
    /// read alone, or under an append's lock for its standing check (``StandingCheck``).
    static let accountEventsAfterSQL = """
        SELECT \(columns) FROM event WHERE site = $1 AND kind IN (\(SQLiteEventStore.accountKindsSQL)) AND seq > $2::bigint ORDER BY seq
        """

    package func credential(of user: String) throws(EventLogError) -> StoredCredential? {
        guard let row = try session.rows("""
            SELECT seq::text AS seq_text, user_id, kind, kdf, parameters, salt, verifier, one_time::text, sealed_key FROM credential
            WHERE site = $1 AND user_id = $2 ORDER BY seq DESC LIMIT 1
            """, [url.site, user]).first else { return nil }
        guard let credential = Self.credential(row, sealedKeyAt: 8) else {
            throw .corrupt(path: url.description, detail: "the credential row at seq \(row[0] ?? "?") is not one aegrade writes")
        }
        return credential
    }

    package func appendAccount(_ draft: EventDraft, author: Author, credential: StoredCredential?) throws(EventLogError) -> RecordedEvent {
        try Self.checkAccountDraft(draft, credential: credential)
        let recorded = try append([(draft, nil)], author: author, onlyIfEmpty: false, registeringLogKey: true, credential: credential)
        guard let event = recorded.first else { throw .refused("\(url.description): the account event was not written") }
        return event
    }

    /// A PostgreSQL log is backed up with the server's own tools (`pg_dump`, base backups with WAL
    /// archiving), which keep every site, the credentials and the roles together; a copy into one
    /// file is not offered.
    package func backup(to destination: String) throws(EventLogError) -> Int64 {
        throw .refused("\(url.description): a log on PostgreSQL is backed up with the server's tools (pg_dump, or a base backup "
                       + "with WAL archiving), not copied to a file; nothing was written")
    }
}
