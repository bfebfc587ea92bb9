import Clinical
import Foundation
import GRDB

/// Signed events in the SQLite log (README, "Signed events"): schema version 3, the row written
/// beside each event, and the log's key.
extension SQLiteEventStore {
    /// Schema version 3: the `eventWrite` table, one row per event appended by this version,
    /// written in the event's transaction: the Ed25519 signature over the event's hash and the
    /// public key that made it, whether the kernel said the clock was synchronised, the monotonic
    /// clock and the boot id at the write (C-TIME-3, C-TIME-4). Outside the canonical event, so no
    /// hash changes; append-only like `event`. The credential table gains `sealedKey`, the
    /// person's private key sealed with their password (never exported).
    static func addSignatures(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE credential ADD COLUMN sealedKey BLOB;
            CREATE TABLE eventWrite (
                seq INTEGER PRIMARY KEY CHECK (seq >= 1),
                publicKey TEXT,
                signature TEXT,
                clockSynchronised INTEGER,
                monotonicNanoseconds INTEGER,
                bootId TEXT
            );
            CREATE TRIGGER eventWriteNoUpdate BEFORE UPDATE ON eventWrite
                BEGIN SELECT RAISE(ABORT, 'the aegrade log is append-only: signatures cannot be changed'); END;
            CREATE TRIGGER eventWriteNoDelete BEFORE DELETE ON eventWrite
                BEGIN SELECT RAISE(ABORT, 'the aegrade log is append-only: signatures cannot be deleted'); END;
            PRAGMA user_version = \(schemaVersion);
            """)
    }

    /// Brings a log of an earlier version up to version 3 inside the write transaction open on
    /// `db`: a log made before accounts gets them too. Old events keep their hashes; they are
    /// "before signatures".
    static func migrateToSignatures(_ db: Database) throws {
        let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        if version == schemaVersionBeforeAccounts { try addAccounts(db) }
        if version < schemaVersion { try addSignatures(db) }
    }

    /// The seq and public key (hex) of the event that registered the log's key: a `logKey`
    /// event, or the log's first account event written by aegrade, which carries it as `logKey`
    /// (so that a new log's seqs stay as they were). Nil when the log has none (a log without
    /// accounts, or made before signed events). Read through `eventKind`.
    static func registeredLogKey(_ db: Database) throws -> (seq: Int64, publicKey: String)? {
        let rows = try Row.fetchAll(db, sql: """
            SELECT seq, payload FROM event WHERE kind = ? OR (kind = ? AND authorId = ? AND payload LIKE '%"logKey":%') ORDER BY seq LIMIT 1
            """, arguments: [EventKind.logKey.rawValue, EventKind.userAdmin.rawValue, Author.system.id])
        guard let row = rows.first, let seq = row.integer("seq") else { return nil }
        let payload = (try? JSONParser.parse(try row.requiredText("payload", seq: seq))) ?? .null
        guard case .string(let key)? = payload[.logKey] else { return nil }
        return (seq, key)
    }

    /// The log's current public key (hex), from the event that registered it, or nil when it has
    /// none: what a checkpoint's signature is checked against (C2SP signed-note).
    package func logPublicKey() throws(EventLogError) -> String? {
        do {
            return try queue.read { db in try Self.registeredLogKey(db)?.publicKey }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    /// The log's key from its file beside the log, made there first when `create` and there is
    /// none (`LogKey.create` never replaces a file). Nil when it cannot be had: events by
    /// `system` are then written unsigned, and `verify` names them.
    func logKey(create: Bool) -> LogKey? {
        let keyPath = LogKey.path(forLog: file.absolute)
        if let key = try? LogKey.read(path: keyPath) { return key }
        guard create else { return nil }
        return try? LogKey.create(at: keyPath)
    }

    /// The log's key to register with `db`'s log's first account event, when it has none yet:
    /// from its first account on a log has its key (a log without accounts — old logs, test
    /// fixtures — stays as it was).
    func keyToRegister(_ db: Database) throws -> LogKey? {
        guard try Self.registeredLogKey(db) == nil else { return nil }
        return logKey(create: true)
    }

    /// Writes the `eventWrite` row of `event`: signed with `signer` when it is the author's key,
    /// with the log's key when the author is `system`, unsigned otherwise.
    static func writeSignature(_ db: Database, event: RecordedEvent, signer: EventSigner?, logKey: LogKey?, clock: ClockStatus) throws {
        let (publicKey, signature) = signature(of: event, signer: signer, logKey: logKey)
        try insertWriteRow(db, seq: event.seq, publicKey: publicKey, signature: signature, clock: clock)
    }

    /// The public key and signature (hex) of `event`'s `eventWrite` row: by `signer` when it is the
    /// author's key, by the log's key when the author is `system`, none otherwise.
    static func signature(of event: RecordedEvent, signer: EventSigner?, logKey: LogKey?) -> (publicKey: String?, signature: String?) {
        guard let message = EventSignature.message(ofHash: event.hash) else { return (nil, nil) }
        if event.author == .system, let logKey, let bytes = try? logKey.sign(message) {
            return (logKey.publicKeyHex, LowercaseHex.text(bytes))
        } else if let signer, signer.user == event.author.id, let bytes = signer.sign(message) {
            return (signer.publicKeyHex, LowercaseHex.text(bytes))
        }
        return (nil, nil)
    }

    /// Inserts an `eventWrite` row.
    static func insertWriteRow(_ db: Database, seq: Int64, publicKey: String?, signature: String?, clock: ClockStatus) throws {
        // A cached statement: compiled once per connection, not once per event.
        try db.cachedStatement(sql: """
            INSERT INTO eventWrite (seq, publicKey, signature, clockSynchronised, monotonicNanoseconds, bootId) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [seq, publicKey, signature, clock.synchronised.map { $0 ? 1 : 0 }, clock.monotonicNanoseconds, clock.bootId])
    }

    /// One `eventWrite` row as stored (a tampered file can hold anything: wrong types read as nil).
    struct WriteRow: Sendable {
        var seq: Int64
        var publicKey: String?
        var signature: String?
        var clockSynchronised: Bool?
        var monotonicNanoseconds: Int64?
        var bootId: String?

        init(_ row: Row) {
            seq = row.integer("seq") ?? 0
            publicKey = try? row.text("publicKey", seq: seq)
            signature = try? row.text("signature", seq: seq)
            clockSynchronised = row.integer("clockSynchronised").map { $0 != 0 }
            monotonicNanoseconds = row.integer("monotonicNanoseconds")
            bootId = try? row.text("bootId", seq: seq)
        }
    }

    static let writeRowColumns = "seq, publicKey, signature, clockSynchronised, monotonicNanoseconds, bootId"

    /// The `eventWrite` rows of seqs `lower ..< upper` (an empty list when the log has no such table).
    static func writeRows(_ db: Database, from lower: Int64, to upper: Int64) throws -> [WriteRow] {
        guard try db.tableExists("eventWrite") else { return [] }
        return try Row.fetchAll(db, sql: "SELECT \(writeRowColumns) FROM eventWrite WHERE seq >= ? AND seq < ? ORDER BY seq",
                                arguments: [lower, upper]).map(WriteRow.init)
    }

    /// The `eventWrite` row of the last event (the clock of the previous write), if any.
    static func lastWriteRow(_ db: Database) throws -> WriteRow? {
        guard try db.tableExists("eventWrite") else { return nil }
        return try Row.fetchOne(db, sql: "SELECT \(writeRowColumns) FROM eventWrite ORDER BY seq DESC LIMIT 1").map(WriteRow.init)
    }
}
