import Clinical

/// An append-only, hash-chained trial event log: everything the bedside screens, the commands and
/// the operations on a log ask of its storage.
///
/// Every implementation guarantees, and the conformance suite (`EventStoreConformance` in
/// `Tests/EventLogTests/Conformance/`) checks, with the implementation's own factory:
/// - Appends are all-or-nothing and durable: when an append returns, every event it returns is
///   stored for good; when it throws, the log is exactly as it was (`verify()` answers as before,
///   every event reads back as before). A refusal names its cause: `.readOnly`, `.diskFull`,
///   `.locked`, `.refused`.
/// - Sequence numbers are gap-free from 1 (the genesis event), and each event's `prevHash` is its
///   predecessor's `hash` (`CanonicalEvent.genesisPrevHash` for the first), also when several
///   connections or processes append to one log at once.
/// - Nothing is ever updated or deleted through the store.
/// - Record time comes from the system clock inside the store, read in the appending
///   transaction, never from the caller.
/// - Reading never holds up a writer for long: long reads (`forEachEvent`, `verify`, `replay`,
///   `export`) are cut into short read transactions, and see every event committed before they
///   began.
///
/// `SQLiteEventStore` is the implementation for one site (one SQLite file); a PostgreSQL store for
/// multi-site trials implements the same protocol and passes the same suite, and none of the
/// callers (Bedside, the commands, `LogRecorder`) changes. Only the place that opens a log names
/// the implementation.
package protocol EventStore: Sendable {
    /// Appends `drafts` in one transaction and returns them as recorded, in order.
    func append(_ drafts: [EventDraft], author: Author) throws(EventLogError) -> [RecordedEvent]

    /// Appends `first` and the draft `then` makes from it as recorded (so the second can name the
    /// first's id and seq), in one transaction; the two are adjacent in the chain.
    func appendLinked(_ first: EventDraft, author: Author, then: (RecordedEvent) -> EventDraft) throws(EventLogError) -> [RecordedEvent]

    /// Appends `first` and the drafts `then` makes from it as recorded, right after it and in
    /// order, in one transaction (a correction, its grades, and its signature).
    func appendFollowed(_ first: EventDraft, author: Author, by then: (RecordedEvent) -> [EventDraft]) throws(EventLogError) -> [RecordedEvent]

    /// Appends several linked pairs (an observation and its grades) in one transaction, each pair
    /// adjacent in the chain.
    func appendPairs(_ pairs: [(EventDraft, (RecordedEvent) -> EventDraft)], author: Author) throws(EventLogError) -> [RecordedEvent]

    /// Calls `body` with every event in sequence order from `seq` on, stopping when it returns false.
    /// Memory stays flat in the number of events, and `body` runs outside any read transaction.
    func forEachEvent(from seq: Int64, _ body: (RecordedEvent) throws -> Bool) throws(EventLogError)

    /// The last event (the head of the chain); nil for a log without events.
    func lastEvent() throws(EventLogError) -> RecordedEvent?

    /// The last event of `kind`, if any (the latest rule status for the board's first frame),
    /// found without reading the events of other kinds.
    func lastEvent(of kind: EventKind) throws(EventLogError) -> RecordedEvent?

    /// The event with `seq`, if any.
    func event(seq: Int64) throws(EventLogError) -> RecordedEvent?

    /// The event with `id`, if any.
    func event(id: String) throws(EventLogError) -> RecordedEvent?

    /// Every patient id the log holds, as stored, each once, in no particular order.
    func patientIDs() throws(EventLogError) -> [String]

    /// Recomputes the chain from the genesis event, and checks the log against `checkpoint` (a
    /// seq and hash kept earlier) when given.
    ///
    /// Names the first bad seq: an event changed after it was written (`.contentChanged`), one
    /// removed (`.gap`, or `.truncated` against a checkpoint), one moved or inserted
    /// (`.chainBroken`), a first event that is not the genesis event. `quick` may skip the costlier
    /// parts of the storage's own structural check. Reads the rows as stored, never through a
    /// cache of what was written.
    func verify(checkpoint: (seq: Int64, hash: String)?, quick: Bool) throws(EventLogError) -> LogVerification

    /// Folds the log up to `limit` (the end, a seq, or a record time) into the state per patient,
    /// as `Replay` folds it event by event: the answer is the fold of exactly the events up to
    /// the limit.
    func replay(until limit: Replay.Limit) throws(EventLogError) -> Replay

    /// The lookups a fold needs for corrections and overrides of older entries (read while the
    /// fold itself is reading).
    func replayLookup() throws(EventLogError) -> Replay.Lookup

    /// The current state of every patient as the triage board shows it, read in time proportional
    /// to the patients rather than the events (the board's first frame on a large log); the same
    /// current observation, grades, infusion and death as the whole fold. `definiteOf` names the
    /// criteria whose latest two definite grades must be present.
    func boardHeads(definiteOf criteria: [String]) throws(EventLogError) -> (replay: Replay, grades: [Int64: RecordedEvent])

    /// Streams the log up to `limit` to `write` in `format`, a block of lines at a time; each
    /// JSON line is the event's canonical text (`CanonicalEvent.write`) with its stored hash, so
    /// the export is verifiable without aegrade. A row that is not an event stops it as a
    /// damaged log, naming its seq. `write` is never called inside a read transaction.
    func export(format: LogExport.Format, until limit: Replay.Limit, to write: ([UInt8]) -> Void) throws(EventLogError)

    /// The account events (`userAdmin`, `login`, `security`) in seq order, read without the
    /// events of other kinds: their fold is the ``AccountDirectory``.
    func accountEvents() throws(EventLogError) -> [RecordedEvent]

    /// The account events after `seq`, in seq order, in one indexed read: what a long-lived
    /// recorder folds into the directory it keeps (``AccountStanding``).
    func accountEvents(after seq: Int64) throws(EventLogError) -> [RecordedEvent]

    /// The account events after `seq` that the directory's fold depends on: every `userAdmin`
    /// and `security` event, and of the `login` events only each author's last of each action.
    /// Folding them gives the directory that folding all of them gives (``AccountDirectory``: a
    /// login only resets its author's count of failures, or with `unlocked` the lockout too, and a
    /// later reset of the same kind makes an earlier one moot), while a log's logins — one for
    /// every `record` process — grow without bound. The default filters ``accountEvents(after:)``.
    func accountStandingEvents(after seq: Int64) throws(EventLogError) -> [RecordedEvent]

    /// The credential `user` holds now — the one the latest event that set one stored — or nil.
    /// Credentials are kept beside the events, never among them: no export, replay or backup of
    /// the events holds one (README, "Accounts and roles").
    func credential(of user: String) throws(EventLogError) -> StoredCredential?

    /// Appends the account event `draft` and, when given, the credential it sets, in one
    /// transaction: both are stored or neither. The draft must commit to the credential
    /// (`checkAccountDraft`), else nothing is written (`.refused`). A log made before accounts
    /// gets what it needs to hold credentials in the same transaction.
    func appendAccount(_ draft: EventDraft, author: Author, credential: StoredCredential?) throws(EventLogError) -> RecordedEvent

    /// Copies the committed log, as one read sees it, into a new file at `destination` (never over
    /// an existing file; a copy that fails is removed) that opens as a log of this product, and
    /// returns the last seq copied.
    func backup(to destination: String) throws(EventLogError) -> Int64
}

extension EventStore {
    /// Every event, in order (for small logs and tests; replay and verify stream instead).
    package func allEvents() throws(EventLogError) -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        try forEachEvent(from: 1) { events.append($0); return true }
        return events
    }

    /// `verify(checkpoint:quick:)` without a checkpoint, thorough.
    package func verify() throws(EventLogError) -> LogVerification {
        try verify(checkpoint: nil, quick: false)
    }

    /// `replay(until:)` to the end of the log.
    package func replay() throws(EventLogError) -> Replay {
        try replay(until: .end)
    }

    /// `boardHeads(definiteOf:)` with no criteria to look back for.
    package func boardHeads() throws(EventLogError) -> (replay: Replay, grades: [Int64: RecordedEvent]) {
        try boardHeads(definiteOf: [])
    }
}
