import Testing
@testable import Clinical

/// The duplicate-key check of `JSONParser` costs time linear in an object's keys: a 100,000-key
/// object once took 19 s because each key was compared with every earlier one. Counted in
/// comparisons and hashes, never timed.
@Suite("ObjectKeys: duplicate-key detection in linear time")
struct ObjectKeysTests {
    /// Counts every comparison and hash its keys take part in.
    final class Counter: @unchecked Sendable { var operations = 0 }

    struct CountedKey: Hashable {
        let value: Int
        let counter: Counter

        static func == (a: CountedKey, b: CountedKey) -> Bool {
            a.counter.operations += 1
            return a.value == b.value
        }

        func hash(into hasher: inout Hasher) {
            counter.operations += 1
            hasher.combine(value)
        }
    }

    @Test("10,000 distinct keys cost a bounded number of operations per key, not one per earlier key")
    func linearInKeys() {
        let counter = Counter()
        var keys = ObjectKeys<CountedKey>()
        let count = 10_000
        var inserted = 0
        for value in 0..<count where keys.insert(CountedKey(value: value, counter: counter)) { inserted += 1 }
        #expect(inserted == count)
        // A search of every earlier key would take count × (count − 1) / 2 ≈ 5 × 10⁷ comparisons.
        #expect(counter.operations < 20 * count, "\(counter.operations) operations for \(count) keys")
    }

    @Test("a duplicate is found among a few keys and among many", arguments: [3, ObjectKeys<Int>.searchLimit - 1, ObjectKeys<Int>.searchLimit, 50_000])
    func findsDuplicates(_ count: Int) {
        var keys = ObjectKeys<Int>()
        var inserted = 0
        for value in 0..<count where keys.insert(value) { inserted += 1 }
        #expect(inserted == count)
        let first = keys.insert(0), last = keys.insert(count - 1), new = keys.insert(count)
        #expect(!first, "the first key again")
        #expect(!last, "the last key again")
        #expect(new, "a new key")
    }

    @Test("the parser reads a 20,000-key object and finds a duplicate at its end")
    func parserOnAWideObject() throws {
        let members = (0..<20_000).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        guard case .object(let read) = try JSONParser.parse("{" + members + "}") else { Issue.record("not an object"); return }
        #expect(read.count == 20_000)
        let error = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse("{" + members + ",\"k5\":0}") }
        #expect(error?.message.contains("duplicate key \"k5\"") == true)
    }

    @Test("keys are compared as Swift compares strings: é precomposed and e + U+0301 are one key, past the search limit too")
    func canonicalEquivalence() {
        var keys = ObjectKeys<String>()
        for value in 0..<40 { _ = keys.insert("k\(value)") }
        let precomposed = keys.insert("\u{E9}"), decomposed = keys.insert("e\u{301}")
        #expect(precomposed)
        #expect(!decomposed)
    }
}
