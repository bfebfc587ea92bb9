extension ClinicalTime {
    /// Appends ``utcText`` as UTF-8 to `out` without making a `String` of it: `aegrade grade`
    /// writes one per assessment. Years outside 0–9999 take the text itself.
    package func writeUTCText(into out: inout [UInt8]) {
        let totalMillis = Int((secondsSinceEpoch * 1000).rounded())
        let millis = (totalMillis % 1000 + 1000) % 1000
        let total = (totalMillis - millis) / 1000
        let days = Int((Double(total) / 86_400).rounded(.down))
        let secondsOfDay = total - days * 86_400
        let (y, m, d) = Self.civilFromDays(days)
        guard (0...9999).contains(y) else {
            out += utcText.utf8
            return
        }
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        digits(y, 4); out.append(UInt8(ascii: "-")); digits(m, 2); out.append(UInt8(ascii: "-")); digits(d, 2)
        out.append(UInt8(ascii: "T"))
        digits(secondsOfDay / 3600, 2); out.append(UInt8(ascii: ":"))
        digits(secondsOfDay % 3600 / 60, 2); out.append(UInt8(ascii: ":"))
        digits(secondsOfDay % 60, 2)
        if millis > 0 { out.append(UInt8(ascii: ".")); digits(millis, 3) }
        out.append(UInt8(ascii: "Z"))
    }
}
