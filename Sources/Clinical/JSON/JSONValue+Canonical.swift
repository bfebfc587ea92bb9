extension JSONValue {
    /// The same value with every object's keys sorted (by their UTF-8 bytes), recursively.
    ///
    /// Written compactly, this is the canonical form the event log hashes: it equals Python's
    /// `json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)` for the values
    /// aegrade writes (whole numbers without a fraction, other numbers in their shortest form), so
    /// a monitor can re-verify an export with a short script of their own (README, "The log").
    package var canonical: JSONValue {
        switch self {
        case .array(let elements): return .array(elements.map(\.canonical))
        case .object(let members):
            return .object(members.map { ($0.0, $0.1.canonical) }.sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) })
        default: return self
        }
    }

    /// The canonical text: sorted keys, no whitespace.
    package var canonicalText: String { canonical.compactText }
}
