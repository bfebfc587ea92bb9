import Testing
import TestSupport
@testable import Clinical

/// Short decimal fractions are read without `strtod` (integer digits over a power of ten): the
/// value must be the very Double `strtod` gives, bit for bit, negative zero included.
@Suite("JSONParser: short decimals read exactly as strtod reads them")
struct JSONNumberFastPathTests {
    static func parsed(_ text: String) throws -> Double? {
        guard case .number(let value) = try JSONParser.parse(text) else { return nil }
        return value
    }

    @Test("chosen decimals", arguments: ["0.1", "0.2", "2.18", "-0.0", "0.30000000000000004", "9007199.254740993",
                                         "123456789.01234", "-0.000000000001", "1.5", "39.6", "0.0", "10.10"])
    func chosen(_ text: String) throws {
        let value = try Self.parsed(text)
        #expect(value?.bitPattern == Double(text)?.bitPattern, "\(text)")
    }

    @Test("random decimals of up to 15 characters", arguments: 0..<4 as Range<UInt64>)
    func random(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        var checked = 0
        for _ in 0..<5_000 {
            let digits = Int.random(in: 2...14, using: &rng)
            var text = (0..<digits).map { _ in String(Int.random(in: 0...9, using: &rng)) }.joined()
            while text.count > 1, text.hasPrefix("0") { text.removeFirst() }
            let point = Int.random(in: 1..<max(2, text.count), using: &rng)
            guard point < text.count else { continue }
            text.insert(".", at: text.index(text.startIndex, offsetBy: point))
            if Bool.random(using: &rng) { text = "-" + text }
            guard text.utf8.count <= 15 else { continue }
            let value = try Self.parsed(text)
            #expect(value?.bitPattern == Double(text)?.bitPattern, "seed \(seed): \(text)")
            checked += 1
        }
        #expect(checked > 4_000, "seed \(seed): \(checked) checked")
    }
}
