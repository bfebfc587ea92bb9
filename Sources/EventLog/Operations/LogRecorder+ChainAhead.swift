import Clinical
import Foundation
import Synchronization

/// `record`'s chain stage on a store that appends ahead (``AppendsAhead``: SQLite and PostgreSQL;
/// README, "Tests and benchmarks", `record-throughput.py` and `postgres-append.sh`): the thread that
/// prepares the assessments also builds each accepted one's events — seqs, record time, hashes, Ed25519 signatures — on
/// the head the writer's previous transaction leaves, as soon as that transaction's rows are
/// made and while its commit waits on the disk. The writer then inserts them as built when the
/// head is still the one assumed, and builds them again in its transaction when it is not
/// (another process appended in between): what is written, its order, and the outcomes are as
/// without it (``AppendsAhead/appendFollowed(_:author:ahead:by:handingHead:headLeft:)``).
extension LogRecorder {
    /// What became of the assessments built ahead in one recording.
    package struct AheadCounts: Sendable, Equatable {
        /// Assessments the writer was given built ahead.
        package var built = 0
        /// Written as built.
        package var used = 0
        /// Built again in the transaction because another write had moved the head.
        package var headMoved = 0
        /// Built again because the record time taken ahead was too old, or after the clock.
        package var timeStale = 0
        /// Built again because the sign-in's login was still to be written first, or the key changed.
        package var notForThisWrite = 0

        package init() {}

        mutating func count(_ use: AheadUse?) {
            guard let use else { return }
            built += 1
            switch use {
            case .used: used += 1
            case .headMoved: headMoved += 1
            case .timeStale: timeStale += 1
            case .notForThisWrite: notForThisWrite += 1
            }
        }
    }

    /// Where the writer leaves the head of the chain for the chain stage: after each input it
    /// has handled, the head its own writes left (known before their commit), so that the stage
    /// builds input `n` on the head after inputs `0 ..< n`. Every wait here is for the writer,
    /// which handles inputs in order or stops.
    final class ChainHeads<Head: Sendable>: @unchecked Sendable {
        // @unchecked: every access to the fields below holds `condition`.
        private let condition = NSCondition()
        private var handled: Int
        private var head: Head?
        private var stopped = false

        /// Inputs `0 ..< handled` handled, the last write leaving `head` (nil: none yet).
        init(handled: Int = 0, head: Head? = nil) {
            self.handled = handled
            self.head = head
        }

        /// The writer's: input `index` is handled, its events (when it wrote any) leaving `head`.
        func handled(_ index: Int, leaving head: Head?) {
            condition.wakeAll {
                handled = index + 1
                if let head { self.head = head }
            }
        }

        /// The chain stage's: the head after inputs `0 ..< index` — nil when this recording
        /// has written nothing yet — waiting until the writer has handled them; `.stopped` when
        /// the writer stopped first.
        func head(before index: Int) -> Wait {
            condition.lock(); defer { condition.unlock() }
            while !stopped, handled < index { condition.wait() }
            return stopped ? .stopped : .head(head)
        }

        enum Wait { case head(Head?), stopped }

        /// The writer's, on its way out.
        func stop() {
            condition.wakeAll { stopped = true }
        }
    }

    /// ``record(count:batch:input:each:)`` one assessment a transaction on `store`, in segments of
    /// ``RecordPacing/segment`` assessments, each in the mode ``RecordPacing`` chose after the one
    /// before: chained (``recordChainedSegment(_:on:after:input:counts:each:)``) or on one thread
    /// (``recordOneThreadSegment(_:on:after:input:counts:each:)``). Every assessment's events are
    /// built ahead in both, on the head the write before left; what is written, its order, and
    /// the outcomes do not depend on the mode.
    func recordChained<Store: AppendsAhead>(on store: Store, count: Int, input: @escaping @Sendable (Int) -> JSONValue,
                                            each: ([Outcome]) -> Void) throws(RecordError) -> AheadCounts {
        var counts = AheadCounts()
        var pacing = self.pacing
        var head: Store.Head?
        var start = 0
        while start < count {
            let segment = start..<min(count, start + RecordPacing.segment)
            let writerStart = RecordPacing.ThreadTimes.now()
            var stage: RecordPacing.ThreadTimes?
            switch pacing.mode {
            case .chained:
                (head, stage) = try recordChainedSegment(segment, on: store, after: head, input: input, counts: &counts, each: each)
            case .oneThread:
                head = try recordOneThreadSegment(segment, on: store, after: head, input: input, counts: &counts, each: each)
                stage = RecordPacing.ThreadTimes(ran: 0, waited: 0)
            }
            let threads = RecordPacing.ThreadTimes.together(RecordPacing.ThreadTimes.since(writerStart), stage)
            pacing.finished(ran: threads?.ran, waited: threads?.waited)
            start = segment.upperBound
        }
        return counts
    }

    /// Assessments `segment` one a transaction, chained: the chain stage prepares each assessment
    /// (``prepare(_:)``: read, checked, graded) and builds it ahead, then hands it to the writer
    /// (the calling thread). One thread for both, not one each: the stage prepares the next
    /// assessment while the writer's transaction for the one before is on the wire, then waits
    /// for that transaction's head and builds on it, so nothing is done later than with a thread
    /// of its own, and every assessment is one hand-off between threads fewer (a wake-up and a
    /// context switch, much of `record`'s own CPU when many writers share two cores: README,
    /// "Tests and benchmarks", `postgres-append.sh`). `head` is the head the write before the
    /// segment left (nil: this recording has written nothing yet); the one the segment's last
    /// write leaves is returned, with what the chain stage's thread ran and waited for a core
    /// (``RecordPacing``), when the segment ended.
    private func recordChainedSegment<Store: AppendsAhead>(_ segment: Range<Int>, on store: Store, after head: Store.Head?,
                                                           input: @escaping @Sendable (Int) -> JSONValue, counts: inout AheadCounts,
                                                           each: ([Outcome]) -> Void) throws(RecordError) -> (Store.Head?, RecordPacing.ThreadTimes?) {
        // One waiting is enough: an accepted assessment is built only once the writer has handled the one before.
        let chained = HandOff<(Prepared, Store.Ahead?)>(capacity: 1)
        let heads = ChainHeads<Store.Head>(handled: segment.lowerBound, head: head)
        // Written by the stage as it ends, read once it has ended (`stopAndJoin`).
        let stageTimes = Mutex<RecordPacing.ThreadTimes?>(nil)
        let chainer = Thread { [self] in
            let start = RecordPacing.ThreadTimes.now()
            defer {
                stageTimes.withLock { $0 = RecordPacing.ThreadTimes.since(start) }
                chained.finish()
            }
            for index in segment {
                if chained.isStopped { return }
                let next = prepare(input(index))
                var ahead: Store.Ahead?
                if case .accepted = next {
                    guard case .head(let head) = heads.head(before: index) else { return }
                    ahead = head.flatMap { head in built(next, on: store, after: head) }
                }
                guard chained.put((next, ahead)) else { return }
            }
        }
        // Deeply nested input is parsed and decoded there, written out here: the stack the main
        // thread would have.
        chainer.stackSize = 1 << 24
        chainer.start()
        defer {
            heads.stop()
            chained.stopAndJoin()
        }
        var last = head
        for index in segment {
            guard let (next, ahead) = chained.take() else { break }
            let (outcome, use) = try write(next, ahead: ahead, on: store, handingHead: .beforeCommit) { head in
                last = head
                heads.handled(index, leaving: head)
            }
            if case .rejected = outcome { heads.handled(index, leaving: nil) }
            counts.count(use)
            each([outcome])
        }
        // Joined here to read the stage's times (the `defer`, for a failed write, then finds it ended).
        heads.stop()
        chained.stopAndJoin()
        return (last, stageTimes.withLock { $0 })
    }

    /// Assessments `segment` one a transaction on the calling thread: each prepared, built ahead
    /// on the head the write before it left, and written, in turn (`head` and the answer as
    /// ``recordChainedSegment(_:on:after:input:counts:each:)``'s).
    private func recordOneThreadSegment<Store: AppendsAhead>(_ segment: Range<Int>, on store: Store, after head: Store.Head?,
                                                             input: @Sendable (Int) -> JSONValue, counts: inout AheadCounts,
                                                             each: ([Outcome]) -> Void) throws(RecordError) -> Store.Head? {
        var last = head
        for index in segment {
            let next = prepare(input(index))
            let ahead = last.flatMap { head in built(next, on: store, after: head) }
            // The next assessment is built here, after this one's commit: the head is wanted no sooner.
            let (outcome, use) = try write(next, ahead: ahead, on: store, handingHead: .withCommit) { head in last = head }
            counts.count(use)
            each([outcome])
        }
        return last
    }

    /// The events of `prepared` built as the next append after `head` would write them; nil for
    /// a rejected assessment (or one the store does not build ahead).
    private func built<Store: AppendsAhead>(_ prepared: Prepared, on store: Store, after head: Store.Head) -> Store.Ahead? {
        guard case let .accepted(observation, results, warnings, _, _) = prepared else { return nil }
        return store.appendAhead(observation, author: author, signer: signedIn.signer, after: head) { recorded in
            [Self.gradesDraft(of: recorded, resultsText: results, warnings: warnings)]
        }
    }

    /// ``write(_:)`` on `store`, with the events `ahead` built when the head is still the one
    /// it assumed; `headLeft` is given the head the write leaves, as `handingHead` says.
    func write<Store: AppendsAhead>(_ prepared: Prepared, ahead: Store.Ahead?, on store: Store, handingHead: HeadHandOff,
                                    headLeft: (Store.Head) -> Void) throws(RecordError) -> (Outcome, AheadUse?) {
        try permit(.enterAssessment)
        switch prepared {
        case .rejected(let line):
            return (.rejected(line: line), nil)
        case let .accepted(observation, results, warnings, patient, time):
            let (events, use) = try stored { () throws(EventLogError) in
                try store.appendFollowed(observation, author: author, ahead: ahead, by: { recorded in
                    [Self.gradesDraft(of: recorded, resultsText: results, warnings: warnings)]
                }, handingHead: handingHead, headLeft: headLeft)
            }
            return (.recorded(patient: patient, time: time, seqs: events.map(\.seq)), use)
        }
    }
}
