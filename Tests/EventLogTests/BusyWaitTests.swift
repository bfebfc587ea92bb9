@testable import EventLog
import Testing

/// The lock wait's policy: retry until the timeout measured from the first refusal, then give up
/// (the store then reports `locked`). Times are given, not read from the clock.
@Suite struct BusyWaitTests {
    @Test func retriesUntilTheTimeoutFromTheFirstRefusal() {
        let wait = BusyWait(seconds: 0.5)
        #expect(wait.shouldRetry(after: 0, now: 1_000_000_000))
        #expect(wait.shouldRetry(after: 1, now: 1_400_000_000))
        #expect(!wait.shouldRetry(after: 2, now: 1_500_000_001))
    }

    @Test func aNewLockRequestStartsItsOwnTimeout() {
        let wait = BusyWait(seconds: 0.5)
        #expect(wait.shouldRetry(after: 0, now: 1_000_000_000))
        #expect(!wait.shouldRetry(after: 3, now: 2_000_000_000))
        // SQLite counts tries from 0 again for the next request.
        #expect(wait.shouldRetry(after: 0, now: 3_000_000_000))
        #expect(wait.shouldRetry(after: 1, now: 3_100_000_000))
    }

    @Test func aZeroTimeoutNeverRetries() {
        #expect(!BusyWait(seconds: 0).shouldRetry(after: 0, now: 5))
    }
}
