import Foundation

/// How `record` spreads each segment of its assessments over threads
/// (``LogRecorder/recordChained(on:count:input:each:)``): chained — a second thread prepares and
/// builds the next assessment while the writer's transaction waits on the server — or on one
/// thread, each assessment prepared, built and written in turn.
///
/// Chained is faster when a core is free while the commit waits (one writer: 1,100–1,200
/// assessments/s against 1,035–1,045 on one thread). When the cores are all busy (many writers on
/// a small machine) nothing runs in the wait anyway, and the hand-offs between the threads cost
/// CPU: sixteen writers on two cores used 0.46–0.60 ms of `record`'s CPU an assessment chained
/// and 0.41–0.50 on one thread, and wrote 1–26 % more a second on one thread (README, "Tests and
/// benchmarks", `postgres-append.sh`). The measure of which case holds is the kernel's account of
/// the recording's threads, the writer and the chain stage (`/proc/thread-self/schedstat`): the
/// time they ran and the time they were ready to run but waited for a core. Chained with one
/// writer, the process's threads waited about 0.3 × the time they ran; with four or sixteen
/// writers 2–25 ×. A segment after one in which the threads waited at least as long as they ran
/// goes on one thread; one after a segment on one thread in which they waited less than half as
/// long as they ran goes chained again.
struct RecordPacing: Sendable {
    enum Mode: Sendable, Equatable { case chained, oneThread }

    /// Assessments in a segment: the mode is chosen again after each (about 0.03–0.06 s of
    /// writing), so that it follows the machine's load as writers come and go.
    static let segment = 64

    /// The mode of the next segment.
    private(set) var mode: Mode
    /// The modes of successive segments, cycled, instead of the measure (tests).
    private let fixed: [Mode]?
    private var segments = 0

    /// Chosen by the measure, chained first.
    init() {
        mode = .chained
        fixed = nil
    }

    /// Segments in the modes `fixed`, cycled (tests: what is written must not depend on them).
    init(fixed: [Mode]) {
        self.fixed = fixed.isEmpty ? nil : fixed
        mode = fixed.first ?? .chained
    }

    /// After a segment in which the recording's threads ran `ran` and waited for a core `waited`
    /// (both in the same unit; nil when the kernel does not say): the mode of the next one.
    mutating func finished(ran: UInt64?, waited: UInt64?) {
        segments += 1
        if let fixed {
            mode = fixed[segments % fixed.count]
            return
        }
        guard let ran, let waited, ran > 0 else { return }
        switch mode {
        case .chained where waited >= ran: mode = .oneThread
        case .oneThread where waited < ran / 2: mode = .chained
        default: break
        }
    }

    /// A thread's times so far, in nanoseconds, as the kernel keeps them for the calling thread
    /// (`/proc/thread-self/schedstat`: its run time, its run-queue wait, its time slices); nil
    /// where there is no such file (not Linux, or a kernel without scheduler statistics), and
    /// the mode then stays chained.
    struct ThreadTimes: Sendable, Equatable {
        var ran: UInt64
        var waited: UInt64

        static func now() -> ThreadTimes? {
            guard let data = FileManager.default.contents(atPath: "/proc/thread-self/schedstat") else { return nil }
            let fields = data.split(separator: UInt8(ascii: " ")).prefix(2).compactMap { UInt64(String(decoding: $0, as: UTF8.self)) }
            guard fields.count == 2 else { return nil }
            return ThreadTimes(ran: fields[0], waited: fields[1])
        }

        /// What the calling thread ran and waited since `start` (a reading of the same thread);
        /// nil without both readings.
        static func since(_ start: ThreadTimes?) -> ThreadTimes? {
            guard let start, let end = now(), end.ran >= start.ran, end.waited >= start.waited else { return nil }
            return ThreadTimes(ran: end.ran - start.ran, waited: end.waited - start.waited)
        }

        /// The two threads' times together; nil when either is unknown.
        static func together(_ a: ThreadTimes?, _ b: ThreadTimes?) -> ThreadTimes? {
            guard let a, let b else { return nil }
            return ThreadTimes(ran: a.ran &+ b.ran, waited: a.waited &+ b.waited)
        }
    }
}
