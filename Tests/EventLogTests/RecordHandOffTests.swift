@testable import EventLog
import Foundation
import Synchronization
import Testing

/// The hand-offs between `record`'s threads (`LogRecorder.HandOff`, `LogRecorder.ChainHeads`),
/// which wake the other thread after releasing their lock (`NSCondition.wakeAll(after:)`): every
/// item arrives once and in order, every head is the one left before it, and no wake-up is lost.
/// A lost wake-up leaves a thread waiting for ever: each exchange runs on a thread of its own,
/// waited for at most `limit`, so that one is a failure, never a hang (a time limit alone cannot
/// end a test blocked in a synchronous wait). The limit is far above what the exchanges take on
/// any machine.
@Suite
struct RecordHandOffTests {
    static let limit: DispatchTimeInterval = .seconds(120)

    /// Runs `exchange` on a thread of its own and waits for it at most `limit`; past it, a
    /// failure (the thread is left waiting).
    static func finishes(_ what: String, _ exchange: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        Thread {
            exchange()
            done.signal()
        }.start()
        if done.wait(timeout: .now() + limit) == .timedOut {
            Issue.record("\(what) did not end within \(limit): a wake-up was lost")
        }
    }

    /// Each round is a wake-up of the other thread, and with every core busy (the whole suite
    /// running) each wake-up waits for a turn: a tenth of the 20,000 rounds these tests first
    /// made, each exchange still crossing the lost-wake-up window thousands of times.
    static let rounds = 2_000

    @Test(arguments: [1, 2, 64])
    func everyItemArrivesOnceInOrderThroughABoundedHandOff(capacity: Int) {
        let handOff = LogRecorder.HandOff<Int>(capacity: capacity)
        let taken = Mutex<[Int]>([])
        Self.finishes("the hand-off of \(Self.rounds) items") {
            let maker = Thread {
                defer { handOff.finish() }
                for item in 0..<Self.rounds {
                    guard handOff.put(item) else { return }
                }
            }
            maker.start()
            var items: [Int] = []
            while let item = handOff.take() { items.append(item) }
            handOff.stopAndJoin()
            taken.withLock { $0 = items }
        }
        #expect(taken.withLock { $0 } == Array(0..<Self.rounds))
    }

    @Test func aStoppedMakerEndsAndTheWriterJoinsIt() {
        let handOff = LogRecorder.HandOff<Int>(capacity: 1)
        let taken = Mutex<[Int?]>([])
        Self.finishes("the stop of a maker waiting for room") {
            let maker = Thread {
                defer { handOff.finish() }
                var item = 0
                while handOff.put(item) { item += 1 }
            }
            maker.start()
            let items = (0..<100).map { _ in handOff.take() }
            // The maker is waiting for room, or about to: the stop wakes it and it ends.
            handOff.stopAndJoin()
            taken.withLock { $0 = items }
        }
        #expect(taken.withLock { $0 } == Array(0..<100))
        #expect(handOff.isStopped)
    }

    /// As `recordChained` alternates them: the stage reads the head before each input and hands
    /// it over; the writer takes it and says what its write of that input left.
    @Test func theChainStageReadsTheHeadEachWriteLeaves() {
        let heads = LogRecorder.ChainHeads<Int>()
        let chained = LogRecorder.HandOff<Int?>(capacity: 1)
        let read = Mutex<[Int?]>([])
        Self.finishes("the exchange of \(Self.rounds) heads") {
            let stage = Thread {
                defer { chained.finish() }
                for index in 0..<Self.rounds {
                    guard case .head(let head) = heads.head(before: index), chained.put(head) else { return }
                }
            }
            stage.start()
            var found: [Int?] = []
            for index in 0..<Self.rounds {
                guard let head = chained.take() else { break }
                found.append(head)
                // Every third input is rejected: it writes nothing and leaves the head as it was.
                heads.handled(index, leaving: index % 3 == 2 ? nil : 10 * index)
            }
            heads.stop()
            chained.stopAndJoin()
            read.withLock { $0 = found }
        }
        let expected = (0..<Self.rounds).map { index in (0..<index).reversed().first { $0 % 3 != 2 }.map { 10 * $0 } }
        #expect(read.withLock { $0 } == expected)
    }

    @Test func aStopWakesAStageWaitingForAHead() {
        let heads = LogRecorder.ChainHeads<Int>()
        let stopped = Mutex(false)
        Self.finishes("a stage waiting for a head, stopped") {
            let ended = DispatchSemaphore(value: 0)
            let stage = Thread {
                if case .stopped = heads.head(before: 1) { stopped.withLock { $0 = true } }
                ended.signal()
            }
            stage.start()
            heads.stop()
            ended.wait()
        }
        #expect(stopped.withLock { $0 })
    }
}
