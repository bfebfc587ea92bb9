extension JSONValue {
    /// The same value with every object's keys sorted (by their UTF-8 bytes), recursively.
    ///
    /// Written compactly, this is the canonical form the event log hashes: it equals Python's
    /// `json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)` for the values
    /// aegrade writes (whole numbers without a fraction, other numbers in their shortest form), so
    /// a monitor can re-verify an export with a short script of their own (README, "The log").
    ///
    /// A value already canonical (the payloads aegrade builds mostly are) is returned as it is,
    /// after one pass that allocates nothing: `record` made every payload again, and compared keys
    /// through arrays of their bytes, for 18 % of its instructions per assessment (callgrind).
    package var canonical: JSONValue {
        isCanonical ? self : sortedKeys
    }

    private var sortedKeys: JSONValue {
        switch self {
        case .array(let elements): return .array(elements.map(\.canonical))
        case .object(let members):
            return .object(members.map { ($0.0, $0.1.canonical) }.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) })
        default: return self
        }
    }

    /// Whether every object's keys, at every depth, are in the order ``canonical`` sorts them to
    /// (equal keys keep their order, as that sort is stable).
    var isCanonical: Bool {
        switch self {
        case .array(let elements): return elements.allSatisfy(\.isCanonical)
        case .object(let members):
            for index in members.indices {
                guard members[index].1.isCanonical else { return false }
                if index > 0, members[index].0.utf8.lexicographicallyPrecedes(members[index - 1].0.utf8) { return false }
            }
            return true
        default: return true
        }
    }

    /// The canonical text: sorted keys, no whitespace.
    package var canonicalText: String { canonical.compactText }
}
