import Foundation
import GRDB

/// A range of sequence numbers that `verify` and `replay` read on a connection of their own.
///
/// Both read every row of the log, and the costly work on a row (hashing it, skimming its JSON)
/// needs no other row: the log is read in ranges on several connections at once, and only small
/// per-range answers are combined, in order, on the calling thread.
struct SeqRange: Sendable {
    /// The first seq of the range; nil for the first range, which also takes any row below 1.
    let lower: Int64?
    /// The seq after the range; nil for the last range, which takes every row to the end.
    let upper: Int64?

    /// The rows of the range, in order (columns as `SQLiteEventStore.columns`).
    var sql: String {
        switch (lower, upper) {
        case (nil, nil): "SELECT \(SQLiteEventStore.columns) FROM event ORDER BY seq"
        case (let lower?, nil): "SELECT \(SQLiteEventStore.columns) FROM event WHERE seq >= \(lower) ORDER BY seq"
        case (nil, let upper?): "SELECT \(SQLiteEventStore.columns) FROM event WHERE seq < \(upper) ORDER BY seq"
        case (let lower?, let upper?): "SELECT \(SQLiteEventStore.columns) FROM event WHERE seq >= \(lower) AND seq < \(upper) ORDER BY seq"
        }
    }

    /// Events per range unless a caller says otherwise: large enough that a range's set-up is
    /// nothing beside its rows, small enough that a log of a million events gives each core work.
    static let defaultSize: Int64 = 32_768
    /// At most this many ranges, however large the last seq (a seq written by someone else may be
    /// anything): a million ranges of 4,096 events hold four billion, so the ranges of any real
    /// log keep their size, and the memory of a replay stays flat.
    static let maximumCount: Int64 = 1 << 20

    /// `from` (or the log's start, when nil) to the end in ranges of `size` events, up to `head`,
    /// the last seq when the reading began; the last range is open, so rows appended meanwhile are
    /// read as well, as one read of the whole log would.
    static func split(from: Int64?, head: Int64, size: Int64) -> [SeqRange] {
        let start = from ?? 1
        guard head - start + 1 > size else { return [SeqRange(lower: from, upper: nil)] }
        let size = max(size, (head - start + 1) / maximumCount + 1)
        var ranges: [SeqRange] = []
        var lower = start
        while lower + size <= head {
            ranges.append(SeqRange(lower: ranges.isEmpty ? from : lower, upper: lower + size))
            lower += size
        }
        ranges.append(SeqRange(lower: lower, upper: nil))
        return ranges
    }
}

/// Read-only connections to one log, lent to the threads reading ranges and kept for reuse.
final class ReaderPool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [DatabaseQueue] = []
    private let open: () throws(EventLogError) -> DatabaseQueue

    init(open: @escaping () throws(EventLogError) -> DatabaseQueue) {
        self.open = open
    }

    /// Runs `body` with a connection no other thread is using.
    func with<T>(_ body: (DatabaseQueue) throws(EventLogError) -> T) throws(EventLogError) -> T {
        lock.lock()
        let reused = idle.popLast()
        lock.unlock()
        let connection: DatabaseQueue
        if let reused { connection = reused } else { connection = try open() }
        defer {
            lock.lock()
            idle.append(connection)
            lock.unlock()
        }
        return try body(connection)
    }
}
