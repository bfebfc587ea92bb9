import Clinical
import Foundation
@testable import Grading
import Testing
import TestSupport

/// A result's canonical text written from its fields (`CriteriaResult.writeCanonical`, what
/// `record` keeps in a grades event) is the result made as a tree, sorted and written
/// (`json.canonicalText`), exactly: every grade, `atLeast`, reason, `missing` list, interpretation,
/// criteria-set field and score (its points, range, probability band and cut-off), of every
/// file; and a panel's results written as one array are those
/// texts in order.
@Suite("Results written canonical from their fields: the same as made, sorted and written")
struct CanonicalResultTests {
    /// The grades and criteria sets compared, and the scores.
    static func check(_ set: CriteriaSet, _ assessment: Assessment, _ what: @autoclosure () -> String) -> (results: Int, scores: Int) {
        var compared = 0, scores = 0
        let results = set.evaluate(assessment)
        for result in results {
            let want = result.json.canonicalText
            var bytes: [UInt8] = []
            result.writeCanonical(into: &bytes)
            let got = String(decoding: bytes, as: UTF8.self)
            #expect(got == want, "\(what()), \(result.criteria) \(result.term ?? "")\ngot      \(got)\nexpected \(want)")
            if result.score == nil { compared += 1 } else { scores += 1 }
        }
        let array = String(decoding: CriteriaResult.canonicalText(of: results), as: UTF8.self)
        #expect(array == JSONValue.array(results.map(\.json)).canonicalText, "\(what()): the results array")
        return (compared, scores)
    }

    @Test("golden full and partial panels")
    func goldenPanels() throws {
        let set = try Fixtures.bundled()
        var compared = 0, scores = 0
        for name in ["full.jsonl", "partial.jsonl"] {
            let text = try String(contentsOf: GoldenOutputTests.golden.appendingPathComponent(name), encoding: .utf8)
            for line in text.split(separator: "\n") {
                guard let assessment = try? Assessment(json: JSONParser.parse(String(line))) else { continue }
                let counted = Self.check(set, assessment, "\(name): \(line.prefix(200))")
                compared += counted.results
                scores += counted.scores
            }
        }
        #expect(compared >= 500, "only \(compared) grades and criteria sets were compared")
        #expect(scores >= 20, "only \(scores) scores were compared")
    }

    @Test("random CRS, ICANS and HLH patients, with unknown inputs")
    func randomPatients() throws {
        let set = try Fixtures.bundled()
        var rng = SplitMix64(seed: 19_000_002)
        var compared = 0, scores = 0
        for _ in 0..<200 {
            let crs = CRSInputs.random(using: &rng), icans = ICANSInputs.random(using: &rng), hlh = HLHInputs.random(using: &rng)
            for counted in [Self.check(set, crs.assessment, "\(crs)"), Self.check(set, icans.assessment, "\(icans)"),
                            Self.check(set, hlh.assessment, "\(hlh)")] {
                compared += counted.results
                scores += counted.scores
            }
        }
        #expect(compared >= 600)
        // HScore with items unknown (a range, `missing`) and known.
        #expect(scores >= 100, "only \(scores) scores were compared")
    }
}
