import Testing
@testable import Clinical

/// The parser searches the members of a short object for a duplicate and hashes the keys of a
/// long one: a duplicate must be found on either side of the switch, wherever it lies.
@Suite("JSONParser: duplicate keys on either side of the short-object search")
struct JSONParserDuplicateKeyTests {
    static func object(_ keys: [String]) -> String {
        "{" + keys.enumerated().map { "\"\($0.element)\":\($0.offset)" }.joined(separator: ",") + "}"
    }

    @Test("an object of distinct keys reads whole, in order", arguments: [1, 14, 15, 16, 17, 40])
    func distinctKeysRead(_ count: Int) throws {
        let keys = (0..<count).map { "k\($0)" }
        guard case .object(let members) = try JSONParser.parse(Self.object(keys)) else {
            Issue.record("not an object")
            return
        }
        #expect(members.map(\.0) == keys)
    }

    @Test("a repeat of any earlier key is refused at the repeat, naming it", arguments: [1, 2, 14, 15, 16, 17, 18, 40])
    func repeatRefused(_ count: Int) {
        var checked = 0
        for earlier in 0..<count {
            let keys = (0..<count).map { "k\($0)" } + ["k\(earlier)"]
            let text = Self.object(keys)
            let error = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(text) }
            #expect(error?.message == "duplicate key \"k\(earlier)\"")
            // The error stops right after the repeated key, before its colon.
            let prefix = Self.object(Array(keys.dropLast())).dropLast() + ",\"k\(earlier)\""
            #expect(error?.offset == prefix.utf8.count)
            checked += 1
        }
        #expect(checked == count)
    }

    /// Two ASCII keys of different lengths are told apart without comparing them as strings; keys
    /// outside ASCII are still compared as Swift compares strings, by canonical equivalence, so a
    /// repeat spelt another way (and so at another length) is still a repeat.
    @Test("a key repeated in another spelling of the same text is refused, whatever its length", arguments: [
        ("caf\u{E9}", "cafe\u{301}"),      // é precomposed (2 bytes), then e + combining acute (3 bytes)
        ("cafe\u{301}", "caf\u{E9}"),
        ("weightKg", "weight\u{212A}g"),   // K, then KELVIN SIGN (3 bytes), which is K
    ])
    func canonicallyEqualRepeatRefused(first: String, second: String) {
        #expect(first.utf8.count != second.utf8.count)
        let text = "{\"\(first)\":1,\"x\":2,\"\(second)\":3}"
        let error = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(text) }
        #expect(error?.message.hasPrefix("duplicate key") == true)
    }
}
