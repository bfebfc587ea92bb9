import Foundation

/// A fixed number of slots, each filled once by one thread and read by another that may wait for
/// it: the answers of a parallel read, the whole-log fold handed to the screen loop.
///
/// Slots that are only written by workers and read after they have all finished need nothing more
/// than the standard library's `Synchronization.Mutex`; this type exists because a reader here
/// must sleep until a slot is filled, which a mutex cannot do (it needs a condition variable). It
/// sits in EventLog, the lowest module that waits so (Bedside imports it from here).
package final class WaitableSlots<Value: Sendable>: @unchecked Sendable {
    // @unchecked: every access to `values` holds `condition`.
    private let condition = NSCondition()
    private var values: [Value?]

    package init(count: Int) { values = Array(repeating: nil, count: count) }

    /// Fills slot `index` and wakes whoever waits for it.
    package func fill(_ index: Int, _ value: Value) {
        condition.lock(); defer { condition.unlock() }
        values[index] = value
        condition.broadcast()
    }

    /// The value of slot `index`, waiting until it is filled; the slot keeps it.
    package func wait(_ index: Int) -> Value {
        condition.lock(); defer { condition.unlock() }
        while true {
            if let value = values[index] { return value }
            condition.wait()
        }
    }

    /// The value of slot `index`, waiting until it is filled; the slot lets it go.
    package func take(_ index: Int) -> Value {
        condition.lock(); defer { condition.unlock() }
        while true {
            if let value = values[index] {
                values[index] = nil
                return value
            }
            condition.wait()
        }
    }

    /// The value of slot `index` if it is filled (the slot lets it go), without waiting.
    package func takeIfFilled(_ index: Int) -> Value? {
        condition.lock(); defer { condition.unlock() }
        defer { values[index] = nil }
        return values[index]
    }
}
