import Clinical

/// The events of a store up to a limit, read a slice at a time as they are iterated, so that a
/// one-pass fold over a log of a million events (the protocol's rules for `aegrade rules status`)
/// holds one slice of decoded events rather than all of them.
///
/// Iterating cannot throw: the first read error ends the sequence and is kept in ``failure``,
/// which the caller checks after the pass (``TrialEvaluation/status(_:store:until:now:)``).
package final class StoredEvents: Sequence {
    private let store: any EventStore
    private let limit: Replay.Limit
    private let sliceSize: Int
    /// The error that ended the iteration early, if any.
    package private(set) var failure: EventLogError?

    /// `sliceSize` events are read per read of the store (the store's own slices hold up to 4,096).
    package init(_ store: any EventStore, until limit: Replay.Limit, sliceSize: Int = 4096) {
        self.store = store
        self.limit = limit
        self.sliceSize = Swift.max(1, sliceSize)
    }

    package struct Iterator: IteratorProtocol {
        fileprivate let owner: StoredEvents
        private var slice: [RecordedEvent] = []
        private var position = 0
        private var nextSeq: Int64 = 1
        private var finished = false

        fileprivate init(owner: StoredEvents) { self.owner = owner }

        package mutating func next() -> RecordedEvent? {
            if position == slice.count {
                guard !finished else { return nil }
                read()
                guard position < slice.count else { return nil }
            }
            defer { position += 1 }
            return slice[position]
        }

        /// Reads the next slice: the events from `nextSeq` that the limit admits, up to the first
        /// it does not (which ends the sequence, as it ends a replay).
        private mutating func read() {
            var events: [RecordedEvent] = []
            events.reserveCapacity(owner.sliceSize)
            var ended = true
            let limit = owner.limit, size = owner.sliceSize
            do throws(EventLogError) {
                try owner.store.forEachEvent(from: nextSeq) { event in
                    guard limit.admits(event) else { return false }
                    events.append(event)
                    if events.count == size { ended = false; return false }
                    return true
                }
            } catch {
                owner.failure = error
                ended = true
            }
            finished = ended
            if let last = events.last { nextSeq = last.seq + 1 }
            slice = events
            position = 0
        }
    }

    package func makeIterator() -> Iterator { Iterator(owner: self) }
}
