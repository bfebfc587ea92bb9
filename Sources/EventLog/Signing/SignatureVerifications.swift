import Clinical
import Foundation

/// The Ed25519 checks of a log's signatures, on every core, answered in log order (README,
/// "Signed events"; issue 19, goal 6: one core checks about 7,800 a second here, so a log of
/// 1,000,000 signed events was two minutes of one core).
///
/// The caller folds the keys in seq order on its own thread (which key each author has where:
/// sequential and cheap) and hands each signature due a check to ``add(_:)``, in seq order; worker
/// threads of its own check them a chunk at a time. The answer is the lowest seq that does not
/// verify, whichever chunk finished first: every signature before it was checked (a chunk is
/// skipped only from a seq after a failure already found), so it is the one a single pass names.
///
/// The workers are threads, not `DispatchQueue.concurrentPerform`: `verify` runs this check in a
/// task of its own `concurrentPerform`, and Dispatch runs a nested one on the calling thread alone.
package final class SignatureVerifications: @unchecked Sendable {
    // @unchecked: `queued`, `failure`, `closed`, `cancelled` and `running` are read and written
    // holding `condition`; `pending` and `started` only by the thread that adds.

    /// One signature due a check: the event's seq, author (for the message), stored hash, and the
    /// key and signature of its `eventWrite` row, all as stored (hex).
    package struct Due: Sendable {
        package var seq: Int64
        package var author: String
        package var hash: String
        package var publicKey: String
        package var signature: String

        package init(seq: Int64, author: String, hash: String, publicKey: String, signature: String) {
            self.seq = seq
            self.author = author
            self.hash = hash
            self.publicKey = publicKey
            self.signature = signature
        }
    }

    /// Signatures per chunk: about 30 ms of one core, so the cores share a slice's work evenly.
    package static let defaultChunk = 256

    private let width: Int
    private let chunk: Int
    private let isValid: @Sendable (Due) -> Bool
    private let condition = NSCondition()
    private var queued: [[Due]] = []
    private var failure: Due?
    private var closed = false
    private var cancelled = false
    private var running = 0
    private var pending: [Due] = []
    private var started = false

    /// `width` worker threads (started with the first full chunk: a log with few signatures
    /// checks them on the caller's thread), `chunk` signatures each; `isValid` is the check
    /// (tests give one that waits, to finish chunks out of order).
    package init(width: Int = ProcessInfo.processInfo.activeProcessorCount, chunk: Int = defaultChunk,
                 isValid: @escaping @Sendable (Due) -> Bool = SignatureVerifications.ed25519) {
        self.width = max(1, width)
        self.chunk = max(1, chunk)
        self.isValid = isValid
        pending.reserveCapacity(self.chunk)
    }

    /// RFC 8032 Ed25519 over the event's hash as 32 bytes.
    package static func ed25519(_ due: Due) -> Bool {
        EventSignature.isValid(signatureHex: due.signature, hash: due.hash, publicKeyHex: due.publicKey)
    }

    /// What `verify` says of a signature that does not verify (the same words on every store).
    package static func doesNotVerify(author: String) -> String {
        "the signature of the event by \(PrintableText.quoted(author)) does not verify (the event or its signature was changed or forged)"
    }

    /// Runs `body` with a fresh set of checks and waits for them: `body`'s answer, and the first
    /// signature that does not verify, with its message. When `body` throws, the checks still
    /// queued are dropped and the workers end before the error comes out.
    package static func run<T>(width: Int = ProcessInfo.processInfo.activeProcessorCount, chunk: Int = defaultChunk,
                               isValid: @escaping @Sendable (Due) -> Bool = SignatureVerifications.ed25519,
                               _ body: (SignatureVerifications) throws(EventLogError) -> T) throws(EventLogError) -> (T, (seq: Int64, detail: String)?) {
        let checks = SignatureVerifications(width: width, chunk: chunk, isValid: isValid)
        let answer: T
        do {
            answer = try body(checks)
        } catch {
            _ = checks.finish(cancel: true)
            throw error
        }
        return (answer, checks.finish(cancel: false).map { ($0.seq, doesNotVerify(author: $0.author)) })
    }

    /// Hands `due` in (seqs in increasing order). False once some signature is known not to
    /// verify: nothing handed in from then on can be the first finding, and the caller may stop.
    @discardableResult
    package func add(_ due: Due) -> Bool {
        pending.append(due)
        guard pending.count >= chunk else { return true }
        let full = pending
        pending.removeAll(keepingCapacity: true)
        return enqueue(full)
    }

    /// Whether a signature handed in is already known not to verify.
    package var hasFailed: Bool {
        condition.lock(); defer { condition.unlock() }
        return failure != nil
    }

    /// Queues `chunk` for the workers (waiting while four chunks a worker wait already, so memory
    /// stays flat); false when a failure is known.
    private func enqueue(_ chunk: [Due]) -> Bool {
        condition.lock(); defer { condition.unlock() }
        if !started { start() }
        while queued.count >= 4 * width, failure == nil { condition.wait() }
        guard failure == nil else { return false }
        queued.append(chunk)
        condition.broadcast()
        return true
    }

    /// Starts the workers (holding `condition`).
    private func start() {
        started = true
        running = width
        for _ in 0..<width {
            let thread = Thread { [self] in work() }
            thread.name = "aegrade signatures"
            thread.start()
        }
    }

    private func work() {
        condition.lock()
        while true {
            while queued.isEmpty, !closed { condition.wait() }
            if cancelled { queued.removeAll() }
            if queued.isEmpty { break }
            let chunk = queued.removeFirst()
            let bound = failure?.seq
            condition.broadcast()
            condition.unlock()
            let failed = firstFailure(in: chunk, before: bound)
            condition.lock()
            if let failed, failure.map({ failed.seq < $0.seq }) ?? true {
                failure = failed
                // The thread that adds may be waiting for room: it stops adding now.
                condition.broadcast()
            }
        }
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// The first signature of `chunk` that does not verify, checking none after `bound` (a
    /// failure found already comes before them).
    private func firstFailure(in chunk: [Due], before bound: Int64?) -> Due? {
        for due in chunk {
            if let bound, due.seq > bound { return nil }
            if !isValid(due) { return due }
        }
        return nil
    }

    /// Checks what is still pending, waits for the workers to end, and gives the lowest seq that
    /// does not verify; with `cancel`, drops what is queued instead.
    private func finish(cancel: Bool) -> Due? {
        let rest = pending
        pending = []
        if !started {
            return cancel ? nil : firstFailure(in: rest, before: nil)
        }
        if !cancel, !rest.isEmpty { _ = enqueue(rest) }
        condition.lock(); defer { condition.unlock() }
        closed = true
        cancelled = cancel
        condition.broadcast()
        while running > 0 { condition.wait() }
        return failure
    }
}
