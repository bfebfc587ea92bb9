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
    ///
    /// The other thread is woken after the lock is released (``NSCondition/wakeAll(after:)``).
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
            condition.wakeAll { () -> Bool in
                while !stopped, ready.count - first >= capacity { condition.wait() }
                guard !stopped else { return false }
                ready.append(item)
                return true
            }
        }

        /// Whether the writer has stopped the maker.
        var isStopped: Bool {
            condition.lock(); defer { condition.unlock() }
            return stopped
        }

        /// The maker's, as it ends (however it ends).
        func finish() {
            condition.wakeAll { finished = true }
        }

        /// The taker's: the next item in input order, waiting until it is ready; nil when the
        /// maker finished with none left.
        func take() -> Item? {
            condition.wakeAll { () -> Item? in
                while first == ready.count, !finished { condition.wait() }
                guard first < ready.count else { return nil }
                let item = ready[first]
                first += 1
                // Drop what was taken now and then, not at every take (an array's removeFirst moves the rest).
                if first >= 64, first * 2 >= ready.count {
                    ready.removeFirst(first)
                    first = 0
                }
                return item
            }
        }

        /// The writer's, on its way out: stops the maker without waiting for it.
        func stop() {
            condition.wakeAll { stopped = true }
        }

        /// The writer's, on its way out: stops the maker and waits until it has ended, so that
        /// no thread of this recording outlives it.
        func stopAndJoin() {
            stop()
            condition.lock(); defer { condition.unlock() }
            while !finished { condition.wait() }
        }
    }
}

extension NSCondition {
    /// Runs `change` holding the lock, releases it, then wakes every thread waiting on the
    /// condition: the threads woken find the lock free. Woken under the lock, each ran only to
    /// wait for the lock again — a futex call on each side and a context switch more for every
    /// hand-off of `record`'s threads (`strace -f -k`: 7.5 futex calls an assessment), which cost
    /// most when many writers share the cores (README, "Tests and benchmarks",
    /// `postgres-append.sh`). No wake-up is lost: a waiter checks its condition holding the lock
    /// and sleeps releasing it in one step (`wait()`), so a change made before it checked is
    /// seen, and one made after it slept is followed by this wake-up. Waking with no thread
    /// waiting makes no system call.
    func wakeAll<Result>(after change: () -> Result) -> Result {
        lock()
        let result = change()
        unlock()
        broadcast()
        return result
    }
}
