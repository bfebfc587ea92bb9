import Clinical
import Foundation

/// A sign-in's `login` event held back to be written in the same transaction as the signed-in
/// account's first entry, just before it (README, "Durability and concurrency").
///
/// `aegrade record` signs in and appends one entry: two write transactions would make the writer
/// wait twice for a reader's slice and pay two commits' syncs, which is most of a record's time
/// while an export runs. The store takes the draft from ``current`` when it appends for the same
/// author, and gives it back when that transaction fails, so the login is written once, before
/// the first event its sign-in allowed, or alone by ``writeIfPending(to:)`` when the command
/// wrote nothing. Held in a reference so that every copy of the ``SignedIn`` shares one claim.
package final class DeferredLogin: @unchecked Sendable, Equatable {
    /// The account and role whose first append carries the login.
    package let author: Author
    private let lock = NSLock()
    private var draft: EventDraft?

    init(author: Author, draft: EventDraft) {
        self.author = author
        self.draft = draft
    }

    /// The login of the writer whose store calls run now (set by ``SignedIn/signing(_:)``).
    @TaskLocal package static var current: DeferredLogin?

    /// The login event, claimed for a transaction that appends as `writer`; nil when it is written
    /// already or `writer` is someone else (aegrade's own rule-status events, say).
    package func claim(for writer: Author) -> EventDraft? {
        guard writer == author else { return nil }
        lock.lock()
        defer { lock.unlock() }
        let claimed = draft
        draft = nil
        return claimed
    }

    /// Gives a claimed login back after its transaction rolled back.
    package func restore(_ login: EventDraft) {
        lock.lock()
        defer { lock.unlock() }
        draft = login
    }

    /// One sign-in's login is itself only.
    package static func == (lhs: DeferredLogin, rhs: DeferredLogin) -> Bool { lhs === rhs }

    /// Whether the login is still to be written.
    package var isPending: Bool {
        lock.lock()
        defer { lock.unlock() }
        return draft != nil
    }

    /// Claims the login for a transaction appending as `writer`, runs `body` with it (nil when
    /// there is none to write), and gives it back when `body` throws: what a store does around
    /// each append.
    package static func appending<T, Failure: Error>(as writer: Author, _ body: (EventDraft?) throws(Failure) -> T) throws(Failure) -> T {
        let deferred = current
        let login = deferred?.claim(for: writer)
        do {
            return try body(login)
        } catch {
            if let login { deferred?.restore(login) }
            throw error
        }
    }
}
