import Testing
@testable import Clinical

/// A number whose magnitude a Double cannot hold, either way, is rejected with the field it was
/// given for: `1e400` is not infinity and `1e-400` is not 0 (an ICE orientation of 1e-400 read as
/// 0 would be ICANS grade 2). A literal zero, however written, stays 0.
@Suite("JSONParser: numbers out of a Double's range")
struct JSONNumberRangeTests {
    static let unrepresentable: [Row<String, String>] = [
        Row("1e-400 underflows and is rejected, not read as 0", "1e-400", "too small"),
        Row("-1e-400 underflows and is rejected", "-1e-400", "too small"),
        Row("2.4E-324 (below half the least subnormal) underflows and is rejected", "2.4E-324", "too small"),
        Row("a 400-digit fraction ending in 1 underflows and is rejected", "0." + String(repeating: "0", count: 400) + "1", "too small"),
        Row("1e400 overflows and is rejected", "1e400", "too large"),
        Row("-1e400 overflows and is rejected", "-1e400", "too large"),
    ]

    @Test("a nonzero number too small or too large for a Double is rejected", arguments: unrepresentable)
    func rejectsUnrepresentable(_ row: Row<String, String>) {
        let error = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(row.input) }
        #expect(error?.isNumberRange == true)
        #expect(error?.message.contains(row.expected) == true, "message: \(error?.message ?? "-")")
    }

    static let zeros: [Row<String, Double>] = [
        Row("0 is 0", "0", 0), Row("0.0 is 0", "0.0", 0), Row("0e5 is 0", "0e5", 0), Row("-0 is 0", "-0", 0),
        Row("0e-400 is 0 (a zero needs no exponent range)", "0e-400", 0),
        Row("0.000e-999 is 0", "0.000e-999", 0),
        Row("a 400-digit zero fraction is 0", "0." + String(repeating: "0", count: 400), 0),
        Row("5e-324, the least subnormal, is kept", "5e-324", .leastNonzeroMagnitude),
        Row("2.5E-324 rounds up to the least subnormal and is kept", "2.5E-324", .leastNonzeroMagnitude),
    ]

    @Test("a literal zero however written reads as 0, and the least subnormal as itself", arguments: zeros)
    func readsZeros(_ row: Row<String, Double>) throws {
        #expect(try JSONParser.parse(row.input) == .number(row.expected))
    }

    static let fields: [Row<String, String>] = [
        Row("an ICE orientation of 1e-400 names neuro.ice.orientation",
            #"{"patient":{"id":"P"},"neuro":{"ice":{"orientation":1e-400,"naming":3}}}"#, "neuro.ice.orientation"),
        Row("a vasopressor dose of 1e400 names its element", #"{"support":{"vasopressors":[{"dose":1},{"dose":1e400}]}}"#,
            "support.vasopressors[1].dose"),
        Row("a number alone names no field", "1e-400", ""),
        Row("a key with a control character is escaped in the path", #"{"a\u001bb":1e999}"#, "a\\u{1B}b"),
    ]

    @Test("the error names the field path of the number", arguments: fields)
    func namesField(_ row: Row<String, String>) {
        let error = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(row.input) }
        #expect(error?.field.text == row.expected)
    }

    @Test("the scanner of the log rejects what the parser rejects (an underflowing fraction without exponent)")
    func skimmerAgrees() {
        let text = Array(("0." + String(repeating: "0", count: 400) + "1").utf8)
        #expect(throws: JSONParser.SyntaxError.self) { try text.withUnsafeBufferPointer { try JSONSkimmer.validate($0) } }
    }
}
