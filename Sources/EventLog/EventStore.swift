import Clinical

/// An append-only, hash-chained trial event log.
///
/// Every implementation guarantees, and `Tests/EventLogTests` checks:
/// - `append(_:author:)` is all-or-nothing and durable: when it returns, every event it returns is
///   on disk; when it throws, the log is exactly as it was (`verify()` answers as before).
/// - Sequence numbers are gap-free from 1, and each event's `prevHash` is its predecessor's `hash`.
/// - Nothing is ever updated or deleted.
/// - Record time comes from the system clock inside the store, never from the caller.
///
/// `SQLiteEventStore` is the implementation for one site; a PostgreSQL store for multi-site
/// trials can implement the same protocol (reliability §4.5) without touching the callers.
package protocol EventStore: Sendable {
    /// Appends `drafts` in one transaction and returns them as recorded.
    func append(_ drafts: [EventDraft], author: Author) throws(EventLogError) -> [RecordedEvent]

    /// Appends `first` and the draft `then` makes from it as recorded (so the second can name the
    /// first's id and seq), in one transaction.
    func appendLinked(_ first: EventDraft, author: Author, then: (RecordedEvent) -> EventDraft) throws(EventLogError) -> [RecordedEvent]

    /// Appends several linked pairs (an observation and its grades) in one transaction.
    func appendPairs(_ pairs: [(EventDraft, (RecordedEvent) -> EventDraft)], author: Author) throws(EventLogError) -> [RecordedEvent]

    /// Calls `body` with every event in sequence order from `seq` on, stopping when it returns false.
    /// Memory stays flat in the number of events.
    func forEachEvent(from seq: Int64, _ body: (RecordedEvent) throws -> Bool) throws(EventLogError)

    /// The last event (the head of the chain).
    func lastEvent() throws(EventLogError) -> RecordedEvent?

    /// The event with `seq`, if any.
    func event(seq: Int64) throws(EventLogError) -> RecordedEvent?

    /// The event with `id`, if any.
    func event(id: String) throws(EventLogError) -> RecordedEvent?
}

extension EventStore {
    /// Every event, in order (for small logs and tests; replay and verify stream instead).
    package func allEvents() throws(EventLogError) -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        try forEachEvent(from: 1) { events.append($0); return true }
        return events
    }
}
