import Clinical
import GRDB
import Synchronization

/// On SQLite, the recorder reads the account events before a write (one indexed read, usually
/// empty) and refuses there with the account's own reason; the write then reads them again in
/// its IMMEDIATE transaction, after the lock, and refuses when another terminal deactivated,
/// locked out, reset or revoked the account in between (README, "Accounts"; 21 CFR 11.10(d), (g)).
/// Without the second read, a change committed between the recorder's read and the lock was not
/// seen by that one write.
extension SQLiteEventStore: StandingCheckedAppends {
    package func checkStanding(_ check: StandingCheck) {
        pendingStanding.withLock { $0 = check }
    }

    /// The recorder's own read stays: it costs microseconds and refuses before anything is built.
    package var readsStandingOnlyUnderLock: Bool { false }

    /// Makes the pending standing check (``checkStanding(_:)``) of an append by `author` of
    /// events of `kinds`, in the write transaction open on `db`: the account events committed
    /// after the kept directory's last, folded onto it; throws the refusal, so the transaction
    /// rolls back and nothing is written. Nothing is read when no check is pending for it.
    func checkPendingStanding(of author: Author, kinds: [EventKind], _ db: Database) throws {
        let claimed = pendingStanding.withLock { (pending) -> StandingCheck? in
            guard let check = pending, check.applies(to: author, kinds: kinds) else { return nil }
            pending = nil
            return check
        }
        guard let check = claimed else { return }
        let kept = check.standing.snapshot
        guard try Int.fetchOne(db.cachedStatement(sql: "PRAGMA user_version")) ?? 0 >= Self.schemaVersionBeforeSignatures else { return }
        let added = try Row.fetchAll(db.cachedStatement(sql: Self.accountStandingEventsSQL), arguments: [kept.through]).map(Self.event(from:))
        if let refusal = check.refusal(adding: added, onto: kept) {
            throw EventLogError.refused("\(path): \(refusal); nothing was written")
        }
    }
}
