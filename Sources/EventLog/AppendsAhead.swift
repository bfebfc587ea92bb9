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
    /// again otherwise — and calls `headLeft` with the head the append leaves, before it returns:
    /// before its commit is answered when `handingHead` is `.beforeCommit` (the moment the next
    /// entry can be built ahead), at the latest with that answer when it is `.withCommit`.
    func appendFollowed(_ first: EventDraft, author: Author, ahead: Ahead?, by then: (RecordedEvent) -> [EventDraft],
                        handingHead: HeadHandOff, headLeft: (Head) -> Void) throws(EventLogError) -> (events: [RecordedEvent], ahead: AheadUse?)
}

/// When an append built ahead hands its caller the head it leaves
/// (``AppendsAhead/appendFollowed(_:author:ahead:by:handingHead:headLeft:)``).
package enum HeadHandOff: Sendable {
    /// As soon as its rows are made, before the commit is answered: another thread builds the
    /// next entry on it while the commit waits on the disk (`record`'s chained mode).
    case beforeCommit
    /// With the commit's answer or before it: the caller builds the next entry itself, after the
    /// commit (`record` on one thread, when its writers share the cores: `RecordPacing`). A store
    /// may then spare what handing it sooner costs — on PostgreSQL a flush request, one more
    /// send of the server's and wake-up of the writer's each transaction (README, "Tests and
    /// benchmarks", `postgres-append.sh`).
    case withCommit
}

extension SQLiteEventStore: AppendsAhead {}
