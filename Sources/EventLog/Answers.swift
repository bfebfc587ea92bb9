import Foundation

/// One answer per task of a parallel read, each set once by its task: read after all tasks are
/// done (`result`), or waited for one by one and let go once used (`take`).
final class Answers<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var results: [Result<Value, EventLogError>?]

    init(count: Int) { results = Array(repeating: nil, count: count) }

    /// Runs task `index` and keeps its answer or error.
    func run(_ index: Int, _ body: () throws(EventLogError) -> Value) {
        let result: Result<Value, EventLogError>
        do { result = .success(try body()) } catch { result = .failure(error) }
        condition.lock(); defer { condition.unlock() }
        results[index] = result
        condition.broadcast()
    }

    /// The answer of task `index`, once it has finished.
    func result(_ index: Int) -> Result<Value, EventLogError> {
        condition.lock(); defer { condition.unlock() }
        while results[index] == nil { condition.wait() }
        return results[index]!
    }

    /// The answer of task `index`, waited for, and no longer kept here.
    func take(_ index: Int) -> Result<Value, EventLogError> {
        condition.lock(); defer { condition.unlock() }
        while results[index] == nil { condition.wait() }
        defer { results[index] = nil }
        return results[index]!
    }
}
