import Testing
@testable import Clinical

@Suite("JSONValue.compactText: the batch output writer")
struct JSONWriterTests {
    static let numbers: [Row<Double, String>] = [
        Row("grade 3 prints as 3, not 3.0", 3, "3"),
        Row("grade 0 prints as 0", 0, "0"),
        Row("a score of 212 prints as 212", 212, "212"),
        Row("a ferritin of 12000 prints as 12000, not 1.2e4", 12_000, "12000"),
        Row("a negative whole number prints without a fraction", -2, "-2"),
        Row("a whole number typed as 38.0 prints as 38", 38.0, "38"),
        Row("a probability of 0.93 prints as 0.93", 0.93, "0.93"),
        Row("a temperature of 38.6 prints as 38.6", 38.6, "38.6"),
        Row("a half prints as 0.5", 0.5, "0.5"),
        Row("a negative fraction keeps its sign", -0.25, "-0.25"),
    ]

    @Test("numbers print the shortest way, whole numbers without \".0\"", arguments: numbers)
    func formatsNumbers(_ row: Row<Double, String>) {
        #expect(JSONValue.number(row.input).compactText == row.expected)
        #expect(JSONValue.format(row.input) == row.expected)
    }

    static let awkwardNumbers: [Double] = [
        0.1 + 0.2, 1e-7, 6.02214076e23, 1e15, 1e15 + 2, 9_007_199_254_740_992, 1.7976931348623157e308,
        -123_456.789, .leastNonzeroMagnitude, 2.247 * 300,
    ]

    @Test("every finite number prints as JSON that reads back to exactly the same value",
          arguments: awkwardNumbers)
    func numbersRoundTrip(_ value: Double) throws {
        let text = JSONValue.number(value).compactText
        #expect(try JSONParser.parse(text) == .number(value), "printed as \(text)")
        #expect(!text.hasSuffix(".0"), "printed as \(text)")
    }

    @Test("the result object of the spec prints compactly with keys in their stored order")
    func writesObjectInOrder() {
        let result = JSONValue.object([
            ("patient", .string("P-001")),
            ("time", .string("2026-11-22T00:00:00Z")),
            ("results", .array([
                .object([("criteria", .string("astct-2019-crs")), ("grade", .number(3)),
                         ("reasons", .array([.string("hypotension requiring one vasopressor")]))]),
                .object([("criteria", .string("astct-2019-icans")), ("grade", .null),
                         ("missing", .array([.string("neuro.ice")]))]),
                .object([("criteria", .string("hlh-2004")), ("met", .bool(true)), ("count", .number(5)), ("of", .number(8))]),
                .object([("criteria", .string("hscore")), ("score", .number(164)),
                         ("probability", .object([("low", .number(0.4)), ("high", .number(0.54))]))]),
            ])),
            ("warnings", .array([])),
        ])
        let expected = #"{"patient":"P-001","time":"2026-11-22T00:00:00Z","results":["#
            + #"{"criteria":"astct-2019-crs","grade":3,"reasons":["hypotension requiring one vasopressor"]},"#
            + #"{"criteria":"astct-2019-icans","grade":null,"missing":["neuro.ice"]},"#
            + #"{"criteria":"hlh-2004","met":true,"count":5,"of":8},"#
            + #"{"criteria":"hscore","score":164,"probability":{"low":0.4,"high":0.54}}],"warnings":[]}"#
        #expect(result.compactText == expected)
    }

    @Test("reversing the members reverses the printed keys")
    func orderFollowsStorage() {
        let forward = JSONValue.object([("low", .number(0)), ("high", .number(0.01))])
        let backward = JSONValue.object([("high", .number(0.01)), ("low", .number(0))])
        #expect(forward.compactText == #"{"low":0,"high":0.01}"#)
        #expect(backward.compactText == #"{"high":0.01,"low":0}"#)
    }

    static let strings: [Row<String, String>] = [
        Row("a plain message prints in quotes", "required", #""required""#),
        Row("a quote inside a message is escaped", #"unknown field "flow""#, #""unknown field \"flow\"""#),
        Row("a backslash is escaped", #"a\b"#, #""a\\b""#),
        Row("a line feed is escaped as \\n so JSON Lines stay one line", "two\nlines", #""two\nlines""#),
        Row("a carriage return is escaped as \\r", "a\rb", #""a\rb""#),
        Row("a tab is escaped as \\t", "a\tb", #""a\tb""#),
        Row("another control character is escaped as \\u00XX", "a\u{01}b\u{1F}", #""a\u0001b\u001f""#),
        Row("the degree sign and other non-ASCII text print as UTF-8", "38.6 °C ≥ 38.0 °C", "\"38.6 °C ≥ 38.0 °C\""),
        Row("an astral character prints as UTF-8", "😀", "\"😀\""),
    ]

    @Test("strings are escaped so the output is valid single-line JSON", arguments: strings)
    func escapesStrings(_ row: Row<String, String>) throws {
        let printed = JSONValue.string(row.input).compactText
        #expect(printed == row.expected)
        #expect(!printed.contains("\n"))
        #expect(try JSONParser.parse(printed) == .string(row.input))
    }

    @Test("a byte to escape is found at every offset of a long string (the word-at-a-time scan), and the bytes around it are kept")
    func escapesAtEveryOffset() throws {
        let plain = "abcdefghijklmnopqrstuvwx°yz"
        for special in ["\"", "\\", "\n", "\u{00}", "\u{1F}", "\u{7F}", " "] {
            for offset in 0...plain.unicodeScalars.count {
                var scalars = Array(plain.unicodeScalars)
                scalars.insert(contentsOf: special.unicodeScalars, at: offset)
                let text = String(String.UnicodeScalarView(scalars))
                // The reference: each scalar escaped on its own.
                let expected = "\"" + text.unicodeScalars.map { scalar -> String in
                    switch scalar {
                    case "\"": return "\\\""
                    case "\\": return "\\\\"
                    case "\n": return "\\n"
                    case _ where scalar.value < 0x20: return "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                    default: return String(scalar)
                    }
                }.joined() + "\""
                #expect(JSONValue.string(text).compactText == expected, "\(special.debugDescription) at offset \(offset)")
                #expect(try JSONParser.parse(JSONValue.string(text).compactText) == .string(text))
            }
        }
    }

    @Test("keys are escaped like values")
    func escapesKeys() throws {
        let value = JSONValue.object([("a\"b\n", .bool(false))])
        #expect(value.compactText == #"{"a\"b\n":false}"#)
        #expect(try JSONParser.parse(value.compactText) == value)
    }

    static let documents: [Row<String, String>] = [
        Row("the spec's example assessment survives a read-write round trip", specExampleText, "spec example"),
        Row("escapes, surrogate pairs and nesting survive a round trip",
            #"{"a":["\u00B0C","\ud83d\ude00","q\"uote",{"b":[[],{}]},null,true,false,-1.5e-3,0]}"#, "escapes"),
        Row("a JSON array of assessments survives a round trip",
            #"[{"patient":{"id":"P-001"},"time":"2026-11-22T08:00:00+08:00"},{"patient":{"id":"P-002"},"time":"2026-11-22T09:00:00Z"}]"#,
            "array"),
    ]

    @Test("reading, writing and reading again gives the same tree", arguments: documents)
    func roundTrips(_ row: Row<String, String>) throws {
        let first = try JSONParser.parse(row.input)
        let printed = first.compactText
        let second = try JSONParser.parse(printed)
        #expect(second == first)
        #expect(second.compactText == printed, "writing is stable: the second print equals the first")
        #expect(!printed.contains("\n"), "compact output is one line")
    }

    @Test("compact input prints back byte for byte")
    func compactIsCanonical() throws {
        let text = #"{"patient":"P-001","time":"2026-11-22T00:00:00Z","results":[{"criteria":"hscore","score":212,"probability":{"low":0.93,"high":0.96}}],"warnings":["vitals.systolicBP 84 mmHg recorded but hypotension not stated"]}"#
        #expect(try JSONParser.parse(text).compactText == text)
    }

    @Test("JSON type names read naturally in error messages")
    func typeNames() {
        #expect(JSONValue.null.typeName == "null")
        #expect(JSONValue.bool(true).typeName == "a boolean")
        #expect(JSONValue.number(1).typeName == "a number")
        #expect(JSONValue.string("x").typeName == "a string")
        #expect(JSONValue.array([]).typeName == "an array")
        #expect(JSONValue.object([]).typeName == "an object")
    }
}

/// The example assessment of `grade-io.md`, verbatim.
let specExampleText = """
{
  "patient":   {"id": "P-001", "ageYears": 54, "weightKg": 70, "developmentalDelay": false,
                "immunosuppressed": false, "infusionTime": "2026-11-20T10:00:00+08:00"},
  "time":      "2026-11-22T08:00:00+08:00",
  "vitals": {
    "temperature":          {"value": 38.6, "unit": "C"},
    "systolicBP":           84,
    "meanArterialPressure": 58,
    "spo2":                 94,
    "hypotension":          true
  },
  "support": {
    "vasopressors": [{"drug": "norepinephrine", "dose": 0.1, "unit": "mcg/kg/min"}],
    "oxygen":       {"device": "nasalCannula", "flowLPerMin": 4, "fio2": 0.32}
  },
  "neuro": {
    "ice":           {"orientation": 4, "naming": 3, "commands": 1, "writing": 1, "attention": 1},
    "capd":          {"total": 6},
    "consciousness": "alert",
    "seizure":       "none",
    "motorWeakness": "none",
    "cerebralEdema": "none",
    "posturing": false, "cranialNerveVIPalsy": false, "papilledema": false, "cushingsTriad": false
  },
  "labs": {
    "ferritin": {"value": 12000, "unit": "ng/mL"},
    "ast":      {"value": 240, "unit": "U/L", "uln": 40, "baseline": 22}
  },
  "findings":   {"splenomegaly": false, "hepatomegaly": true,
                 "hemophagocytosis": "boneMarrow", "organToxicity": {"pulmonaryEdema": 3}},
  "treatments": {"tocilizumab": true, "corticosteroids": false, "antipyretics": false},
  "otherCause": ["fever"],
  "outcome":    {"death": "crs"}
}
"""
