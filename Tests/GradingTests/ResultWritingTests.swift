import Clinical
import Foundation
@testable import Grading
import Testing
import TestSupport

/// The batch output writes each file's results straight from its program's answers
/// (`CriteriaSet.writeResults`), without making `CriteriaResult` values. The result values are
/// what the bedside and the log use; the two must say the same thing, byte for byte: every
/// grade, reason, `missing` list, interpretation, criteria-set and score field.
@Suite("Results written from the answers: the same bytes as the result values")
struct ResultWritingTests {
    /// The results as the values print them, joined by commas as the `results` array holds them.
    static func fromValues(_ set: CriteriaSet, _ assessment: Assessment, only: Set<String>? = nil) -> [UInt8] {
        var out: [UInt8] = []
        for (offset, result) in set.evaluate(assessment, only: only).enumerated() {
            if offset > 0 { out.append(UInt8(ascii: ",")) }
            result.write(into: &out)
        }
        return out
    }

    static func written(_ set: CriteriaSet, _ assessment: Assessment, only: Set<String>? = nil,
                        scratch: inout GradingScratch) -> [UInt8] {
        var out: [UInt8] = [0x2A]  // bytes already in the buffer stay as they were
        set.writeResults(assessment, only: only, scratch: &scratch, into: &out)
        #expect(out.first == 0x2A)
        return Array(out.dropFirst())
    }

    static func check(_ set: CriteriaSet, _ assessment: Assessment, scratch: inout GradingScratch, _ what: @autoclosure () -> String) -> Bool {
        let want = fromValues(set, assessment)
        let got = written(set, assessment, scratch: &scratch)
        #expect(got == want, "\(what())\ngot      \(String(decoding: got, as: UTF8.self))\nexpected \(String(decoding: want, as: UTF8.self))")
        return got == want
    }

    @Test("golden full and partial panels, every file and each file alone, one scratch reused")
    func goldenPanels() throws {
        let set = try Fixtures.bundled()
        var scratch = GradingScratch()
        var compared = 0
        for name in ["full.jsonl", "partial.jsonl"] {
            let text = try String(contentsOf: GoldenOutputTests.golden.appendingPathComponent(name), encoding: .utf8)
            for line in text.split(separator: "\n") {
                guard let assessment = try? Assessment(json: JSONParser.parse(String(line))) else { continue }
                _ = Self.check(set, assessment, scratch: &scratch, "\(name): \(line.prefix(200))")
                for file in set.files {
                    let want = Self.fromValues(set, assessment, only: [file.id])
                    let got = Self.written(set, assessment, only: [file.id], scratch: &scratch)
                    #expect(got == want, "\(name), \(file.id) alone")
                }
                compared += 1
            }
        }
        // Most golden lines are accepted (a few partial ones are rejected on purpose).
        #expect(compared >= 180, "only \(compared) golden assessments were compared")
    }

    @Test("random CRS, ICANS and HLH patients, with unknown inputs, one scratch reused")
    func randomPatients() throws {
        let set = try Fixtures.bundled()
        var scratch = GradingScratch()
        var rng = SplitMix64(seed: 19_000_001)
        var compared = 0
        for _ in 0..<300 {
            let crs = CRSInputs.random(using: &rng), icans = ICANSInputs.random(using: &rng), hlh = HLHInputs.random(using: &rng)
            if Self.check(set, crs.assessment, scratch: &scratch, "\(crs)") { compared += 1 }
            if Self.check(set, icans.assessment, scratch: &scratch, "\(icans)") { compared += 1 }
            if Self.check(set, hlh.assessment, scratch: &scratch, "\(hlh)") { compared += 1 }
        }
        #expect(compared == 900)
    }
}
