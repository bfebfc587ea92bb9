/// What a write through ``LogRecorder`` comes to when it writes nothing: refused by the log's
/// rules before anything was written, or not written by the log itself.
package enum RecordError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The request is not allowed (a role without the authority, a reason too short, a correction
    /// of a grades event, …): exit 1 in `aegrade`.
    case refused(RecordRefusal)
    /// The log could not be read or written (disk full, locked, read-only, damaged): exit 3 in
    /// `aegrade` for a write (README, "Durability and concurrency").
    case storage(EventLogError)

    package var description: String {
        switch self {
        case .refused(let refusal): refusal.description
        case .storage(let error): error.description
        }
    }

    /// `aegrade`'s exit status for a write that ended so: 1 for a refusal, 3 when the log refused
    /// the write. A text the store would keep differently from what its hash covers is refused by
    /// the store itself, before the write: 1 as well.
    package var exitStatus: Int32 {
        switch self {
        case .refused, .storage(.refused): 1
        case .storage: 3
        }
    }
}
