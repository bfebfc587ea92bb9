import Clinical
import Foundation
import Grading
import Testing
import TestSupport

/// `aegrade grade`'s output, byte for byte, on inputs whose output was saved from the release
/// binary before grading moved from a tree of condition nodes to flat programs (and before the
/// JSON reading and writing were sped up): any change of a grade, reason, `missing` list (order
/// included), interpretation, warning or error message, or of a byte of how they are printed,
/// fails here, naming the first line that differs.
///
/// The inputs (`Golden/*.jsonl`): 80 full panels (the first lines of
/// `Benchmarks/make-assessments.py 80 --full`), 120 panels with sections and fields left out at
/// random (`--partial`, a few rejected), and the repository's `Examples/`.
@Suite("Grading output: byte for byte as saved")
struct GoldenOutputTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func output(of input: [UInt8], jobs: Int? = nil) throws -> [UInt8] {
        var out: [UInt8] = []
        try BatchGrader(criteria: Fixtures.bundled(), jobs: jobs).grade(input) { lines, _ in out += lines }
        return out
    }

    static func bytes(_ url: URL) throws -> [UInt8] { Array(try Data(contentsOf: url)) }

    @Test("every line as saved", arguments: [
        ("full.jsonl", "full.expected.jsonl"),
        ("partial.jsonl", "partial.expected.jsonl"),
        ("../../../Examples/assessments.jsonl", "examples.expected.jsonl"),
        ("../../../Examples/assessment.json", "example.expected.jsonl"),
    ])
    func matches(_ input: String, _ expected: String) throws {
        let got = try Self.output(of: Self.bytes(Self.golden.appendingPathComponent(input)))
        let want = try Self.bytes(Self.golden.appendingPathComponent(expected))
        let gotLines = got.split(separator: 0x0A, omittingEmptySubsequences: false)
        let wantLines = want.split(separator: 0x0A, omittingEmptySubsequences: false)
        #expect(gotLines.count == wantLines.count, "\(input): \(gotLines.count) lines, expected \(wantLines.count)")
        if let first = zip(gotLines, wantLines).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
            Issue.record("""
                \(input) line \(first.offset + 1) differs:
                got      \(String(decoding: first.element.0, as: UTF8.self))
                expected \(String(decoding: first.element.1, as: UTF8.self))
                """)
        }
        #expect(got == want)
    }

    /// The saved outputs grade something: most lines carry results, a few partial ones errors.
    @Test("the saved outputs grade most inputs")
    func savedOutputsAreGraded() throws {
        for name in ["full.expected.jsonl", "partial.expected.jsonl"] {
            let text = String(decoding: try Self.bytes(Self.golden.appendingPathComponent(name)), as: UTF8.self)
            let lines = text.split(separator: "\n")
            let graded = lines.filter { $0.contains("\"results\":[") }.count
            #expect(lines.count >= 80 && graded >= lines.count * 9 / 10, "\(name): \(graded) of \(lines.count) graded")
        }
    }

    /// `--jobs`: however many threads grade JSON Lines, the lines come out in input order, each
    /// the same (checked on more lines than one block of work, 2048, so that blocks follow blocks).
    @Test("the same output with 1, 2 and 3 grading threads")
    func sameOutputWhateverTheThreads() throws {
        var input: [UInt8] = []
        for _ in 0..<12 {
            input += try Self.bytes(Self.golden.appendingPathComponent("full.jsonl"))
            input += try Self.bytes(Self.golden.appendingPathComponent("partial.jsonl"))
        }
        let one = try Self.output(of: input, jobs: 1)
        #expect(one.filter { $0 == 0x0A }.count == 2_400)
        for jobs in [2, 3] {
            #expect(try Self.output(of: input, jobs: jobs) == one, "\(jobs) threads")
        }
    }
}
