import Clinical
import GRDB

/// An append built ahead of its transaction (README, "Tests and benchmarks", `record-throughput.py`):
/// the next entry's chain fields are known once the previous entry's rows are built — its seq
/// follows theirs, its previous hash is the last one's hash — so its hashes and signatures can be
/// made on another thread while the previous transaction's commit waits on the disk. The write
/// transaction then only checks that the head is still the one assumed, and builds the entry
/// again in place, as any append does, when it is not (another process appended in between).
extension SQLiteEventStore {
    /// The end of the chain as a write left it: the seq, hash and record time of its last event.
    package struct ChainHead: Sendable, Equatable {
        package let seq: Int64
        package let hash: String
        package let recordTime: String

        init(_ event: RecordedEvent) {
            seq = event.seq
            hash = event.hash
            recordTime = event.recordTime
        }
    }

    /// One event built ahead, as its row and `eventWrite` row will hold it.
    struct BuiltEvent: Sendable {
        let event: RecordedEvent
        let payloadText: String
        let publicKey: String?
        let signature: String?
    }

    /// An entry (a draft and the drafts made from it as recorded) built on an assumed head, by
    /// ``appendAhead(_:author:signer:after:by:)``, for ``appendFollowed(_:author:ahead:by:beforeCommit:)``.
    package struct AppendAhead: Sendable {
        let head: ChainHead
        let author: Author
        let signer: EventSigner?
        let recordMillis: Int64
        let clock: ClockStatus
        let events: [BuiltEvent]
    }

    /// What became of an append built ahead.
    package enum AheadUse: Sendable, Equatable {
        /// Written as built: the head was the one assumed.
        case used
        /// Built again in the transaction: another write had moved the head.
        case headMoved
        /// Built again in the transaction: its record time was too old for the write, or the
        /// clock had been set back since (``Settings/aheadTimeLimitMillis``).
        case timeStale
        /// Built again in the transaction: it was built for another author or key, or the
        /// sign-in's login was still to be written before it.
        case notForThisWrite
    }

    /// `first` and the drafts `then` makes from it as recorded, built as the next append by
    /// `author` after `head` would write them — seqs, ids, record time, hashes, and the
    /// signatures `signer` makes — without reading or writing the log, on any thread. Nil when
    /// the append must be built in its transaction: an entry by aegrade itself (the log's key
    /// signs it), or a record time not within ``clockAnomalyTolerance`` after the head's, where
    /// the rules of a clock set backwards or forwards apply (README, "The clock at each write"),
    /// or text the log cannot keep (the transaction refuses it with its reason).
    package func appendAhead(_ first: EventDraft, author: Author, signer: EventSigner?, after head: ChainHead,
                             by then: (RecordedEvent) -> [EventDraft]) -> AppendAhead? {
        guard author != .system, let headTime = ClinicalTime(iso8601: head.recordTime) else { return nil }
        let recordMillis = WriterIdentity.recordMillis(offsetSeconds: settings.clockOffsetSeconds ?? 0)
        // Not before the head's record time, and near enough that no clock anomaly is due: the
        // record times follow the chain as when the clock is read in the transaction.
        let sinceHead = recordMillis - Int64((headTime.secondsSinceEpoch * 1000).rounded())
        guard sinceHead >= 0, sinceHead <= Self.clockAnomalyTolerance else { return nil }
        let recordTime = WriterIdentity.recordTime(millis: recordMillis)
        let clock = ClockStatus.now()
        var built: [BuiltEvent] = []
        var pending = [first]
        var seq = head.seq
        var prevHash = head.hash
        var index = 0
        while index < pending.count {
            seq += 1
            guard let (event, payloadText) = try? builtEvent(pending[index], seq: seq, prevHash: prevHash, recordTime: recordTime, writer: author) else {
                return nil
            }
            let (publicKey, signature) = Self.signature(of: event, signer: signer, logKey: nil)
            built.append(BuiltEvent(event: event, payloadText: payloadText, publicKey: publicKey, signature: signature))
            prevHash = event.hash
            if index == 0 { pending += then(event) }
            index += 1
        }
        return AppendAhead(head: head, author: author, signer: signer, recordMillis: recordMillis, clock: clock, events: built)
    }

    /// Appends `first` followed by the drafts made from it as recorded, in one IMMEDIATE
    /// transaction, as `appendFollowed(_:author:by:)` does — written as `ahead` built it when the
    /// head is still the one it assumed, built again here otherwise — and calls `headLeft` with
    /// the new head once the rows are inserted, before the commit, however it is to be handed
    /// (a commit here is a call on this thread: nothing is spared by handing it later).
    package func appendFollowed(_ first: EventDraft, author: Author, ahead: AppendAhead?, by then: (RecordedEvent) -> [EventDraft],
                                handingHead: HeadHandOff, headLeft: (ChainHead) -> Void) throws(EventLogError) -> (events: [RecordedEvent], ahead: AheadUse?) {
        if let writeRefusal { throw writeRefusal }
        let signer = EventSigner.current
        do {
            return try withoutActuallyEscaping(then) { then in
                try DeferredLogin.appending(as: author) { login in
                    try queue.write { db -> ([RecordedEvent], AheadUse?) in
                        try checkPendingStanding(of: author, kinds: [first.kind], db)
                        let use = try ahead.map { ahead in try check(ahead, author: author, signer: signer, login: login, db) }
                        let recorded: [RecordedEvent]
                        if let ahead, use == .used {
                            recorded = try insertBuilt(ahead, db)
                        } else {
                            recorded = try insert([(first, then)], author: author, onlyIfEmpty: false, login: login, signer: signer, in: db)
                        }
                        if let last = recorded.last { headLeft(ChainHead(last)) }
                        return (recorded, use)
                    }
                }
            }
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    /// Whether `ahead` may be written as built in the transaction open on `db`: the head is the
    /// one it assumed (seq and hash, which covers the head's record time), it is this write's
    /// author and key with no login to write first, and its record time is not after the clock
    /// now nor older than ``Settings/aheadTimeLimitMillis``.
    private func check(_ ahead: AppendAhead, author: Author, signer: EventSigner?, login: EventDraft?, _ db: Database) throws -> AheadUse {
        guard login == nil, ahead.author == author, ahead.signer == signer else { return .notForThisWrite }
        guard let head = try Row.fetchOne(db.cachedStatement(sql: Self.headSQL)), head.integer(EventRow.Columns.seq.name) == ahead.head.seq,
              (try? head.text(EventRow.Columns.hash.name, seq: ahead.head.seq)) == ahead.head.hash else { return .headMoved }
        let age = WriterIdentity.recordMillis(offsetSeconds: settings.clockOffsetSeconds ?? 0) - ahead.recordMillis
        guard age >= 0, age <= settings.aheadTimeLimitMillis else { return .timeStale }
        return .used
    }

    /// Inserts the rows `ahead` built, with their `eventWrite` rows on a log that has them.
    private func insertBuilt(_ ahead: AppendAhead, _ db: Database) throws -> [RecordedEvent] {
        let writesRows = try db.tableExists("eventWrite")
        for built in ahead.events {
            try Self.insertRow(built.event, payloadText: built.payloadText, db)
            if writesRows {
                try Self.insertWriteRow(db, seq: built.event.seq, publicKey: built.publicKey, signature: built.signature, clock: ahead.clock)
            }
        }
        TestHooks.pauseBeforeCommit(settings.pauseBeforeCommitSeconds)
        return ahead.events.map(\.event)
    }
}
