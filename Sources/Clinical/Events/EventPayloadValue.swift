import Synchronization

/// An event's payload as the code that made it holds it: a JSON tree, or the payload's canonical
/// text (README, "The log": keys in UTF-8 order, no whitespace), read into a tree the first time
/// the tree is asked for.
///
/// Why the text: `record` writes each grades payload (3 KB of results) straight to the text its
/// hash covers and the log stores (`EventPayload.gradesCanonicalText`). Built as a tree, it was put together
/// member by member, written out and freed again for every assessment, and nothing on `record`'s
/// path reads it back (README, "Tests and benchmarks", `postgres-append.sh`).
package struct EventPayloadValue: Sendable, Equatable {
    private enum Form: Sendable {
        case tree(JSONValue)
        case canonicalText(ParsedOnce)
    }

    /// Canonical text and the tree read from it, once, by whichever thread asks first.
    private final class ParsedOnce: Sendable {
        let text: String
        let tree = Mutex<JSONValue?>(nil)

        init(_ text: String) { self.text = text }
    }

    private var form: Form

    package init(_ tree: JSONValue) {
        form = .tree(tree)
    }

    /// A payload held as `text`, which must be the canonical text of a JSON object (as
    /// ``JSONValue/canonicalText`` writes it): what ``tree`` reads back and what a store hashes.
    package init(canonicalText text: String) {
        form = .canonicalText(ParsedOnce(text))
    }

    /// The payload as a JSON tree (read from its canonical text the first time, when held as text).
    package var tree: JSONValue {
        switch form {
        case .tree(let tree):
            return tree
        case .canonicalText(let held):
            return held.tree.withLock { parsed in
                if let parsed { return parsed }
                // The text was written by aegrade's own canonical writers, which the tests hold
                // equal to `JSONValue.canonicalText` (CanonicalResultTests,
                // GradesPayloadTextTests): a text that does not read back is a defect of those
                // writers, not of any input, and is not carried on as another payload.
                guard let read = try? JSONParser.parse(held.text) else {
                    preconditionFailure("a canonical payload text written by aegrade does not read back as JSON")
                }
                parsed = read
                return read
            }
        }
    }

    /// The canonical text when the payload is held as its text; nil for a tree.
    package var canonicalText: String? {
        if case .canonicalText(let held) = form { return held.text }
        return nil
    }

    /// The payload in canonical form, with the canonical text it is stored and hashed as.
    package var canonicalWithText: (payload: EventPayloadValue, text: String) {
        switch form {
        case .canonicalText(let held):
            return (self, held.text)
        case .tree(let tree):
            let canonical = tree.canonical
            return (EventPayloadValue(canonical), canonical.compactText)
        }
    }

    /// Equal when their trees are: held as text on both sides, when their texts are (the canonical
    /// text of a tree is one text).
    package static func == (lhs: EventPayloadValue, rhs: EventPayloadValue) -> Bool {
        if let a = lhs.canonicalText, let b = rhs.canonicalText { return a == b }
        return lhs.tree == rhs.tree
    }
}
