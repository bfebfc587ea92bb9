@testable import EventLog
import Foundation
@testable import PostgresLog
import Testing

/// The pipelined connection's parameters as C strings, all in one buffer
/// (`PipelinedConnection.withCStrings`): each string back as it was, NULL for nil.
@Suite("Pipelined connection parameters")
struct PipelinedParametersTests {
    static let texts: [String?] = ["", nil, "seq", "体温 39.2 °C", nil, String(repeating: "x", count: 5_000), "a\u{1F600}b", "",
                                   "{\"grades\":[]}", nil]

    @Test func everyParameterIsItsStringOrNULL() throws {
        for count in [0, 1, 2, Self.texts.count] {
            let strings = Array(Self.texts.prefix(count))
            let back: [String?] = try PipelinedConnection.withCStrings(strings) { pointers in
                (0..<strings.count).map { pointers[$0].map { String(cString: $0) } }
            }
            #expect(back == strings)
        }
    }

    /// Each string's bytes end with a NUL right after them (libpq reads to it), and no two overlap.
    @Test func eachEndsWithItsNULAndNoneOverlap() throws {
        let strings = Self.texts
        let ranges: [Range<UInt>] = try PipelinedConnection.withCStrings(strings) { pointers in
            (0..<strings.count).compactMap { index -> Range<UInt>? in
                guard let pointer = pointers[index], let string = strings[index] else { return nil }
                let length = string.utf8.count
                #expect(pointer[length] == 0)
                let start = UInt(bitPattern: pointer)
                return start..<start + UInt(length + 1)
            }
        }
        for (index, range) in ranges.enumerated() {
            for other in ranges[(index + 1)...] { #expect(!range.overlaps(other)) }
        }
    }
}
