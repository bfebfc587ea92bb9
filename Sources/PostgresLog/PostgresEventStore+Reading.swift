import Clinical
import Dispatch
import EventLog
import PostgresNIO

/// Reading a site's chain: in pages of a few hundred events, each page one statement (its own
/// short snapshot), so no reader holds anything open while the caller works on what it read.
extension PostgresEventStore {
    /// The columns an event is read from, in `StoredEvent`'s order.
    /// (The seq is read as `seq_text`: an output column named `seq` would make `ORDER BY seq` sort
    /// its text, 10 before 9.)
    static let columns = "seq::text AS seq_text, id, kind, patient, clinical_time, record_time, time_zone, author_id, author_role, terminal, "
        + "product_version, payload, prev_hash, hash"

    /// The same columns of `event e`, then the signature's public key and signature of
    /// `event_signature s` (NULL for an unsigned event).
    static let signedColumns = "e.seq::text AS seq_text, e.id, e.kind, e.patient, e.clinical_time, e.record_time, e.time_zone, e.author_id, "
        + "e.author_role, e.terminal, e.product_version, e.payload, e.prev_hash, e.hash, s.public_key, s.signature"

    /// Events per page: each page is one statement, planned and answered on its own, so a pass
    /// over a million events was 2,000 round trips and plans at 500 a page; a page of 4,000 keeps
    /// a few megabytes of rows in memory (README, "Tests and benchmarks").
    static let pageSize = 4_000

    /// Why a stored row is not an event aegrade writes.
    struct RowProblem: Error, CustomStringConvertible {
        var description: String
        static func malformed(_ description: String) -> RowProblem { RowProblem(description: description) }
    }

    /// One stored row, its cells as the server sent them (text format), checked only as far as
    /// reading it needs; a text is made of a cell only where a `String` is wanted.
    struct StoredEvent {
        var cells: PostgresSession.CellRow
        /// The cell's text, nil for NULL (or for a column the row does not have).
        func text(_ column: Int) -> String? { column < cells.count ? cells[column]?.text : nil }
        var seq: Int64? { cells.first??.decimalInt64 }
        var seqText: String? { text(0) }
        var payloadText: String? { text(11) }
        var hash: String? { text(13) }
        var prevHash: String? { text(12) }
        /// The signature row's public key and signature, when read with `signatures` (else nil).
        var publicKey: String? { cells.count > 15 ? text(14) : nil }
        var signature: String? { cells.count > 15 ? text(15) : nil }

        /// The event, or why the row is not one aegrade writes.
        func event() -> Result<RecordedEvent, RowProblem> {
            let seq: Int64, kind: EventKind, role: Role
            switch checkedHead() {
            case .success(let head): (seq, kind, role) = head
            case .failure(let problem): return .failure(problem)
            }
            guard let payload = try? JSONParser.parse(text(11)!) else { return .failure(.malformed("payload is not JSON")) }
            return .success(RecordedEvent(seq: seq, id: text(1)!, kind: kind, patient: text(3), clinicalTime: text(4), recordTime: text(5)!,
                                          timeZone: text(6)!, author: Author(id: text(7)!, role: role), terminal: text(9)!,
                                          productVersion: text(10)!, payload: payload, prevHash: text(12)!, hash: text(13)!))
        }

        /// The row's seq, kind and role, after every check `event()` makes before its payload: the
        /// row's columns, the seq an integer, no required column null, the kind and role known.
        /// No other cell is made a `String` (a replay skims most payloads in place).
        func checkedHead() -> Result<(seq: Int64, kind: EventKind, role: Role), RowProblem> {
            guard cells.count == 14 || cells.count == 16 else { return .failure(.malformed("the row has \(cells.count) columns")) }
            guard let seq else { return .failure(.malformed("seq is not an integer")) }
            let names = ["seq", "id", "kind", "patient", "clinicalTime", "recordTime", "timeZone", "authorId", "authorRole", "terminal",
                         "productVersion", "payload", "prevHash", "hash"]
            for column in [1, 2, 5, 6, 7, 8, 9, 10, 11, 12, 13] where cells[column] == nil {
                return .failure(.malformed("\(names[column]) is null"))
            }
            let kindText = text(2)!, roleText = text(8)!
            guard let kind = EventKind(rawValue: kindText) else { return .failure(.malformed("unknown kind \"\(PrintableText.escaped(kindText))\"")) }
            guard let role = Role(rawValue: roleText) else { return .failure(.malformed("unknown role \"\(PrintableText.escaped(roleText))\"")) }
            return .success((seq, kind, role))
        }

        /// The lowercase hex hash (64 ASCII bytes) of the canonical text of the row's fields as
        /// stored (`CanonicalEvent.hash`, the payload's stored text spliced in), hashed from the
        /// cells in place; nil when a required field is null.
        func recomputedHash(seq: Int64, scratch: inout [UInt8]) -> [UInt8]? {
            for column in [1, 2, 5, 6, 7, 8, 9, 10, 11, 12] where cells[column] == nil { return nil }
            return CanonicalEvent.hash(seq: seq, scratch: &scratch) { field, body in
                guard let cell = cells[PostgresEventStore.column(of: field)] else { return body(nil) }
                cell.withBytes { body($0) }
            }
        }
    }

    /// The stored rows of the site from `seq` on, a page at a time, in seq order, until `body`
    /// returns false; with `signatures`, each row with its signature row's two columns.
    func forEachStoredRow(from seq: Int64, through last: Int64? = nil, signatures: Bool = false,
                          _ body: (StoredEvent) throws(EventLogError) -> Bool) throws(EventLogError) {
        var next = seq
        while true {
            let rows = try page(from: next, through: last, signatures: signatures)
            for row in rows {
                let stored = StoredEvent(cells: row)
                guard try body(stored) else { return }
                guard let seq = stored.seq else { return }
                next = seq + 1
            }
            if rows.count < Self.pageSize { return }
        }
    }

    /// The stored rows of one page of the site's chain: at most `size`, from `seq` on (to
    /// `last`), in seq order.
    func page(from seq: Int64, through last: Int64?, signatures: Bool, size: Int = pageSize) throws(EventLogError) -> [PostgresSession.CellRow] {
        let from = signatures ? "event e LEFT JOIN event_signature s ON s.site = e.site AND s.seq = e.seq" : "event e"
        var sql = "SELECT \(signatures ? Self.signedColumns : Self.columns) FROM \(from) WHERE e.site = $1 AND e.seq >= $2::bigint"
        var binds: [String?] = [url.site, String(seq)]
        if let last {
            sql += " AND e.seq <= $3::bigint"
            binds.append(String(last))
        }
        return try session.cellRows(sql + " ORDER BY e.seq LIMIT \(max(1, size))", binds)
    }

    /// The site's chain from `seq` on (to `last`), a page at a time, each page made into a `Page`
    /// by `read` on a thread of its own while `body` works on the page before, until `body`
    /// returns false: the server answers the next page, and `read` works through it, while the
    /// caller folds (a pass that waited for each page in turn spent much of its time waiting).
    /// One page is read ahead; the page in hand and the one ahead are all a pass holds. (`size`
    /// other than `pageSize` is for tests: a short chain read across many pages.)
    func forEachPage<Page: Sendable>(from seq: Int64, through last: Int64? = nil, size: Int = pageSize,
                                     read: @escaping @Sendable ([PostgresSession.CellRow]) throws(EventLogError) -> Page,
                                     _ body: (Page) throws(EventLogError) -> Bool) throws(EventLogError) {
        let fetch: @Sendable (Int64) -> Result<ReadPage<Page>, EventLogError> = { [self] from in
            do throws(EventLogError) {
                let rows = try page(from: from, through: last, signatures: false, size: size)
                return .success(ReadPage(page: try read(rows), rows: rows.count, lastSeq: rows.last.flatMap { StoredEvent(cells: $0).seq }))
            } catch {
                return .failure(error)
            }
        }
        var ahead = PageAhead(from: seq, fetch)
        // The page read ahead is waited for also when the pass stops early or fails: the session
        // is not left to a read nobody takes.
        defer { _ = ahead.wait() }
        while true {
            let page = try ahead.wait().get()
            let more = page.rows >= max(1, size)
            if more, let lastSeq = page.lastSeq { ahead = PageAhead(from: lastSeq + 1, fetch) }
            guard try body(page.page), more, page.lastSeq != nil else { return }
        }
    }

    /// A page as `forEachPage` reads it: what `read` made of it, its number of rows and its last seq.
    struct ReadPage<Page: Sendable>: Sendable {
        var page: Page
        var rows: Int
        var lastSeq: Int64?
    }

    /// One page read on a thread of its own (`DispatchQueue.global()`), its answer kept until the
    /// pass takes it.
    final class PageAhead<Page: Sendable>: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        /// Set once, before `done` is signalled; read only after waiting for it.
        private var answer: Result<ReadPage<Page>, EventLogError>?

        init(from seq: Int64, _ fetch: @escaping @Sendable (Int64) -> Result<ReadPage<Page>, EventLogError>) {
            DispatchQueue.global().async {
                self.answer = fetch(seq)
                self.done.signal()
            }
        }

        /// The page's answer, once read (every later call answers at once). The read itself is
        /// bounded: the session waits for the server's answer at most its `answerLimit`.
        func wait() -> Result<ReadPage<Page>, EventLogError> {
            done.wait()
            done.signal()
            return answer ?? .failure(.io(path: "", detail: "a page of the log was not read"))
        }
    }

    /// The event of a row, or the damaged log it shows.
    func decoded(_ stored: StoredEvent) throws(EventLogError) -> RecordedEvent {
        switch stored.event() {
        case .success(let event): return event
        case .failure(let problem):
            throw .corrupt(path: url.description, detail: "event \(stored.seqText.map(PrintableText.escaped) ?? "?"): \(problem)")
        }
    }

    package func forEachEvent(from seq: Int64, _ body: (RecordedEvent) throws -> Bool) throws(EventLogError) {
        do {
            try forEachStoredRow(from: seq) { (stored) throws(EventLogError) -> Bool in
                let event = try decoded(stored)
                do {
                    return try body(event)
                } catch let error as EventLogError {
                    throw error
                } catch {
                    throw .io(path: url.description, detail: "\(error)")
                }
            }
        }
    }

    /// The first event the statement finds, decoded.
    func one(_ sql: String, _ binds: [String?]) throws(EventLogError) -> RecordedEvent? {
        guard let row = try session.cellRows("SELECT \(Self.columns) FROM event WHERE site = $1 AND " + sql, [url.site] + binds).first else { return nil }
        return try decoded(StoredEvent(cells: row))
    }

    package func lastEvent() throws(EventLogError) -> RecordedEvent? {
        try one("TRUE ORDER BY seq DESC LIMIT 1", [])
    }

    package func lastEvent(of kind: EventKind) throws(EventLogError) -> RecordedEvent? {
        try one("kind = $2 ORDER BY seq DESC LIMIT 1", [kind.rawValue])
    }

    package func event(seq: Int64) throws(EventLogError) -> RecordedEvent? {
        try one("seq = $2::bigint", [String(seq)])
    }

    package func event(id: String) throws(EventLogError) -> RecordedEvent? {
        try one("id = $2", [id])
    }

    /// The site's patient ids, each once, in the patient index's order.
    package func patientIDs() throws(EventLogError) -> [String] {
        try session.rows(Self.patientIDsSQL, [url.site]).compactMap { $0.first ?? nil }
    }

    /// The site's patient ids as one seek of `event_patient` (site, patient, seq) per id, the next
    /// id after the last one found (a loose index scan, as SQLite's store reads them). `SELECT
    /// DISTINCT` read every entry of the site in the index, and every `record` lists the ids at
    /// its start (look-alike warnings): at a site of 60,000 events of 500 patients, 11 ms of the
    /// server's time against 6 ms for the seeks (`EXPLAIN ANALYZE`), and the seeks' cost grows
    /// with the patients, not with their events (README, "Tests and benchmarks",
    /// `postgres-append.sh`). Distinct ids never compare equal (the database's collation is
    /// deterministic), so the next greater one is the next distinct one.
    static let patientIDsSQL = """
        WITH RECURSIVE ids(patient) AS (
            (SELECT patient FROM event WHERE site = $1 AND patient IS NOT NULL ORDER BY patient LIMIT 1)
            UNION ALL
            SELECT (SELECT e.patient FROM event AS e WHERE e.site = $1 AND e.patient > ids.patient ORDER BY e.patient LIMIT 1)
            FROM ids WHERE ids.patient IS NOT NULL
        )
        SELECT patient FROM ids WHERE patient IS NOT NULL
        """

    /// The sites the database holds, each with its last seq (for `verify` of every chain and `push`).
    package func sites() throws(EventLogError) -> [(site: String, lastSeq: Int64)] {
        try session.rows("SELECT site, max(seq)::text FROM event GROUP BY site ORDER BY site").compactMap { row in
            guard let site = row[0], let last = row[1].flatMap({ Int64($0) }) else { return nil }
            return (site, last)
        }
    }
}
