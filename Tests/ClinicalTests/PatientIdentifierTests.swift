import Testing
@testable import Clinical
import TestSupport

/// Patient ids as they enter: normalised (NFC, trimmed), refused with the field path when they hold
/// a character that does not show, and keyed so that look-alikes meet (UTS #39 skeleton via ICU).
struct PatientIdentifierTests {
    @Test("every class of printable code point is kept, in NFC and trimmed", arguments: [
        ("BED-03", "BED-03"),                          // ASCII
        ("BED-03 ", "BED-03"),                         // trailing space
        ("\u{3000}BED-03\u{A0}", "BED-03"),            // ideographic space, no-break space
        ("Müller-Ñ-03", "Müller-Ñ-03"),                // Latin-1
        ("床位-三号", "床位-三号"),                       // CJK
        ("P-\u{1F600}-1", "P-\u{1F600}-1"),            // astral (emoji)
        ("Ame\u{301}lie", "Am\u{E9}lie"),              // combining mark, composed by NFC
        ("P-\u{FFFD}", "P-\u{FFFD}"),                  // the replacement character
        ("מטופל-3", "מטופל-3"),                        // right-to-left letters (no bidi control)
        ("مريض-4", "مريض-4"),
    ])
    func normalised(typed: String, stored: String) throws {
        let id = try PatientIdentifier(typed, at: "patient.id")
        #expect(id.text == stored)
        #expect(Array(id.text.unicodeScalars) == Array(stored.unicodeScalars), "compared scalar by scalar, not by canonical equivalence")
    }

    @Test("characters that do not show are refused with the field path", arguments: [
        "A\u{0}B",                                     // NUL: once cut the id short in SQLite
        "\u{1B}[2J\u{1B}[HALL STABLE",                 // escape sequence
        "BED-03\nP-001",                               // line break
        "BED\t03",
        "abc\u{202E}fed",                              // bidirectional override
        "BED\u{200B}-03",                              // zero-width space (format)
        "BED-03\u{FFFF}",                              // noncharacter
        "BED-" + String(Unicode.Scalar(0xFDD0)!) + "03",  // noncharacter (Swift refuses it in a literal)
        "BED-\u{E000}",                                // private use
        "",
        "   ",
    ])
    func refused(typed: String) {
        #expect(throws: InputError.self) { try PatientIdentifier(typed, at: "patient.id") }
        do {
            _ = try PatientIdentifier(typed, at: "patient.id")
        } catch {
            #expect(error.field == "patient.id")
            #expect(!PrintableText.hasControlCharacters(error.message), "the message itself is printable: \(error.message)")
        }
    }

    @Test func lookAlikesShareAKeyAndDifferentIdsDoNot() throws {
        func alike(_ a: String, _ b: String) throws -> Bool {
            let keys = Set(try PatientIdentifier(a, at: "id").lookAlikeKeys)
            return try PatientIdentifier(b, at: "id").lookAlikeKeys.contains { keys.contains($0) }
        }
        // Letter case, Cyrillic В and Е, Greek Ε, full-width forms, the letter O for the digit 0
        for other in ["bed-03", "Bed-03", "\u{412}\u{415}D-03", "B\u{395}D-03", "ＢＥＤ－０３", "BED-O3"] {
            #expect(try alike("BED-03", other), "\(other)")
        }
        // A lower-case l for the digit 1 (which upper case alone would hide)
        #expect(try alike("BED-13", "BED-l3"))
        for other in ["BED-04", "BED-30", "BEDS-03", "BED-03A", "床03"] {
            #expect(try !alike("BED-03", other), "\(other)")
        }
    }

    @Test func asciiSkeletonsPutTogetherByCharacterAreICUsSkeletonsOfTheWholeText() {
        // A patient id's look-alike keys are joined from each character's skeleton, asked of
        // ICU once (ASCIISkeletons): the same text ICU gives for the whole id, for every ASCII
        // character (controls too) in ids of every length, in both cases.
        var rng = SplitMix64(seed: 39)
        var joined = 0
        let ids = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
            + (0..<400).map { _ in String(decoding: (0..<Int.random(in: 1...12, using: &rng)).map { _ in UInt8.random(in: 0..<128, using: &rng) }, as: UTF8.self) }
            + ["BED-03", "bed-03", "rn-m1l", "0O0o", "Il1|"]
        for text in ids {
            if let skeleton = ASCIISkeletons.shared.skeleton(of: text) {
                #expect(skeleton == Unicode.transformed(text, .skeleton), "\(PrintableText.escaped(text))")
                joined += 1
            }
            #expect(PatientIdentifier(stored: text).lookAlikeKeys
                    == [Unicode.transformed(text.uppercased(), .skeleton), "as typed:" + Unicode.transformed(text, .skeleton)],
                    "\(PrintableText.escaped(text))")
        }
        // Most ASCII ids are joined, not sent to ICU whole.
        #expect(joined >= 400, "only \(joined) joined")
    }
}

/// Texts that enter the log: one line (ids, user ids) or free text (reasons, notes).
struct TextInputTests {
    @Test func asciiIdsAreTheirOwnNFKCAsICUSays() {
        // lookAlikeKeys skips ICU's NFKC for ASCII ids: every printable ASCII character, alone and
        // in ids, is what ICU's NFKC makes of it
        let printable = (0x20...0x7E).map { String(UnicodeScalar(UInt8($0))) }
        for text in printable + ["BED-03", "p-0O1lI|", "rn m", "ABC~^`'\"", "x\\y"] {
            #expect(Unicode.transformed(text, .nfkc) == text, "\(text)")
            #expect(PatientIdentifier(stored: text).lookAlikeKeys
                    == [Unicode.transformed(Unicode.transformed(text, .nfkc).uppercased(), .skeleton),
                        "as typed:" + Unicode.transformed(Unicode.transformed(text, .nfkc), .skeleton)], "\(text)")
        }
    }

    @Test func aFreeTextMaySpanLinesButHoldsNoOtherControl() throws {
        try TextInput.check("Fever returned.\n\tTocilizumab given at 10:00.", at: "reason", as: .multiLine)
        try TextInput.check("病人发热 🌡 \u{FFFF} \u{FFFD} e\u{301}", at: "reason", as: .multiLine)
        for hostile in ["a\u{0}b", "a\u{1B}[2Jb", "a\rb", "a\u{202E}b", "a\u{85}b", "a\u{2028}b"] {
            do {
                try TextInput.check(hostile, at: "reason", as: .multiLine)
                Issue.record("accepted \(PrintableText.escaped(hostile))")
            } catch {
                #expect(error.field == "reason")
            }
        }
        #expect(throws: InputError.self) { try TextInput.check("a\nb", at: "--user", as: .singleLine) }
    }

    @Test func everyStringOfAJSONValueIsCheckedWithItsPath() throws {
        let data = try JSONParser.parse(#"{"product":"CD19 CAR-T","lots":["A1","B\u0000"],"note":"two\nlines"}"#)
        do {
            try TextInput.check(data, at: "data", as: .multiLine)
            Issue.record("a NUL in data.lots[1] was accepted")
        } catch {
            #expect(error.field == "data.lots[1]")
            #expect(error.message.contains("U+0000 (NUL)"), "\(error.message)")
        }
        try TextInput.check(try JSONParser.parse(#"{"note":"two\nlines"}"#), at: "data", as: .multiLine)
    }
}
