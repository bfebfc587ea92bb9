import Foundation
import Testing
import TestSupport
@testable import Clinical

/// The fast scan a replay reads payloads with first must never vouch for a text the skimmer (and
/// so the parser) rejects, and must give the skimmed digest's grades for every text it vouches for;
/// and it must vouch for the product's own payloads, or a replay gains nothing.
@Suite("PayloadFastScan vouches only for what JSONSkimmer accepts, with the same grades")
struct PayloadFastScanTests {
    static func vouches(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { PayloadFastScan.vouches(for: $0) }
    }

    /// The digest the fast scan reads, its ranges made strings; nil when it declines the text.
    static func scannedDigest(_ bytes: [UInt8]) -> GradesDigest? {
        bytes.withUnsafeBufferPointer { buffer in
            var observationSeq: Double? = 99
            var results: [PayloadFastScan.Result] = [PayloadFastScan.Result(criteria: 0..<0, term: nil, grade: 1)]
            guard PayloadFastScan.grades(buffer, observationSeq: &observationSeq, results: &results) else { return nil }
            let text = { (range: Range<Int>) in String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self) }
            return GradesDigest(observationSeq: observationSeq, grades: results.map {
                LoggedGrade(criteria: text($0.criteria), term: $0.term.map(text), grade: $0.grade)
            })
        }
    }

    /// A grades payload as the product writes it (canonical: keys sorted, no whitespace), with
    /// results of every shape a criteria set gives.
    static let canonicalGrades = #"{"observation":"8f2c","observationSeq":41,"results":[{"criteria":"astct-2019-crs","grade":2,"hash":"sha256:0a1b","reasons":["fever \u2265 38 \u00b0C","hypotension not requiring vasopressors"],"version":"1.1.0"},{"criteria":"astct-2019-icans","grade":null,"missing":["findings.ice"]},{"criteria":"ctcae-5-labs","grade":3,"term":"neutrophil count decreased"},{"criteria":"ctcae-5-labs","grade":0,"term":"ast"},{"count":3,"criteria":"hlh-2004","met":null,"of":8}],"schema":1}"#

    /// An observation as the product stores it: the example assessment, canonical.
    static func canonicalObservation() throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Examples/assessment.json")
        let value = try JSONParser.parse(bytes: Array(try Data(contentsOf: url)))
        return Array(value.canonicalText.utf8)
    }

    @Test("the product's own payloads are vouched for, with the skimmed grades")
    func vouchesForCanonicalPayloads() throws {
        let grades = Array(Self.canonicalGrades.utf8)
        let skimmed = try #require(JSONSkimmerTests.skimmedDigest(grades))
        #expect(skimmed.grades.count == 4)
        #expect(Self.scannedDigest(grades) == skimmed)
        #expect(Self.vouches(grades))
        let observation = try Self.canonicalObservation()
        #expect(JSONSkimmerTests.skims(observation))
        #expect(Self.vouches(observation))
    }

    @Test("on every text of the parser's tables and the skimmer's edges it vouches only for accepted ones",
          arguments: JSONSkimmerTests.parserTables + JSONSkimmerTests.edges.map { String(decoding: $0.input, as: UTF8.self) })
    func vouchesOnlyForAccepted(_ text: String) {
        let bytes = Array(text.utf8)
        if Self.vouches(bytes) { #expect(JSONSkimmerTests.skims(bytes)) }
        if let scanned = Self.scannedDigest(bytes) { #expect(JSONSkimmerTests.skimmedDigest(bytes) == scanned) }
    }

    @Test("nesting: declined near 64 levels (the skimmer decides there), vouched for below")
    func nesting() {
        for levels in [1, 30, 62, 63, 64, 65] {
            let bytes = Array((String(repeating: "[", count: levels) + String(repeating: "]", count: levels)).utf8)
            if Self.vouches(bytes) { #expect(JSONSkimmerTests.skims(bytes), "\(levels) levels") }
            if levels <= 62 { #expect(Self.vouches(bytes), "\(levels) levels") }
        }
    }

    @Test("randomly damaged payloads: vouched for only when the skimmer accepts them, with the same grades", arguments: [false, true])
    func agreesOnDamagedPayloads(observations: Bool) throws {
        var random = SplitMix64(seed: observations ? 0xFA57_5CA1_0000_0002 : 0xFA57_5CA1_0000_0001)
        let seeds = observations ? [try Self.canonicalObservation()]
            : [Array(Self.canonicalGrades.utf8)] + JSONSkimmerTests.gradesPayloads.map { Array($0.input.utf8) }
        var accepted = 0, vouched = 0
        for round in 0..<20_000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0...Int.random(in: 0...2, using: &random) {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[at] = JSONSkimmerTests.mutationBytes.randomElement(using: &random)!
                case 1: bytes.insert(JSONSkimmerTests.mutationBytes.randomElement(using: &random)!, at: at)
                default: if bytes.count > 1 { bytes.remove(at: at) }
                }
            }
            let skims = JSONSkimmerTests.skims(bytes)
            if skims { accepted += 1 }
            if Self.vouches(bytes) {
                vouched += 1
                #expect(skims, "round \(round): \(String(decoding: bytes, as: UTF8.self))")
            }
            if !observations, let scanned = Self.scannedDigest(bytes) {
                #expect(JSONSkimmerTests.skimmedDigest(bytes) == scanned, "round \(round): \(String(decoding: bytes, as: UTF8.self))")
            }
        }
        // Both sides were exercised, and most accepted texts were vouched for.
        #expect(accepted > 1_000 && accepted < 19_000, "\(accepted) of 20,000 damaged payloads accepted")
        #expect(vouched * 2 > accepted, "\(vouched) of \(accepted) accepted payloads vouched for")
    }
}
