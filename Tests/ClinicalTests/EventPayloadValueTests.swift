import Clinical
import Foundation
import Testing

/// A payload held as its canonical text (`EventPayloadValue(canonicalText:)`, `record`'s grades) is
/// the payload a tree would be: the tree read back is the canonical tree, the text is the one a
/// store hashes for that tree, and equality is the trees'. A grades payload written as text
/// (`EventPayload.gradesCanonicalText`) is the canonical text of the payload built as a tree.
@Suite struct EventPayloadValueTests {
    /// A results array as a grades payload holds it: objects with nested lists, texts that JSON
    /// must escape, whole and fractional numbers, null.
    static let results: JSONValue = .array([
        .object([("criteria", .string("astct-crs")), ("grade", .number(2)), ("hash", .string("ab12")),
                 ("reasons", .array([.string("fever \u{2265} 38.0 \u{00B0}C"), .string("hypotension \"on\" fluids\n")])),
                 ("term", .string("CRS")), ("version", .string("2019"))]),
        .object([("atLeast", .number(1)), ("criteria", .string("hscore")), ("grade", .null), ("missing", .array([.string("ferritin")])),
                 ("probability", .number(0.125)), ("version", .string("1"))]),
    ])

    static func treeForm(observation: String, seq: Int64, warnings: [String]) -> JSONValue {
        var payload = EventPayload.grades(observation: observation, observationSeq: seq, results: results.arrayValue)
        if case .object(var members) = payload, !warnings.isEmpty {
            members.append(("warnings", .array(warnings.map { .string($0) })))
            payload = .object(members)
        }
        return payload
    }

    @Test(arguments: [[], ["temperature 42.5 °C is outside 25–45"], ["a \"quoted\"\twarning", "tab\\slash", "\u{0001}control"]])
    func aGradesPayloadWrittenAsTextIsTheCanonicalTextOfItsTree(warnings: [String]) throws {
        for (observation, seq) in [("0f9e-id", Int64(2)), ("id \"with\" quotes", Int64(123_456_789_012))] {
            let text = EventPayload.gradesCanonicalText(observation: observation, observationSeq: seq,
                                                        resultsText: Array(Self.results.canonicalText.utf8), warnings: warnings)
            let tree = Self.treeForm(observation: observation, seq: seq, warnings: warnings)
            #expect(text == tree.canonicalText)
            #expect(try JSONParser.parse(text) == tree.canonical)
        }
    }

    @Test func aPayloadHeldAsTextReadsBackAsTheCanonicalTree() throws {
        let tree = Self.treeForm(observation: "obs", seq: 41, warnings: ["w"])
        let held = EventPayloadValue(canonicalText: tree.canonicalText)
        #expect(held.tree == tree.canonical)
        #expect(held.canonicalText == tree.canonicalText)
        // A store hashes and keeps the text as it is, and the payload stays held as text.
        #expect(held.canonicalWithText.text == tree.canonicalText)
        #expect(held.canonicalWithText.payload.canonicalText == tree.canonicalText)
        // A tree is made canonical, and its text written, for the store.
        let asTree = EventPayloadValue(tree).canonicalWithText
        #expect(asTree.text == tree.canonicalText)
        #expect(asTree.payload.tree == tree.canonical)
        #expect(EventPayloadValue(tree).canonicalText == nil)
    }

    @Test func equalityIsTheTrees() {
        let tree = Self.treeForm(observation: "obs", seq: 41, warnings: [])
        let text = EventPayloadValue(canonicalText: tree.canonicalText)
        #expect(text == EventPayloadValue(tree.canonical))
        #expect(EventPayloadValue(tree.canonical) == text)
        #expect(text == EventPayloadValue(canonicalText: tree.canonicalText))
        let other = Self.treeForm(observation: "obs", seq: 42, warnings: [])
        #expect(text != EventPayloadValue(canonicalText: other.canonicalText))
        #expect(text != EventPayloadValue(other.canonical))
        // A draft and an event compare their payloads the same way.
        let draft = EventDraft(kind: .grades, patient: "P1", clinicalTime: nil, payloadValue: text)
        #expect(draft == EventDraft(kind: .grades, patient: "P1", clinicalTime: nil, payload: tree.canonical))
        #expect(draft != EventDraft(kind: .grades, patient: "P1", clinicalTime: nil, payload: other.canonical))
    }

    @Test func theTreeIsReadOnceWhicheverThreadAsksFirst() {
        let tree = Self.treeForm(observation: "obs", seq: 7, warnings: ["w"])
        let held = EventPayloadValue(canonicalText: tree.canonicalText)
        let answers = Answers(count: 64)
        DispatchQueue.concurrentPerform(iterations: 64) { index in answers.set(index, held.tree) }
        #expect(answers.all.allSatisfy { $0 == tree.canonical })
    }

    @Test func settingATreeReplacesTheText() {
        var draft = EventDraft(kind: .grades, patient: "P1", clinicalTime: nil,
                               payloadValue: EventPayloadValue(canonicalText: Self.treeForm(observation: "obs", seq: 7, warnings: []).canonicalText))
        draft.payload = .object([("text", .string("replaced"))])
        #expect(draft.payloadValue.canonicalText == nil)
        #expect(draft.payload == .object([("text", .string("replaced"))]))
    }
}

/// Values set from several threads, read after they have all finished.
private final class Answers: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [JSONValue?]

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: JSONValue) { lock.withLock { values[index] = value } }

    var all: [JSONValue?] { lock.withLock { values } }
}

private extension JSONValue {
    var arrayValue: [JSONValue] {
        if case .array(let elements) = self { return elements }
        return []
    }
}
