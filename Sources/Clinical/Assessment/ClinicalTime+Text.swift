extension ClinicalTime {
    /// The instant as ISO 8601 at a UTC offset, to the whole second (fractions dropped):
    /// `2026-11-22T08:00:00+08:00`, as a clinical time is logged and typed. `offsetSeconds` is the
    /// time's own offset unless given; ``init(iso8601:)`` reads the text back to the same second.
    package func iso8601Text(offsetSeconds: Int? = nil) -> String {
        let offset = offsetSeconds ?? self.offsetSeconds
        let local = Int((secondsSinceEpoch + Double(offset)).rounded(.down))
        let days = Int((Double(local) / 86_400).rounded(.down))
        let secondsOfDay = local - days * 86_400
        let (year, month, day) = Self.civilFromDays(days)
        return "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))T\(Self.pad(secondsOfDay / 3600, 2)):"
            + "\(Self.pad(secondsOfDay % 3600 / 60, 2)):\(Self.pad(secondsOfDay % 60, 2))\(Self.offsetText(offset))"
    }

    /// A UTC offset as ISO 8601 writes it: `+08:00`, `-05:00`, `+00:00`.
    package static func offsetText(_ seconds: Int) -> String {
        "\(seconds < 0 ? "-" : "+")\(pad(abs(seconds) / 3600, 2)):\(pad(abs(seconds) % 3600 / 60, 2))"
    }

    /// `value` in decimal, zero-padded on the left to `width` digits.
    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
