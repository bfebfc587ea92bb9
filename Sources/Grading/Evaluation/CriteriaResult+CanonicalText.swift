import Clinical

extension CriteriaResult {
    /// Appends ``json``'s canonical text (`JSONValue.canonicalText`: keys in UTF-8 order at every
    /// depth, no whitespace), as the log keeps a grades event's results: written from the fields
    /// for a grade, a criteria set or a score, whose values are whole numbers, texts, lists of
    /// texts and a score's probability band (fractions, written as `JSONValue.format` writes them:
    /// the shortest text that reads back to the same number, so the text of the tree read from
    /// the batch output is the same).
    ///
    /// Why not `json.canonicalText`: each result made as a tree, sorted, written and freed was
    /// about 8 % of `record`'s CPU, and the tree made from the fields in canonical order still 3 %
    /// (`perf`; README, "Tests and benchmarks", `postgres-append.sh`). `CanonicalResultTests`
    /// holds the two texts equal on the golden panels and on random patients.
    package func writeCanonical(into bytes: inout [UInt8]) {
        // The members in canonical order, the keys' UTF-8 order (`JSONValue.keyPrecedes`).
        switch value {
        case .grade(let outcome):
            var members = CanonicalMembers(into: &bytes)
            if let atLeast = outcome.atLeast { members.integer("atLeast", atLeast, into: &bytes) }
            members.text("criteria", criteria, into: &bytes)
            if let grade = outcome.grade { members.integer("grade", grade, into: &bytes) } else { members.null("grade", into: &bytes) }
            members.text("hash", hash, into: &bytes)
            if !outcome.interpretations.isEmpty { members.texts("interpretations", outcome.interpretations, into: &bytes) }
            if outcome.grade == nil { members.texts("missing", outcome.missing.lazy.map(\.text), into: &bytes) }
            if !outcome.reasons.isEmpty { members.texts("reasons", outcome.reasons, into: &bytes) }
            writeTermAndVersion(&members, into: &bytes)
        case .criteriaSet(let outcome):
            var members = CanonicalMembers(into: &bytes)
            members.integer("count", outcome.count, into: &bytes)
            members.text("criteria", criteria, into: &bytes)
            members.texts("criteriaMet", outcome.criteriaMet, into: &bytes)
            members.texts("criteriaNotMet", outcome.criteriaNotMet, into: &bytes)
            members.texts("criteriaUnknown", outcome.criteriaUnknown, into: &bytes)
            members.text("hash", hash, into: &bytes)
            if !outcome.interpretations.isEmpty { members.texts("interpretations", outcome.interpretations, into: &bytes) }
            if outcome.decides {
                if let met = outcome.met { members.bool("met", met, into: &bytes) } else { members.null("met", into: &bytes) }
            }
            if !outcome.missing.isEmpty || (outcome.decides && outcome.met == nil) {
                members.texts("missing", outcome.missing.lazy.map(\.text), into: &bytes)
            }
            members.integer("of", outcome.of, into: &bytes)
            writeTermAndVersion(&members, into: &bytes)
        case .score(let outcome):
            var members = CanonicalMembers(into: &bytes)
            members.text("criteria", criteria, into: &bytes)
            if let cutoff = outcome.cutoff {
                members.integer("cutoff", cutoff, into: &bytes)
            }
            members.text("hash", hash, into: &bytes)
            if outcome.cutoff != nil {
                if let meets = outcome.meetsCutoff { members.bool("meetsCutoff", meets, into: &bytes) } else { members.null("meetsCutoff", into: &bytes) }
            }
            if outcome.score == nil { members.texts("missing", outcome.missing.lazy.map(\.text), into: &bytes) }
            members.points(outcome.points, into: &bytes)
            if let band = outcome.probability { members.range("probability", low: band.low, high: band.high, into: &bytes) }
            if let score = outcome.score { members.integer("score", score, into: &bytes) } else { members.null("score", into: &bytes) }
            if outcome.score == nil {
                members.range("scoreRange", low: Double(outcome.low), high: Double(outcome.high), into: &bytes)
            }
            writeTermAndVersion(&members, into: &bytes)
        }
    }

    /// The members every grade and criteria set ends with, and the object's end.
    private func writeTermAndVersion(_ members: inout CanonicalMembers, into bytes: inout [UInt8]) {
        if let term { members.text("term", term, into: &bytes) }
        members.text("version", version, into: &bytes)
        bytes.append(UInt8(ascii: "}"))
    }

    /// The canonical text of `results` as a JSON array (a grades payload's `results`).
    package static func canonicalText(of results: [CriteriaResult]) -> [UInt8] {
        var bytes: [UInt8] = []
        // About 3 KB for a full panel's results: room made once.
        bytes.reserveCapacity(4096)
        bytes.append(UInt8(ascii: "["))
        for (index, result) in results.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            result.writeCanonical(into: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
        return bytes
    }
}

/// An object's members written one after another, each key given in canonical order by the
/// caller (`{` when made, `,` between members; the caller writes the closing `}`).
private struct CanonicalMembers {
    private var first = true

    init(into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
    }

    private mutating func key(_ key: StaticString, into bytes: inout [UInt8]) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func integer(_ name: StaticString, _ value: Int, into bytes: inout [UInt8]) {
        key(name, into: &bytes)
        // As `JSONValue.format` writes a whole number below 1e16.
        OutputBytes.whole(Int64(value), into: &bytes)
    }

    mutating func text(_ name: StaticString, _ value: String, into bytes: inout [UInt8]) {
        key(name, into: &bytes)
        JSONValue.writeString(value, into: &bytes)
    }

    mutating func texts(_ name: StaticString, _ values: some Sequence<String>, into bytes: inout [UInt8]) {
        key(name, into: &bytes)
        JSONValue.writeStrings(values, into: &bytes)
    }

    mutating func bool(_ name: StaticString, _ value: Bool, into bytes: inout [UInt8]) {
        key(name, into: &bytes)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    mutating func null(_ name: StaticString, into bytes: inout [UInt8]) {
        key(name, into: &bytes)
        bytes.append(contentsOf: "null".utf8)
    }

    /// `{"high":…,"low":…}`: a score's range or probability band, its keys in canonical order.
    mutating func range(_ name: StaticString, low: Double, high: Double, into bytes: inout [UInt8]) {
        key(name, into: &bytes)
        bytes.append(contentsOf: "{\"high\":".utf8)
        bytes.append(contentsOf: JSONValue.format(high).utf8)
        bytes.append(contentsOf: ",\"low\":".utf8)
        bytes.append(contentsOf: JSONValue.format(low).utf8)
        bytes.append(UInt8(ascii: "}"))
    }

    /// A score's points by item, the items in canonical key order (a stable sort, as
    /// `JSONValue.canonical` sorts an object's members).
    mutating func points(_ points: [(item: String, points: Int)], into bytes: inout [UInt8]) {
        key("points", into: &bytes)
        bytes.append(UInt8(ascii: "{"))
        let sorted = points.enumerated().sorted { a, b in
            JSONValue.keyPrecedes(a.element.item, b.element.item)
                || (!JSONValue.keyPrecedes(b.element.item, a.element.item) && a.offset < b.offset)
        }
        for (index, entry) in sorted.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONValue.writeString(entry.element.item, into: &bytes)
            bytes.append(UInt8(ascii: ":"))
            OutputBytes.whole(Int64(entry.element.points), into: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
    }
}
