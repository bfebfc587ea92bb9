import Clinical

/// Why a checkpoint could not be read, made or confirmed. Each case names what failed.
package enum CheckpointError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The checkpoint file is not a well-formed signed checkpoint: the line (1-based; 0 for the
    /// file as a whole) and why.
    case malformed(line: Int, reason: String)
    /// The signature is missing, made by another key, or does not verify.
    case signature(String)
    /// The checkpoint names another log (its origin line).
    case otherLog(checkpoint: String, log: String)
    /// The checkpoint covers more events than the log holds: events at the end were removed.
    case beyondLog(size: Int64, lastSeq: Int64)
    /// The log does not extend the checkpoint: the consistency proof from its size to the
    /// log's does not verify against its root, so an event it covers was changed or removed.
    case inconsistent(size: Int64, detail: String)
    /// The log could not be read or written.
    case log(EventLogError)
    /// The log's key could not be read or used.
    case key(LogKeyError)

    package var description: String {
        switch self {
        case let .malformed(line, reason): line > 0 ? "checkpoint line \(line): \(reason)" : "checkpoint: \(reason)"
        case .signature(let detail): "checkpoint signature: \(detail)"
        case let .otherLog(checkpoint, log):
            "checkpoint of another log: origin \(PrintableText.quoted(checkpoint)), this log is \(PrintableText.quoted(log))"
        case let .beyondLog(size, lastSeq):
            "truncated: the checkpoint covers \(size) events, the log ends at seq \(lastSeq) (events at its end were removed)"
        case let .inconsistent(size, detail): "the log does not extend the checkpoint of \(size) events: \(detail)"
        case .log(let error): error.description
        case .key(let error): error.description
        }
    }
}
