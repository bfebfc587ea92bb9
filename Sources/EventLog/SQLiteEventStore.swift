import Clinical
import Foundation
import GRDB
import Synchronization

/// The event log in one SQLite file, through GRDB.
///
/// Durability and concurrency (README, "Durability and concurrency"): the rollback journal (never WAL, so the SQLite
/// WAL-reset bug of versions up to 3.51.2 cannot arise), `synchronous=FULL` asserted on every
/// connection, every write an `IMMEDIATE` transaction, and a long busy timeout so that several
/// terminals appending at once wait for each other instead of failing. Triggers refuse UPDATE and
/// DELETE. The product never repairs, rewrites or deletes a log or its journal.
package final class SQLiteEventStore: EventStore, @unchecked Sendable {
    /// How to open a log.
    package enum Mode: Sendable {
        /// Read and append; create the log (with its genesis event) if the file does not exist.
        case readWrite(create: Bool)
        /// Read only: verify, replay, export. Never writes, never creates.
        case readOnly
    }

    /// The page size of a new log, in bytes.
    static let pageSize = 16384

    /// `PRAGMA application_id` of an aegrade log ("aegr").
    static let applicationID: Int32 = 0x6165_6772
    /// The schema version this product creates: version 2 and the `eventWrite` table of
    /// signatures and clock status (`addSignatures`).
    static let schemaVersion = 3
    /// A log made before signed events, with accounts (`addAccounts`): a writer brings it to
    /// version 3 as it opens it; its events before then are "before signatures".
    static let schemaVersionBeforeSignatures = 2
    /// A log made before accounts: opened, verified, replayed and exported as it is; `aegrade log
    /// init` adds its accounts and signatures (and so makes it version 3).
    static let schemaVersionBeforeAccounts = 1
    /// The schema versions this product reads and writes, each exactly as it creates it.
    static let knownSchemaVersions = [schemaVersionBeforeAccounts, schemaVersionBeforeSignatures, schemaVersion]

    /// The log's path as given (for messages).
    package let path: String
    /// The checked path SQLite opens.
    let file: LogFilePath
    let queue: DatabaseQueue
    let productVersion: String
    private let terminal: String
    private let timeZone: String
    /// Whether opening found a write interrupted by a crash (a hot journal) and had SQLite roll
    /// it back, as SQLite's own recovery does (nothing acknowledged is touched: an acknowledged
    /// write had committed). The commands say so on standard error.
    package let rolledBackInterruptedWrite: Bool
    /// The lock wait and the test hooks this store was opened with.
    package let settings: Settings
    /// Set when the log opened for writing has its schema or the end of its chain changed
    /// (`checkBeforeWriting`): every append is refused with it. Set only while opening.
    package private(set) var writeRefusal: EventLogError?
    /// The standing check the next append by its author makes again in its write transaction
    /// (``StandingCheckedAppends``, `SQLiteEventStore+StandingCheck.swift`).
    let pendingStanding = Mutex<StandingCheck?>(nil)

    /// Opens (or creates) the log at `path`.
    ///
    /// `path` names a regular file (`LogFilePath`): an empty name, `:memory:`, a `file:` URI, a
    /// directory or a link to nothing is refused, in every mode. A new log is created with mode
    /// 0600 (its journal gets the same from SQLite). A reader that finds a write interrupted by a
    /// crash lets SQLite roll it back when it may write the file and its directory, and refuses
    /// with `.interruptedWrite` (naming what to run) when it may not.
    ///
    /// - Throws: `.invalidPath`; `.missing` when the file does not exist and `mode` does not
    ///   create it; `.notALog` for a file that is not an SQLite database or not an aegrade log;
    ///   `.interruptedWrite`, `.readOnly`, `.corrupt`, `.io` as they arise. The file is never
    ///   changed when opening fails.
    package init(path: String, mode: Mode, settings: Settings = Settings(),
                 productVersion: String = Product.version) throws(EventLogError) {
        self.path = path
        self.settings = settings
        self.productVersion = productVersion
        self.terminal = WriterIdentity.terminal()
        self.timeZone = WriterIdentity.timeZone()
        let file = try LogFilePath(path)
        self.file = file
        let exists = try file.entry() == .regularFile
        switch mode {
        case .readOnly where !exists, .readWrite(create: false) where !exists:
            throw .missing(path: path)
        case .readWrite(create: true) where !exists:
            try file.createIfAbsent()
        default: break
        }
        // Only the 16-byte header is read: the whole file would cost its size in memory and time.
        if exists, let header = Self.header(file.absolute), !header.isEmpty, header != Data("SQLite format 3\u{0}".utf8) {
            throw .notALog(path: path, detail: "not an SQLite database")
        }
        var configuration = Configuration()
        configuration.label = "aegrade.log"
        // Writers wait for each other up to a minute; the test hook shortens it for lock tests.
        configuration.busyMode = BusyWait.mode(seconds: settings.busyTimeoutSeconds)
        // GRDB 7 opens every write transaction IMMEDIATE (its Transactions guide), which avoids
        // SQLITE_BUSY_SNAPSHOT between writers.
        if case .readOnly = mode { configuration.readonly = true }
        let maxPageCount = settings.maxPageCount
        let cachePages = settings.cachePages
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            guard try Int.fetchOne(db, sql: "PRAGMA synchronous") == 2 else {
                throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "synchronous=FULL could not be set")
            }
            // A new log is created with 16 KiB pages: a grades event is 2–4 KB, so 4 KiB pages
            // hold one each and leave the rest empty; 16 KiB pages make the file a third smaller,
            // and verify, replay and the structural check read it in far fewer calls. (Applies only
            // while the file is empty; an existing log keeps the page size it was created with.)
            if case .readWrite = mode { try db.execute(sql: "PRAGMA page_size = \(Self.pageSize)") }
            // Test hook: a small page budget simulates a full disk.
            if let maxPageCount { try db.execute(sql: "PRAGMA max_page_count = \(maxPageCount)") }
            // Test hook: a cache of a few pages makes a large write spill into the file before its
            // commit, so that a writer killed there leaves a hot journal.
            if let cachePages { try db.execute(sql: "PRAGMA cache_size = \(cachePages)") }
        }
        var rolledBack = false
        do {
            if case .readOnly = mode {
                do {
                    queue = try Self.openReadOnly(file, configuration)
                } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_READONLY_ROLLBACK {
                    guard file.isWritable else { throw EventLogError.interruptedWrite(path: path) }
                    try Self.rollBackInterruptedWrite(file, busyTimeoutSeconds: settings.busyTimeoutSeconds)
                    rolledBack = true
                    queue = try Self.openReadOnly(file, configuration)
                }
            } else {
                queue = try DatabaseQueue(path: file.absolute, configuration: configuration)
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
        rolledBackInterruptedWrite = rolledBack
        if case .readWrite = mode {
            writeRefusal = try prepareSchema()
        } else {
            try checkSchema()
        }
    }

    /// The first 16 bytes of the file (nil when it cannot be read).
    private static func header(_ path: String) -> Data? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        return try? handle.read(upToCount: 16) ?? Data()
    }

    /// Maps an SQLite failure to what it means for the user.
    static func mapped(_ error: any Error, path: String) -> EventLogError {
        if let error = error as? EventLogError { return error }
        if let problem = error as? RowProblem { return .corrupt(path: path, detail: "event \(problem.seq): \(problem.message)") }
        guard let error = error as? DatabaseError else { return .io(path: path, detail: "\(error)") }
        // A crash mid-commit leaves a hot journal that only a writer may roll back: a read-only
        // open then fails with SQLITE_READONLY_ROLLBACK, which is not a read-only file.
        if error.extendedResultCode == .SQLITE_READONLY_ROLLBACK { return .interruptedWrite(path: path) }
        switch error.resultCode {
        case .SQLITE_FULL: return .diskFull(path: path)
        case .SQLITE_READONLY: return .readOnly(path: path)
        // A file that cannot be opened for writing is read-only when it lacks write permission.
        case .SQLITE_CANTOPEN where !FileManager.default.isWritableFile(atPath: path): return .readOnly(path: path)
        case .SQLITE_BUSY, .SQLITE_LOCKED: return .locked(path: path)
        case .SQLITE_CORRUPT: return .corrupt(path: path, detail: error.message ?? "SQLITE_CORRUPT")
        case .SQLITE_NOTADB: return .notALog(path: path, detail: "not an SQLite database")
        default: return .io(path: path, detail: error.message ?? "\(error.resultCode)")
        }
    }

    /// Creates the schema in one IMMEDIATE transaction if the file is new, then the genesis event in
    /// the next (also when an earlier creation was killed between the two), or checks it otherwise.
    /// A transaction, not a migrator, so that two processes opening a new file at once cannot both
    /// create it.
    private func prepareSchema() throws(EventLogError) -> EventLogError? {
        do {
            let journal = try queue.inDatabase { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
            if journal?.lowercased() == "wal" {
                throw EventLogError.notALog(path: path, detail: "the file is in WAL mode, which aegrade does not use")
            }
            // A damaged log is never written to: the header, the schema and the end of the chain
            // are checked before the first write transaction, in short reads
            // (`checkBeforeWriting`); `verify` reads the rest.
            let refusal = try checkBeforeWriting()
            // A log with its schema and events (every open but the first) needs no write here: a
            // read says so, without taking the write lock another terminal's append may hold. A
            // new or empty file is decided again inside the write transaction below.
            let isComplete = try queue.read { db -> Bool in
                guard Self.knownSchemaVersions.contains(try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0),
                      try db.tableExists("event") else { return false }
                return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM event)") ?? false
            }
            let (needsGenesis, fileVersion) = isComplete ? (false, 0) : try queue.write { db -> (Bool, Int) in
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                // A creation interrupted between the schema and the genesis event left an empty
                // log: it gets its genesis event now (the append below checks again, in its own
                // transaction, that the log is still empty).
                if Self.knownSchemaVersions.contains(version) {
                    return (try db.tableExists("event") && !(try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM event)") ?? true), version)
                }
                let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
                guard version == 0, tables == 0 else {
                    if version == 0 { throw EventLogError.notALog(path: path, detail: "an SQLite database with other tables") }
                    throw EventLogError.unknownSchema(path: path, version: version)
                }
                try Self.createSchema(db, version: Self.schemaVersion)
                return (true, Self.schemaVersion)
            }
            if refusal == nil, try queue.read({ db in try Int.fetchOne(db, sql: "PRAGMA user_version") }) == Self.schemaVersionBeforeSignatures {
                // A log with accounts made before signed events: version 3 from now on (its
                // earlier events keep their hashes and are "before signatures").
                try queue.write { db in
                    if try Int.fetchOne(db, sql: "PRAGMA user_version") == Self.schemaVersionBeforeSignatures { try Self.migrateToSignatures(db) }
                }
            }
            if needsGenesis {
                let sqliteVersion = try queue.read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") } ?? "?"
                let genesis = EventDraft(kind: .genesis, patient: nil, clinicalTime: nil, payload: .object([
                    ("logId", .string(UUID().uuidString.lowercased())), ("productVersion", .string(productVersion)),
                    ("schemaVersion", .number(Double(fileVersion))), ("sqliteVersion", .string(sqliteVersion)),
                ]))
                _ = try append([(genesis, nil)], author: .system, onlyIfEmpty: true)
            }
            try checkSchema()
            return refusal
        } catch let error as EventLogError {
            throw error
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    /// The schema, version 1: the events. Frozen: a later schema is a new version with its own
    /// migration (`addAccounts` makes version 2).
    static func createSchema(_ db: Database) throws {
        try db.execute(sql: """
            PRAGMA application_id = \(applicationID);
            CREATE TABLE event (
                seq INTEGER PRIMARY KEY CHECK (seq >= 1),
                id TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                patient TEXT,
                clinicalTime TEXT,
                recordTime TEXT NOT NULL,
                timeZone TEXT NOT NULL,
                authorId TEXT NOT NULL,
                authorRole TEXT NOT NULL,
                terminal TEXT NOT NULL,
                productVersion TEXT NOT NULL,
                payload TEXT NOT NULL,
                prevHash TEXT NOT NULL,
                hash TEXT NOT NULL
            );
            CREATE INDEX eventPatient ON event(patient, seq);
            CREATE INDEX eventKind ON event(kind, patient, seq, clinicalTime);
            CREATE TRIGGER eventNoUpdate BEFORE UPDATE ON event
                BEGIN SELECT RAISE(ABORT, 'the aegrade log is append-only: events cannot be changed'); END;
            CREATE TRIGGER eventNoDelete BEFORE DELETE ON event
                BEGIN SELECT RAISE(ABORT, 'the aegrade log is append-only: events cannot be deleted'); END;
            CREATE TRIGGER eventNoReplace BEFORE INSERT ON event
                WHEN EXISTS (SELECT 1 FROM event WHERE seq = NEW.seq) OR EXISTS (SELECT 1 FROM event WHERE id = NEW.id)
                BEGIN SELECT RAISE(ABORT, 'the aegrade log is append-only: events cannot be replaced'); END;
            PRAGMA user_version = \(schemaVersionBeforeAccounts);
            """)
    }

    /// Checks that the file is an aegrade log this product reads.
    private func checkSchema() throws(EventLogError) {
        do {
            let (application, version, hasTable) = try queue.read { db in
                (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                 try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0,
                 try db.tableExists("event"))
            }
            guard application == Self.applicationID, hasTable else {
                throw EventLogError.notALog(path: path, detail: "an SQLite database without the aegrade event table")
            }
            guard Self.knownSchemaVersions.contains(version) else { throw EventLogError.unknownSchema(path: path, version: version) }
        } catch let error as EventLogError {
            throw error
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    package func append(_ drafts: [EventDraft], author: Author) throws(EventLogError) -> [RecordedEvent] {
        try append(drafts.map { ($0, nil) }, author: author, onlyIfEmpty: false)
    }

    package func appendLinked(_ first: EventDraft, author: Author, then: (RecordedEvent) -> EventDraft) throws(EventLogError) -> [RecordedEvent] {
        try withoutActuallyEscaping(then) { (then) throws(EventLogError) in
            try append([(first, { [then($0)] })], author: author, onlyIfEmpty: false)
        }
    }

    package func appendFollowed(_ first: EventDraft, author: Author, by then: (RecordedEvent) -> [EventDraft]) throws(EventLogError) -> [RecordedEvent] {
        try withoutActuallyEscaping(then) { (then) throws(EventLogError) in
            try append([(first, then)], author: author, onlyIfEmpty: false)
        }
    }

    package func appendPairs(_ pairs: [(EventDraft, (RecordedEvent) -> EventDraft)], author: Author) throws(EventLogError) -> [RecordedEvent] {
        try append(pairs.map { pair in (pair.0, { [pair.1($0)] }) }, author: author, onlyIfEmpty: false)
    }

    /// Appends each draft, followed (when given) by the drafts made from it as recorded, all in one
    /// IMMEDIATE transaction, signed with the writer's key (``EventSigner/current``, read here,
    /// before the transaction's queue).
    private func append(_ drafts: [(EventDraft, ((RecordedEvent) -> [EventDraft])?)], author: Author,
                        onlyIfEmpty: Bool) throws(EventLogError) -> [RecordedEvent] {
        guard !drafts.isEmpty else { return [] }
        if let writeRefusal { throw writeRefusal }
        let signer = EventSigner.current
        do {
            return try DeferredLogin.appending(as: author) { login in
                try queue.write { db -> [RecordedEvent] in
                    try insert(drafts, author: author, onlyIfEmpty: onlyIfEmpty, login: login, signer: signer, in: db)
                }
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    /// The head of the chain: its last seq, hash and record time. A statement compiled once per
    /// connection (GRDB's query interface built and compiled it again for every append).
    static let headSQL = "SELECT \(EventRow.Columns.seq.name), \(EventRow.Columns.hash.name), \(EventRow.Columns.recordTime.name) "
        + "FROM event ORDER BY \(EventRow.Columns.seq.name) DESC LIMIT 1"

    /// `draft` as the event at `seq` after `prevHash`, by `writer` at `recordTime` from this
    /// terminal, with its hash, and the payload's text its hash covers; refused when the log would
    /// keep a text otherwise than the hash covers it (``checkStorable(_:payloadText:)``). Reads and
    /// writes nothing, so an append built ahead of its transaction makes its events here too.
    func builtEvent(_ draft: EventDraft, seq: Int64, prevHash: String, recordTime: String, writer: Author) throws -> (RecordedEvent, String) {
        let (payload, payloadText) = draft.payloadValue.canonicalWithText
        let id = EventID.random()
        let hash = CanonicalEvent.hash(CanonicalEvent.Fields(
            seq: seq, id: id, kind: draft.kind.rawValue, patient: draft.patient, clinicalTime: draft.clinicalTime,
            recordTime: recordTime, timeZone: timeZone, authorId: writer.id, authorRole: writer.role.rawValue,
            terminal: terminal, productVersion: productVersion, payloadText: payloadText, prevHash: prevHash))
        let event = RecordedEvent(seq: seq, id: id, kind: draft.kind, patient: draft.patient, clinicalTime: draft.clinicalTime,
                                  recordTime: recordTime, timeZone: timeZone, author: writer, terminal: terminal,
                                  productVersion: productVersion, payloadValue: payload, prevHash: prevHash, hash: hash)
        try Self.checkStorable(event, payloadText: payloadText)
        return (event, payloadText)
    }

    /// The event's row, through one INSERT compiled once per connection: GRDB's record insert
    /// encoded the row into a dictionary and looked its statement up by name on every append.
    static func insertRow(_ event: RecordedEvent, payloadText: String, _ db: Database) throws {
        let values: [(any DatabaseValueConvertible)?] = [
            event.seq, event.id, event.kind.rawValue, event.patient, event.clinicalTime, event.recordTime, event.timeZone,
            event.author.id, event.author.role.rawValue, event.terminal, event.productVersion, payloadText, event.prevHash, event.hash,
        ]
        try db.cachedStatement(sql: insertSQL).execute(arguments: StatementArguments(values))
    }

    static let insertSQL = "INSERT INTO event (" + EventRow.Columns.all.map(\.name).joined(separator: ", ") + ") VALUES ("
        + EventRow.Columns.all.map { _ in "?" }.joined(separator: ", ") + ")"

    /// Inserts each draft, followed (when given) by the draft made from it as recorded, inside the
    /// write transaction open on `db`, chained to the head of the log, and returns them as
    /// recorded. `pausing`: whether the test hook that holds a write before its commit holds this
    /// one (not an account event's, so that a test holds the entry a command writes after its
    /// sign-in).
    ///
    /// Before them, aegrade's own events when due: the `logKey` event that starts signed events
    /// (`registeringLogKey`, with a log's first account event), and a `clockAnomaly` when the
    /// clock was set backwards or forwards (C-TIME-4); then the author's sign-in when it waited for this
    /// transaction (`login`, ``DeferredLogin``). Each event gets its `eventWrite` row (a log of
    /// schema version 3): its signature and the clock's status.
    func insert(_ drafts: [(EventDraft, ((RecordedEvent) -> [EventDraft])?)], author: Author, onlyIfEmpty: Bool,
                pausing: Bool = true, registeringLogKey: Bool = false, login: EventDraft? = nil, signer: EventSigner?,
                in db: Database) throws -> [RecordedEvent] {
        try checkPendingStanding(of: author, kinds: drafts.map(\.0.kind), db)
        let head = try Row.fetchOne(db.cachedStatement(sql: Self.headSQL))
        if onlyIfEmpty, head != nil { return [] }
        var seq: Int64 = 0
        var prevHash = CanonicalEvent.genesisPrevHash
        var previousRecordTime: String?
        if let head {
            guard let last = head.integer(EventRow.Columns.seq.name) else { throw RowProblem(seq: 0, message: "seq is not an integer") }
            seq = last
            prevHash = try head.requiredText(EventRow.Columns.hash.name, seq: last)
            previousRecordTime = try head.text(EventRow.Columns.recordTime.name, seq: last)
        }
        // Record time is read inside the write transaction, so the order of record times
        // follows the order of the chain on a clock that does not step backwards.
        let recordMillis = WriterIdentity.recordMillis(offsetSeconds: settings.clockOffsetSeconds ?? 0)
        let recordTime = WriterIdentity.recordTime(millis: recordMillis)
        let clock = ClockStatus.now()
        let writesRows = try db.tableExists("eventWrite")
        var system: [EventDraft] = []
        var drafts = drafts
        if registeringLogKey, writesRows, let key = try keyToRegister(db) {
            // The log's first account event by aegrade (its first administrator) carries the
            // key; another (a log that had accounts before signed events) follows a `logKey` event.
            if author == .system, let first = drafts.first, case .object(var members) = first.0.payload {
                members.append((PayloadKey.logKey.rawValue, .string(key.publicKeyHex)))
                drafts[0].0.payload = .object(members)
            } else {
                system.append(EventDraft(kind: .logKey, patient: nil, clinicalTime: nil,
                                         payload: .object([(PayloadKey.logKey.rawValue, .string(key.publicKeyHex))])))
            }
        }
        if let previousRecordTime,
           let anomaly = try clockAnomalyDraft(db, previousSeq: seq, previous: previousRecordTime, recordMillis: recordMillis, recordTime: recordTime, clock: clock) {
            system.append(anomaly)
        }
        let hasSystemEvents = !system.isEmpty || author == .system
        let logKey = writesRows && hasSystemEvents ? self.logKey(create: false) : nil
        var recorded: [RecordedEvent] = []
        // Each draft with its follow-ups, its author, and whether it is returned (aegrade's own
        // events before the caller's are not).
        var pending: [(EventDraft, ((RecordedEvent) -> [EventDraft])?, Author, Bool)] = []
        for draft in system { pending.append((draft, nil, .system, false)) }
        if let login { pending.append((login, nil, author, false)) }
        for (draft, then) in drafts { pending.append((draft, then, author, true)) }
        var index = 0
        while index < pending.count {
            let (draft, then, writer, returned) = pending[index]
            index += 1
            seq += 1
            let (event, payloadText) = try builtEvent(draft, seq: seq, prevHash: prevHash, recordTime: recordTime, writer: writer)
            try Self.insertRow(event, payloadText: payloadText, db)
            if writesRows { try Self.writeSignature(db, event: event, signer: signer, logKey: logKey, clock: clock) }
            prevHash = event.hash
            if returned { recorded.append(event) }
            // The linked drafts go right after their first, so each group stays adjacent.
            if let then { pending.insert(contentsOf: then(event).map { ($0, nil, writer, true) }, at: index) }
        }
        if pausing { TestHooks.pauseBeforeCommit(settings.pauseBeforeCommitSeconds) }
        return recorded
    }
}
