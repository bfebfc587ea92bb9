import Dispatch
@testable import EventLog
import Foundation
import Testing

/// The Ed25519 checks run on several threads, a chunk each, and the answer is the lowest seq that
/// does not verify, whichever chunk finished first (README, "Verify"; issue 19, goal 6).
@Suite("Signing: signatures checked on every core") struct SignatureVerificationsTests {
    /// A signature due a check at `seq` (the check is the test's own, so the texts are no real ones).
    static func due(_ seq: Int64) -> SignatureVerifications.Due {
        .init(seq: seq, author: "nurse.li", hash: "", publicKey: "", signature: "")
    }

    @Test func theFirstFailureInSeqOrderIsNamedWhenALaterChunkFailsFirst() throws {
        // Given two workers, chunks of 8, and signatures that fail at seq 5 (first chunk) and 12
        // (second chunk), the check of seq 5 held until the failure at 12 is known
        let release = DispatchSemaphore(value: 0)
        let (added, failure) = try SignatureVerifications.run(width: 2, chunk: 8, isValid: { due in
            if due.seq == 5 { release.wait() }
            return due.seq != 5 && due.seq != 12
        }) { (checks) throws(EventLogError) -> Int64 in
            // `add` says false once a failure is known: here, only 12's can be (5's is held)
            var seq: Int64 = 0
            while seq < 100_000 {
                seq += 1
                if !checks.add(Self.due(seq)) { break }
            }
            release.signal()
            return seq
        }
        // Then the later chunk's failure was known first, and the answer is still seq 5
        #expect(added < 100_000, "no failure was reported while seq 5 was held")
        #expect(failure?.seq == 5)
        #expect(failure?.detail == "the signature of the event by \"nurse.li\" does not verify (the event or its signature was changed or forged)")
    }

    @Test func everySignatureBeforeTheFirstFailureIsChecked() throws {
        // Chunks of 3 on four workers: every seq up to the failure is checked, whatever the order
        let checked = Checked()
        let (_, failure) = try SignatureVerifications.run(width: 4, chunk: 3, isValid: { due in
            checked.insert(due.seq)
            return due.seq != 40 && due.seq != 41 && due.seq != 77
        }) { (checks) throws(EventLogError) in
            for seq in Int64(1)...100 { checks.add(Self.due(seq)) }
        }
        #expect(failure?.seq == 40)
        #expect(checked.seqs.isSuperset(of: Set(Int64(1)...40)))
    }

    @Test func fewSignaturesAreCheckedOnTheCallersThreadAndAllValidIsNoFinding() throws {
        let caller = pthread_self()
        let (_, failure) = try SignatureVerifications.run(chunk: 256, isValid: { _ in pthread_equal(pthread_self(), caller) != 0 }) { (checks) throws(EventLogError) in
            for seq in Int64(1)...10 { checks.add(Self.due(seq)) }
        }
        #expect(failure == nil)
    }

    @Test func anErrorFromTheFoldComesOutAndTheWorkersEnd() throws {
        #expect(throws: EventLogError.self) {
            _ = try SignatureVerifications.run(width: 2, chunk: 2, isValid: { _ in true }) { (checks) throws(EventLogError) in
                for seq in Int64(1)...50 { checks.add(Self.due(seq)) }
                throw EventLogError.refused("the fold's read failed")
            }
        }
    }

    /// The seqs a check was asked about, from several threads.
    final class Checked: @unchecked Sendable {
        // @unchecked: `seqs` is read and written holding `lock`.
        private let lock = NSLock()
        private var set = Set<Int64>()
        func insert(_ seq: Int64) { lock.lock(); set.insert(seq); lock.unlock() }
        var seqs: Set<Int64> { lock.lock(); defer { lock.unlock() }; return set }
    }
}
