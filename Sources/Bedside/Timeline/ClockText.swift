import Clinical
import Foundation

/// Times as the bedside screens write them: a clinical time at the offset it was written with, a
/// record time at this terminal's offset, and the times a user may type.
enum ClockText {
    /// The local calendar fields of an instant at a UTC offset.
    struct Fields: Equatable {
        var year, month, day, hour, minute, second: Int
    }

    static func fields(_ seconds: Double, offset: Int) -> Fields {
        let local = Int((seconds + Double(offset)).rounded(.down))
        let days = Int((Double(local) / 86_400).rounded(.down))
        let secondsOfDay = local - days * 86_400
        let (y, m, d) = civil(fromDays: days)
        return Fields(year: y, month: m, day: d, hour: secondsOfDay / 3600, minute: secondsOfDay % 3600 / 60, second: secondsOfDay % 60)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (`ClinicalTime`'s civil calendar).
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        ClinicalTime.daysFromCivil(year: year, month: month, day: day)
    }

    static func civil(fromDays days: Int) -> (Int, Int, Int) { ClinicalTime.civilFromDays(days) }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// `+08:00`, `-05:00`, `+00:00`.
    static func offset(_ seconds: Int) -> String { ClinicalTime.offsetText(seconds) }

    /// `2026-05-14 08:00` (with `:SS` when `seconds`), at the time's own offset.
    static func dateTime(_ time: ClinicalTime, seconds: Bool = false, offset: Int? = nil) -> String {
        let f = fields(time.secondsSinceEpoch, offset: offset ?? time.offsetSeconds)
        return "\(f.year)-\(two(f.month))-\(two(f.day)) \(two(f.hour)):\(two(f.minute))" + (seconds ? ":\(two(f.second))" : "")
    }

    /// `2026-05-14T08:00:00+08:00`: ISO 8601 at the time's own offset, as a clinical time is logged.
    static func iso(_ time: ClinicalTime) -> String { time.iso8601Text() }

    /// `05-14 08:00`, at the time's own offset (or `offset`).
    static func short(_ time: ClinicalTime, offset: Int? = nil) -> String {
        let f = fields(time.secondsSinceEpoch, offset: offset ?? time.offsetSeconds)
        return "\(two(f.month))-\(two(f.day)) \(two(f.hour)):\(two(f.minute))"
    }

    /// `08:00`.
    static func hourMinute(_ time: ClinicalTime) -> String {
        let f = fields(time.secondsSinceEpoch, offset: time.offsetSeconds)
        return "\(two(f.hour)):\(two(f.minute))"
    }

    /// `05-14`.
    static func monthDay(_ time: ClinicalTime) -> String {
        let f = fields(time.secondsSinceEpoch, offset: time.offsetSeconds)
        return "\(two(f.month))-\(two(f.day))"
    }

    /// `03:12:05`: an instant at this terminal's offset, to the second.
    static func localTime(_ time: ClinicalTime) -> String {
        let f = fields(time.secondsSinceEpoch, offset: localOffset(at: time.secondsSinceEpoch))
        return "\(two(f.hour)):\(two(f.minute)):\(two(f.second))"
    }

    /// This terminal's UTC offset at an instant (the zone the user reads record times in).
    static func localOffset(at seconds: Double) -> Int {
        TimeZone.current.secondsFromGMT(for: Date(timeIntervalSince1970: seconds))
    }

    /// A record time at this terminal's offset: `05-26 09:12` (short) or `2026-05-26 09:12:03 +08:00`.
    static func recorded(_ event: RecordedEvent, long: Bool = false) -> String {
        guard let instant = event.recordInstant else { return event.recordTime }
        let offset = localOffset(at: instant.secondsSinceEpoch)
        return long ? dateTime(instant, seconds: true, offset: offset) + " " + self.offset(offset) : short(instant, offset: offset)
    }

    /// A time the user typed: ISO 8601 with an offset (or `Z`), or a local `YYYY-MM-DD HH:MM[:SS]`
    /// (`T` or a space between), or `HH:MM[:SS]` on the date of `reference` — local meaning at
    /// `localOffset`. Nil for anything else.
    static func parse(_ typed: String, reference: ClinicalTime, localOffset: Int) -> ClinicalTime? {
        var text = typed.trimmingCharacters(in: .whitespaces)
        if let exact = ClinicalTime(iso8601: text) { return exact }
        var offset = localOffset
        if text.hasSuffix("Z") || text.hasSuffix("z") {
            offset = 0
            text.removeLast()
        } else if text.count > 6, let sign = text.dropLast(5).last, sign == "+" || sign == "-",
                  let parsed = hourMinute(String(text.suffix(5))) {
            offset = (parsed.0 * 3600 + parsed.1 * 60) * (sign == "-" ? -1 : 1)
            text = String(text.dropLast(6))
        }
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "T" || $0 == "t" }).map(String.init)
        let date: (Int, Int, Int)
        let clock: String
        switch parts.count {
        case 1:
            let f = fields(reference.secondsSinceEpoch, offset: offset)
            date = (f.year, f.month, f.day)
            clock = parts[0]
        case 2:
            let pieces = parts[0].split(separator: "-").map { Int($0) }
            guard pieces.count == 3, let y = pieces[0], let m = pieces[1], let d = pieces[2], (1...12).contains(m), (1...31).contains(d) else { return nil }
            date = (y, m, d)
            clock = parts[1]
        default:
            return nil
        }
        let pieces = clock.split(separator: ":").map { Int($0) }
        guard (2...3).contains(pieces.count), let h = pieces[0], let mi = pieces[1], (0..<24).contains(h), (0..<60).contains(mi) else { return nil }
        let s = pieces.count == 3 ? pieces[2] : 0
        guard let s, (0..<60).contains(s) else { return nil }
        let local = Double(days(fromCivil: date.0, date.1, date.2) * 86_400 + h * 3600 + mi * 60 + s)
        return ClinicalTime(secondsSinceEpoch: local - Double(offset), offsetSeconds: offset)
    }

    private static func hourMinute(_ text: String) -> (Int, Int)? {
        let pieces = text.split(separator: ":").map { Int($0) }
        guard pieces.count == 2, let h = pieces[0], let m = pieces[1], h < 24, m < 60 else { return nil }
        return (h, m)
    }
}
