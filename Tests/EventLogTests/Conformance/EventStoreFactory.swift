import Clinical
import EventLog

/// What the conformance suite needs of an `EventStore` implementation: fresh logs, more
/// connections to one log, and the capabilities that go around the store (tampering with what
/// it stored, making it refuse a write). A PostgreSQL store supplies its own factory and runs
/// `EventStoreConformance` with it.
protocol EventStoreFactory: Sendable {
    /// A new log holding its genesis event (and nothing else), open for appending.
    func makeLog() throws -> any ConformanceLog
}

/// One log made by a factory, and the ways to reach it other than through its first store.
protocol ConformanceLog {
    /// The store the log was made with.
    var store: any EventStore { get }

    /// Another connection (as another terminal or process would have) that may append.
    func openWriter() throws -> any EventStore

    /// Another connection that only reads.
    func openReader() throws -> any EventStore

    /// Changes what is stored behind the store's back, as someone with direct access to the
    /// storage would (for SQLite: the file, with the triggers that refuse changes dropped).
    /// Returns false when the implementation cannot tamper in this way (the check is skipped).
    func tamper(_ tampering: Tampering) throws -> Bool

    /// A store on this log whose appends the storage refuses for `reason`, and what ends the
    /// refusal (a lock held elsewhere is released); nil when the implementation cannot make
    /// the storage refuse in this way (the check is skipped).
    func refusing(_ reason: Refusal) throws -> (store: any EventStore, release: () throws -> Void)?

    /// Whether `backup(to:)` copies the log into a file (SQLite); a store whose storage is backed
    /// up by its server's own tools refuses it instead, and the suite checks the refusal.
    var backsUpToAFile: Bool { get }

    /// A fresh place for `backup(to:)` to write a copy to, and the copy opened as a log.
    func backupDestination() -> String
    func openCopy(_ destination: String) throws -> any EventStore

    /// Removes the log and everything the factory made for it.
    func remove()
}

extension ConformanceLog {
    var backsUpToAFile: Bool { true }
}

/// Changes to stored events that `verify` must name at their seq.
enum Tampering: Sendable, CustomStringConvertible {
    /// The payload of an event rewritten (its hash left as it was).
    case editPayload(seq: Int64)
    /// An event deleted from the middle.
    case delete(seq: Int64)
    /// The stored hash of an event replaced by another.
    case breakHash(seq: Int64)

    var seq: Int64 {
        switch self {
        case .editPayload(let seq), .delete(let seq), .breakHash(let seq): seq
        }
    }

    var description: String {
        switch self {
        case .editPayload(let seq): "payload of \(seq) edited"
        case .delete(let seq): "event \(seq) deleted"
        case .breakHash(let seq): "hash of \(seq) broken"
        }
    }
}

/// Why the storage refuses a write, and the error the store must name.
enum Refusal: Sendable, CaseIterable, CustomStringConvertible {
    /// The log may only be read (a read-only open, file or role).
    case readOnly
    /// No room is left for the write.
    case diskFull
    /// Another connection holds the lock for longer than the store waits.
    case locked

    var description: String {
        switch self {
        case .readOnly: "read-only"
        case .diskFull: "disk full"
        case .locked: "locked"
        }
    }

    /// Whether `error` is the one this refusal must be reported as.
    func matches(_ error: EventLogError) -> Bool {
        switch (self, error) {
        case (.readOnly, .readOnly), (.diskFull, .diskFull), (.locked, .locked): true
        default: false
        }
    }
}
