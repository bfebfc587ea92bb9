import EventLog

/// The log's tables on PostgreSQL, one database for a whole trial: every site's chain in `event`,
/// keyed by (site, seq), the credentials the account events set in `credential`, and the events'
/// Ed25519 signatures in `event_signature` (README, "Signed events").
///
/// Append-only is the server's to enforce, not the product's: triggers refuse UPDATE, DELETE and
/// TRUNCATE on both tables for every role, the tables' owner included, and the product's role is
/// granted INSERT and SELECT only (so it could not drop a trigger either). Only a superuser, or the
/// owner disabling the triggers, can change a row, and `verify` names the first event so changed.
/// The text columns hold exactly the bytes the hash covers (the payload as its canonical text,
/// never jsonb, which would reorder and reformat it).
package enum PostgresSchema {
    /// The schema version this product creates, kept in `aegrade_schema`.
    /// Version 2 added `event_signature`, version 3 `aegrade_site_head`, version 4 `event_account`;
    /// `create` brings an earlier database up to it.
    package static let version = 4

    /// The statement that takes a site's append lock and reads its head and the server's clock
    /// after it (`aegrade_site_head`): the first statement of every append's transaction.
    static let siteHead = "SELECT head_seq, head_hash, record_time FROM aegrade_site_head($1)"

    /// The statements that create the schema, each idempotent, run in one transaction under an
    /// advisory lock so that two processes making the same database's schema cannot interleave.
    /// (One statement each: PostgresNIO sends every statement as an extended query.)
    static let create: [String] = [
        "SELECT pg_advisory_xact_lock(6165677200)",
        "CREATE TABLE IF NOT EXISTS aegrade_schema (version integer NOT NULL)",
        "INSERT INTO aegrade_schema (version) SELECT \(version) WHERE NOT EXISTS (SELECT 1 FROM aegrade_schema)",
        """
        CREATE TABLE IF NOT EXISTS event (
            site text NOT NULL CHECK (site ~ '^[A-Za-z0-9._-]{1,64}$'),
            seq bigint NOT NULL CHECK (seq >= 1),
            id text NOT NULL UNIQUE,
            kind text NOT NULL,
            patient text,
            clinical_time text,
            record_time text NOT NULL,
            time_zone text NOT NULL,
            author_id text NOT NULL,
            author_role text NOT NULL,
            terminal text NOT NULL,
            product_version text NOT NULL,
            payload text NOT NULL,
            prev_hash text NOT NULL,
            hash text NOT NULL,
            PRIMARY KEY (site, seq)
        )
        """,
        "CREATE INDEX IF NOT EXISTS event_kind ON event (site, kind, seq)",
        "CREATE INDEX IF NOT EXISTS event_patient ON event (site, patient, seq)",
        // A site's account events, as SQLite's `eventAccount`: the standing guard of every append
        // reads it (`PostgresEventStore.accountEventsGuard`). A partial index of a few rows a
        // site, which the planner chooses for the guard whatever its statistics say; with the
        // three probes of `event_kind` the guard had before, stale statistics (a table grown
        // thirtyfold since its last ANALYZE) made both plans read the primary key's range of
        // seqs, every event since the account's kept directory, on every append.
        "CREATE INDEX IF NOT EXISTS event_account ON event (site, seq) WHERE kind IN (\(SQLiteEventStore.accountKindsSQL))",
        """
        CREATE TABLE IF NOT EXISTS credential (
            site text NOT NULL,
            seq bigint NOT NULL,
            user_id text NOT NULL,
            kind text NOT NULL,
            kdf text NOT NULL,
            parameters text NOT NULL,
            salt text NOT NULL,
            verifier text NOT NULL,
            one_time boolean NOT NULL,
            sealed_key text,
            PRIMARY KEY (site, seq),
            FOREIGN KEY (site, seq) REFERENCES event (site, seq)
        )
        """,
        // A person's Ed25519 key, sealed with their password (README, "Signed events"); added to a
        // credential table made before it.
        "ALTER TABLE credential ADD COLUMN IF NOT EXISTS sealed_key text",
        "CREATE INDEX IF NOT EXISTS credential_user ON credential (site, user_id, seq)",
        // One row per signed event, written in its transaction: the Ed25519 signature (RFC 8032)
        // over the event's hash as 32 bytes, and the public key that made it, both hex. Outside
        // the hashed event, as SQLite's `eventWrite`; an unsigned event has no row.
        """
        CREATE TABLE IF NOT EXISTS event_signature (
            site text NOT NULL,
            seq bigint NOT NULL,
            public_key text NOT NULL,
            signature text NOT NULL,
            PRIMARY KEY (site, seq),
            FOREIGN KEY (site, seq) REFERENCES event (site, seq)
        )
        """,
        // A site's append lock and its head, in one round trip (README, "The log on PostgreSQL",
        // Concurrency): the transaction-scoped advisory lock of the site, then — a statement of its
        // own, so that under READ COMMITTED it reads a snapshot taken after the lock was granted
        // (PostgreSQL documentation, "Function Volatility Categories": a VOLATILE function takes a
        // fresh snapshot for each query it runs) — the site's last seq and hash and the server's
        // clock. Called as one statement, it saves the client a round trip per append; a SELECT
        // that both waited for the lock and read the head would read a snapshot from before the lock.
        // SECURITY INVOKER (the default): it reads only what its caller may read.
        #"""
        CREATE OR REPLACE FUNCTION aegrade_site_head(site_name text)
        RETURNS TABLE (head_seq text, head_hash text, record_time text) LANGUAGE plpgsql VOLATILE AS $$
        BEGIN
            PERFORM pg_advisory_xact_lock(hashtextextended('aegrade site ' || site_name, 0));
            RETURN QUERY
                SELECT last.seq::text, last.hash, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
                FROM (SELECT 1) AS one
                LEFT JOIN LATERAL (SELECT e.seq, e.hash FROM event AS e WHERE e.site = site_name ORDER BY e.seq DESC LIMIT 1) AS last ON TRUE;
        END
        $$
        """#,
        "UPDATE aegrade_schema SET version = \(version) WHERE version < \(version)",
        """
        CREATE OR REPLACE FUNCTION aegrade_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the aegrade log is append-only: % on % refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'P0001';
        END
        $$
        """,
        "DROP TRIGGER IF EXISTS event_append_only ON event",
        "CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event FOR EACH ROW EXECUTE FUNCTION aegrade_append_only()",
        "DROP TRIGGER IF EXISTS event_no_truncate ON event",
        "CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON event FOR EACH STATEMENT EXECUTE FUNCTION aegrade_append_only()",
        "DROP TRIGGER IF EXISTS credential_append_only ON credential",
        "CREATE TRIGGER credential_append_only BEFORE UPDATE OR DELETE ON credential FOR EACH ROW EXECUTE FUNCTION aegrade_append_only()",
        "DROP TRIGGER IF EXISTS credential_no_truncate ON credential",
        "CREATE TRIGGER credential_no_truncate BEFORE TRUNCATE ON credential FOR EACH STATEMENT EXECUTE FUNCTION aegrade_append_only()",
        "DROP TRIGGER IF EXISTS event_signature_append_only ON event_signature",
        "CREATE TRIGGER event_signature_append_only BEFORE UPDATE OR DELETE ON event_signature FOR EACH ROW EXECUTE FUNCTION aegrade_append_only()",
        "DROP TRIGGER IF EXISTS event_signature_no_truncate ON event_signature",
        "CREATE TRIGGER event_signature_no_truncate BEFORE TRUNCATE ON event_signature FOR EACH STATEMENT EXECUTE FUNCTION aegrade_append_only()",
        "REVOKE ALL ON event, credential, event_signature, aegrade_schema FROM PUBLIC",
    ]

    /// Creates the schema (when absent) as `url`'s role, which needs CREATE on the database (its
    /// owner, say), and grants `writerRole` — the role the product's terminals connect as — INSERT
    /// and SELECT on the events and credentials and SELECT on the version, nothing more, when that
    /// role exists. A database of version 1 gains the signatures' table.
    package static func create(_ url: PostgresURL, password: String?, writerRole: String?) throws(EventLogError) {
        let session = try PostgresSession(url: url, password: password, lockTimeoutMilliseconds: 60_000, readOnly: false)
        var statements = create
        if let writerRole {
            guard PostgresURL.isSiteName(writerRole) else { throw .refused("the writer role \"\(writerRole)\" is not a plain role name") }
            // Granted when the role exists: a database whose terminals connect as its owner needs none.
            statements.append("""
                DO $$ BEGIN
                    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '\(writerRole)') THEN
                        GRANT SELECT, INSERT ON event, credential, event_signature TO "\(writerRole)";
                        GRANT SELECT ON aegrade_schema TO "\(writerRole)";
                    END IF;
                END $$
                """)
        }
        try session.transaction { () throws(EventLogError) in
            for statement in statements { try session.execute(statement) }
        }
    }
}
