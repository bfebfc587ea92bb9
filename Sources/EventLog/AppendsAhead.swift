import Clinical

/// What became of an entry built ahead, on either store (``SQLiteEventStore/AheadUse``).
package typealias AheadUse = SQLiteEventStore.AheadUse

/// A store on which `record` builds the next assessment's events ahead of their transaction
/// (README, "Tests and benchmarks", `record-throughput.py` and `postgres-append.sh`): on the head
/// the previous append leaves, handed over before that append's commit, while the commit waits on
/// the disk. The append then writes the entry as built when the head is still the one assumed and
/// its record time still the write's, and builds it again in its transaction otherwise, so that
/// what is written, its order and the outcomes are as without it. `LogRecorder.recordChained`
/// drives either store through this.
package protocol AppendsAhead: EventStore {
    /// The end of the chain as an append left it: what the next entry is built on.
    associatedtype Head: Sendable
    /// An entry built on an assumed head.
    associatedtype Ahead: Sendable

    /// `first` and the drafts `then` makes from it as recorded, built as the next append by
    /// `author` after `head` would write them, on any thread, without reading or writing the log;
    /// nil when the append must be built in its transaction.
    func appendAhead(_ first: EventDraft, author: Author, signer: EventSigner?, after head: Head,
                     by then: (RecordedEvent) -> [EventDraft]) -> Ahead?

    /// Appends `first` followed by the drafts made from it as recorded, in one transaction, as
    /// `appendFollowed(_:author:by:)` does — written as `ahead` built it when it may be, built
    /// again otherwise — and calls `beforeCommit` with the head the append leaves, before its
    /// commit: the moment the next entry can be built ahead.
    func appendFollowed(_ first: EventDraft, author: Author, ahead: Ahead?, by then: (RecordedEvent) -> [EventDraft],
                        beforeCommit: (Head) -> Void) throws(EventLogError) -> (events: [RecordedEvent], ahead: AheadUse?)
}

extension SQLiteEventStore: AppendsAhead {}
