import Clinical
import Synchronization

/// The account directory a long-lived writer keeps between writes (the board's recorder): each
/// write reads only the account events appended since the last (one read through the partial
/// index `eventAccount`, usually empty) and folds them in, instead of folding every account
/// event of the log again. The log is append-only, so folding the new events onto the kept
/// directory gives the directory a whole fold gives; a deactivation, lockout, reset or revoked role
/// written by another process is seen by the next write all the same (21 CFR 11.10(d), (g)).
package final class AccountStanding: Sendable {
    private let kept = Mutex<(directory: AccountDirectory, through: Int64)>((AccountDirectory(), 0))

    package init() {}

    /// The directory as the log's account events leave it now.
    package func directory(of store: any EventStore) throws(EventLogError) -> AccountDirectory {
        let (directory, through) = kept.withLock { $0 }
        let added = try store.accountStandingEvents(after: through)
        guard let last = added.last else { return directory }
        var folded = directory
        for event in added { folded.apply(event) }
        kept.withLock { current in
            // Another thread may have folded further meanwhile: keep whichever saw more.
            if current.through < last.seq { current = (folded, last.seq) }
        }
        return folded
    }

    /// The seq of the last account event folded (for tests).
    package var foldedThrough: Int64 { kept.withLock { $0.through } }
}
