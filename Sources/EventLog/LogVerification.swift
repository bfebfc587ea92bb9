import Clinical
import Dispatch
import Foundation
import GRDB

/// The answer of `verify`: intact, or the first event that is wrong and how.
package struct LogVerification: Sendable, Equatable {
    /// What is wrong at the first bad sequence number.
    package enum Problem: Sendable, Equatable {
        /// A sequence number is missing or out of order: events were deleted or moved.
        case gap(expected: Int64, found: Int64)
        /// The event does not follow the previous one: its `prevHash` is not the previous `hash`.
        case chainBroken
        /// The event's content differs from what was written: the recomputed hash differs.
        case contentChanged(stored: String, recomputed: String)
        /// The row is not one the product could have written.
        case malformed(String)
        /// The first event is not a genesis event.
        case noGenesis
        /// The log ends before the checkpoint: events at its end were removed.
        case truncated(lastSeq: Int64)
        /// The event at the checkpoint's sequence number has another hash.
        case checkpointMismatch(stored: String)
        /// SQLite's structural check failed.
        case structure(String)
    }

    /// Events checked.
    package var checked: Int64
    /// The last sequence number and hash, when the log is intact (the checkpoint to keep).
    package var head: (seq: Int64, hash: String)?
    /// The first bad sequence number and what is wrong there; nil when intact.
    package var failure: (seq: Int64, problem: Problem)?

    package var isIntact: Bool { failure == nil }

    package static func == (a: LogVerification, b: LogVerification) -> Bool {
        a.checked == b.checked && a.head?.seq == b.head?.seq && a.head?.hash == b.head?.hash
            && a.failure?.seq == b.failure?.seq && a.failure?.problem == b.failure?.problem
    }

    /// One line per finding, for people.
    package var report: String {
        guard let (seq, problem) = failure else {
            return "ok: \(checked) events, seq 1..\(head?.seq ?? 0) intact; checkpoint \(head.map { "\($0.seq):\($0.hash)" } ?? "-")"
        }
        let what: String
        switch problem {
        case let .gap(expected, found): what = "sequence gap: expected seq \(expected), found \(found) (events deleted or moved)"
        case .chainBroken: what = "hash chain broken: prevHash does not match the previous event's hash (events deleted, inserted or reordered)"
        case let .contentChanged(stored, recomputed):
            what = "content changed after it was written: stored hash \(stored.prefix(16))…, recomputed \(recomputed.prefix(16))…"
        case .malformed(let detail): what = "malformed event: \(detail)"
        case .noGenesis: what = "the log does not start with its genesis event"
        case .truncated(let lastSeq): what = "truncated: the log ends at seq \(lastSeq), before the checkpoint"
        case .checkpointMismatch(let stored): what = "checkpoint mismatch: the event here has hash \(stored.prefix(16))…, not the checkpoint's"
        case .structure(let detail): what = "SQLite structure check failed: \(detail)"
        }
        return "FAIL at seq \(seq): \(what)"
    }
}

extension SQLiteEventStore {
    /// Recomputes the chain from the genesis event, and checks the log against `checkpoint`
    /// (a sequence number and hash exported earlier) when given.
    ///
    /// Stops at the first bad event and names it. Reads the stored rows as they are, so a row
    /// changed with the triggers dropped, a deleted or swapped row, and a truncated tail are each
    /// found. SQLite's structural check runs at the same time on a second connection; the chain is
    /// hashed from the stored bytes in place. Memory stays flat in the number of events.
    package func verify(checkpoint: (seq: Int64, hash: String)? = nil) throws(EventLogError) -> LogVerification {
        let structure = StructureCheck()
        let checker = try readOnlyConnection()
        let path = path
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { structure.run(checker, path: path) }
        let chain = Result { () throws(EventLogError) in try verifyChain(checkpoint: checkpoint) }
        group.wait()
        if let problem = try structure.answer.get() {
            return LogVerification(checked: 0, head: nil, failure: (0, .structure(problem)))
        }
        return try chain.get()
    }

    /// The chain alone: sequence numbers, kinds and roles, links and hashes, and the checkpoint.
    private func verifyChain(checkpoint: (seq: Int64, hash: String)?) throws(EventLogError) -> LogVerification {
        var checked: Int64 = 0
        var expectedSeq: Int64 = 1
        var prevHash = Array(CanonicalEvent.genesisPrevHash.utf8)
        var failure: (Int64, LogVerification.Problem)?
        var checkpointSeen = false
        var scratch: [UInt8] = []
        scratch.reserveCapacity(1024)
        let notNull: [(Int32, String)] = [(1, "id"), (5, "recordTime"), (6, "timeZone"), (7, "authorId"), (9, "terminal"),
                                          (10, "productVersion"), (11, "payload"), (12, "prevHash"), (13, "hash")]
        try forEachRawRow(sql: "SELECT \(Self.columns) FROM event ORDER BY seq") { row in
            guard row.isInteger(0) else {
                failure = (expectedSeq, .malformed("seq \"\(row.string(0) ?? "null")\" is not an integer")); return false
            }
            let seq = row.int64(0)
            guard seq == expectedSeq else { failure = (expectedSeq, .gap(expected: expectedSeq, found: seq)); return false }
            let kind = row.string(2) ?? ""
            let role = row.string(8) ?? ""
            guard EventKind(rawValue: kind) != nil else { failure = (seq, .malformed("unknown kind \"\(kind)\"")); return false }
            guard Role(rawValue: role) != nil else { failure = (seq, .malformed("unknown role \"\(role)\"")); return false }
            if let (_, name) = notNull.first(where: { row.isNull($0.0) }) { failure = (seq, .malformed("\(name) is null")); return false }
            if seq == 1, kind != EventKind.genesis.rawValue { failure = (seq, .noGenesis); return false }
            let storedPrev = row.bytes(12)!
            guard storedPrev.elementsEqual(prevHash) else { failure = (seq, .chainBroken); return false }
            let stored = row.bytes(13)!
            let recomputed = CanonicalEvent.hash(seq: seq, scratch: &scratch) { field, body in
                switch field {
                case .id: body(row.bytes(1))
                case .kind: body(row.bytes(2))
                case .patient: body(row.bytes(3))
                case .clinicalTime: body(row.bytes(4))
                case .recordTime: body(row.bytes(5))
                case .timeZone: body(row.bytes(6))
                case .authorId: body(row.bytes(7))
                case .authorRole: body(row.bytes(8))
                case .terminal: body(row.bytes(9))
                case .productVersion: body(row.bytes(10))
                case .payload: body(row.bytes(11))
                case .prevHash: body(storedPrev)
                }
            }
            guard stored.elementsEqual(recomputed) else {
                failure = (seq, .contentChanged(stored: String(decoding: stored, as: UTF8.self),
                                                 recomputed: String(decoding: recomputed, as: UTF8.self)))
                return false
            }
            if let checkpoint, seq == checkpoint.seq {
                checkpointSeen = true
                guard stored.elementsEqual(checkpoint.hash.utf8) else {
                    failure = (seq, .checkpointMismatch(stored: String(decoding: stored, as: UTF8.self))); return false
                }
            }
            prevHash.removeAll(keepingCapacity: true)
            prevHash.append(contentsOf: stored)
            checked += 1
            expectedSeq += 1
            return true
        }
        if let failure { return LogVerification(checked: checked, head: nil, failure: failure) }
        if let checkpoint, !checkpointSeen {
            return LogVerification(checked: checked, head: nil, failure: (expectedSeq, .truncated(lastSeq: expectedSeq - 1)))
                .with(checkpoint: checkpoint)
        }
        let head = String(decoding: prevHash, as: UTF8.self)
        return LogVerification(checked: checked, head: checked > 0 ? (expectedSeq - 1, head) : nil, failure: nil)
    }
}

/// SQLite's structural check (`PRAGMA quick_check`), run on its own connection while the chain is
/// hashed on another.
private final class StructureCheck: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<String?, EventLogError> = .success(nil)

    func run(_ connection: DatabaseQueue, path: String) {
        let answer = Result { () throws(EventLogError) -> String? in
            do {
                let lines = try connection.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
                return lines == ["ok"] ? nil : lines.prefix(3).joined(separator: "; ")
            } catch {
                throw SQLiteEventStore.mapped(error, path: path)
            }
        }
        lock.lock(); result = answer; lock.unlock()
    }

    var answer: Result<String?, EventLogError> { lock.lock(); defer { lock.unlock() }; return result }
}

private extension LogVerification {
    /// Names the checkpoint's sequence number as the first missing event of a truncated log.
    func with(checkpoint: (seq: Int64, hash: String)) -> LogVerification {
        var copy = self
        if case .truncated(let last)? = failure?.problem { copy.failure = (last + 1, .truncated(lastSeq: last)) }
        return copy
    }
}
