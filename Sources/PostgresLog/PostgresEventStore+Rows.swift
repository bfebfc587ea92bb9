import Clinical
import EventLog
import Foundation

/// Writing a transaction's rows: its events and their signature rows, in as few statements as the
/// protocol allows. Each statement is a round trip to the server (PostgresNIO sends one statement
/// per extended-query exchange and never pipelines), and on a durable append the round trips were
/// most of what aegrade added to the commit's own flush (README, "Tests and benchmarks",
/// `Benchmarks/postgres-append.sh`): so the events of a chunk are one multi-row INSERT, and their
/// signature rows go with it as a data-modifying `WITH` of the same statement (PostgreSQL
/// documentation, "Data-Modifying Statements in WITH": executed once and to completion; the
/// foreign key to `event` is checked at the statement's end, when the chunk's events are there).
extension PostgresEventStore {
    /// One event as it is written: its hashed form, the payload's canonical text (what the hash
    /// covers), and its signature row (public key and signature, hex), nil for an unsigned event.
    struct EventRow {
        var event: RecordedEvent
        var payloadText: String
        var signature: (publicKey: String, signature: String)?
    }

    /// Events per statement: 14 parameters an event and 3 a signature keep a statement far below
    /// the protocol's 65,535 parameters.
    static let rowsPerStatement = 200

    /// Inserts `rows` in seq order, a chunk per statement. A text holding a NUL, which PostgreSQL
    /// cannot keep, refuses the whole batch before anything is sent.
    func insertRows(_ rows: [EventRow]) throws(EventLogError) {
        for statement in try insertStatements(rows) { try session.run(statement.sql, statement.binds) }
    }

    /// The statements inserting `rows` in seq order, a chunk each (`insertStatement`), for a caller
    /// that hands them to the connection with others (an append, with its COMMIT). A text holding
    /// a NUL, which PostgreSQL cannot keep, refuses the whole batch: nothing is made to send.
    ///
    /// `unlessAccountEventsAfter`: the seq through which the writer's account directory is kept;
    /// each statement then inserts nothing when the site has an account event after it and before
    /// `rows` (`insertStatement`), and answers the seq of each row it inserted.
    func insertStatements(_ rows: [EventRow], unlessAccountEventsAfter kept: Int64? = nil) throws(EventLogError) -> [PostgresSession.Statement] {
        try refuseTextsWithNUL(rows)
        var statements: [PostgresSession.Statement] = []
        var start = 0
        while start < rows.count {
            let chunk = rows[start..<min(rows.count, start + Self.rowsPerStatement)]
            let guarded = kept.flatMap { kept in rows.first.map { (after: kept, before: $0.event.seq) } }
            let (sql, binds) = Self.insertStatement(site: url.site, rows: chunk, unlessAccountEventsBetween: guarded)
            statements.append(PostgresSession.Statement(sql, binds))
            start += chunk.count
        }
        return statements
    }

    /// Refuses `rows` when a text of theirs holds a NUL character, which PostgreSQL cannot keep.
    func refuseTextsWithNUL(_ rows: [EventRow]) throws(EventLogError) {
        for row in rows {
            let event = row.event
            let hasNUL = Self.holdsNUL(event.id) || Self.holdsNUL(event.kind.rawValue) || Self.holdsNUL(event.patient)
                || Self.holdsNUL(event.clinicalTime) || Self.holdsNUL(event.recordTime) || Self.holdsNUL(event.timeZone)
                || Self.holdsNUL(event.author.id) || Self.holdsNUL(event.author.role.rawValue) || Self.holdsNUL(event.terminal)
                || Self.holdsNUL(event.productVersion) || Self.holdsNUL(row.payloadText) || Self.holdsNUL(event.prevHash)
                || Self.holdsNUL(event.hash)
            if hasNUL {
                throw .refused("\(url.description): a text of event \(event.seq) holds a NUL character, which PostgreSQL does not keep; nothing was written")
            }
        }
    }

    /// Whether `text` holds a NUL: `memchr` over its UTF-8 where the string keeps it in one piece
    /// (a native string does), with no array of the row's texts made (the generic search and that
    /// array were 2 % of `record`'s CPU, `perf`).
    static func holdsNUL(_ text: String?) -> Bool {
        guard let text else { return false }
        if let found = text.utf8.withContiguousStorageIfAvailable({ bytes in
            bytes.isEmpty ? false : memchr(bytes.baseAddress!, 0, bytes.count) != nil
        }) { return found }
        return text.utf8.contains(0)
    }

    /// The standing guard's condition: no account event of site `$1` with a seq after parameter
    /// `after` and before parameter `before`, one probe of the partial index `event_account`
    /// (``PostgresSchema``), whose predicate is this condition's list of kinds.
    static func accountEventsGuard(after: Int, before: Int) -> String {
        "NOT EXISTS (SELECT 1 FROM event WHERE site = $1 AND kind IN (\(SQLiteEventStore.accountKindsSQL)) "
            + "AND seq > $\(after)::bigint AND seq < $\(before)::bigint)"
    }

    /// The statement inserting `rows` (and their signature rows) at `site`, with its parameters:
    /// `$1` the site, then each event's 14 columns, then each signature's seq, key and signature.
    ///
    /// With `unlessAccountEventsBetween` (`after`, `before`), the rows are inserted only when the
    /// site has no account event (`userAdmin`, `login`, `security`) with a seq after `after` and
    /// before `before` — the transaction's own first event — and the statement answers the seq of
    /// each row it inserted (none when it inserted nothing). An append whose writer's standing is
    /// to be checked under the site's lock sends this instead of reading the account events first
    /// (README, "The log on PostgreSQL", Concurrency): under the lock no other transaction of the
    /// site can add an account event, so the statement sees the very events the read would have
    /// returned, and when there are any it writes nothing and the append reads them and starts
    /// again. Every chunk of a transaction is guarded by the same range, which its own earlier
    /// chunks do not reach: all of them insert, or none. The guard is one probe of `event_account`,
    /// the site's account events only, which the generic plan the prepared statement settles on
    /// reads as a plan made with the values would (``PreparedStatements`` says why).
    ///
    /// With `assumingHead` (an entry built ahead, ``AppendAhead``), the statement first takes the
    /// site's lock and reads its head and the server's clock (`aegrade_site_head`, a CTE of its
    /// own, so read after the lock), and inserts only when the head is that one (seq and hash)
    /// and its time is at most `aheadTimeLimitMillis` before the clock (and not after it); it
    /// answers each inserted row's seq with that clock reading.
    static func insertStatement(site: String, rows: ArraySlice<EventRow>,
                                unlessAccountEventsBetween guarded: (after: Int64, before: Int64)? = nil,
                                assumingHead head: ChainHead? = nil,
                                aheadTimeLimitMillis: Int64 = defaultAheadTimeLimitMillis) -> (sql: String, binds: [String?]) {
        // The parameters in the order the text numbers them (`InsertShape.text`).
        var binds: [String?] = [site]
        binds.reserveCapacity(1 + 17 * rows.count + 5)
        for row in rows {
            let event = row.event
            binds += [String(event.seq), event.id, event.kind.rawValue, event.patient, event.clinicalTime, event.recordTime, event.timeZone,
                      event.author.id, event.author.role.rawValue, event.terminal, event.productVersion, row.payloadText, event.prevHash,
                      event.hash]
        }
        if let head { binds += [String(head.seq), head.hash, head.serverTime] }
        if let guarded { binds += [String(guarded.after), String(guarded.before)] }
        for row in rows {
            guard let signature = row.signature else { continue }
            binds += [String(row.event.seq), signature.publicKey, signature.signature]
        }
        let shape = InsertShape(signed: rows.map { $0.signature != nil }, assumingHead: head != nil, guarded: guarded != nil,
                                aheadTimeLimitMillis: aheadTimeLimitMillis)
        return (shape.cachedText, binds)
    }
}
