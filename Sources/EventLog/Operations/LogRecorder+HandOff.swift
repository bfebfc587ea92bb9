import Foundation

extension LogRecorder {
    /// The bounded hand-off between the thread that prepares assessments and the writer that
    /// appends them (``record(count:batch:input:each:)``): a queue of at most `capacity` prepared
    /// assessments, in input order.
    ///
    /// Every wait here is for the other thread, which is either working (preparing is pure
    /// computation; a write ends in a commit or an error) or has said it is done: the preparer
    /// waits only while the queue is full and the writer has not stopped it, the writer only while
    /// the queue is empty and the preparer has not finished. The writer stops the preparer on its
    /// way out, whatever the reason, and waits for it to end (``stopAndJoin()``).
    final class HandOff: @unchecked Sendable {
        // @unchecked: every access to the fields below holds `condition`.
        private let condition = NSCondition()
        private var ready: [Prepared] = []
        private var first = 0
        private var stopped = false
        private var finished = false
        private let capacity: Int

        init(capacity: Int) { self.capacity = max(1, capacity) }

        /// The preparer's: adds `prepared` once there is room; false when the writer has stopped
        /// (the preparer then ends without preparing more).
        func put(_ prepared: Prepared) -> Bool {
            condition.lock(); defer { condition.unlock() }
            while !stopped, ready.count - first >= capacity { condition.wait() }
            guard !stopped else { return false }
            ready.append(prepared)
            condition.broadcast()
            return true
        }

        /// Whether the writer has stopped the preparer.
        var isStopped: Bool {
            condition.lock(); defer { condition.unlock() }
            return stopped
        }

        /// The preparer's, as it ends (however it ends).
        func finish() {
            condition.lock(); defer { condition.unlock() }
            finished = true
            condition.broadcast()
        }

        /// The writer's: the next prepared assessment in input order, waiting until it is ready;
        /// nil when the preparer finished with none left.
        func take() -> Prepared? {
            condition.lock(); defer { condition.unlock() }
            while first == ready.count, !finished { condition.wait() }
            guard first < ready.count else { return nil }
            let prepared = ready[first]
            first += 1
            // Drop what was taken now and then, not at every take (an array's removeFirst moves the rest).
            if first >= 64, first * 2 >= ready.count {
                ready.removeFirst(first)
                first = 0
            }
            condition.broadcast()
            return prepared
        }

        /// The writer's, on its way out: stops the preparer and waits until it has ended, so that
        /// no thread of this recording outlives it.
        func stopAndJoin() {
            condition.lock(); defer { condition.unlock() }
            stopped = true
            condition.broadcast()
            while !finished { condition.wait() }
        }
    }
}
