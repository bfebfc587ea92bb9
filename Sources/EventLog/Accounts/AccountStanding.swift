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
        return fold(try store.accountStandingEvents(after: through), onto: directory)
    }

    /// The directory a write by `author` is checked on before it is made. On a store that reads
    /// the account events again in the append's own transaction, after its lock
    /// (``StandingCheckedAppends``), and once this directory was read, the store's next append by
    /// `author` folds what was committed before its lock and refuses the append when the
    /// account's standing does (``StandingCheck``): the check then sees every account event
    /// committed before the write, where a read before the append missed those committed between
    /// the read and the lock. On PostgreSQL that directory is the kept one — read nothing now,
    /// which costs no exchange of its own with the server (README, "The log on PostgreSQL"); on
    /// SQLite, and before a first read, it is ``directory(of:)``.
    package func directory(of store: any EventStore, beforeAppendBy author: Author) throws(EventLogError) -> AccountDirectory {
        let (directory, through) = kept.withLock { $0 }
        guard through > 0, let checked = store as? any StandingCheckedAppends else { return try self.directory(of: store) }
        checked.checkStanding(StandingCheck(standing: self, author: author))
        return checked.readsStandingOnlyUnderLock ? directory : try self.directory(of: store)
    }

    /// The kept directory and the seq of the last account event folded into it.
    package var snapshot: (directory: AccountDirectory, through: Int64) { kept.withLock { $0 } }

    /// `directory` (a ``snapshot``) with `added` — the standing events read after its `through`,
    /// in seq order — folded in; kept when it saw more than the kept one.
    package func fold(_ added: [RecordedEvent], onto directory: AccountDirectory) -> AccountDirectory {
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
