import Clinical

/// A store whose appends can check an account's standing in their own transaction, after their
/// lock (``AccountStanding/directory(of:beforeAppendBy:)``): the log on PostgreSQL, where the
/// append's INSERT writes nothing when account events came after the kept directory, and the
/// append then reads them right after the lock and the head and folds them (README, "The log on
/// PostgreSQL", Concurrency).
package protocol StandingCheckedAppends: AnyObject {
    /// Makes the store's next append by `check.author` that writes more than sign-in records
    /// check the account's standing under its lock, and refuse the append when it fails.
    func checkStanding(_ check: StandingCheck)
    /// Whether the check before the write reads nothing and leaves the account events to the
    /// append's read under its lock: where a read costs an exchange with the server (PostgreSQL).
    /// Where it costs microseconds (SQLite) the check before the write reads too, and refuses
    /// with the account's own reason before anything is built.
    var readsStandingOnlyUnderLock: Bool { get }
}

extension StandingCheckedAppends {
    package var readsStandingOnlyUnderLock: Bool { true }
}

/// An account's standing to be checked by the store's next append by `author`, on the account
/// events read under that append's lock and folded onto `standing`.
package struct StandingCheck: Sendable {
    package let standing: AccountStanding
    package let author: Author

    package init(standing: AccountStanding, author: Author) {
        self.standing = standing
        self.author = author
    }

    /// Whether an append by `writer` of events of `kinds` is the one this check is for: by its
    /// author, and more than a `login` or `security` record alone — a sign-out, or a sign-in's
    /// record written by itself, is written whatever the account's standing (as without the check).
    package func applies(to writer: Author, kinds: [EventKind]) -> Bool {
        writer == author && kinds.contains { $0 != .login && $0 != .security }
    }

    /// Folds `added` — the standing events after `snapshot.through`, read under the lock — onto
    /// `snapshot`, and returns why the author may not write, or nil.
    package func refusal(adding added: [RecordedEvent], onto snapshot: (directory: AccountDirectory, through: Int64)) -> String? {
        standing.fold(AccountStandingSelection.select(added), onto: snapshot.directory).standingRefusal(of: author)
    }
}

extension AccountDirectory {
    /// Why `author` may not write as this directory stands — not an account, deactivated, locked
    /// out, waiting to set its own password, or no longer holding the role it acts in — or nil
    /// (21 CFR 11.10(d), (g)).
    package func standingRefusal(of author: Author) -> String? {
        guard let account = self[author.id] else { return "\(author.id) is not an account of this log" }
        if !account.active { return SignInError.deactivated(user: account.id).description }
        if account.lockedOut { return SignInError.lockedOut(user: account.id).description }
        if account.mustSetPassword { return SignInError.mustSetPassword(user: account.id).description }
        guard account.roles.contains(author.role) else {
            return SignInError.roleNotHeld(user: account.id, role: author.role, held: account.roles).description
        }
        return nil
    }
}
