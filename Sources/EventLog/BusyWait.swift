import Foundation
import GRDB
import Synchronization

/// How a connection waits when another process holds the log's lock: it tries again every
/// millisecond until `seconds` have passed since the first refusal, then gives up (`locked`, exit 3).
///
/// SQLite's own busy handler (`sqlite3_busy_timeout`, GRDB's `.timeout`) sleeps 1, 2, 5, 10, … up
/// to 100 ms between tries, so a commit refused while a reader held one of its short slices kept
/// sleeping long after the slice ended: 13 tries and 470 ms for one bedside save during a replay
/// (`Benchmarks/log-stall.sh`). A writer that waits for its exclusive lock keeps SQLite's pending
/// lock, which lets no new reader in, so polling finds the lock free within a millisecond of the
/// last reader's slice ending.
package final class BusyWait: Sendable {
    package let seconds: Double
    private let firstRefusal = Mutex<UInt64?>(nil)

    package init(seconds: Double) { self.seconds = seconds }

    /// Whether to try again after the `tries`-th refusal of one lock request (0 for the first),
    /// at `now` (monotonic nanoseconds); sleeps a millisecond before saying yes.
    package func shouldRetry(after tries: Int, now: UInt64 = DispatchTime.now().uptimeNanoseconds) -> Bool {
        let start = firstRefusal.withLock { first -> UInt64 in
            guard tries > 0, let first else {
                first = now
                return now
            }
            return first
        }
        guard Double(now &- start) < seconds * 1e9 else { return false }
        usleep(1000)
        return true
    }

    /// The busy mode for a GRDB configuration.
    package static func mode(seconds: Double) -> Database.BusyMode {
        let wait = BusyWait(seconds: seconds)
        return .callback { tries in wait.shouldRetry(after: tries) }
    }
}
