import Clinical
import Foundation
@testable import Grading
import Testing
import TestSupport

/// A result made canonical from its fields (`CriteriaResult.canonicalJSON`, what `record` keeps in
/// a grades event) is the result written, read back and sorted (`json.canonical`), exactly: every
/// grade, `atLeast`, reason, `missing` list, interpretation and criteria-set field, of every file.
@Suite("Results made canonical from their fields: the same as written, read and sorted")
struct CanonicalResultTests {
    static func check(_ set: CriteriaSet, _ assessment: Assessment, _ what: @autoclosure () -> String) -> Int {
        var compared = 0
        for result in set.evaluate(assessment) {
            let want = result.json.canonical
            #expect(result.canonicalJSON == want, "\(what()), \(result.criteria) \(result.term ?? "")\ngot      \(result.canonicalJSON.compactText)\nexpected \(want.compactText)")
            if result.score == nil { compared += 1 }
        }
        return compared
    }

    @Test("golden full and partial panels")
    func goldenPanels() throws {
        let set = try Fixtures.bundled()
        var compared = 0
        for name in ["full.jsonl", "partial.jsonl"] {
            let text = try String(contentsOf: GoldenOutputTests.golden.appendingPathComponent(name), encoding: .utf8)
            for line in text.split(separator: "\n") {
                guard let assessment = try? Assessment(json: JSONParser.parse(String(line))) else { continue }
                compared += Self.check(set, assessment, "\(name): \(line.prefix(200))")
            }
        }
        // Grades and criteria sets made from their fields, not only scores passed through.
        #expect(compared >= 500, "only \(compared) grades and criteria sets were compared")
    }

    @Test("random CRS, ICANS and HLH patients, with unknown inputs")
    func randomPatients() throws {
        let set = try Fixtures.bundled()
        var rng = SplitMix64(seed: 19_000_002)
        var compared = 0
        for _ in 0..<200 {
            let crs = CRSInputs.random(using: &rng), icans = ICANSInputs.random(using: &rng), hlh = HLHInputs.random(using: &rng)
            compared += Self.check(set, crs.assessment, "\(crs)")
            compared += Self.check(set, icans.assessment, "\(icans)")
            compared += Self.check(set, hlh.assessment, "\(hlh)")
        }
        #expect(compared >= 600)
    }
}
