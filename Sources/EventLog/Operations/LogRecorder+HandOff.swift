import Foundation

extension LogRecorder {
    /// A bounded hand-off between two threads of ``record(count:batch:input:each:)``: a queue of
    /// at most `capacity` items in input order, from the thread that makes them (the preparer,
    /// or the chain stage) to the one that takes them (the chain stage, or the writer).
    ///
    /// Every wait here is for the other thread, which is either working (preparing and building
    /// ahead are pure computation; a write ends in a commit or an error) or has said it is done:
    /// the maker waits only while the queue is full and the writer has not stopped it, the taker
    /// only while the queue is empty and the maker has not finished. The writer stops every
    /// maker on its way out, whatever the reason, and waits for it to end (``stopAndJoin()``).
    final class HandOff<Item: Sendable>: @unchecked Sendable {
        // @unchecked: every access to the fields below holds `condition`.
        private let condition = NSCondition()
        private var ready: [Item] = []
        private var first = 0
        private var stopped = false
        private var finished = false
        private let capacity: Int

        init(capacity: Int) { self.capacity = max(1, capacity) }

        /// The maker's: adds `item` once there is room; false when the writer has stopped
        /// (the maker then ends without making more).
        func put(_ item: Item) -> Bool {
            condition.lock(); defer { condition.unlock() }
            while !stopped, ready.count - first >= capacity { condition.wait() }
            guard !stopped else { return false }
            ready.append(item)
            condition.broadcast()
            return true
        }

        /// Whether the writer has stopped the maker.
        var isStopped: Bool {
            condition.lock(); defer { condition.unlock() }
            return stopped
        }

        /// The maker's, as it ends (however it ends).
        func finish() {
            condition.lock(); defer { condition.unlock() }
            finished = true
            condition.broadcast()
        }

        /// The taker's: the next item in input order, waiting until it is ready; nil when the
        /// maker finished with none left.
        func take() -> Item? {
            condition.lock(); defer { condition.unlock() }
            while first == ready.count, !finished { condition.wait() }
            guard first < ready.count else { return nil }
            let item = ready[first]
            first += 1
            // Drop what was taken now and then, not at every take (an array's removeFirst moves the rest).
            if first >= 64, first * 2 >= ready.count {
                ready.removeFirst(first)
                first = 0
            }
            condition.broadcast()
            return item
        }

        /// The writer's, on its way out: stops the maker without waiting for it.
        func stop() {
            condition.lock(); defer { condition.unlock() }
            stopped = true
            condition.broadcast()
        }

        /// The writer's, on its way out: stops the maker and waits until it has ended, so that
        /// no thread of this recording outlives it.
        func stopAndJoin() {
            condition.lock(); defer { condition.unlock() }
            stopped = true
            condition.broadcast()
            while !finished { condition.wait() }
        }
    }
}
