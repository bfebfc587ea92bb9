import Foundation

/// A value computed on another thread and handed to the screen loop, which takes it when it is
/// there (or waits for it).
final class Handoff<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value?

    func deliver(_ value: Value) {
        condition.lock()
        self.value = value
        condition.broadcast()
        condition.unlock()
    }

    /// The value once there (waiting for it with `wait`), and no longer kept; nil while pending.
    func take(wait: Bool) -> Value? {
        condition.lock()
        defer { condition.unlock() }
        while wait, value == nil { condition.wait() }
        defer { value = nil }
        return value
    }
}
