import Clinical
import Foundation
import GRDB

/// Accounts in the SQLite log: the account events are events like any other; the credentials
/// they set live in the `credential` table beside them (README, "Accounts and roles").
extension SQLiteEventStore {
    /// Schema version 2: the `credential` table, append-only like `event`. Each row is the
    /// credential the event at `seq` set (a `userAdmin` event that commits to it); a user's
    /// credential is the row of the highest seq. The table is never exported, replayed or hashed
    /// into the chain: it holds what an attacker could test passwords against (21 CFR 11.300).
    /// The partial index `eventAccount` lists the account events, which every sign-in and every
    /// write folds (``AccountDirectory``): without it that fold read the whole event table, in one
    /// read that held every other terminal's save for seconds on a large log.
    static func addAccounts(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE credential (
                seq INTEGER PRIMARY KEY CHECK (seq >= 1),
                user TEXT NOT NULL,
                kind TEXT NOT NULL,
                kdf TEXT NOT NULL,
                parameters TEXT NOT NULL,
                salt BLOB NOT NULL,
                verifier BLOB NOT NULL,
                oneTime INTEGER NOT NULL
            );
            CREATE INDEX credentialUser ON credential(user, seq);
            CREATE INDEX eventAccount ON event(seq) WHERE kind IN ('userAdmin', 'login', 'security');
            CREATE TRIGGER credentialNoUpdate BEFORE UPDATE ON credential
                BEGIN SELECT RAISE(ABORT, 'the aegrade log is append-only: credentials cannot be changed'); END;
            CREATE TRIGGER credentialNoDelete BEFORE DELETE ON credential
                BEGIN SELECT RAISE(ABORT, 'the aegrade log is append-only: credentials cannot be deleted'); END;
            PRAGMA user_version = \(schemaVersionBeforeSignatures);
            """)
    }

    /// The kinds of the account events, as the partial index `eventAccount` lists them (the
    /// query's `WHERE` must read exactly as the index's for SQLite to use it).
    package static let accountKinds: [EventKind] = [.userAdmin, .login, .security]

    /// ``accountKinds`` as an SQL list, `'userAdmin', 'login', 'security'`: the `kind IN (…)` of
    /// every read through an account index, here and on PostgreSQL (`event_account`).
    package static let accountKindsSQL = accountKinds.map { "'\($0.rawValue)'" }.joined(separator: ", ")

    /// The account events, read through the partial index `eventAccount` (a log made before
    /// accounts has neither the index nor account events).
    static let accountEventsSQL = "SELECT \(columns) FROM event INDEXED BY eventAccount WHERE kind IN (\(accountKindsSQL)) ORDER BY seq"

    package func accountEvents() throws(EventLogError) -> [RecordedEvent] {
        try accountEvents(after: 0)
    }

    /// The account events after a seq, through the same index (its `WHERE` as the index's, the
    /// seq bound a range on the index's key).
    static let accountEventsAfterSQL = "SELECT \(columns) FROM event INDEXED BY eventAccount WHERE kind IN (\(accountKindsSQL)) AND seq > ? ORDER BY seq"

    package func accountEvents(after seq: Int64) throws(EventLogError) -> [RecordedEvent] {
        do {
            return try queue.readKeepingStatements { db in
                guard try Int.fetchOne(db.cachedStatement(sql: "PRAGMA user_version")) ?? 0 >= Self.schemaVersionBeforeSignatures else { return [] }
                return try Row.fetchAll(db.cachedStatement(sql: Self.accountEventsAfterSQL), arguments: [seq]).map(Self.event(from:))
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    /// ``EventStore/accountStandingEvents(after:)`` in one query: of the logins, only each author's
    /// last of each action is read and decoded (the subquery reads only two columns of the
    /// others, in SQLite). Both parts go through `eventAccount` (its `WHERE` repeated, as a partial
    /// index needs).
    static let accountStandingEventsSQL: String = {
        let kinds = accountKindsSQL
        let lastLogins = "SELECT max(seq) FROM event INDEXED BY eventAccount WHERE kind IN (\(kinds)) AND kind = 'login' AND seq > ?1 "
            + "GROUP BY authorId, json_extract(payload, '$.action')"
        return "SELECT \(columns) FROM event INDEXED BY eventAccount WHERE kind IN (\(kinds)) AND seq > ?1 "
            + "AND (kind <> 'login' OR seq IN (\(lastLogins))) ORDER BY seq"
    }()

    package func accountStandingEvents(after seq: Int64) throws(EventLogError) -> [RecordedEvent] {
        do {
            // Read before every write a signed-in writer makes (its account's standing): on the
            // writer's connection, its statements cached (``readKeepingStatements``).
            return try queue.readKeepingStatements { db in
                guard try Int.fetchOne(db.cachedStatement(sql: "PRAGMA user_version")) ?? 0 >= Self.schemaVersionBeforeSignatures else { return [] }
                return try Row.fetchAll(db.cachedStatement(sql: Self.accountStandingEventsSQL), arguments: [seq]).map(Self.event(from:))
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    package func credential(of user: String) throws(EventLogError) -> StoredCredential? {
        do {
            return try queue.read { db -> StoredCredential? in
                // A log made before accounts has no credential table, and so no credentials.
                guard try db.tableExists("credential") else { return nil }
                guard let row = try Row.fetchOne(db, sql: """
                    SELECT \(try Self.credentialColumns(db)) FROM credential WHERE user = ? ORDER BY seq DESC LIMIT 1
                    """, arguments: [user]) else { return nil }
                return try Self.credential(from: row)
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    /// The credential table's columns as `credential(from:)` reads them: with `sealedKey` from
    /// schema version 3 on.
    static func credentialColumns(_ db: Database) throws -> String {
        let columns = "seq, user, kind, kdf, parameters, salt, verifier, oneTime"
        return try db.columns(in: "credential").contains { $0.name == "sealedKey" } ? columns + ", sealedKey" : columns
    }

    /// A stored credential row, each column checked for its type (a damaged or tampered file can
    /// hold anything).
    static func credential(from row: Row) throws -> StoredCredential {
        let seq = row.integer("seq") ?? 0
        func blob(_ name: String) throws -> [UInt8] {
            guard let data = Data.fromDatabaseValue(row[name] as DatabaseValue) else {
                throw RowProblem(seq: seq, message: "credential \(name) is not a blob")
            }
            return Array(data)
        }
        guard let kind = StoredCredential.Kind(rawValue: try row.requiredText("kind", seq: seq)),
              let oneTime = row.integer("oneTime") else {
            throw RowProblem(seq: seq, message: "credential row is not one aegrade writes")
        }
        var sealedKey: [UInt8]?
        if row.hasColumn("sealedKey"), !(row["sealedKey"] as DatabaseValue).isNull { sealedKey = try blob("sealedKey") }
        return StoredCredential(user: try row.requiredText("user", seq: seq), kind: kind, kdf: try row.requiredText("kdf", seq: seq),
                                parameters: try row.requiredText("parameters", seq: seq), salt: try blob("salt"),
                                verifier: try blob("verifier"), oneTime: oneTime != 0, sealedKey: sealedKey)
    }

    package func appendAccount(_ draft: EventDraft, author: Author, credential: StoredCredential?) throws(EventLogError) -> RecordedEvent {
        try Self.checkAccountDraft(draft, credential: credential)
        if let writeRefusal { throw writeRefusal }
        let signer = EventSigner.current
        do {
            return try DeferredLogin.appending(as: author) { login in try queue.write { db -> RecordedEvent in
                // A log made before accounts or before signed events gets its credential and
                // signature tables with its first account event, in the same transaction, and its
                // first account event brings the log's key (`logKey`) before it.
                try Self.migrateToSignatures(db)
                let event = try insert([(draft, nil)], author: author, onlyIfEmpty: false, pausing: false, registeringLogKey: true,
                                       login: login, signer: signer, in: db)[0]
                if let credential {
                    try db.execute(sql: """
                        INSERT INTO credential (seq, user, kind, kdf, parameters, salt, verifier, oneTime, sealedKey) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [event.seq, credential.user, credential.kind.rawValue, credential.kdf, credential.parameters,
                                         Data(credential.salt), Data(credential.verifier), credential.oneTime ? 1 : 0,
                                         credential.sealedKey.map { Data($0) }])
                }
                return event
            } }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }
}

extension EventStore {
    /// What every store checks before `appendAccount`: an account event, and a credential (when
    /// given) for the user the event names, whose commitment the event carries; without one, an
    /// event that claims none.
    package static func checkAccountDraft(_ draft: EventDraft, credential: StoredCredential?) throws(EventLogError) {
        guard [EventKind.userAdmin, .login, .security].contains(draft.kind), draft.patient == nil else {
            throw .refused("only account events (userAdmin, login, security) without a patient are appended with a credential")
        }
        if let credential {
            guard draft.kind == .userAdmin, draft.payload[.user] == .string(credential.user),
                  draft.payload[.credential] == .string(credential.commitment),
                  draft.payload[.oneTime] == .bool(credential.oneTime) else {
                throw .refused("the account event does not commit to the credential stored with it")
            }
        } else if draft.payload[.credential] != nil {
            throw .refused("the account event commits to a credential that is not given")
        }
    }
}
