import Clinical
@testable import EventLog
import Foundation
import Testing
import TestSupport

/// The canonical form and hash of an event, pinned by a golden vector (README, "The log"): if the
/// encoding ever drifts, these fail, and every monitor's verification script with them.
@Suite("Canonical form") struct CanonicalFormTests {
    /// A fixed event: non-ASCII text, a quote, a newline, control characters, a backslash, DEL,
    /// U+2028, an emoji, a float (38.6), integers, a negative fraction, keys out of order.
    static let event = RecordedEvent(
        seq: 42, id: "6f1c2a8e-0b7d-4c4e-9a51-3e2d7c9b0f14", kind: .observation, patient: "BED-07 Zhāng Wěi 张伟",
        clinicalTime: "2026-11-22T08:00:00+08:00", recordTime: "2026-11-22T00:00:01.250Z", timeZone: "Asia/Shanghai +08:00",
        author: Author(id: "li.m", role: .nurse), terminal: "ward-3 /dev/pts/1 pid 4242", productVersion: "0.2.0",
        payload: .object([
            ("temperature", .object([("value", .number(38.6)), ("unit", .string("C"))])),
            ("count", .number(3)),
            ("note", .string("fièvre \"38,6\"\nrigors\u{01}\u{1F}\tback\\slash\u{7F}\u{2028} 😷")),
            ("émoi", .null),
            ("Zeta", .bool(true)),
            ("list", .array([.number(1_500_000), .number(-0.5)])),
        ]),
        prevHash: String(repeating: "0123456789abcdef", count: 4),
        hash: "ignored: the hash is never part of what is hashed")

    /// Written out by hand from the definition in `CanonicalEvent.swift`: keys sorted by code point
    /// at every level (`Zeta` before `count`, `émoi` last), no whitespace, only `"`, `\` and
    /// U+0000–U+001F escaped (`\n`, `\t` short, others `\u00XX` lowercase), non-ASCII, DEL and
    /// U+2028 as raw UTF-8, whole numbers without a fraction, `hash` left out.
    static let expectedText = #"{"author":{"id":"li.m","role":"nurse"},"clinicalTime":"2026-11-22T08:00:00+08:00","id":"6f1c2a8e-0b7d-4c4e-9a51-3e2d7c9b0f14","kind":"observation","patient":"BED-07 Zhāng Wěi 张伟","payload":{"Zeta":true,"count":3,"list":[1500000,-0.5],"note":"fièvre \"38,6\"\nrigors\u0001\u001f\tback\\slash\#u{7F}\#u{2028} 😷","temperature":{"unit":"C","value":38.6},"émoi":null},"prevHash":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef","productVersion":"0.2.0","recordTime":"2026-11-22T00:00:01.250Z","seq":42,"terminal":"ward-3 /dev/pts/1 pid 4242","timeZone":"Asia/Shanghai +08:00"}"#

    /// SHA-256 of `expectedText`, computed outside aegrade (Python's hashlib, and `sha256sum` below).
    static let expectedHash = "15b744da94e3e770e223799b1027707b99f34b1dfb9071ba9d59ea7ffd812a8b"

    /// The same event built independently in Python and encoded the way the README tells a monitor to.
    static let python = #"""
    import hashlib, json, sys
    event = {
        "seq": 42, "id": "6f1c2a8e-0b7d-4c4e-9a51-3e2d7c9b0f14", "kind": "observation",
        "patient": "BED-07 Zh\u0101ng W\u011bi \u5f20\u4f1f", "clinicalTime": "2026-11-22T08:00:00+08:00",
        "recordTime": "2026-11-22T00:00:01.250Z", "timeZone": "Asia/Shanghai +08:00",
        "author": {"role": "nurse", "id": "li.m"}, "terminal": "ward-3 /dev/pts/1 pid 4242", "productVersion": "0.2.0",
        "payload": {"temperature": {"value": 38.6, "unit": "C"}, "count": 3,
                    "note": "fi\u00e8vre \"38,6\"\nrigors\x01\x1f\tback\\slash\x7f\u2028 \U0001F637",
                    "\u00e9moi": None, "Zeta": True, "list": [1500000, -0.5]},
        "prevHash": "0123456789abcdef" * 4,
    }
    text = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n" + hashlib.sha256(text.encode("utf-8")).hexdigest().encode() + b"\n")
    """#

    @Test func theCanonicalTextIsExactlyTheHandWrittenOne() {
        // Given the golden event
        // When its canonical text is built
        let text = CanonicalEvent.text(Self.event)
        // Then it is byte for byte the text written out by hand (bytes, not Swift's
        // canonical-equivalence string comparison)
        #expect(Array(text.utf8) == Array(Self.expectedText.utf8), "\(text)")
    }

    @Test func theHashIsTheSHA256OfThatText() throws {
        // Given the golden event
        // When it is hashed both ways the product hashes
        let fromEvent = CanonicalEvent.hash(Self.event)
        let e = Self.event
        let fromFields = CanonicalEvent.hash(CanonicalEvent.Fields(
            seq: e.seq, id: e.id, kind: e.kind.rawValue, patient: e.patient, clinicalTime: e.clinicalTime, recordTime: e.recordTime,
            timeZone: e.timeZone, authorId: e.author.id, authorRole: e.author.role.rawValue, terminal: e.terminal,
            productVersion: e.productVersion, payloadText: e.payload.canonicalText, prevHash: e.prevHash))
        // Then both are the pinned digest, which sha256sum also gives for the hand-written text
        #expect(fromEvent == Self.expectedHash)
        #expect(fromFields == Self.expectedHash)
        let scratch = try Scratch()
        defer { scratch.remove() }
        try Data(Self.expectedText.utf8).write(to: scratch.file("canonical.txt"))
        #expect(try Bytes.sha256(scratch.path("canonical.txt")) == Self.expectedHash)
    }

    @Test func pythonsJSONEncodingGivesTheSameTextAndDigest() throws {
        // Given the same event built in Python
        // When json.dumps(sort_keys, compact, ensure_ascii=False) encodes it
        let output = try Run.tool("python3", ["-c", Self.python])
        try #require(output.status == 0, "\(output.transcript)")
        let lines = output.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Then the text and its SHA-256 are the pinned ones
        try #require(lines.count >= 2)
        #expect(Array(lines[0].utf8) == Array(Self.expectedText.utf8), "\(lines[0])")
        #expect(lines[1] == Self.expectedHash)
    }

    @Test func changingAnyFieldChangesTheHash() {
        // Given the golden event
        // When each field in turn is changed
        var variants: [(String, RecordedEvent)] = []
        func variant(_ name: String, _ change: (inout RecordedEvent) -> Void) {
            var copy = Self.event
            change(&copy)
            variants.append((name, copy))
        }
        variant("seq") { $0.seq = 43 }
        variant("id") { $0.id = "6f1c2a8e-0b7d-4c4e-9a51-3e2d7c9b0f15" }
        variant("kind") { $0.kind = .correction }
        variant("patient") { $0.patient = nil }
        variant("clinicalTime") { $0.clinicalTime = "2026-11-22T08:00:00+08:01" }
        variant("recordTime") { $0.recordTime = "2026-11-22T00:00:01.251Z" }
        variant("timeZone") { $0.timeZone = "Asia/Shanghai +08:01" }
        variant("author id") { $0.author.id = "li.n" }
        variant("author role") { $0.author.role = .physician }
        variant("terminal") { $0.terminal = "ward-3 /dev/pts/2 pid 4242" }
        variant("productVersion") { $0.productVersion = "0.2.1" }
        variant("payload") { $0.payload = .object([("count", .number(4))]) }
        variant("prevHash") { $0.prevHash = String(repeating: "f", count: 64) }
        // Then every change gives another hash (the hash covers every field), while the stored
        // hash field itself is not covered
        for (name, changed) in variants {
            #expect(CanonicalEvent.hash(changed) != Self.expectedHash, "\(name)")
        }
        var rehashed = Self.event
        rehashed.hash = "something else"
        #expect(CanonicalEvent.hash(rehashed) == Self.expectedHash)
    }

    @Test func numbersReadBackByPythonEncodeTheSame() throws {
        // Given numbers as the product writes them in a payload
        let numbers: [Double] = [38.6, 3, -0.5, 0.1, 0.30000000000000004, 1e-7, 0.0001, 1_500_000, 123_456_789_012_345.67,
                                 1e15, 9_007_199_254_740_992, 1e16, 1e21, 2.5e-8, 1.7976931348623157e308, 150e9]
        let texts = numbers.map { JSONValue.number($0).compactText }
        // When Python parses each and dumps it again (what a monitor's verifier does)
        let script = "import json,sys\nfor line in sys.stdin.read().split():\n    print(json.dumps(json.loads(line)))"
        let output = try Run.tool("python3", ["-c", script], stdin: texts.joined(separator: "\n"))
        try #require(output.status == 0, "\(output.transcript)")
        // Then it gets the same text back, so the export's hashes recompute
        #expect(output.lines == texts)
    }

    @Test func wholeNumbersBetweenTwoToThe53AndTenToThe16ReadBackAsPythonWritesThem() throws {
        // Whole numbers print as integers below 1e16, as Python re-dumps the integers it reads, so
        // an export holding such a number still passes the monitor's script.
        // Given a whole number between 2^53 and 1e16 as the product writes it
        let text = JSONValue.number(9.5e15).compactText
        #expect(text == "9500000000000000")
        // When Python parses it and dumps it again
        let output = try Run.tool("python3", ["-c", "import json,sys; print(json.dumps(json.loads(sys.stdin.read())))"], stdin: text)
        // Then it reads the same
        #expect(output.lines == [text])
    }
}
