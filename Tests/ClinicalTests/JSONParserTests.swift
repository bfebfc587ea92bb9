import Testing
@testable import Clinical

@Suite("JSONParser: strict RFC 8259 reading of assessment lines")
struct JSONParserTests {
    // MARK: Valid values

    static let validValues: [Row<String, JSONValue>] = [
        Row("a bare temperature 38.6 reads as the number 38.6", "38.6", .number(38.6)),
        Row("an integer such as a systolic BP of 84 reads as 84", "84", .number(84)),
        Row("a negative number reads with its sign", "-12.5", .number(-12.5)),
        Row("zero reads as zero", "0", .number(0)),
        Row("a decimal below one needs its leading zero and reads", "0.32", .number(0.32)),
        Row("an exponent with a capital E and plus sign reads (1.5E+2 = 150)", "1.5E+2", .number(150)),
        Row("a negative exponent reads (25e-1 = 2.5)", "25e-1", .number(2.5)),
        Row("an exponent on zero reads as zero", "0e5", .number(0)),
        Row("true reads as a boolean", "true", .bool(true)),
        Row("false reads as a boolean", "false", .bool(false)),
        Row("null reads as null", "null", .null),
        Row("a patient id string reads as text", #""P-001""#, .string("P-001")),
        Row("an empty string reads as empty text", #""""#, .string("")),
        Row("an empty object reads as an object with no members", "{}", .object([])),
        Row("an empty array with whitespace inside reads as an empty list", "[ ]", .array([])),
        Row("whitespace (space, tab, CR, LF) around and inside is allowed",
            " \t\r\n{ \"unit\" :\t\"C\" ,\r\n\"value\" : 38 }\n",
            .object([("unit", .string("C")), ("value", .number(38))])),
        Row("a vasopressor list nests objects inside an array inside an object",
            #"{"vasopressors":[{"drug":"norepinephrine","dose":0.1},{"drug":"vasopressin","dose":0.04}]}"#,
            .object([("vasopressors", .array([
                .object([("drug", .string("norepinephrine")), ("dose", .number(0.1))]),
                .object([("drug", .string("vasopressin")), ("dose", .number(0.04))]),
            ]))])),
        Row("an array can mix every JSON type", #"[1,"a",true,false,null,{},[]]"#,
            .array([.number(1), .string("a"), .bool(true), .bool(false), .null, .object([]), .array([])])),
        Row("the same key may appear in different objects", #"{"a":{"a":1}}"#,
            .object([("a", .object([("a", .number(1))]))])),
    ]

    @Test("valid JSON values are read exactly", arguments: validValues)
    func readsValidValues(_ row: Row<String, JSONValue>) throws {
        #expect(try JSONParser.parse(row.input) == row.expected)
    }

    @Test("a UTF-8 byte array reads the same as the text")
    func readsBytes() throws {
        let text = #"{"unit":"°C","value":38.6}"#
        #expect(try JSONParser.parse(bytes: Array(text.utf8)) == JSONParser.parse(text))
    }

    // MARK: Key order

    @Test("object members keep the order in which they were typed")
    func keepsKeyOrder() throws {
        let value = try JSONParser.parse(#"{"time":"t","patient":{"id":"P"},"vitals":{},"labs":{},"findings":{}}"#)
        guard case .object(let members) = value else {
            Issue.record("expected an object, got \(value)")
            return
        }
        #expect(members.map(\.0) == ["time", "patient", "vitals", "labs", "findings"])
    }

    @Test("two objects with the same members in a different order are different trees")
    func orderIsPartOfTheValue() throws {
        let typed = try JSONParser.parse(#"{"value":38,"unit":"C"}"#)
        let reordered = try JSONParser.parse(#"{"unit":"C","value":38}"#)
        #expect(typed != reordered)
        #expect(typed["unit"] == reordered["unit"])
        #expect(typed["value"] == .number(38))
        #expect(typed["missing"] == nil)
    }

    // MARK: Duplicate keys

    static let duplicateKeys: [Row<String, String>] = [
        Row("a value typed twice for the same key is rejected rather than one silently winning",
            #"{"spo2":94,"spo2":88}"#, "spo2"),
        Row("a duplicate key is rejected even when both values agree", #"{"id":"P-001","id":"P-001"}"#, "id"),
        Row("a duplicate analyte inside labs is rejected",
            #"{"labs":{"ast":{"value":240},"alt":{"value":50},"ast":{"value":24}}}"#, "ast"),
    ]

    @Test("duplicate keys are rejected, naming the key", arguments: duplicateKeys)
    func rejectsDuplicateKeys(_ row: Row<String, String>) {
        let error = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(row.input) }
        #expect(error?.message.contains("\"\(row.expected)\"") == true, "message: \(error?.message ?? "-")")
    }

    @Test("keys differing only in case are different keys")
    func keysAreCaseSensitive() throws {
        let value = try JSONParser.parse(#"{"a":1,"A":2}"#)
        #expect(value["a"] == .number(1))
        #expect(value["A"] == .number(2))
    }

    // MARK: Escapes

    static let escapes: [Row<String, String>] = [
        Row(#"an escaped quote reads as a quote"#, #""say \"ouch\"""#, "say \"ouch\""),
        Row(#"an escaped backslash reads as one backslash"#, #""a\\b""#, "a\\b"),
        Row(#"an escaped solidus reads as a slash (mg\/dL)"#, #""mg\/dL""#, "mg/dL"),
        Row("the short control escapes read as their characters", #""\b\f\n\r\t""#, "\u{08}\u{0C}\n\r\t"),
        Row(#"\u00B0 reads as the degree sign"#, #""\u00B0C""#, "°C"),
        Row(#"\u00e9 in lower-case hex reads as é"#, #""\u00e9""#, "é"),
        Row(#"\u0000 reads as the NUL character"#, #""a\u0000b""#, "a\u{0}b"),
        Row(#"\u03BC (Greek mu) reads as µ-like μ"#, #""\u03BCmol/L""#, "μmol/L"),
        Row("a surrogate pair reads as one astral character (😀)", #""\ud83d\ude00""#, "😀"),
        Row("a surrogate pair in upper-case hex reads as the G clef 𝄞", #""\uD834\uDD1E""#, "𝄞"),
        Row("escapes may follow plain text and each other", #""T \u2265 38.0\u00B0C""#, "T ≥ 38.0°C"),
        Row("raw UTF-8 outside escapes is kept as typed", "\"38.6 °C – fièvre\"", "38.6 °C – fièvre"),
    ]

    @Test("string escapes decode to the intended characters", arguments: escapes)
    func decodesEscapes(_ row: Row<String, String>) throws {
        #expect(try JSONParser.parse(row.input) == .string(row.expected))
    }

    static let badStrings: [Row<String, String>] = [
        Row("a lone high surrogate is rejected", #""\ud83d""#, "surrogate"),
        Row("a high surrogate followed by text is rejected", #""\ud83dx""#, "surrogate"),
        Row("a high surrogate followed by a non-surrogate escape is rejected", #""\ud83d\u0041""#, "surrogate"),
        Row("a lone low surrogate is rejected", #""\ude00""#, "escape"),
        Row(#"an unknown escape \x is rejected"#, #""\x41""#, "escape"),
        Row(#"a \u escape with two hex digits is rejected"#, "\"\\u12\"  ", "escape"),
        Row(#"a \u escape with a non-hex digit is rejected"#, #""\u12G4""#, "escape"),
        Row("a raw line feed inside a string is rejected", "\"line\nbreak\"", "control character"),
        Row("a raw tab inside a string is rejected", "\"a\tb\"", "control character"),
        Row("a raw control character after an escape is rejected", "\"\\n\u{01}\"", "control character"),
        Row("a string without its closing quote is rejected", #""P-001"#, "unterminated"),
        Row("a string ending in a lone backslash is rejected", #""P-001\"#, "end of input"),
    ]

    @Test("malformed strings are rejected", arguments: badStrings)
    func rejectsBadStrings(_ row: Row<String, String>) {
        let error = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(row.input) }
        #expect(error?.message.contains(row.expected) == true, "message: \(error?.message ?? "-")")
    }

    // MARK: Numbers

    static let invalidNumbers: [Row<String, String>] = [
        Row("a leading zero (SBP 084) is not a JSON number", "084", "084"),
        Row("a trailing decimal point (38.) is not a JSON number", "38.", "38."),
        Row("a missing leading zero (.5) is not a JSON number", ".5", ".5"),
        Row("a lone minus sign is not a number", "-", "-"),
        Row("a plus sign is not allowed before a number", "+1", "+1"),
        Row("a double minus is not a number", "--1", "--1"),
        Row("an exponent without digits is not a number", "1e", "1e"),
        Row("an exponent with a sign but no digits is not a number", "1e+", "1e+"),
        Row("hexadecimal is not a JSON number", "0x10", "0x10"),
        Row("NaN is not a JSON number", "NaN", "NaN"),
        Row("Infinity is not a JSON number", "Infinity", "Infinity"),
        Row("-Infinity is not a JSON number", "-Infinity", "-Infinity"),
        Row("a number too large for a double (1e400) is rejected, not read as infinity", "1e400", "1e400"),
        Row("a negative number too large for a double is rejected", "-1e400", "-1e400"),
        Row("two decimal points are not a number", "1.2.3", "1.2.3"),
        Row("a decimal comma is not a number inside an array", "[38,6.]", "[38,6.]"),
        Row("a number with a unit glued on is not a number", "38C", "38C"),
    ]

    @Test("invalid numbers are rejected", arguments: invalidNumbers)
    func rejectsInvalidNumbers(_ row: Row<String, String>) {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(row.input) }
    }

    @Test("the largest and smallest finite doubles still read")
    func readsExtremeFiniteNumbers() throws {
        #expect(try JSONParser.parse("1.7976931348623157e308") == .number(.greatestFiniteMagnitude))
        #expect(try JSONParser.parse("5e-324") == .number(.leastNonzeroMagnitude))
    }

    // MARK: Structure and trailing text

    static let malformed: [Row<String, String>] = [
        Row("an empty line is not a value", "", "end of input"),
        Row("a line of whitespace is not a value", " \t ", "end of input"),
        Row("a second value after the first is rejected", "1 2", "after the value"),
        Row("two objects on one line are rejected", "{} {}", "after the value"),
        Row("text after an object is rejected", #"{"a":1}x"#, "after the value"),
        Row("an extra closing bracket is rejected", "[1]]", "after the value"),
        Row("text glued to a literal is rejected", "truex", "after the value"),
        Row("a truncated literal is rejected", "nul", "end of input"),
        Row("a misspelt literal is rejected", "ture", "unexpected character"),
        Row("a capitalised literal is rejected", "True", "unexpected character"),
        Row("a trailing comma in an array is rejected", "[1,]", "unexpected character"),
        Row("a trailing comma in an object is rejected", #"{"a":1,}"#, "key"),
        Row("a missing comma between elements is rejected", "[1 2]", "','"),
        Row("a missing colon is rejected", #"{"a" 1}"#, "':'"),
        Row("an unquoted key is rejected", "{a:1}", "key"),
        Row("a single-quoted key is rejected", "{'a':1}", "key"),
        Row("a non-string key is rejected", "{1:1}", "key"),
        Row("an unclosed object is rejected", #"{"a":1"#, "end of input"),
        Row("an unclosed array is rejected", "[1,2", "end of input"),
        Row("a key without a value is rejected", #"{"a":}"#, "unexpected character"),
        Row("a comment is rejected", "{} // ok", "after the value"),
    ]

    @Test("malformed structure and trailing text are rejected", arguments: malformed)
    func rejectsMalformed(_ row: Row<String, String>) {
        let error = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(row.input) }
        #expect(error?.message.contains(row.expected) == true, "message: \(error?.message ?? "-")")
    }

    static let errorOffsets: [Row<String, Int>] = [
        Row("the error in '1 2' is reported at byte 2, where the second value starts", "1 2", 2),
        Row("the error in '[1,]' is reported at byte 3, the stray ']'", "[1,]", 3),
        Row(#"the error in '{"a":1,}' is reported at byte 7, where a key was expected"#, #"{"a":1,}"#, 7),
        Row("the error in an unterminated string is reported at its end", #"["abc"#, 5),
    ]

    @Test("a syntax error reports the byte offset where reading stopped", arguments: errorOffsets)
    func reportsOffset(_ row: Row<String, Int>) {
        let error = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(row.input) }
        #expect(error?.offset == row.expected)
        #expect(error?.description.contains("byte \(row.expected)") == true)
    }

    // MARK: Nesting

    static func nested(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    @Test("nesting as deep as any assessment needs (64 levels) reads")
    func readsReasonableNesting() throws {
        var value = try JSONParser.parse(Self.nested(64))
        var depth = 0
        while case .array(let elements) = value {
            depth += 1
            guard let first = elements.first else { break }
            value = first
        }
        #expect(depth == 64)
    }

    @Test("pathological nesting is rejected with a message instead of exhausting the stack",
          arguments: [65, 1_000, 100_000])
    func rejectsDeepNesting(_ depth: Int) {
        let error = #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(Self.nested(depth)) }
        #expect(error?.message.contains("nesting") == true)
    }

    @Test("deep nesting of objects is limited like arrays")
    func rejectsDeepObjectNesting() {
        let text = String(repeating: #"{"a":"#, count: 200) + "1" + String(repeating: "}", count: 200)
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(text) }
    }
}
