import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What the kernel says of the clock at a write (C-TIME-3, C-TIME-4): whether it is synchronised,
/// the monotonic clock and the boot it belongs to. Kept with each event in `eventWrite`; a clock
/// that is not synchronised never stops a write (patient safety first).
package struct ClockStatus: Sendable, Equatable {
    /// Whether the kernel reports the clock synchronised (`ntp_adjtime(2)` not `TIME_ERROR`, which
    /// it returns while `STA_UNSYNC` is set; chrony and systemd-timesyncd clear it); nil when it
    /// cannot be asked.
    package var synchronised: Bool?
    /// `CLOCK_BOOTTIME` in nanoseconds: time since boot, suspended time included, which setting the
    /// wall clock never moves.
    package var monotonicNanoseconds: Int64
    /// `/proc/sys/kernel/random/boot_id`: monotonic times compare only within one boot.
    package var bootId: String?

    package init(synchronised: Bool?, monotonicNanoseconds: Int64, bootId: String?) {
        self.synchronised = synchronised
        self.monotonicNanoseconds = monotonicNanoseconds
        self.bootId = bootId
    }

    /// The clock now.
    package static func now() -> ClockStatus {
        var spec = timespec()
        // CLOCK_BOOTTIME: CLOCK_MONOTONIC that also counts time suspended, so that a machine woken
        // from sleep does not look like a clock set forward (C-TIME-4).
        clock_gettime(CLOCK_BOOTTIME, &spec)
        return ClockStatus(synchronised: kernelSaysSynchronised(), monotonicNanoseconds: Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec),
                           bootId: bootID)
    }

    /// The boot id, read once per process (it changes only with a reboot).
    static let bootID: String? = {
        guard let text = try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8) else { return nil }
        let id = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return id.isEmpty ? nil : id
    }()

    /// `TIME_ERROR` of `ntp_adjtime(2)`: the clock is not synchronised.
    private static let timeError: Int32 = 5

    /// The signature of `ntp_adjtime(2)`, called with a zeroed `struct timex` (modes 0: read only).
    private typealias NTPAdjtime = @convention(c) (UnsafeMutableRawPointer) -> Int32

    /// `ntp_adjtime`, looked up in the C library: Swift's Glibc module does not import
    /// `<sys/timex.h>`. Only its return value is read, so the layout of `struct timex` is not
    /// needed: a zeroed buffer larger than it (208 bytes on Linux x86-64 and arm64) asks nothing.
    private static let ntpAdjtime: NTPAdjtime? = {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "ntp_adjtime") else { return nil }
        return unsafeBitCast(symbol, to: NTPAdjtime.self)
    }()

    private static func kernelSaysSynchronised() -> Bool? {
        guard let ntpAdjtime else { return nil }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 512, alignment: 16)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: 512)
        let state = ntpAdjtime(buffer)
        guard state >= 0 else { return nil }
        return state != timeError
    }
}
