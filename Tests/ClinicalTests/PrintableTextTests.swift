import Testing
@testable import Clinical

/// Hostile strings seen in ids, reasons and rejected values, and what each output must make of them.
struct PrintableTextTests {
    @Test("control characters are escaped, printable text is unchanged", arguments: [
        ("BED-03", "BED-03"),
        ("王伟 床03", "王伟 床03"),
        ("\u{1B}[2J\u{1B}[HALL STABLE", "\\u{1B}[2J\\u{1B}[HALL STABLE"),
        ("A\nB\rC\tD", "A\\nB\\rC\\tD"),
        ("A\u{0}B", "A\\u{0}B"),
        ("x\u{7F}\u{9B}y", "x\\u{7F}\\u{9B}y"),
        ("abc\u{202E}fed", "abc\\u{202E}fed"),
        ("a\u{2028}b", "a\\u{2028}b"),
    ])
    func escaped(input: String, expected: String) {
        #expect(PrintableText.escaped(input) == expected)
        #expect(PrintableText.hasControlCharacters(input) == (input != expected))
    }

    @Test func aLongValueIsCutWithItsLength() {
        let long = String(repeating: "k", count: 10_000)
        let quoted = PrintableText.quoted(long)
        #expect(quoted == "\"" + String(repeating: "k", count: 80) + "…\" (10000 characters)")
        #expect(PrintableText.quoted("short") == "\"short\"")
        #expect(PrintableText.quoted("\u{1B}]0;x\u{7}") == "\"\\u{1B}]0;x\\u{7}\"")
    }

    @Test("CSV cells: RFC 4180 quoting and formula neutralisation", arguments: [
        ("BED-03", "BED-03"),
        ("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\""),
        ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"), ("\rx", "\"'\rx\""),
        ("a,b", "\"a,b\""), ("line\nbreak", "\"line\nbreak\""),
        ("\u{1B}[2J", "\\u{1B}[2J"),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
    ])
    func csv(input: String, expected: String) {
        #expect(PrintableText.csvField(input) == expected)
    }
}
