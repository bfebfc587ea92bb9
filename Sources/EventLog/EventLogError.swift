/// Why the log could not be opened, read or appended to. Every case leaves the log as it was.
package enum EventLogError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file does not exist (and was not to be created).
    case missing(path: String)
    /// The file is not an SQLite database, or not an aegrade log.
    case notALog(path: String, detail: String)
    /// The log's schema is newer or older than this product knows.
    case unknownSchema(path: String, version: Int)
    /// The file (or its directory) cannot be written.
    case readOnly(path: String)
    /// Another process held the log longer than the wait allows.
    case locked(path: String)
    /// The disk holding the log is full.
    case diskFull(path: String)
    /// SQLite reports the file damaged.
    case corrupt(path: String, detail: String)
    /// The store would not keep an event as its hash covers it (a text SQLite does not keep), or
    /// could not find it after writing it; nothing was written. What the log's rules do not allow
    /// (a role without the authority, a reason too short, a correction of a grade) is a
    /// ``RecordRefusal``, from ``LogRecorder``.
    case refused(String)
    /// Any other SQLite or file-system failure.
    case io(path: String, detail: String)
    /// The path is not one of a regular file: empty, a name SQLite would read as an in-memory
    /// database or a URI, a directory, a link to nothing.
    case invalidPath(path: String, reason: String)
    /// A write interrupted by a crash left a hot journal, and this process may not write the log
    /// (or its directory) to let SQLite roll it back, so the log cannot be read consistently.
    case interruptedWrite(path: String)

    package var description: String {
        switch self {
        case .missing(let path): "\(path): no such log"
        case let .notALog(path, detail): "\(path): not an aegrade log (\(detail)); it was left untouched"
        case let .unknownSchema(path, version): "\(path): log schema version \(version) is not one this aegrade knows"
        case .readOnly(let path): "\(path): the log is read-only; nothing was written"
        case .locked(path: let path): "\(path): the log is locked by another process; nothing was written, try again"
        case .diskFull(let path): "\(path): the disk holding the log is full; nothing from this entry was written"
        case let .corrupt(path, detail): "\(path): the log is damaged (\(detail)); it was left untouched — run aegrade log verify"
        case .refused(let message): message
        case let .io(path, detail): "\(path): \(detail); nothing was written"
        case let .invalidPath(path, reason): "\(path.isEmpty ? "''" : path): not a log file: \(reason)"
        case .interruptedWrite(let path):
            "\(path): a write interrupted by a crash left \(path)-journal, which SQLite must roll back before the log can be read "
                + "(the unfinished write was never acknowledged); this account may not write the log or its directory, so both "
                + "were left untouched. Run `aegrade log verify --db \(path)` as an account that may write them (SQLite rolls "
                + "the journal back), then try again"
        }
    }
}
