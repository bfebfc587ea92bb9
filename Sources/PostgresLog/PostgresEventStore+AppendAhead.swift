import Clinical
import EventLog

/// `record`'s appends built ahead on PostgreSQL (``AppendsAhead``; README, "Tests and benchmarks",
/// `postgres-append.sh`), as on SQLite: the next entry's chain fields are known once the previous
/// append's rows are made — its seq follows theirs, its previous hash is their last hash — and its
/// record time is the server's clock that append read under the site's lock
/// (`aegrade_site_head`), so its hashes and signatures can be made on another thread while the
/// previous append's rows and COMMIT are on the wire and its commit waits on the server's disk.
/// The append then checks under the site's lock, on the head its first exchange reads, that the
/// head is the one assumed (seq and hash), that the time taken ahead is not after the server's
/// clock now nor older than the store's ``aheadTimeLimitMillis``, and that the entry is this write's (author,
/// key, no sign-in's login to go first); the standing check is made as for any append
/// (``StandingCheck``, the guarded INSERT). Otherwise the entry is built again in the transaction,
/// as any append's. Record times still follow the chain: the time taken ahead is the clock read
/// after the head's own record time was, and any write in between moves the head.
extension PostgresEventStore: AppendsAhead {
    /// The end of a site's chain as an append left it: its last event's seq and hash, and the
    /// server's clock read under the site's lock in that append's transaction (not before the
    /// head's record time).
    package struct ChainHead: Sendable, Equatable {
        package let seq: Int64
        package let hash: String
        package let serverTime: String

        package init(seq: Int64, hash: String, serverTime: String) {
            self.seq = seq
            self.hash = hash
            self.serverTime = serverTime
        }
    }

    /// An entry built on an assumed head by ``appendAhead(_:author:signer:after:by:)``: its rows as
    /// they are inserted.
    package struct AppendAhead: Sendable {
        let head: ChainHead
        let author: Author
        let signer: EventSigner?
        let rows: [EventRow]

        /// The events as built, in seq order.
        package var events: [RecordedEvent] { rows.map(\.event) }

        /// Whether it was built for a write by `author` signing with `signer`, with no sign-in's
        /// `login` to go first.
        func isFor(author: Author, signer: EventSigner?, login: EventDraft?) -> Bool {
            login == nil && self.author == author && self.signer == signer
        }
    }

    /// How old a record time taken ahead may be at the append unless the store is opened with
    /// another limit (tests that must not depend on the machine's speed): the tolerance SQLite's
    /// appends ahead keep (``SQLiteEventStore/Settings/aheadTimeLimitMillis``). Beyond it the time
    /// would say more of a wait before the transaction than of the write, and the entry is built
    /// again on the clock read under the lock.
    package static let defaultAheadTimeLimitMillis: Int64 = 1_000

    /// `first` and the drafts `then` makes from it as recorded, built as the next append by
    /// `author` after `head` would write them — seqs, ids, the record time `head.serverTime`,
    /// hashes, and the signatures `signer` makes — without a statement, on any thread. Nil for an
    /// entry by aegrade itself (the site's log key signs it, read in the transaction).
    package func appendAhead(_ first: EventDraft, author: Author, signer: EventSigner?, after head: ChainHead,
                             by then: (RecordedEvent) -> [EventDraft]) -> AppendAhead? {
        guard author != .system else { return nil }
        var rows: [EventRow] = []
        var pending = [first]
        var prevHash = head.hash
        var index = 0
        while index < pending.count {
            let row = eventRow(pending[index], seq: head.seq + Int64(index) + 1, prevHash: prevHash, recordTime: head.serverTime,
                               writer: author, signer: signer, logKey: nil)
            rows.append(row)
            prevHash = row.event.hash
            if index == 0 { pending += then(row.event) }
            index += 1
        }
        return AppendAhead(head: head, author: author, signer: signer, rows: rows)
    }

    package func appendFollowed(_ first: EventDraft, author: Author, ahead: AppendAhead?, by then: (RecordedEvent) -> [EventDraft],
                                handingHead: HeadHandOff, headLeft: (ChainHead) -> Void) throws(EventLogError) -> (events: [RecordedEvent], ahead: AheadUse?) {
        try withoutActuallyEscaping(then) { (then) throws(EventLogError) in
            try withoutActuallyEscaping(headLeft) { (headLeft) throws(EventLogError) in
                try append([(first, then)], author: author, onlyIfEmpty: false, ahead: ahead, handingHead: handingHead, beforeCommit: headLeft)
            }
        }
    }

    /// Writes `ahead` as built, in one statement between BEGIN and COMMIT on the store's pipelined
    /// connection (``PipelinedConnection``: the three in one write), when the site's head under its
    /// lock is the one it assumed and its time within the store's ``aheadTimeLimitMillis`` before
    /// the server's clock (`insertStatement`'s `assumingHead`), and — with `kept` — the site has no
    /// account event after `kept` (the standing guard); true when it wrote them, false (nothing
    /// written) otherwise, and the caller then appends as any append. With `.withCommit`, the
    /// statement's answer comes with the COMMIT's (no flush request: ``PipelinedConnection``).
    ///
    /// Why one statement: the head was read by a statement of its own, a round trip of the
    /// transaction's four (BEGIN, the head, the rows, COMMIT) — psql's inserts are four too
    /// (README, "Tests and benchmarks", `postgres-append.sh`). The head is still read after the
    /// lock (`aegrade_site_head`, whose statements each take a snapshot of their own); the guard
    /// reads the statement's snapshot, taken before the lock, which holds every event up to the
    /// head it found: they were all committed before the append that built this entry committed.
    ///
    /// `beforeCommit` is given the head the rows leave, with the clock read under the lock, once
    /// the statement has answered: before the COMMIT's answer with `.beforeCommit`. When the
    /// statement wrote nothing, the COMMIT sent with it commits nothing: its conditions are the
    /// same for every row, so it inserts all of them or none.
    func writeAsBuilt(_ ahead: AppendAhead, unlessAccountEventsAfter kept: Int64?, handingHead: HeadHandOff = .beforeCommit,
                      beforeCommit: ((ChainHead) -> Void)?) throws(EventLogError) -> Bool {
        guard let first = ahead.rows.first?.event, let last = ahead.rows.last?.event,
              ahead.rows.count <= Self.rowsPerStatement else { return false }
        try refuseTextsWithNUL(ahead.rows)
        let (sql, binds) = Self.insertStatement(site: url.site, rows: ahead.rows[...],
                                                unlessAccountEventsBetween: kept.map { (after: $0, before: first.seq) },
                                                assumingHead: ahead.head, aheadTimeLimitMillis: aheadTimeLimitMillis)
        return try pipelinedConnection().transaction(PostgresSession.Statement(sql, binds), answerBeforeCommit: handingHead == .beforeCommit) { rows in
            guard rows.count == ahead.rows.count, let time = rows.last?[1] ?? nil else { return false }
            beforeCommit?(ChainHead(seq: last.seq, hash: last.hash, serverTime: time))
            return true
        }
    }

    /// Whether `ahead` may be written as built by an append by `author` signing with `signer`
    /// whose first exchange read the head `read` (`aegrade_site_head`: last seq, its hash, the
    /// server's clock, under the site's lock), with `login` to go first: the head is the one it
    /// assumed, its time not after the clock nor older than the store's ``aheadTimeLimitMillis``,
    /// and it is this write's.
    func aheadUse(_ ahead: AppendAhead, read: PostgresSession.Row?, author: Author, signer: EventSigner?, login: EventDraft?) -> AheadUse {
        guard ahead.isFor(author: author, signer: signer, login: login) else { return .notForThisWrite }
        guard let read, read.count == 3, read[0] == String(ahead.head.seq), read[1] == ahead.head.hash else { return .headMoved }
        guard let now = read[2].flatMap(ClinicalTime.init(iso8601:)), let taken = ClinicalTime(iso8601: ahead.head.serverTime) else {
            return .timeStale
        }
        let age = Int64(((now.secondsSinceEpoch - taken.secondsSinceEpoch) * 1000).rounded())
        guard age >= 0, age <= aheadTimeLimitMillis else { return .timeStale }
        return .used
    }
}
