import Foundation
import Testing
import TestSupport
@testable import Clinical

/// `AssessmentLineDecoder` reads a line straight from its bytes, and must agree with the tree path
/// (`JSONParser` then `Assessment(json:)`) on every line it takes: the same assessment, field for
/// field. A line it declines goes through the tree path, which names the error; so it may decline
/// a valid line (it is then only slower), but never take a line the tree path refuses.
@Suite("AssessmentLineDecoder: straight from the bytes, as the tree path reads")
struct AssessmentLineDecoderTests {
    /// The golden inputs of the grading tests: `make-assessments.py --full` and `--partial` lines.
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../GradingTests/Golden")

    static func lines(_ name: String) throws -> [[UInt8]] {
        let data = try Data(contentsOf: golden.appendingPathComponent(name))
        return Array(data).split(separator: 0x0A).map(Array.init)
    }

    static func direct(_ line: [UInt8]) -> Assessment? {
        line.withUnsafeBufferPointer { AssessmentLineDecoder.decode($0) }
    }

    static func tree(_ line: [UInt8]) -> Assessment? {
        guard let json = try? JSONParser.parse(bytes: line) else { return nil }
        return try? Assessment(json: json)
    }

    @Test("every full panel is taken directly, equal to the tree path's", arguments: ["full.jsonl"])
    func fullPanels(_ name: String) throws {
        let lines = try Self.lines(name)
        #expect(lines.count >= 80)
        for (number, line) in lines.enumerated() {
            let direct = Self.direct(line)
            #expect(direct != nil, "\(name) line \(number + 1) declined")
            #expect(direct == Self.tree(line), "\(name) line \(number + 1)")
        }
    }

    @Test("partial panels: every line the tree path accepts is taken directly and equal")
    func partialPanels() throws {
        let lines = try Self.lines("partial.jsonl")
        var taken = 0
        for (number, line) in lines.enumerated() {
            let direct = Self.direct(line), tree = Self.tree(line)
            #expect(direct == tree, "partial.jsonl line \(number + 1)")
            if direct != nil { taken += 1 }
        }
        #expect(taken >= lines.count * 9 / 10, "\(taken) of \(lines.count) taken")
    }

    static let base = #"{"patient":{"id":"P-1","ageYears":54},"time":"2026-11-22T08:00:00+08:00""#

    /// Lines the tree path accepts and the decoder takes too (compared field for field).
    static let taken: [String] = [
        base + "}",
        "  " + base + ",\"vitals\":null , \"labs\" : {\"alt\": {\"value\": 1.5e2, \"unit\": \"U/L\", \"uln\": null}} } \r",
        base + #","neuro":{"ice":{"total":null,"orientation":4,"naming":3,"commands":1,"writing":0,"attention":1}}}"#,
        base + #","neuro":{"ice":{"unable":null,"total":7},"capd":{"unable":null,"total":null,"answers":["never","rarely","sometimes","often","always","never","never","never"]}}}"#,
        base + #","neuro":{"ice":{"unable":"awakeAphasic"},"capd":{"unable":true}}}"#,
        base + #","labs":{"creatinine":{"value":1.1,"unit":"mg/dl"},"triglycerides":{"value":3,"unit":"mmol/L","fasting":false},"nkActivity":"low"}}"#,
        base + #","support":{"vasopressors":[{"drug":"vasopressin","dose":0.03,"unit":"units/min"}],"oxygen":{"device":"nasalCannula","flowLPerMin":4}}}"#,
        base + #","findings":{"organToxicity":{},"hemophagocytosis":"none"},"otherCause":["fever","fever"],"outcome":{}}"#,
        #"{"time":"2026-11-22T08:00:00.5Z","patient":{"id":"BED 03","infusionTime":"2026-11-20T10:00:00-05:00"}}"#,
    ]

    @Test("lines read straight from the bytes", arguments: taken)
    func takenLines(_ text: String) {
        let line = Array(text.utf8)
        let direct = Self.direct(line)
        #expect(direct != nil)
        #expect(direct == Self.tree(line))
    }

    /// Lines the tree path refuses (or reads through Unicode rules): each declined, so that the
    /// tree path names the error.
    static let declined: [String] = [
        base,                                                                      // truncated
        base + "}x",                                                               // text after the value
        base + #","time":"2026-11-22T08:00:00Z"}"#,                                // repeated key
        base + #","vital":{}}"#,                                                   // unknown key
        #"{"p\u0061tient":{"id":"P-1"},"time":"2026-11-22T08:00:00Z"}"#,           // escaped key
        #"{"patient":{"id":"P-1"}}"#,                                              // no time
        #"{"patient":{"ageYears":3},"time":"2026-11-22T08:00:00Z"}"#,              // no id
        base + #","neuro":{"ice":{"unable":"other","total":null}}}"#,              // a part beside unable
        base + #","neuro":{"ice":{"total":7,"orientation":null}}}"#,               // a part beside total
        base + #","neuro":{"ice":{"orientation":4,"naming":3,"commands":1,"writing":1}}}"#,  // an item left out
        base + #","neuro":{"ice":{"total":10.5}}}"#,                               // not a whole number
        base + #","neuro":{"capd":{"unable":false}}}"#,
        base + #","neuro":{"capd":{"answers":["never","never"]}}}"#,
        base + #","support":{"oxygen":{"device":"nasalCannula"}}}"#,               // flow required
        base + #","support":{"vasopressors":[{"drug":"vasopressin","dose":1,"unit":"mcg/min"}]}}"#,
        base + #","labs":{"alt":{"value":1,"unit":"U/L","fasting":true}}}"#,       // fasting: triglycerides only
        base + #","labs":{"alt":{"value":1,"unit":"mg/dL"}}}"#,                    // a unit alt does not accept
        base + #","labs":{"ast":{"value":1e999,"unit":"U/L"}}}"#,                  // out of a Double's range
        base + #","labs":{"bilirubin":{"value":5,"unit":"µmol/L"}}}"#,             // outside ASCII: the tree path folds it
        base + #","vitals":{"temperature":{"value":38,"unit":"\u0043"}}}"#,        // escaped value
        base + #","otherCause":["fever",null]}"#,
        base + #","outcome":{"death":"cancer"}}"#,
        #"{"patient":{"id":"P-1"},"time":"2026-11-22T08:00:00"}"#,                 // no UTC offset
        #"{"patient":{"id":" P-1"},"time":"2026-11-22T08:00:00Z","extra":1}"#,
    ]

    @Test("lines left to the tree path", arguments: declined)
    func declinedLines(_ text: String) {
        #expect(Self.direct(Array(text.utf8)) == nil)
    }

    /// Random damage to golden lines (a byte deleted, changed or repeated, a piece cut or doubled):
    /// whatever the decoder takes, the tree path takes too, as the same assessment.
    @Test("damaged lines: taken only as the tree path reads them", arguments: 0..<8 as Range<UInt64>)
    func damagedLines(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let lines = try Self.lines("full.jsonl") + Self.lines("partial.jsonl")
        let pieces: [[UInt8]] = ["null", "\"x\"", "1e3", "-0", "{}", "[]", "true", ",", "\\u0041", "µ", " "].map { Array($0.utf8) }
        var compared = 0, takenDamaged = 0, refusedByTree = 0
        for _ in 0..<400 {
            var line = lines.randomElement(using: &rng)!
            let at = Int.random(in: 0..<line.count, using: &rng)
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: line.remove(at: at)
            case 1: line[at] = pieces.randomElement(using: &rng)!.first!
            case 2: line.insert(contentsOf: pieces.randomElement(using: &rng)!, at: at)
            case 3: line.removeSubrange(at..<min(line.count, at + Int.random(in: 1...12, using: &rng)))
            default: line.insert(contentsOf: line[at..<min(line.count, at + 20)], at: at)
            }
            let direct = Self.direct(line), tree = Self.tree(line)
            if let direct {
                #expect(direct == tree, "seed \(seed): \(String(decoding: line, as: UTF8.self))")
                takenDamaged += 1
            }
            if tree == nil { refusedByTree += 1 }
            compared += 1
        }
        #expect(compared == 400 && refusedByTree > 100, "seed \(seed): \(refusedByTree) refused of \(compared)")
        #expect(takenDamaged > 4, "seed \(seed): \(takenDamaged) damaged lines taken directly")
    }
}
