@testable import EventLog
import Foundation
import Testing

/// The hand-offs between `record`'s threads (`LogRecorder.HandOff`, `LogRecorder.ChainHeads`),
/// which wake the other thread after releasing their lock (`NSCondition.wakeAll(after:)`): every
/// item arrives once and in order, every head is the one left before it, and no wake-up is lost.
/// A lost wake-up leaves a thread waiting for ever: the time limit makes that a failure, never a
/// hang, and is far above what the exchanges take on any machine.
@Suite(.timeLimit(.minutes(2)))
struct RecordHandOffTests {
    static let rounds = 20_000

    @Test(arguments: [1, 2, 64])
    func everyItemArrivesOnceInOrderThroughABoundedHandOff(capacity: Int) {
        let handOff = LogRecorder.HandOff<Int>(capacity: capacity)
        let maker = Thread {
            defer { handOff.finish() }
            for item in 0..<Self.rounds {
                guard handOff.put(item) else { return }
            }
        }
        maker.start()
        var taken: [Int] = []
        while let item = handOff.take() { taken.append(item) }
        handOff.stopAndJoin()
        #expect(taken == Array(0..<Self.rounds))
    }

    @Test func aStoppedMakerEndsAndTheWriterJoinsIt() {
        let handOff = LogRecorder.HandOff<Int>(capacity: 1)
        let maker = Thread {
            defer { handOff.finish() }
            var item = 0
            while handOff.put(item) { item += 1 }
        }
        maker.start()
        for expected in 0..<100 { #expect(handOff.take() == expected) }
        // The maker is waiting for room, or about to: the stop wakes it and it ends.
        handOff.stopAndJoin()
        #expect(handOff.isStopped)
    }

    /// As `recordChained` alternates them: the stage reads the head before each input and hands
    /// it over; the writer takes it and says what its write of that input left.
    @Test func theChainStageReadsTheHeadEachWriteLeaves() {
        let heads = LogRecorder.ChainHeads<Int>()
        let chained = LogRecorder.HandOff<Int?>(capacity: 1)
        let stage = Thread {
            defer { chained.finish() }
            for index in 0..<Self.rounds {
                guard case .head(let head) = heads.head(before: index), chained.put(head) else { return }
            }
        }
        stage.start()
        var read: [Int?] = []
        for index in 0..<Self.rounds {
            guard let head = chained.take() else { break }
            read.append(head)
            // Every third input is rejected: it writes nothing and leaves the head as it was.
            heads.handled(index, leaving: index % 3 == 2 ? nil : 10 * index)
        }
        heads.stop()
        chained.stopAndJoin()
        let expected = (0..<Self.rounds).map { index in (0..<index).reversed().first { $0 % 3 != 2 }.map { 10 * $0 } }
        #expect(read == expected)
    }

    @Test func aStopWakesAStageWaitingForAHead() {
        let heads = LogRecorder.ChainHeads<Int>()
        let ended = DispatchSemaphore(value: 0)
        let stage = Thread {
            if case .stopped = heads.head(before: 1) { ended.signal() }
        }
        stage.start()
        heads.stop()
        ended.wait()
    }
}
