import Clinical
@testable import EventLog
import Foundation
import Testing
import TestSupport

/// How `record` spreads its segments over threads (`RecordPacing`): chained while a core is free
/// during the commit's wait, on one thread when the process's threads wait for a core as long as
/// they run; and whatever the modes, the same assessments written in the same order.
@Suite struct RecordPacingTests {
    @Test func aSegmentWhoseThreadsWaitedForACoreAsLongAsTheyRanHasTheNextOnOneThread() {
        var pacing = RecordPacing()
        #expect(pacing.mode == .chained)
        // One writer: its threads waited about a third of the time they ran
        pacing.finished(ran: 30_000_000, waited: 9_000_000)
        #expect(pacing.mode == .chained)
        pacing.finished(ran: 30_000_000, waited: 29_999_999)
        #expect(pacing.mode == .chained)
        // The cores all busy: waited as long as they ran, or longer
        pacing.finished(ran: 30_000_000, waited: 30_000_000)
        #expect(pacing.mode == .oneThread)
        // On one thread, back to chained only once the wait is under half the run
        pacing.finished(ran: 30_000_000, waited: 15_000_000)
        #expect(pacing.mode == .oneThread)
        pacing.finished(ran: 30_000_000, waited: 14_999_999)
        #expect(pacing.mode == .chained)
    }

    @Test func withoutTheKernelsAccountTheModeStays() {
        var pacing = RecordPacing()
        pacing.finished(ran: nil, waited: nil)
        pacing.finished(ran: 0, waited: 5)
        #expect(pacing.mode == .chained)
        pacing.finished(ran: 10, waited: 20)
        pacing.finished(ran: nil, waited: 0)
        #expect(pacing.mode == .oneThread)
    }

    @Test func fixedModesAreCycledWhateverTheMeasure() {
        var pacing = RecordPacing(fixed: [.oneThread, .chained, .chained])
        var modes = [pacing.mode]
        for _ in 0..<5 {
            pacing.finished(ran: 1, waited: 1_000)
            modes.append(pacing.mode)
        }
        #expect(modes == [.oneThread, .chained, .chained, .oneThread, .chained, .chained])
    }

    /// On Linux the kernel's account of the calling thread is read, and grows as it runs.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/thread-self/schedstat"), "no scheduler statistics (not Linux)"))
    func aThreadsTimesAreRead() throws {
        let start = try #require(RecordPacing.ThreadTimes.now())
        var sum = 0.0
        let clock = Date()
        // Running for a tenth of a second of the clock: at least some of it on a core.
        while Date().timeIntervalSince(clock) < 0.1 { sum += sin(sum + 1) }
        let spent = try #require(RecordPacing.ThreadTimes.since(start))
        #expect(spent.ran > 0, "\(sum)")
        #expect(RecordPacing.ThreadTimes.together(spent, nil) == nil)
        #expect(RecordPacing.ThreadTimes.together(spent, .init(ran: 1, waited: 2)) == .init(ran: spent.ran + 1, waited: spent.waited + 2))
        #expect(RecordPacing.ThreadTimes.since(nil) == nil)
    }

    /// More than three segments, with rejected assessments on both sides of a segment's end: in
    /// every mode and every change of mode, each assessment is written once, whole, in input
    /// order, every accepted one after the first built ahead and written as built.
    @Test(arguments: [[RecordPacing.Mode.chained], [.oneThread], [.oneThread, .chained], [.chained, .chained, .oneThread]])
    func theModesWriteTheSameAssessmentsInTheSameOrder(modes: [RecordPacing.Mode]) throws {
        var settings = SQLiteEventStore.Settings()
        settings.aheadTimeLimitMillis = 600_000
        let log = try AccountLog(settings: settings)
        defer { log.remove() }
        let nurse = try log.signIn(.nurse)
        var recorder = try log.recorder(nurse)
        recorder.pacing = RecordPacing(fixed: modes)
        let rejected: Set<Int> = [RecordPacing.segment - 1, RecordPacing.segment, 2 * RecordPacing.segment + 5]
        let count = 3 * RecordPacing.segment + 10
        let inputs = try (0..<count).map { index in
            rejected.contains(index) ? JSONValue.object([("patient", .string("no assessment"))])
                : try Bedside.crsJSON(patient: "S-\(index)", celsius: 38 + Double(index % 10) / 10)
        }
        let before = log.head
        var given: [LogRecorder.Outcome] = []
        let counts = try recorder.record(count: count, input: { inputs[$0] }) { given += $0 }
        #expect(given.count == count)
        for (index, outcome) in given.enumerated() {
            switch outcome {
            case .rejected: #expect(rejected.contains(index), "\(index)")
            case .recorded(let patient, _, let seqs): #expect(patient == "S-\(index)" && seqs.count == 2, "\(index)")
            }
        }
        #expect(counts.built == count - rejected.count - 1 && counts.used == counts.built, "\(counts)")
        let observations = try log.store.allEvents().filter { $0.seq > before && $0.kind == .observation }
        #expect(observations.map(\.patient) == (0..<count).filter { !rejected.contains($0) }.map { "S-\($0)" })
        try RecordChainAheadTests.expectSignedGapFreeAndIntact(log.store)
    }
}
