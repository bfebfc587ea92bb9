/// Why the demo was not written, other than the log's own failures (``EventLogError``,
/// ``RecordError``): a log or protocol already there, or a step of the demo that the recorder
/// would not take (a bug in the demo).
package enum DemoError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `path` exists: the demo never writes over a log or a protocol.
    case exists(path: String)
    /// A planned step was rejected or refused: what and why.
    case stepRejected(String)

    package var description: String {
        switch self {
        case .exists(let path): "\(path) exists: the demo never writes over a log or a protocol; give an empty or new directory"
        case .stepRejected(let message): message
        }
    }
}
