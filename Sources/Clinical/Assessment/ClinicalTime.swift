/// An ISO 8601 instant with its UTC offset, as typed (`2026-11-22T08:00:00+08:00`).
///
/// aegrade parses the RFC 3339 profile itself: it is exact, allocation-free and much faster than a
/// general date formatter on the batch path. The offset is required: a clinical time without one
/// is ambiguous across sites and is rejected.
package struct ClinicalTime: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z (fractions kept).
    package let secondsSinceEpoch: Double
    /// The UTC offset the time was written with, in seconds.
    package let offsetSeconds: Int

    package init(secondsSinceEpoch: Double, offsetSeconds: Int = 0) {
        self.secondsSinceEpoch = secondsSinceEpoch
        self.offsetSeconds = offsetSeconds
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; returns nil for anything else.
    package init?(iso8601 text: String) {
        var text = text
        guard let time = text.withUTF8({ Self.parse(iso8601: $0) }) else { return nil }
        self = time
    }

    /// ``init(iso8601:)`` of UTF-8 bytes read in place: `aegrade grade` reads two times per line
    /// straight from the input, without a `String` of either.
    package static func parse(iso8601 b: UnsafeBufferPointer<UInt8>) -> ClinicalTime? {
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= b.count else { return nil }
            var value = 0
            for i in start..<(start + count) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                value = value * 10 + Int(b[i] - 48)
            }
            return value
        }
        guard b.count >= 20,
              let year = digits(0, 4), b[4] == UInt8(ascii: "-"),
              let month = digits(5, 2), b[7] == UInt8(ascii: "-"),
              let day = digits(8, 2), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
              let hour = digits(11, 2), b[13] == UInt8(ascii: ":"),
              let minute = digits(14, 2), b[16] == UInt8(ascii: ":"),
              let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60 else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var scale = 0.1
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 { fraction += Double(b[i] - 48) * scale; scale /= 10; i += 1 }
            guard i > start else { return nil }
        }
        guard i < b.count else { return nil }
        var offset = 0
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            i += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard let oh = digits(i + 1, 2), i + 3 < b.count, b[i + 3] == UInt8(ascii: ":"),
                  let om = digits(i + 4, 2), oh < 24, om < 60 else { return nil }
            offset = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "-") ? -1 : 1)
            i += 6
        default: return nil
        }
        guard i == b.count else { return nil }
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        let local = Double(days * 86_400 + hour * 3600 + minute * 60 + second) + fraction
        return ClinicalTime(secondsSinceEpoch: local - Double(offset), offsetSeconds: offset)
    }

    /// The instant in UTC, `2026-11-22T00:00:00Z` (fractions of a second kept to milliseconds).
    package var utcText: String {
        // Round to the millisecond first, so that .9996 s carries into the seconds rather than
        // printing as ".1000".
        let totalMillis = Int((secondsSinceEpoch * 1000).rounded())
        let millis = (totalMillis % 1000 + 1000) % 1000
        let total = (totalMillis - millis) / 1000
        let days = Int((Double(total) / 86_400).rounded(.down))
        let secondsOfDay = total - days * 86_400
        let (y, m, d) = Self.civilFromDays(days)
        func pad(_ v: Int, _ n: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s }
        var text = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(secondsOfDay / 3600, 2)):\(pad(secondsOfDay % 3600 / 60, 2)):\(pad(secondsOfDay % 60, 2))"
        if millis > 0 { text += "." + pad(millis, 3) }
        return text + "Z"
    }

    package var description: String { utcText }

    /// Two times are equal when they are the same instant, whatever offset they were written with,
    /// so that equality agrees with the ordering.
    package static func == (a: ClinicalTime, b: ClinicalTime) -> Bool { a.secondsSinceEpoch == b.secondsSinceEpoch }
    package func hash(into hasher: inout Hasher) { hasher.combine(secondsSinceEpoch) }
    package static func < (a: ClinicalTime, b: ClinicalTime) -> Bool { a.secondsSinceEpoch < b.secondsSinceEpoch }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible
    /// low-level date algorithms").
    package static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    package static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp + (mp < 10 ? 3 : -9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
