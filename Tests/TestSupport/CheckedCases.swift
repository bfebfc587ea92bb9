import Synchronization

/// Counts the cases a property test really checked, for the test to assert a minimum: a property
/// whose check returns early for most generated inputs (no definite grade, say) would otherwise
/// pass while testing almost nothing.
package final class CheckedCases: Sendable {
    private let count = Mutex(0)

    package init() {}

    /// One more case checked.
    package func add() { count.withLock { $0 += 1 } }

    package var value: Int { count.withLock { $0 } }
}
