import Clinical
import EventLog
import Foundation
import Synchronization

/// The event log on a PostgreSQL server: one database for a trial, one hash chain per site
/// (README, "The log on PostgreSQL"). A store reads and appends the chain of its URL's site.
///
/// The events and their hashes are the same as in SQLite (`CanonicalEvent`): an export verifies
/// with `Examples/verify-log-export.py` whichever store wrote it. The site is bound into its chain
/// by the chain's genesis event, whose payload names it; the `site` column only finds the rows.
///
/// Concurrency: an append takes a transaction-scoped advisory lock on its site
/// (`pg_advisory_xact_lock`), reads the site's head, inserts after it and commits, which releases
/// the lock. The lock and the head are one call of the schema's `aegrade_site_head`, the events and
/// their signatures one statement (`insertStatements`): BEGIN, those two and COMMIT are an append's
/// statements, handed to the connection in two exchanges (BEGIN with the head, the rows with
/// COMMIT), both made by its event loop, where the rows are made too
/// (`PostgresSession.transactionOnLoop(first:_:)`). The advisory lock rather than a row lock on a head row: the product's role has INSERT
/// and SELECT only, and `SELECT … FOR UPDATE` needs UPDATE; the lock also serialises a site's
/// first append, when there is no row to lock. Writers of different sites take different locks and
/// never wait for each other. The primary key (site, seq) refuses a second event at a seq however
/// it were attempted. Record time is the server's clock in the appending transaction
/// (`clock_timestamp()`, in UTC), read after the lock, so record times follow the chain's order
/// (reliability.md's C-TIME-6 keeps the writer's zone as data: `timeZone`); for an entry `record`
/// built ahead, the clock the previous append read after the same lock, at most a second before
/// this one's (`PostgresEventStore+AppendAhead.swift`), written by one statement between BEGIN
/// and COMMIT that calls `aegrade_site_head` itself (`writeAsBuilt`).
package final class PostgresEventStore: EventStore, StandingCheckedAppends, @unchecked Sendable {
    package enum Mode: Sendable {
        /// Read and append; make the site's genesis event when the site has no events yet.
        case readWrite(create: Bool)
        /// Read only: the session refuses every write (`default_transaction_read_only`).
        case readOnly
        /// Receiving a site's events as its own SQLite log recorded them (`receive`): opens a site
        /// without events too, and makes no genesis event (the site's own comes first).
        case receiving
    }

    package let url: PostgresURL
    let session: PostgresSession
    let productVersion: String
    private let terminal: String
    private let timeZone: String
    /// Where the site's log key is kept on this machine (nil: none).
    package let logKeyPath: String?
    /// The standing check the next append by its author makes under the site's lock
    /// (``StandingCheckedAppends``), set by the recorder's check before a write.
    private let pendingStanding = Mutex<StandingCheck?>(nil)
    /// What a second connection needs (`pipelined`).
    private let password: String?
    private let lockTimeoutMilliseconds: Int
    /// How old a record time taken ahead may be when its entry is written
    /// (``defaultAheadTimeLimitMillis``).
    let aheadTimeLimitMillis: Int64
    /// The connection that writes entries built ahead (``PipelinedConnection``), made at the first.
    private let pipelined = Mutex<PipelinedConnection?>(nil)

    /// Connects to the log at `url` (its schema made by `PostgresSchema.create`).
    ///
    /// - Throws: `.missing` when the database has no log schema or (unless `mode` creates it) the
    ///   site has no events; `.io` when the server cannot be reached or refuses the role.
    /// `logKeyPath`: the file of the site's log key (README, "The log on PostgreSQL"), made there
    /// when the site's first account event registers it; nil for none (events by `system` are
    /// then written unsigned, and no key is registered).
    package init(url: PostgresURL, password: String?, mode: Mode, lockTimeoutMilliseconds: Int = 60_000,
                 productVersion: String = Product.version, logKeyPath: String? = nil,
                 aheadTimeLimitMillis: Int64 = PostgresEventStore.defaultAheadTimeLimitMillis) throws(EventLogError) {
        self.url = url
        self.aheadTimeLimitMillis = aheadTimeLimitMillis
        self.logKeyPath = logKeyPath
        self.password = password
        self.lockTimeoutMilliseconds = lockTimeoutMilliseconds
        self.productVersion = productVersion
        terminal = WriterIdentity.terminal()
        timeZone = WriterIdentity.timeZone()
        var readOnly = false
        if case .readOnly = mode { readOnly = true }
        session = try PostgresSession(url: url, password: password, lockTimeoutMilliseconds: lockTimeoutMilliseconds, readOnly: readOnly)
        let version = try session.rows("SELECT version::text FROM aegrade_schema").first?.first ?? nil
        guard let version, Int(version) == PostgresSchema.version else {
            throw .unknownSchema(path: url.description, version: version.flatMap { Int($0) } ?? 0)
        }
        let hasEvents = try session.rows("SELECT site FROM event WHERE site = $1 LIMIT 1", [url.site]).count == 1
        guard !hasEvents else { return }
        if case .receiving = mode { return }
        guard case .readWrite(create: true) = mode else { throw .missing(path: url.description) }
        let server = try session.rows("SHOW server_version").first?.first ?? nil
        let genesis = EventDraft(kind: .genesis, patient: nil, clinicalTime: nil, payload: .object([
            ("logId", .string(UUID().uuidString.lowercased())), ("postgresVersion", .string(server ?? "?")),
            ("productVersion", .string(productVersion)), ("schemaVersion", .number(Double(PostgresSchema.version))),
            ("site", .string(url.site)),
        ]))
        _ = try append([(genesis, nil)], author: .system, onlyIfEmpty: true)
        // The tables' statistics, taken now by the role that makes the site (`log init`, the
        // database's owner; any other role's ANALYZE is skipped with a warning): a table never
        // analyzed has none until autovacuum's first ANALYZE, up to a minute later, and meanwhile
        // the generic plans a writing session keeps (`PreparedStatements`) are made on guesses —
        // the standing guard read a site's whole `event_patient` index on every append
        // (`postgres-append.sh STATEMENTS=1`, first round: the INSERT 400 µs against 140 µs).
        // Those plans are made again when autovacuum's statistics come.
        try? session.run("ANALYZE event, event_signature")
    }

    package var description: String { url.description }

    /// The store's pipelined connection, made when first asked for.
    func pipelinedConnection() throws(EventLogError) -> PipelinedConnection {
        try pipelined.withLock { (connection) throws(EventLogError) -> PipelinedConnection in
            if let connection { return connection }
            let made = try PipelinedConnection(url: url, password: password, lockTimeoutMilliseconds: lockTimeoutMilliseconds)
            connection = made
            return made
        }
    }

    package func checkStanding(_ check: StandingCheck) {
        pendingStanding.withLock { $0 = check }
    }

    // MARK: Appending

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

    /// Appends each draft, followed (when given) by the drafts made from it as recorded, in one
    /// transaction holding the site's lock, signed with the writer's key (``EventSigner/current``,
    /// read here) or, for `system`, the site's log key. An account event (`credential` path)
    /// registers the site's log key first when the site has none yet, as in SQLite. When the
    /// author's standing is to be checked (``StandingCheck``), the account events committed before
    /// the lock are read with the head and the append is refused, nothing written, when the
    /// standing refuses it.
    func append(_ drafts: [(EventDraft, ((RecordedEvent) -> [EventDraft])?)], author: Author,
                onlyIfEmpty: Bool, registeringLogKey: Bool = false, credential: StoredCredential? = nil) throws(EventLogError) -> [RecordedEvent] {
        try append(drafts, author: author, onlyIfEmpty: onlyIfEmpty, registeringLogKey: registeringLogKey, credential: credential,
                   ahead: nil, beforeCommit: nil).events
    }

    /// ``append(_:author:onlyIfEmpty:registeringLogKey:credential:)``, with the rows `ahead` built
    /// written as built when they may be (``aheadUse(_:read:author:signer:login:)``, checked on
    /// the head read under the lock; built again as any append's otherwise), and `beforeCommit`
    /// given the head the append leaves — its last event and the server's clock read under the
    /// lock — once its rows are made, on the connection's event loop, before they are sent with
    /// COMMIT (README, "Tests and benchmarks", `postgres-append.sh`); for rows written as built,
    /// once the statement has answered, as `handingHead` asks (`writeAsBuilt`).
    func append(_ drafts: [(EventDraft, ((RecordedEvent) -> [EventDraft])?)], author: Author, onlyIfEmpty: Bool,
                registeringLogKey: Bool = false, credential: StoredCredential? = nil,
                ahead: AppendAhead?, handingHead: HeadHandOff = .beforeCommit,
                beforeCommit: ((ChainHead) -> Void)?) throws(EventLogError) -> (events: [RecordedEvent], ahead: AheadUse?) {
        guard !drafts.isEmpty else { return ([], nil) }
        let signer = EventSigner.current
        let standing = claimStandingCheck(for: author, kinds: drafts.map { $0.0.kind })
        // Two exchanges with the connection (`PostgresSession.transactionOnLoop(first:_:)`): BEGIN
        // with the site's lock and head, then the rows (and the credential) with COMMIT. The
        // events are made in between, once the head and the server's clock are known, on the
        // connection's event loop (one wake-up of this thread an append), unless the site's log
        // key is to be registered, which reads the chain for a registration with a statement of
        // its own: then on this thread (`PostgresSession.transaction(first:_:)`).
        //
        // The standing check, when there is one, needs the account events after the kept
        // directory's last, as committed before the lock. Usually there are none: the rows'
        // INSERT then carries the check (`insertStatement`, `unlessAccountEventsBetween`: it
        // writes nothing when there are any), and only when it wrote nothing is the append made
        // again with the events read in its first exchange, right after the lock (under READ
        // COMMITTED each statement sees what was committed before it began) and folded onto the
        // kept directory, which may refuse the append. Either way the standing refused on the
        // kept directory alone refuses it before anything is sent with COMMIT.
        let head = PostgresSession.Statement(PostgresSchema.siteHead, [url.site])
        let standingRead = standing.map { PostgresSession.Statement(Self.accountEventsAfterSQL, [url.site, String($0.kept.through)]) }
        return try DeferredLogin.appending(as: author) { (login) throws(EventLogError) in
            // An entry built ahead for this write: in one statement when the head is still the
            // one it assumed (`writeAsBuilt`); else, or when the guard found account events, as
            // any append below, which checks it again on the head it reads.
            if let ahead, ahead.isFor(author: author, signer: signer, login: login), !onlyIfEmpty, !registeringLogKey, credential == nil,
               try writeAsBuilt(ahead, unlessAccountEventsAfter: standing?.kept.through, handingHead: handingHead,
                                beforeCommit: beforeCommit) {
                return (ahead.events, .used)
            }
            // `answers`: the head's rows, then the account events' when they were read (`read`).
            let make = { (answers: [[PostgresSession.CellRow]], read: Bool)
                throws(EventLogError) -> (last: [PostgresSession.Statement], answer: (events: [RecordedEvent], ahead: AheadUse?)) in
                if let standing {
                    let added = read ? try answers[1].map { (cells) throws(EventLogError) -> RecordedEvent in try self.decoded(StoredEvent(cells: cells)) } : []
                    if let refusal = standing.check.refusal(adding: added, onto: standing.kept) {
                        throw .refused("\(self.url.description): \(refusal); nothing was written")
                    }
                }
                let headRow = answers[0].first.map { cells in cells.map { $0?.text } }
                let use = ahead.map { self.aheadUse($0, read: headRow, author: author, signer: signer, login: login) }
                let rows: [EventRow], recorded: [RecordedEvent]
                if let ahead, use == .used {
                    (rows, recorded) = (ahead.rows, ahead.events)
                } else {
                    (rows, recorded) = try self.events(drafts, after: headRow, author: author, onlyIfEmpty: onlyIfEmpty,
                                                       registeringLogKey: registeringLogKey, login: login, signer: signer)
                }
                if let beforeCommit, let last = rows.last?.event, let serverTime = headRow?[2] {
                    beforeCommit(ChainHead(seq: last.seq, hash: last.hash, serverTime: serverTime))
                }
                var last = try self.insertStatements(rows, unlessAccountEventsAfter: read ? nil : standing?.kept.through)
                if let credential, let event = recorded.first {
                    last.append(PostgresSession.Statement("""
                        INSERT INTO credential (site, seq, user_id, kind, kdf, parameters, salt, verifier, one_time, sealed_key)
                        VALUES ($1, $2::bigint, $3, $4, $5, $6, $7, $8, $9::boolean, $10)
                        """, [self.url.site, String(event.seq), credential.user, credential.kind.rawValue, credential.kdf, credential.parameters,
                              LowercaseHex.text(credential.salt), LowercaseHex.text(credential.verifier), credential.oneTime ? "true" : "false",
                              credential.sealedKey.map { LowercaseHex.text($0) }]))
                }
                return (last, (recorded, use))
            }
            let withRead = [head] + [standingRead].compactMap { $0 }
            if registeringLogKey { return try session.transaction(first: withRead) { (answers) throws(EventLogError) in try make(answers, true) } }
            guard standingRead != nil else {
                return try session.transactionOnLoop(first: [head]) { (answers) throws(EventLogError) in try make(answers, true) }.answer
            }
            let (written, last) = try session.transactionOnLoop(first: [head]) { (answers) throws(EventLogError) in try make(answers, false) }
            // Written unless the INSERT found account events to fold (no rows at all when the
            // site had events and `onlyIfEmpty`). Made again, the rows built ahead are checked
            // again on the head read then.
            guard !written.events.isEmpty, last.first?.isEmpty == true else { return written }
            return try session.transactionOnLoop(first: withRead) { (answers) throws(EventLogError) in try make(answers, true) }.answer
        }
    }

    /// The standing check pending for an append by `author` of drafts of `kinds`, taken (it is
    /// made once), with the kept directory it folds onto; nil when there is none for this append.
    private func claimStandingCheck(for author: Author, kinds: [EventKind])
        -> (check: StandingCheck, kept: (directory: AccountDirectory, through: Int64))? {
        let check = pendingStanding.withLock { (pending) -> StandingCheck? in
            guard let check = pending, check.applies(to: author, kinds: kinds) else { return nil }
            pending = nil
            return check
        }
        return check.map { ($0, $0.standing.snapshot) }
    }

    /// The rows to insert after the site's head `read` (`aegrade_site_head`: last seq, its hash,
    /// the server's clock, read under the site's lock), and the events returned: each draft,
    /// followed (when given) by the drafts made from it as recorded, each hashed in turn and signed.
    /// Before them, when `registeringLogKey` and the site has no log key registered, the key's
    /// registration: in the first administrator's `userAdmin` event by `system` (`logKey` in its
    /// payload), else a `logKey` event of its own (not returned); then the author's sign-in when
    /// it waited for this transaction (`login`, ``DeferredLogin``, not returned). No rows when
    /// `onlyIfEmpty` and the site has events.
    private func events(_ drafts: [(EventDraft, ((RecordedEvent) -> [EventDraft])?)], after read: PostgresSession.Row?, author: Author,
                        onlyIfEmpty: Bool, registeringLogKey: Bool, login: EventDraft?,
                        signer: EventSigner?) throws(EventLogError) -> (rows: [EventRow], recorded: [RecordedEvent]) {
        guard let read, read.count == 3, let recordTime = read[2] else { throw .io(path: url.description, detail: "the server gave no time") }
        if onlyIfEmpty, read[0] != nil { return ([], []) }
        var seq: Int64 = 0
        var prevHash = CanonicalEvent.genesisPrevHash
        if read[0] != nil || read[1] != nil {
            guard let text = read[0], let last = Int64(text), let hash = read[1] else {
                throw .corrupt(path: url.description, detail: "the head of site \(url.site) is not a row aegrade writes")
            }
            seq = last
            prevHash = hash
        }
        var drafts = drafts
        var system: [EventDraft] = []
        if registeringLogKey, try registeredLogKey() == nil, let key = logKey(create: true) {
            if author == .system, let first = drafts.first, case .object(var members) = first.0.payload {
                members.append((PayloadKey.logKey.rawValue, .string(key.publicKeyHex)))
                drafts[0].0.payload = .object(members)
            } else {
                system.append(EventDraft(kind: .logKey, patient: nil, clinicalTime: nil,
                                         payload: .object([(PayloadKey.logKey.rawValue, .string(key.publicKeyHex))])))
            }
        }
        let logKey = (!system.isEmpty || author == .system) ? logKey(create: false) : nil
        var recorded: [RecordedEvent] = []
        // The rows, written together once every event is made (`insertStatements`).
        var rows: [EventRow] = []
        // Each draft with its follow-ups, its author, and whether it is returned.
        var pending: [(EventDraft, ((RecordedEvent) -> [EventDraft])?, Author, Bool)] = system.map { ($0, nil, .system, false) }
        if let login { pending.append((login, nil, author, false)) }
        pending += drafts.map { ($0.0, $0.1, author, true) }
        var index = 0
        while index < pending.count {
            let (draft, then, writer, returned) = pending[index]
            index += 1
            seq += 1
            let row = eventRow(draft, seq: seq, prevHash: prevHash, recordTime: recordTime, writer: writer, signer: signer, logKey: logKey)
            rows.append(row)
            prevHash = row.event.hash
            if returned { recorded.append(row.event) }
            if let then { pending.insert(contentsOf: then(row.event).map { ($0, nil, writer, true) }, at: index) }
        }
        return (rows, recorded)
    }

    /// `draft` as the event at `seq` after `prevHash`, hashed and signed, as its row is written:
    /// made here for every append, in its transaction or ahead of it (``appendAhead(_:author:signer:after:by:)``).
    /// Reads nothing but this store's constants: any thread may make one.
    func eventRow(_ draft: EventDraft, seq: Int64, prevHash: String, recordTime: String, writer: Author,
                  signer: EventSigner?, logKey: LogKey?) -> EventRow {
        let (payload, payloadText) = draft.payloadValue.canonicalWithText
        var event = RecordedEvent(seq: seq, id: EventID.random(), kind: draft.kind, patient: draft.patient,
                                  clinicalTime: draft.clinicalTime, recordTime: recordTime, timeZone: timeZone, author: writer,
                                  terminal: terminal, productVersion: productVersion, payloadValue: payload, prevHash: prevHash, hash: "")
        event.hash = CanonicalEvent.hash(Self.fields(of: event, payloadText: payloadText))
        return EventRow(event: event, payloadText: payloadText, signature: signature(of: event, signer: signer, logKey: logKey))
    }

    static func fields(of event: RecordedEvent, payloadText: String) -> CanonicalEvent.Fields {
        CanonicalEvent.Fields(seq: event.seq, id: event.id, kind: event.kind.rawValue, patient: event.patient,
                              clinicalTime: event.clinicalTime, recordTime: event.recordTime, timeZone: event.timeZone,
                              authorId: event.author.id, authorRole: event.author.role.rawValue, terminal: event.terminal,
                              productVersion: event.productVersion, payloadText: payloadText, prevHash: event.prevHash)
    }
}
