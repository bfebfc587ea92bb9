import Clinical
import Testing

/// The line decoder reads short numbers in one pass over their digits (`AssessmentLineDecoder`);
/// each must be the very Double the JSON tree path reads from the same text, bit for bit (a
/// negative zero included), and a text the tree path refuses must be declined.
@Suite("Line decoder numbers: the tree path's values, bit for bit")
struct LineDecoderNumberTests {
    static func line(_ number: String) -> String {
        #"{"patient":{"id":"P-1"},"time":"2026-11-22T08:00:00Z","vitals":{"systolicBP":"# + number + "}}"
    }

    static func compare(_ number: String) -> Bool {
        let text = line(number)
        let direct = Array(text.utf8).withUnsafeBufferPointer { AssessmentLineDecoder.decode($0) }
        let tree = try? Assessment(json: JSONParser.parse(bytes: Array(text.utf8)))
        guard let direct else { return false }
        #expect(tree != nil, "\(number) taken directly, refused by the tree path")
        let got = direct.vitals?.systolicBP, want = tree?.vitals?.systolicBP
        #expect(got?.bitPattern == want?.bitPattern, "\(number): \(String(describing: got)) against \(String(describing: want))")
        return true
    }

    @Test("fixed texts: zeros, signs, fractions, long and exponent forms")
    func fixedTexts() {
        let taken = ["0", "-0", "0.0", "-0.0", "7", "-7", "120", "0.5", "-0.25", "99.99", "1.000000000001", "123456789012345",
                     "1234567890123456", "12345678901234567890", "0.1234567890123456789", "1e2", "1.5E-3", "-2e+1", "0e5",
                     "36.6", "101.3", "0.030"]
        for text in taken { #expect(Self.compare(text), "\(text) declined") }
        for text in ["007", "1.", "-", ".5", "+1", "1.e3", "--1", "0x10", "1e", "00.5"] {
            let line = Array(Self.line(text).utf8)
            #expect(line.withUnsafeBufferPointer { AssessmentLineDecoder.decode($0) } == nil, "\(text) taken")
        }
    }

    @Test("random decimals of every length up to 20 digits")
    func randomDecimals() {
        var rng = SystemRandomNumberGenerator()
        var compared = 0
        for _ in 0..<5_000 {
            func digits(_ count: Int) -> String { String((0..<count).map { _ in Character(String(Int.random(in: 0...9, using: &rng))) }) }
            // A whole part without leading zeros, a fraction of 0–8 digits (zeros anywhere), a sign at random.
            let whole = String(UInt64(digits(Int.random(in: 1...12, using: &rng))) ?? 0)
            let fractionDigits = Int.random(in: 0...8, using: &rng)
            let text = (Bool.random(using: &rng) ? "-" : "") + whole + (fractionDigits == 0 ? "" : "." + digits(fractionDigits))
            if Self.compare(text) { compared += 1 }
        }
        #expect(compared == 5_000, "only \(compared) taken")
    }
}
