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
        /// The tables, indexes or triggers are not exactly those aegrade creates (a trigger that
        /// refuses changes dropped, an index removed or redefined, a table added).
        case schema(String)
        /// The credential table does not hold what the account events set: a row replaced, added
        /// or removed outside aegrade (someone's password verifier swapped for one whose password
        /// the intruder knows).
        case credential(String)
        /// A signed checkpoint (C2SP tlog-checkpoint) kept outside the log does not hold: not
        /// signed by the log's key, of another log, beyond the log's end, or not extended by the
        /// log (its consistency proof fails). What failed, in words.
        case signedCheckpoint(String)
        /// From the log's key on, an event's signature is missing, does not verify, or was made by
        /// a key that is not its author's registered key there (a forged or altered event, a
        /// stripped signature, a replaced public key).
        case signature(String)
    }

    /// Events checked.
    package var checked: Int64
    /// The last sequence number and hash, when the log is intact (the checkpoint to keep).
    package var head: (seq: Int64, hash: String)?
    /// The first bad sequence number and what is wrong there; nil when intact.
    package var failure: (seq: Int64, problem: Problem)?
    /// Set when SQLite's structural check could not run on a copy of the log and held writers
    /// while it ran on the log itself (`StructureSnapshot`): why, and for how long. The commands
    /// say it on standard error; it is not part of the answer.
    package var structureNote: String?
    /// How long each part of an SQLite log's check took, in seconds from its start (the copy of
    /// the log, SQLite's check, the chain, the credentials and signatures): said on standard error
    /// when `AEGRADE_VERIFY_TIMINGS` is set, for `Benchmarks/verify-replay.sh`; not part of the
    /// answer.
    package var timings: String?
    /// The site whose chain was checked, for a store that keeps one chain per site (PostgreSQL);
    /// nil for a log that is one site (an SQLite file). Reports name it before the seq.
    package var site: String?

    package var isIntact: Bool { failure == nil }

    package init(checked: Int64, head: (seq: Int64, hash: String)?, failure: (seq: Int64, problem: Problem)?, structureNote: String? = nil) {
        self.checked = checked
        self.head = head
        self.failure = failure
        self.structureNote = structureNote
    }

    package static func == (a: LogVerification, b: LogVerification) -> Bool {
        a.checked == b.checked && a.head?.seq == b.head?.seq && a.head?.hash == b.head?.hash
            && a.failure?.seq == b.failure?.seq && a.failure?.problem == b.failure?.problem
    }

    /// One line per finding, for people.
    package var report: String {
        let site = site.map { "site \($0) " } ?? ""
        guard let (seq, problem) = failure else {
            return "ok: \(self.site.map { "site \($0): " } ?? "")\(checked) events, seq 1..\(head?.seq ?? 0) intact; checkpoint \(head.map { "\($0.seq):\($0.hash)" } ?? "-")"
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
        case .schema(let detail): what = "the schema is not the one aegrade creates: \(detail)"
        case .credential(let detail): what = "credentials: \(detail)"
        case .signedCheckpoint(let detail): what = detail
        case .signature(let detail): what = "signature: \(detail)"
        }
        return "FAIL at \(site)seq \(seq): \(what)"
    }
}

extension SQLiteEventStore {
    /// Recomputes the chain from the genesis event, and checks the log against `checkpoint`
    /// (a sequence number and hash exported earlier) when given.
    ///
    /// Names the first bad event. Reads the stored rows as they are, so a row changed with the
    /// triggers dropped, a deleted or swapped row, and a truncated tail are each found. The log is
    /// hashed in ranges of `rangeSize` events on several connections at once, beside SQLite's
    /// structural check, and the ranges' answers are joined in order, so the answer is the one a
    /// single pass from the genesis event would give. Memory stays flat in the number of events.
    ///
    /// Before the chain, the schema is compared with the one this product creates (every table,
    /// index and trigger, by its SQL), and SQLite's `PRAGMA integrity_check` runs (which also
    /// finds an index whose entries no longer match the table), or with `quick` the faster
    /// `quick_check`, which does not look inside indexes. SQLite cannot split its check into short
    /// reads, so it runs on a copy of the log taken a few pages at a time (`StructureSnapshot`),
    /// and writers are not held while it runs. The signatures are checked on every core,
    /// `signatureChunk` at a time (`SignatureVerifications`).
    package func verify(checkpoint: (seq: Int64, hash: String)? = nil, quick: Bool = false,
                        rangeSize: Int64 = SeqRange.defaultSize,
                        signatureChunk: Int = SignatureVerifications.defaultChunk) throws(EventLogError) -> LogVerification {
        let head = try lastSeq()
        let ranges = SeqRange.split(from: nil, head: head, size: rangeSize)
        let pool = ReaderPool(open: readOnlyConnection)
        let path = path
        let settings = settings
        // Task 0 is the schema and structural check (a copy of the log, then SQLite's check on it:
        // most of verify's time, on one core); task 1 the credential and signature checks, which
        // need no other task's answer and so run beside it rather than after the chain (the
        // signatures' Ed25519 checks on threads of their own, `SignatureVerifications`); task
        // k >= 2 checks range k - 2. Every answer is kept as it came (an error too) and read below
        // only where a single pass would reach it, so the findings and their order are those of
        // the checks run one after another.
        let structure = Answers<(schema: String?, structure: StructureSnapshot.Answer)>(count: 1)
        let accounts = Answers<AccountChecks>(count: 1)
        let segments = Answers<ChainSegment>(count: ranges.count)
        let clock = PartClock()
        DispatchQueue.concurrentPerform(iterations: ranges.count + 2) { task in
            defer { clock.done(task == 0 ? .structure : task == 1 ? .accounts : .chain) }
            if task == 0 {
                structure.run(0) { () throws(EventLogError) -> (schema: String?, structure: StructureSnapshot.Answer) in
                    try pool.with { (connection) throws(EventLogError) -> (schema: String?, structure: StructureSnapshot.Answer) in
                        (try Self.schemaProblem(on: connection, path: path),
                         try StructureSnapshot.check(source: connection, path: path, thorough: !quick, settings: settings))
                    }
                }
            } else if task == 1 {
                accounts.run(0) { () throws(EventLogError) -> AccountChecks in
                    AccountChecks(credential: Result { () throws(EventLogError) in try credentialProblem() },
                                  signature: Result { () throws(EventLogError) in try signatureProblem(chunk: signatureChunk) })
                }
            } else {
                let range = ranges[task - 2]
                segments.run(task - 2) { () throws(EventLogError) -> ChainSegment in
                    try pool.with { (connection) throws(EventLogError) -> ChainSegment in
                        try ChainSegment(range: range, connection: connection, path: path, checkpoint: checkpoint)
                    }
                }
            }
        }
        // SQLite's damage first (rows read from a damaged file prove nothing), then the first bad
        // event, which names what was changed, then a schema changed around intact events (a
        // trigger dropped, an index redefined), then the credentials, then the signatures.
        let (schema, structural) = try structure.result(0).get()
        var answer: LogVerification
        if let damage = structural.problem {
            answer = LogVerification(checked: 0, head: nil, failure: (0, .structure(damage)))
        } else {
            answer = try ChainSegment.join((0..<ranges.count).map(segments.result), checkpoint: checkpoint)
            if answer.isIntact, let schema { answer = LogVerification(checked: answer.checked, head: nil, failure: (0, .schema(schema))) }
            let checks = try accounts.result(0).get()
            if answer.isIntact, let (seq, detail) = try checks.credential.get() {
                answer = LogVerification(checked: answer.checked, head: nil, failure: (seq, .credential(detail)))
            }
            if answer.isIntact, let (seq, detail) = try checks.signature.get() {
                answer = LogVerification(checked: answer.checked, head: nil, failure: (seq, .signature(detail)))
            }
        }
        answer.structureNote = structural.note
        answer.timings = clock.report(copySeconds: structural.copySeconds, quick: quick)
        return answer
    }

    /// When each part of `verify` ended, in seconds from the start (the chain: its last range).
    private final class PartClock: @unchecked Sendable {
        // @unchecked: `ends` is read and written holding `lock`.
        enum Part { case structure, accounts, chain }
        private let lock = NSLock()
        private let start = DispatchTime.now().uptimeNanoseconds
        private var ends: [Part: Double] = [:]

        func done(_ part: Part) {
            let now = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            lock.lock(); defer { lock.unlock() }
            ends[part] = max(ends[part] ?? 0, now)
        }

        func report(copySeconds: Double, quick: Bool) -> String {
            lock.lock(); defer { lock.unlock() }
            func at(_ part: Part) -> String { String(format: "%.2f", ends[part] ?? 0) }
            return "verify parts (s from the start): copy of the log " + String(format: "%.2f", copySeconds)
                + ", SQLite's \(quick ? "quick_check" : "integrity_check") done at \(at(.structure)); "
                + "chain done at \(at(.chain)), credentials and signatures done at \(at(.accounts))"
        }
    }

    /// The credential and signature checks' answers, each kept as it came, errors too.
    private struct AccountChecks: Sendable {
        var credential: Result<(seq: Int64, detail: String)?, EventLogError>
        var signature: Result<(seq: Int64, detail: String)?, EventLogError>
    }

    /// The last seq of the log (0 when it has no events).
    func lastSeq() throws(EventLogError) -> Int64 {
        do {
            return try queue.read { db in try Int64.fetchOne(db, sql: "SELECT max(seq) FROM event") } ?? 0
        } catch {
            throw Self.mapped(error, path: path)
        }
    }

    /// SQLite's structural check on `connection`: nil when it passes. `thorough` runs
    /// `integrity_check` (which also checks every index entry against its row), otherwise
    /// `quick_check`. Up to five findings are reported.
    static func structuralProblem(on connection: DatabaseQueue, path: String, thorough: Bool = false) throws(EventLogError) -> String? {
        do {
            let lines = try connection.read { db in
                try String.fetchAll(db, sql: thorough ? "PRAGMA integrity_check(5)" : "PRAGMA quick_check(5)")
            }
            return lines == ["ok"] ? nil : lines.prefix(3).joined(separator: "; ")
        } catch {
            throw mapped(error, path: path)
        }
    }
}

/// What verifying one range found: its first and last rows' links, the events it checked, and the
/// first problem in it.
///
/// The first row's link to the event before it is left to `join`, which knows that event's hash;
/// every other check (sequence, kind, role, required columns, genesis, hash, checkpoint) is made
/// here, in the order a single pass makes them.
struct ChainSegment: Sendable {
    /// The first row's seq (nil when the range has no rows, or its seq is not a number).
    var firstSeq: Int64?
    /// The first row's stored `prevHash`, once the checks before the link passed.
    var firstPrevHash: String?
    /// The last row's seq and hash, up to the first problem.
    var last: (seq: Int64, hash: String)?
    /// Rows that passed every check before the first problem.
    var checked: Int64 = 0
    /// The first problem, and whether a single pass would find it before the first row's link
    /// (a gap or a malformed row at the first row).
    var failure: (seq: Int64, problem: LogVerification.Problem, beforeLink: Bool)?
    /// Whether the checkpoint's event is in the range (and matched).
    var checkpointSeen = false

    /// Checks the rows of `range` on `connection`.
    /// Whether stored bytes equal `bytes` (hashes: 64 hex digits).
    private static func same(_ stored: UnsafeBufferPointer<UInt8>, _ bytes: [UInt8]) -> Bool {
        guard stored.count == bytes.count else { return false }
        guard let start = stored.baseAddress, stored.count > 0 else { return true }
        return bytes.withUnsafeBufferPointer { other in other.baseAddress.map { memcmp(start, $0, stored.count) == 0 } ?? false }
    }

    init(range: SeqRange, connection: DatabaseQueue, path: String, checkpoint: (seq: Int64, hash: String)?) throws(EventLogError) {
        var expectedSeq = range.lower ?? 1
        var prevHash: [UInt8]?
        var scratch: [UInt8] = []
        scratch.reserveCapacity(1024)
        var firstSeq: Int64?
        var firstPrevHash: String?
        var failure: (seq: Int64, problem: LogVerification.Problem, beforeLink: Bool)?
        var checked: Int64 = 0
        var checkpointSeen = false
        let notNull: [(Int32, String)] = [(1, "id"), (5, "recordTime"), (6, "timeZone"), (7, "authorId"), (9, "terminal"),
                                          (10, "productVersion"), (11, "payload"), (12, "prevHash"), (13, "hash")]
        try SQLiteEventStore.forEachRawRow(on: connection, path: path, range: range) { row in
            let isFirst = prevHash == nil
            func fail(_ seq: Int64, _ problem: LogVerification.Problem, beforeLink: Bool) -> Bool {
                failure = (seq, problem, isFirst && beforeLink)
                return false
            }
            guard row.isInteger(0) else {
                return fail(expectedSeq, .malformed("seq \"\(row.string(0) ?? "null")\" is not an integer"), beforeLink: true)
            }
            let seq = row.int64(0)
            if isFirst { firstSeq = seq }
            guard seq == expectedSeq else { return fail(expectedSeq, .gap(expected: expectedSeq, found: seq), beforeLink: true) }
            let kind = row.string(2) ?? ""
            let role = row.string(8) ?? ""
            guard EventKind(rawValue: kind) != nil else { return fail(seq, .malformed("unknown kind \"\(kind)\""), beforeLink: true) }
            guard Role(rawValue: role) != nil else { return fail(seq, .malformed("unknown role \"\(role)\""), beforeLink: true) }
            if let (_, name) = notNull.first(where: { row.isNull($0.0) }) { return fail(seq, .malformed("\(name) is null"), beforeLink: true) }
            if seq == 1, kind != EventKind.genesis.rawValue { return fail(seq, .noGenesis, beforeLink: true) }
            guard let storedPrev = row.bytes(12), let stored = row.bytes(13) else {
                return fail(seq, .malformed("a hash is null"), beforeLink: true)
            }
            if let prevHash {
                guard Self.same(storedPrev, prevHash) else { return fail(seq, .chainBroken, beforeLink: false) }
            } else {
                firstPrevHash = String(decoding: storedPrev, as: UTF8.self)
            }
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
            guard Self.same(stored, recomputed) else {
                return fail(seq, .contentChanged(stored: String(decoding: stored, as: UTF8.self),
                                                 recomputed: String(decoding: recomputed, as: UTF8.self)), beforeLink: false)
            }
            if let checkpoint, seq == checkpoint.seq {
                checkpointSeen = true
                guard stored.elementsEqual(checkpoint.hash.utf8) else {
                    return fail(seq, .checkpointMismatch(stored: String(decoding: stored, as: UTF8.self)), beforeLink: false)
                }
            }
            // Kept in the same buffer from row to row.
            if prevHash == nil { prevHash = [] }
            prevHash!.removeAll(keepingCapacity: true)
            prevHash!.append(contentsOf: stored)
            checked += 1
            expectedSeq += 1
            return true
        }
        self.firstSeq = firstSeq
        self.firstPrevHash = firstPrevHash
        self.last = prevHash.map { (expectedSeq - 1, String(decoding: $0, as: UTF8.self)) }
        self.checked = checked
        self.failure = failure
        self.checkpointSeen = checkpointSeen
    }

    /// Joins the ranges' answers, in order, into the answer of one pass from the genesis event:
    /// the first problem in seq order, each range's first row linked to the last row before it.
    static func join(_ segments: [Result<ChainSegment, EventLogError>],
                     checkpoint: (seq: Int64, hash: String)?) throws(EventLogError) -> LogVerification {
        var expectedSeq: Int64 = 1
        var prevHash = CanonicalEvent.genesisPrevHash
        var checked: Int64 = 0
        var checkpointSeen = false
        for result in segments {
            let segment = try result.get()
            func failed(_ seq: Int64, _ problem: LogVerification.Problem) -> LogVerification {
                LogVerification(checked: checked, head: nil, failure: (seq, problem))
            }
            guard let firstSeq = segment.firstSeq else {
                // No rows (rows of this range missing are a gap at the next range's first row),
                // or a first row whose seq is no number.
                if let failure = segment.failure { return failed(expectedSeq, failure.problem) }
                continue
            }
            // Checked in the order of one pass: the seq, what the range checked before the link,
            // the link to the last event before the range, then what the range checked after it.
            guard firstSeq == expectedSeq else { return failed(expectedSeq, .gap(expected: expectedSeq, found: firstSeq)) }
            if let failure = segment.failure, failure.beforeLink { return failed(failure.seq, failure.problem) }
            guard segment.firstPrevHash == prevHash else { return failed(firstSeq, .chainBroken) }
            checked += segment.checked
            checkpointSeen = checkpointSeen || segment.checkpointSeen
            if let failure = segment.failure { return failed(failure.seq, failure.problem) }
            if let last = segment.last {
                expectedSeq = last.seq + 1
                prevHash = last.hash
            }
        }
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
