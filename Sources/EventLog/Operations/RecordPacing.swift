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
/// and 0.41–0.50 on one thread, and wrote 5–25 % more a second on one thread (README, "Tests and
/// benchmarks", `postgres-append.sh`). The measure of which case holds is the kernel's account of
/// the process's threads (`/proc/self/task/*/schedstat`): the time they ran and the time they
/// were ready to run but waited for a core. Chained with one writer, they waited about 0.3 × the
/// time they ran; with four or sixteen writers 2–25 ×. A segment after one in which the
/// threads waited at least as long as they ran goes on one thread; one after a segment on one
/// thread in which they waited less than half as long as they ran goes chained again.
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

    /// After a segment in which the process's threads ran `ran` and waited for a core `waited`
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

    /// The time this process's threads have run and have waited for a core, in nanoseconds,
    /// summed over its threads as the kernel keeps them (`/proc/self/task/*/schedstat`: run time,
    /// run-queue wait, time slices); nil where there is no such file (not Linux, or a kernel
    /// without scheduler statistics), and the mode then stays chained.
    static func coreTimes() -> (ran: UInt64, waited: UInt64)? {
        guard let threads = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task") else { return nil }
        var ran: UInt64 = 0, waited: UInt64 = 0, read = false
        for thread in threads {
            // A thread that ended since the listing has no file any more: it is left out.
            guard let data = FileManager.default.contents(atPath: "/proc/self/task/\(thread)/schedstat") else { continue }
            let fields = data.split(separator: UInt8(ascii: " ")).prefix(2).compactMap { UInt64(String(decoding: $0, as: UTF8.self)) }
            guard fields.count == 2 else { continue }
            ran &+= fields[0]
            waited &+= fields[1]
            read = true
        }
        return read ? (ran, waited) : nil
    }
}
