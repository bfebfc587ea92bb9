import Testing
import TestSupport
@testable import Clinical

/// The skimmer must accept exactly the texts the parser accepts, and a grades digest skimmed from
/// the text must equal the one read from the parsed payload: replay trusts both to decide what a
/// stored event says without building it.
@Suite("JSONSkimmer and GradesDigest agree with JSONParser")
struct JSONSkimmerTests {
    /// Whether the parser accepts `bytes`.
    static func parses(_ bytes: [UInt8]) -> Bool { (try? JSONParser.parse(bytes: bytes)) != nil }

    /// Whether the skimmer accepts `bytes`.
    static func skims(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { (try? JSONSkimmer.validate($0)) != nil }
    }

    /// The digest skimmed from `bytes`, or nil when the skimmer rejects them.
    static func skimmedDigest(_ bytes: [UInt8]) -> GradesDigest? {
        bytes.withUnsafeBufferPointer { try? GradesDigest(skimming: $0) }
    }

    /// The digest of the parsed payload, or nil when the parser rejects the text.
    static func parsedDigest(_ bytes: [UInt8]) -> GradesDigest? {
        (try? JSONParser.parse(bytes: bytes)).map { GradesDigest(payload: $0) }
    }

    // MARK: Acceptance

    /// Every text of the parser's own tables, valid and invalid.
    static let parserTables: [String] =
        JSONParserTests.validValues.map(\.input) + JSONParserTests.duplicateKeys.map(\.input)
        + JSONParserTests.escapes.map(\.input) + JSONParserTests.badStrings.map(\.input)
        + JSONParserTests.invalidNumbers.map(\.input) + JSONParserTests.malformed.map(\.input)

    /// Texts that probe what the skimmer does differently from the parser: keys compared in place or
    /// decoded, the eight-bytes-at-a-time string scan, the range check of long numbers, depth.
    static let edges: [Row<[UInt8], Bool>] = [
        Row(#"keys equal only once decoded ("a" and "\u0061") are duplicates"#, Array(#"{"a":1,"\u0061":2}"#.utf8), false),
        Row("canonically equivalent keys (é precomposed and e + U+0301) are duplicates, as Swift compares them",
            Array("{\"\u{E9}\":1,\"e\u{301}\":2}".utf8), false),
        Row("the Kelvin sign key is a duplicate of K", Array("{\"K\":1,\"\u{212A}\":2}".utf8), false),
        Row("keys that differ in one byte past the first eight are different", Array(#"{"abcdefghij":1,"abcdefghik":2}"#.utf8), true),
        Row("a key that is a prefix of another is a different key", Array(#"{"abc":1,"abcd":2}"#.utf8), true),
        Row("the same key in sibling objects is allowed", Array(#"[{"a":1},{"a":2}]"#.utf8), true),
        Row("a duplicate of an earlier key after ascending keys is found", Array(#"{"a":1,"b":2,"a":3}"#.utf8), false),
        Row("a duplicate after keys out of order is found", Array(#"{"c":1,"b":2,"d":3,"b":4}"#.utf8), false),
        Row("a duplicate in an object nested in skipped arrays is found", Array(#"[[{"x":{"k":1,"k":2}}]]"#.utf8), false),
        Row("an inner object's keys are not the outer object's", Array(#"{"a":{"a":1,"b":2},"b":3}"#.utf8), true),
        Row("a duplicate after a nested object closed is found", Array(#"{"a":{"b":1},"c":2,"a":3}"#.utf8), false),
        Row("an escaped first key is compared with the plain keys after it", Array(#"{"\u0062":1,"a":2,"b":3}"#.utf8), false),
        Row("a duplicate differing from its neighbour past eight bytes is found",
            Array(#"{"abcdefghik":1,"abcdefghij":2,"abcdefghik":3}"#.utf8), false),
        Row("an overlong encoding (C0 80) is rejected", [0x22, 0xC0, 0x80, 0x22], false),
        Row("an encoded surrogate (ED A0 80) is rejected", [0x22, 0xED, 0xA0, 0x80, 0x22], false),
        Row("a code point above U+10FFFF (F4 90 80 80) is rejected", [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], false),
        Row("a truncated sequence (E2 82) before the quote is rejected", [0x22, 0xE2, 0x82, 0x22], false),
        Row("a lone continuation byte is rejected", [0x22, 0x41, 0x80, 0x22], false),
        Row("U+10FFFF (F4 8F BF BF) is accepted", [0x22, 0xF4, 0x8F, 0xBF, 0xBF, 0x22], true),
        Row("a 300-digit integer is accepted", Array(String(repeating: "9", count: 300).utf8), true),
        Row("a 310-digit integer overflows and is rejected", Array(String(repeating: "9", count: 310).utf8), false),
        Row("a 400-digit fraction underflows and is rejected, as the parser rejects it", Array(("0." + String(repeating: "0", count: 400) + "1").utf8), false),
        Row("a 400-digit zero fraction is 0 and accepted", Array(("0." + String(repeating: "0", count: 400)).utf8), true),
        Row("1e-400 underflows and is rejected", Array("1e-400".utf8), false),
        Row("1e308 is accepted", Array("1e308".utf8), true),
        Row("1e309 is rejected", Array("1e309".utf8), false),
        Row("a scalar at depth 64 is rejected, as the parser counts it",
            Array((String(repeating: "[", count: 64) + "1" + String(repeating: "]", count: 64)).utf8), false),
        Row("a scalar at depth 63 is accepted",
            Array((String(repeating: "[", count: 63) + "1" + String(repeating: "]", count: 63)).utf8), true),
        Row("a byte order mark is not whitespace", [0xEF, 0xBB, 0xBF] + Array("{}".utf8), false),
        Row("an empty text is rejected", [], false),
    ]

    @Test("every text of the parser's tables is accepted by both or by neither", arguments: parserTables)
    func agreesOnTheParserTables(_ text: String) {
        let bytes = Array(text.utf8)
        #expect(Self.skims(bytes) == Self.parses(bytes))
    }

    @Test("edge texts are accepted or rejected as the parser does", arguments: edges)
    func agreesOnEdges(_ row: Row<[UInt8], Bool>) {
        #expect(Self.parses(row.input) == row.expected, "the parser's answer is the reference")
        #expect(Self.skims(row.input) == row.expected)
    }

    @Test("nesting of 64 levels is accepted and 65 rejected, as by the parser")
    func agreesOnNesting() {
        for depth in [63, 64, 65, 1_000] {
            let bytes = Array(JSONParserTests.nested(depth).utf8)
            #expect(Self.skims(bytes) == Self.parses(bytes), "depth \(depth)")
        }
        #expect(Self.skims(Array(JSONParserTests.nested(64).utf8)))
        #expect(!Self.skims(Array(JSONParserTests.nested(65).utf8)))
    }

    @Test("a special byte at every offset of a long string is found (the word-at-a-time scan)")
    func findsSpecialBytesAtEveryOffset() {
        // A quote ends the string early (text follows: rejected); a control byte, a backslash
        // starting a bad escape, and an invalid UTF-8 byte are each rejected wherever they lie.
        for special: [UInt8] in [[0x22], [0x01], [0x1F], [0x5C, 0x78], [0xFF], [0x80]] {
            for offset in 0..<24 {
                var bytes: [UInt8] = [0x22] + Array(repeating: UInt8(ascii: "a"), count: 24) + [0x22]
                bytes.replaceSubrange(1 + offset..<1 + offset + 1, with: special)
                #expect(!Self.parses(bytes))
                #expect(!Self.skims(bytes), "byte \(special) at offset \(offset)")
            }
        }
        // Bytes just inside the plain range pass at every offset.
        for plain: UInt8 in [0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7E, 0x7F] {
            for offset in 0..<24 {
                var bytes: [UInt8] = [0x22] + Array(repeating: UInt8(ascii: "a"), count: 24) + [0x22]
                bytes[1 + offset] = plain
                #expect(Self.parses(bytes))
                #expect(Self.skims(bytes), "byte \(plain) at offset \(offset)")
            }
        }
    }

    // MARK: Grades digests

    static let gradesPayloads: [Row<String, GradesDigest>] = [
        Row("a logged grades payload gives its observation and each graded result",
            #"{"observation":"13b3","observationSeq":2,"results":[{"criteria":"astct-2019-crs","grade":3,"hash":"sha256:f5","reasons":["hypotension requiring one vasopressor"],"version":"1.1.0"},{"criteria":"ctcae-5-crs","grade":null,"missing":["findings.lifeThreatening"]},{"criteria":"ctcae-5-labs","grade":3,"term":"ast"},{"count":3,"criteria":"hlh-2004","met":null,"of":8}]}"#,
            GradesDigest(observationSeq: 2, grades: [
                LoggedGrade(criteria: "astct-2019-crs", term: nil, grade: 3),
                LoggedGrade(criteria: "ctcae-5-crs", term: nil, grade: nil),
                LoggedGrade(criteria: "ctcae-5-labs", term: "ast", grade: 3),
            ])),
        Row("keys written with escapes are read as their text",
            #"{"observation\u0053eq":7,"results":[{"crit\u0065ria":"astct-2019-icans","gr\u0061de":2,"t\u0065rm":"x"}]}"#,
            GradesDigest(observationSeq: 7, grades: [LoggedGrade(criteria: "astct-2019-icans", term: "x", grade: 2)])),
        Row("a criteria id with escapes is decoded",
            #"{"results":[{"criteria":"astct\u002D2019-crs","grade":1}]}"#,
            GradesDigest(observationSeq: nil, grades: [LoggedGrade(criteria: "astct-2019-crs", term: nil, grade: 1)])),
        Row("a grade that is text, true or an object is no grade",
            #"{"results":[{"criteria":"a","grade":"3"},{"criteria":"b","grade":true},{"criteria":"c","grade":{"x":1}}]}"#,
            GradesDigest(observationSeq: nil, grades: [])),
        Row("a result without criteria, or with criteria that are not text, is passed over",
            #"{"results":[{"grade":3},{"criteria":4,"grade":3},"text",7,null,[1]]}"#,
            GradesDigest(observationSeq: nil, grades: [])),
        Row("a term that is not text is no term",
            #"{"results":[{"criteria":"ctcae-5-labs","grade":2,"term":5}]}"#,
            GradesDigest(observationSeq: nil, grades: [LoggedGrade(criteria: "ctcae-5-labs", term: nil, grade: 2)])),
        Row("a fractional grade is truncated as the parsed reading truncates it",
            #"{"results":[{"criteria":"a","grade":2.7},{"criteria":"b","grade":-0.5}]}"#,
            GradesDigest(observationSeq: nil, grades: [LoggedGrade(criteria: "a", term: nil, grade: 2), LoggedGrade(criteria: "b", term: nil, grade: 0)])),
        Row("a grade no integer can hold is no grade", #"{"results":[{"criteria":"a","grade":1e300}]}"#,
            GradesDigest(observationSeq: nil, grades: [])),
        Row("an observationSeq that is not a number is none", #"{"observationSeq":"2","results":[]}"#,
            GradesDigest(observationSeq: nil, grades: [])),
        Row("results that are not an array give no grades", #"{"observationSeq":3,"results":{"criteria":"a","grade":1}}"#,
            GradesDigest(observationSeq: 3, grades: [])),
        Row("a payload that is not an object gives nothing", #"[{"criteria":"a","grade":1}]"#,
            GradesDigest(observationSeq: nil, grades: [])),
        Row("nested results are not read as the payload's own", #"{"other":{"observationSeq":9,"results":[{"criteria":"a","grade":1}]}}"#,
            GradesDigest(observationSeq: nil, grades: [])),
    ]

    @Test("a skimmed digest equals the parsed payload's", arguments: gradesPayloads)
    func digestsAgree(_ row: Row<String, GradesDigest>) throws {
        let bytes = Array(row.input.utf8)
        let parsed = try #require(Self.parsedDigest(bytes))
        #expect(parsed == row.expected, "the parsed reading is the reference")
        #expect(Self.skimmedDigest(bytes) == row.expected)
    }

    @Test("the digest's static key names are PayloadKey's")
    func digestNamesArePayloadKeys() {
        let names: [(StaticString, PayloadKey)] = [
            (GradesDigest.Names.observationSeq, .observationSeq), (GradesDigest.Names.results, .results),
            (GradesDigest.Names.criteria, .criteria), (GradesDigest.Names.term, .term), (GradesDigest.Names.grade, .grade),
        ]
        for (name, key) in names { #expect(name.description == key.rawValue) }
    }

    @Test("a grades payload with a duplicate key is rejected by the digest, as by the parser", arguments: [
        #"{"observationSeq":1,"observationSeq":2}"#,
        #"{"results":[{"criteria":"a","grade":1,"grade":4}]}"#,
        #"{"results":[{"criteria":"a","gr\u0061de":1,"grade":4}]}"#,
        #"{"results":[{"criteria":"a","reasons":[{"x":1,"x":2}]}]}"#,
    ])
    func digestRejectsDuplicates(_ text: String) {
        let bytes = Array(text.utf8)
        #expect(!Self.parses(bytes))
        #expect(Self.skimmedDigest(bytes) == nil)
    }

    // MARK: Mutations

    /// Bytes a mutation writes: JSON's structural characters, quotes, escapes, digits, signs,
    /// whitespace, control and non-ASCII bytes.
    static let mutationBytes: [UInt8] = Array(#"{}[]:,"\\/ubfnrt0123456789-+.eE ntfalse"#.utf8) + [0x00, 0x09, 0x0A, 0x1F, 0x7F, 0x80, 0xBF, 0xC3, 0xA9, 0xE2, 0xED, 0xF0, 0xF4, 0xFF]

    @Test("randomly damaged grades payloads are accepted by the skimmer exactly when the parser accepts them, with the same digest")
    func agreesOnDamagedPayloads() {
        var random = SplitMix64(seed: 0xAE_67AD_E000_0004)
        let seeds = Self.gradesPayloads.map { Array($0.input.utf8) }
        var accepted = 0
        for round in 0..<20_000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0...Int.random(in: 0...2, using: &random) {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[at] = Self.mutationBytes.randomElement(using: &random)!
                case 1: bytes.insert(Self.mutationBytes.randomElement(using: &random)!, at: at)
                default: if bytes.count > 1 { bytes.remove(at: at) }
                }
            }
            let parsed = Self.parsedDigest(bytes)
            if parsed != nil { accepted += 1 }
            #expect(Self.skims(bytes) == (parsed != nil), "round \(round): \(String(decoding: bytes, as: UTF8.self))")
            #expect(Self.skimmedDigest(bytes) == parsed, "round \(round): \(String(decoding: bytes, as: UTF8.self))")
        }
        // Both sides of the comparison were exercised.
        #expect(accepted > 1_000 && accepted < 19_000, "\(accepted) of 20,000 damaged payloads parsed")
    }
}
