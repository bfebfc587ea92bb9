import Clinical
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
    /// found. Memory stays flat in the number of events.
    package func verify(checkpoint: (seq: Int64, hash: String)? = nil) throws(EventLogError) -> LogVerification {
        if let problem = try quickCheck() {
            return LogVerification(checked: 0, head: nil, failure: (0, .structure(problem)))
        }
        var checked: Int64 = 0
        var expectedSeq: Int64 = 1
        var prevHash = CanonicalEvent.genesisPrevHash
        var failure: (Int64, LogVerification.Problem)?
        var checkpointSeen = false
        try forEachRow { row in
            let seq: Int64 = row[0]
            guard seq == expectedSeq else { failure = (expectedSeq, .gap(expected: expectedSeq, found: seq)); return false }
            let kind: String = row[2]
            let role: String = row[8]
            guard EventKind(rawValue: kind) != nil else { failure = (seq, .malformed("unknown kind \"\(kind)\"")); return false }
            guard Role(rawValue: role) != nil else { failure = (seq, .malformed("unknown role \"\(role)\"")); return false }
            if seq == 1, kind != EventKind.genesis.rawValue { failure = (seq, .noGenesis); return false }
            let storedPrev: String = row[12]
            guard storedPrev == prevHash else { failure = (seq, .chainBroken); return false }
            let stored: String = row[13]
            let recomputed = CanonicalEvent.hash(CanonicalEvent.Fields(
                seq: seq, id: row[1], kind: kind, patient: row[3], clinicalTime: row[4], recordTime: row[5], timeZone: row[6],
                authorId: row[7], authorRole: role, terminal: row[9], productVersion: row[10], payloadText: row[11], prevHash: storedPrev))
            guard recomputed == stored else { failure = (seq, .contentChanged(stored: stored, recomputed: recomputed)); return false }
            if let checkpoint, seq == checkpoint.seq {
                checkpointSeen = true
                guard stored == checkpoint.hash else { failure = (seq, .checkpointMismatch(stored: stored)); return false }
            }
            prevHash = stored
            checked += 1
            expectedSeq += 1
            return true
        }
        if let failure { return LogVerification(checked: checked, head: nil, failure: failure) }
        if let checkpoint, !checkpointSeen {
            return LogVerification(checked: checked, head: nil, failure: (expectedSeq, .truncated(lastSeq: expectedSeq - 1)))
                .with(checkpoint: checkpoint)
        }
        return LogVerification(checked: checked, head: checked > 0 ? (expectedSeq - 1, prevHash) : nil, failure: nil)
    }
}

private extension LogVerification {
    /// Names the checkpoint's sequence number as the first missing event of a truncated log.
    func with(checkpoint: (seq: Int64, hash: String)) -> LogVerification {
        var copy = self
        if case .truncated(let last)? = failure?.problem { copy.failure = (last + 1, .truncated(lastSeq: last)) }
        return copy
    }
}
