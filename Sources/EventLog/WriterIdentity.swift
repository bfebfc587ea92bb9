import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where and when a write happens: taken from the system, never from the user.
package enum WriterIdentity {
    /// The current UTC time from the system clock, RFC 3339 with milliseconds and `Z`.
    package static func recordTime() -> String {
        recordTime(millis: recordMillis())
    }

    /// The system clock in milliseconds since 1970, moved by `offsetSeconds` (a store's test hook
    /// for a clock set back: `Settings.clockOffsetSeconds`).
    static func recordMillis(offsetSeconds: Double = 0) -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000 + Int64((offsetSeconds * 1000).rounded())
    }

    /// `millis` as a record time: RFC 3339 UTC with milliseconds and `Z`.
    static func recordTime(millis: Int64) -> String {
        var seconds = time_t(millis >= 0 ? millis / 1000 : (millis - 999) / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec), Int((millis % 1000 + 1000) % 1000))
    }

    /// The writer's time zone and its offset now: `Asia/Shanghai +08:00`.
    package static func timeZone() -> String {
        let zone = TimeZone.current
        let offset = zone.secondsFromGMT()
        let sign = offset < 0 ? "-" : "+"
        return String(format: "%@ %@%02d:%02d", zone.identifier, sign, abs(offset) / 3600, abs(offset) % 3600 / 60)
    }

    /// The terminal: host, controlling tty (if any) and process id.
    package static func terminal() -> String {
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count)
        let hostName = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let tty = ttyname(0).map { String(cString: $0) } ?? "no tty"
        return "\(hostName) \(tty) pid \(getpid())"
    }
}
