import Clinical
import EventLog

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
            let texts: [String?] = [event.id, event.kind.rawValue, event.patient, event.clinicalTime, event.recordTime, event.timeZone,
                                    event.author.id, event.author.role.rawValue, event.terminal, event.productVersion, row.payloadText,
                                    event.prevHash, event.hash]
            if texts.contains(where: { $0?.utf8.contains(0) == true }) {
                throw .refused("\(url.description): a text of event \(event.seq) holds a NUL character, which PostgreSQL does not keep; nothing was written")
            }
        }
    }

    /// The standing guard's condition: no account event of site `$1` with a seq after parameter
    /// `after` and before parameter `before`, one `event_kind` probe per account kind.
    static func accountEventsGuard(after: Int, before: Int) -> String {
        SQLiteEventStore.accountKinds.map { kind in
            "NOT EXISTS (SELECT 1 FROM event WHERE site = $1 AND kind = '\(kind.rawValue)' AND seq > $\(after)::bigint AND seq < $\(before)::bigint)"
        }.joined(separator: " AND ")
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
    /// chunks do not reach: all of them insert, or none. The guard is one `NOT EXISTS` per account
    /// kind, each an `event_kind` probe on all three of its columns, so that the generic plan the
    /// prepared statement settles on reads that index as a plan made with the values would
    /// (``PreparedStatements`` says why).
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
        var binds: [String?] = [site]
        var values: [String] = []
        values.reserveCapacity(rows.count)
        for row in rows {
            let event = row.event
            let first = binds.count + 1
            binds += [String(event.seq), event.id, event.kind.rawValue, event.patient, event.clinicalTime, event.recordTime, event.timeZone,
                      event.author.id, event.author.role.rawValue, event.terminal, event.productVersion, row.payloadText, event.prevHash,
                      event.hash]
            values.append("($1, $\(first)::bigint, " + (first + 1...first + 13).map { "$\($0)" }.joined(separator: ", ") + ")")
        }
        var insertEvents = """
            INSERT INTO event (site, seq, id, kind, patient, clinical_time, record_time, time_zone, author_id, author_role, terminal,
                               product_version, payload, prev_hash, hash)
            VALUES \(values.joined(separator: ", "))
            """
        var conditions: [String] = []
        if let head {
            // First, so that the lock is taken and the head read before the guard is evaluated.
            binds += [String(head.seq), head.hash, head.serverTime]
            let (seq, hash, time) = (binds.count - 2, binds.count - 1, binds.count)
            conditions.append("(SELECT h.head_seq = $\(seq) AND h.head_hash = $\(hash) AND h.record_time::timestamptz - $\(time)::timestamptz "
                              + "BETWEEN interval '0 seconds' AND interval '\(aheadTimeLimitMillis) milliseconds' FROM head AS h)")
        }
        if let guarded {
            binds += [String(guarded.after), String(guarded.before)]
            conditions.append(accountEventsGuard(after: binds.count - 1, before: binds.count))
        }
        if !conditions.isEmpty {
            insertEvents = """
                INSERT INTO event (site, seq, id, kind, patient, clinical_time, record_time, time_zone, author_id, author_role, terminal,
                                   product_version, payload, prev_hash, hash)
                SELECT * FROM (VALUES \(values.joined(separator: ", "))) AS v WHERE \(conditions.joined(separator: " AND ")) RETURNING seq::text
                """
        }
        // The site's lock and head, read by a statement of the function's own after the lock.
        let headCTE = head == nil ? "" : "head AS MATERIALIZED (\(PostgresSchema.siteHead)), "
        let answer = head == nil ? "SELECT seq FROM events" : "SELECT e.seq, h.record_time FROM events AS e, head AS h ORDER BY e.seq::bigint"
        var signatures: [String] = []
        for row in rows {
            guard let signature = row.signature else { continue }
            let first = binds.count + 1
            binds += [String(row.event.seq), signature.publicKey, signature.signature]
            signatures.append("($1, $\(first)::bigint, $\(first + 1), $\(first + 2))")
        }
        guard !signatures.isEmpty else {
            return (head == nil ? insertEvents : "WITH \(headCTE)events AS (\(insertEvents)) \(answer)", binds)
        }
        guard !conditions.isEmpty else {
            return ("WITH events AS (\(insertEvents)) INSERT INTO event_signature (site, seq, public_key, signature) VALUES "
                    + signatures.joined(separator: ", "), binds)
        }
        // The signature rows only with their events; the events' seqs are the answer.
        return ("WITH \(headCTE)events AS (\(insertEvents)), signatures AS (INSERT INTO event_signature (site, seq, public_key, signature) "
                + "SELECT * FROM (VALUES \(signatures.joined(separator: ", "))) AS s WHERE EXISTS (SELECT 1 FROM events)) \(answer)", binds)
    }
}
