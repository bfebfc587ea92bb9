@testable import Clinical
import Foundation
import Testing
import TestSupport

/// The canonical form the log hashes (README, "The log"): every object's keys sorted by their
/// UTF-8 bytes at every depth. `canonical` returns a value already in that order as it is; these
/// tests hold it to a plain recursive sort on generated values, sorted and not, at every depth.
@Suite("JSON canonical form")
struct JSONCanonicalTests {
    /// The definition: sort every object's members by their keys' bytes, recursively, stably.
    static func reference(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let elements): return .array(elements.map(reference))
        case .object(let members):
            return .object(members.map { ($0.0, reference($0.1)) }.sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) })
        default: return value
        }
    }

    /// Keys that sort differently by bytes than by Swift's string order, and that share prefixes.
    static let keys = ["a", "ab", "B", "b", "é", "e\u{301}", "z", "Z1", "aa", "", "ä", "中文", "𝒳", "10", "9"]

    static func value(_ rng: inout SplitMix64, depth: Int) -> JSONValue {
        switch depth == 0 ? Int.random(in: 0...3, using: &rng) : Int.random(in: 0...5, using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .number(Double(Int.random(in: -5...5, using: &rng)))
        case 3: return .string(keys.randomElement(using: &rng) ?? "")
        case 4: return .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in value(&rng, depth: depth - 1) })
        default:
            var members = keys.shuffled(using: &rng).prefix(Int.random(in: 0...5, using: &rng)).map { ($0, value(&rng, depth: depth - 1)) }
            // Half of the objects already sorted, so that deeper unsorted ones hide under sorted ones.
            if Bool.random(using: &rng) { members.sort { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) } }
            return .object(Array(members))
        }
    }

    @Test(arguments: 0..<40)
    func theCanonicalFormIsTheRecursiveSortOfEveryObjectsKeys(seed: Int) {
        var rng = SplitMix64(seed: UInt64(seed))
        for _ in 0..<50 {
            let value = Self.value(&rng, depth: 4)
            let expected = Self.reference(value)
            #expect(value.canonical.compactText == expected.compactText, "\(value.compactText)")
            #expect(expected.isCanonical)
            #expect(value.isCanonical == (value.compactText == expected.compactText))
        }
    }

    /// The text written without making the sorted tree (`writeCanonical`, what `record` stores
    /// and hashes) is the sorted tree written, at every depth, sorted objects and not.
    @Test(arguments: 0..<40)
    func theCanonicalTextIsTheRecursiveSortWritten(seed: Int) {
        var rng = SplitMix64(seed: UInt64(1_000 + seed))
        for _ in 0..<50 {
            let value = Self.value(&rng, depth: 4)
            #expect(value.canonicalText == Self.reference(value).compactText, "\(value.compactText)")
        }
    }

    @Test func membersWithTheSameKeyKeepTheirOrderInTheCanonicalText() {
        // A parsed object keeps a repeated key (the log's reader refuses it; a tree made in code
        // may hold it): the canonical sort is stable, and so is the text written without it.
        let value = JSONValue.object([("b", .number(1)), ("a", .number(2)), ("b", .number(3)), ("a", .number(4))])
        #expect(value.canonicalText == #"{"a":2,"a":4,"b":1,"b":3}"#)
        #expect(value.canonicalText == value.canonical.compactText)
    }

    @Test func anUnsortedObjectUnderSortedOnesIsSorted() {
        let value = JSONValue.object([("a", .array([.object([("b", .null), ("a", .null)])])), ("b", .null)])
        #expect(!value.isCanonical)
        #expect(value.canonical.compactText == #"{"a":[{"a":null,"b":null}],"b":null}"#)
    }

    @Test func keysAreComparedByTheirBytesNotAsSwiftComparesStrings() {
        // "é" precomposed (C3 A9) sorts after "e" + combining acute (65 CC 81) by bytes, though
        // Swift holds the two equal.
        let value = JSONValue.object([("é", .number(1)), ("e\u{301}", .number(2))])
        #expect(!value.isCanonical)
        #expect(value.canonical.compactText == "{\"e\u{301}\":2,\"é\":1}")
    }

    /// The comparison the canonical form sorts by (`keyPrecedes`, `memcmp` on contiguous bytes)
    /// is the bytes' order: on every pair of the keys above, on keys longer than a string holds
    /// inline and sharing a long prefix, and on strings bridged from `NSString`, whose bytes may
    /// not be contiguous (the generic comparison then).
    @Test func keysPrecedeEachOtherByTheirBytes() {
        let long = String(repeating: "observation", count: 3)
        var keys = Self.keys + [long, long + "a", long + "B", long + "é", long.uppercased(), String(long.dropLast())]
        keys += keys.map { NSString(string: $0) as String }
        for a in keys {
            for b in keys {
                #expect(JSONValue.keyPrecedes(a, b) == Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8)), "\(a) < \(b)")
            }
        }
    }
}
